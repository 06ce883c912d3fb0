// The `previous` of an event: the old values of the top-level fields a change touched, compared as the JSON the
// event is sent as (so two equal dates are one value).

function changedFields(before: object, after: object): Record<string, unknown> | undefined {
  const previous: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) previous[key] = old[key] ?? null;
  }
  return Object.keys(previous).length > 0 ? previous : undefined;
}

/** An event's data: the object, and `previous` only when something changed. */
export function eventDataOf(object: object, before?: object): { object: unknown; previous?: Record<string, unknown> } {
  const previous = before ? changedFields(before, object) : undefined;
  return previous ? { object, previous } : { object };
}
