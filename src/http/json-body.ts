// Reads JSON request bodies with Fastify's own parser (prototype poisoning refused), after refusing nesting
// deeper than any billing request needs: code that recurses (serializers, validators) would overflow the stack.
import type { FastifyInstance } from 'fastify';
import { BillingError } from '../domain/errors.ts';

/** Levels of objects and arrays a body may nest; the deepest route body (an invoice and its lines) needs 3. */
export const maxBodyDepth = 32;

const quote = 0x22;
const backslash = 0x5c;
const opening = new Set([0x5b, 0x7b]); // [ {
const closing = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether the JSON text nests objects and arrays deeper than `limit`; brackets inside strings do not count.
 * Read from the text, before parsing, so a megabyte of "[" costs one pass and builds nothing.
 */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === backslash) i++;
      else if (char === quote) inString = false;
    } else if (char === quote) {
      inString = true;
    } else if (opening.has(char)) {
      depth++;
      if (depth > limit) return true;
    } else if (closing.has(char)) {
      depth--;
    }
  }
  return false;
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser<string>('application/json', { parseAs: 'string' }, (request, text, done) => {
    if (nestsDeeperThan(text, maxBodyDepth)) {
      const message = `Invalid body: JSON nested more than ${maxBodyDepth} levels deep.`;
      return done(new BillingError('invalid_request', message, { param: 'body' }), undefined);
    }
    parseJson(request, text, done);
  });
}
