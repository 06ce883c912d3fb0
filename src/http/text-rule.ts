// The one rule for the text in every request: Postgres text and jsonb cannot hold a NUL character or half of a
// UTF-16 surrogate pair, so a path id, query or body string (or object key) with either is refused up front.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BillingError } from '../domain/errors.ts';

const unpairedSurrogate = /\p{Cs}/u;

/** Whether Postgres can hold the text (the caller's identification checks a path's workspace ref with it). */
export function isStorable(text: string): boolean {
  return !text.includes('\u0000') && !unpairedSurrogate.test(text);
}

interface Unstorable {
  /** Dotted path of the string, or of the object whose key it is; '' for the value itself. */
  path: string;
  inKey: boolean;
}

/** The first string in `value` Postgres cannot store, walked without recursion (bodies can be deep). */
export function findUnstorableText(value: unknown): Unstorable | null {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (!isStorable(item)) return { path, inKey: false };
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (!isStorable(key)) return { path, inKey: true };
        pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

const cannotHold = (what: string) => `${what} cannot contain NUL characters or unpaired UTF-16 surrogates`;

function refusal(request: FastifyRequest): BillingError | null {
  // A malformed id names nothing: the same 404 as an id that matches nothing.
  if (findUnstorableText(request.params)) {
    return new BillingError('not_found', `Nothing is at ${request.url.split('?')[0]}.`);
  }
  for (const [location, value] of [
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const found = findUnstorableText(value);
    if (!found) continue;
    const param = found.path || location;
    const where = found.path ? `${location === 'body' ? '' : `${location} `}field "${found.path}"` : location;
    const message = `Invalid ${where}: ${cannotHold(found.inKey ? 'a key' : 'text')}.`;
    return new BillingError('invalid_request', message, { param });
  }
  return null;
}

/** Applies the rule to every route, /v1 or not (hosted invoices, the sandbox, /api/auth), before validation. */
export function registerTextRule(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const error = refusal(request);
    if (error) throw error;
  });
}
