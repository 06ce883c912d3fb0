// Billing dates as the page shows them: "Jul 5, 2026", in UTC like the server's billing periods.

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
