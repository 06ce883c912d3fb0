// Moments of the activity and delivery logs: "5 min ago" / "in 2 hr" beside the exact local time, since these
// are acts of people and machines (billing dates stay in UTC, see ../dates.ts).

const exactFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
const minuteFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const shortFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const relativeFormat = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto', style: 'short' });

/** "Jul 5, 2026, 2:03:09 PM" in the viewer's time zone. */
export function formatMoment(iso: string): string {
  return exactFormat.format(new Date(iso));
}

/** "Jul 5, 2026, 2:03 PM" in the viewer's time zone. */
export function formatMinute(iso: string): string {
  return minuteFormat.format(new Date(iso));
}

/** Within a week of now, either way: worth saying as "5 min. ago". */
export function isRecent(iso: string, now: number = Date.now()): boolean {
  return Math.abs(Date.parse(iso) - now) < 7 * 86_400_000;
}

/** "Jul 5, 2:03 PM" in the viewer's time zone. */
export function formatShortMoment(iso: string): string {
  return shortFormat.format(new Date(iso));
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "just now", "5 min. ago", "in 2 hr.", "yesterday"; beyond a week, the moment itself. */
export function relativeMoment(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const size = Math.abs(seconds);
  if (size < 45) return seconds <= 0 ? 'just now' : 'in a few seconds';
  if (!isRecent(iso, now)) return formatMinute(iso);
  for (const [unit, length] of units) {
    if (size >= length) return relativeFormat.format(Math.round(seconds / length), unit);
  }
  return relativeFormat.format(Math.round(seconds / 60), 'minute');
}
