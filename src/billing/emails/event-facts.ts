// Reads what an email needs from an event's payload, whichever shape it has: the resource as the API shows it
// (`{object, previous?}`) or the flat fields events carried before. Anything missing is read from the database.
import type { PublishedEvent } from '../events/event-subscriber.ts';

type Fields = Record<string, unknown>;

function asFields(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

/** The event's resource: `data.object` when present, else `data` itself. */
export function objectOf(event: PublishedEvent): Fields {
  const data = asFields(event.data) ?? {};
  return asFields(data.object) ?? data;
}

/** The changed fields' old values, when the payload names them. */
export function previousOf(event: PublishedEvent): Fields | null {
  return asFields(asFields(event.data)?.previous);
}

/** A field of the payload: on the resource first, then at the top of `data`. */
export function fieldOf(event: PublishedEvent, name: string): unknown {
  const object = objectOf(event);
  if (name in object) return object[name];
  return asFields(event.data)?.[name];
}

export function stringOf(event: PublishedEvent, name: string): string | null {
  const value = fieldOf(event, name);
  return typeof value === 'string' ? value : null;
}

export function numberOf(event: PublishedEvent, name: string): number | null {
  const value = fieldOf(event, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The id of the resource of the given prefix the event is about (`inv_…`, `sub_…`), wherever the payload has it. */
export function idOf(event: PublishedEvent, prefix: 'inv' | 'sub'): string | null {
  const names = prefix === 'inv' ? ['id', 'invoiceId'] : ['id', 'subscriptionId'];
  for (const name of names) {
    const value = fieldOf(event, name);
    if (typeof value === 'string' && value.startsWith(`${prefix}_`)) return value;
  }
  return null;
}

/** Why a charge failed, when the payload says: `failure.message`, or the invoice view's `payment.failureMessage`. */
export function failureMessageOf(event: PublishedEvent): string | null {
  const failure = asFields(fieldOf(event, 'failure'));
  if (typeof failure?.message === 'string') return failure.message;
  const payment = asFields(fieldOf(event, 'payment'));
  return typeof payment?.failureMessage === 'string' ? payment.failureMessage : null;
}
