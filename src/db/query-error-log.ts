// A failed query is logged without the values it carried (legal names, emails, addresses): the error keeps
// them (PGlite's `params`, Postgres echoing a value in its message or `detail`), so the log's serializer cuts them.
import type { LogEvent } from 'kysely';
import pino from 'pino';

const queryValues = Symbol('values of the failed query');

/** Kysely's `log`: notes the failed query's values on its error, for whatever logs the error later. */
export function rememberFailedQueryValues(event: LogEvent): void {
  if (event.level !== 'error' || typeof event.error !== 'object' || event.error === null) return;
  Object.defineProperty(event.error, queryValues, { value: event.query.parameters });
}

/** Values this short ("usd", "1") would blank out ordinary words of the message and leak nothing. */
const shortestRedacted = 3;

/** The log's `err` serializer: pino's own, minus the query's values wherever the error repeats them. */
export function serializeErrorWithoutQueryValues(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const carried = error as { [queryValues]?: readonly unknown[]; params?: unknown };
  const values = [...(carried[queryValues] ?? []), ...(Array.isArray(carried.params) ? carried.params : [])]
    .flat()
    .filter((value): value is string => typeof value === 'string' && value.length >= shortestRedacted);
  // `detail` holds row values ("Failing row contains (…)", "Key (email)=(…)") beyond the query's own.
  const { params: _params, queryOptions: _options, detail: _detail, ...rest } = serialized as Record<string, unknown>;
  for (const [key, field] of Object.entries(rest)) {
    if (typeof field === 'string')
      rest[key] = values.reduce((text, value) => text.replaceAll(value, '[redacted]'), field);
  }
  return rest;
}
