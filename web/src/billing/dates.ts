// Billing dates as the page shows them: "Jul 5, 2026", in UTC like the server's billing periods.

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A day of a chart: "Jul 5", from a date ("2026-07-05") or an instant. */
export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}
