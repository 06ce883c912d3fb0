// Reads what an email needs from an event's payload, `{object, previous?}` (src/billing/events/record-event.ts):
// the resource as the API showed it and the changed fields' old values. Anything more is read from the database.
import type { PublishedEvent } from '../events/event-subscriber.ts';

type Fields = Record<string, unknown>;

function asFields(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

/** The event's resource, `data.object` (as stored: dates are ISO strings). */
export function objectOf(event: PublishedEvent): Fields {
  return asFields(asFields(event.data)?.object) ?? {};
}

/** The changed fields' old values, `data.previous`, when the event has them. */
export function previousOf(event: PublishedEvent): Fields | null {
  return asFields(asFields(event.data)?.previous);
}

export function stringOf(event: PublishedEvent, name: string): string | null {
  const value = objectOf(event)[name];
  return typeof value === 'string' ? value : null;
}

export function numberOf(event: PublishedEvent, name: string): number | null {
  const value = objectOf(event)[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The id of the resource the event is about, when it is one of this prefix (`inv_…`, `sub_…`). */
export function idOf(event: PublishedEvent, prefix: 'inv' | 'sub'): string | null {
  const id = stringOf(event, 'id');
  return id?.startsWith(`${prefix}_`) ? id : null;
}

/** Why the invoice's last charge failed, as its view says (`payment.failureMessage`). */
export function failureMessageOf(event: PublishedEvent): string | null {
  const payment = asFields(objectOf(event).payment);
  return typeof payment?.failureMessage === 'string' ? payment.failureMessage : null;
}
