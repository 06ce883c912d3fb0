// How the page confirms a change and tells a failure: one toast style for every section (plan, seats, cards,
// billing details, credits, roles, keys…), so each change says it happened and each failure says what went wrong in
// words, naming the field the server named.
import { notifications } from '@mantine/notifications';
import { ApiError, ConnectionLostError } from '../api.ts';

/** A change went through: a short title ("Seats updated") and, where it helps, what it means now. */
export function confirmChange(title: string, message?: string) {
  showFor(6000, { color: 'teal', title, message: message ?? '' });
}

/** A change did not go through; the message says why (see `errorInWords`). */
export function reportFailure(title: string, error: unknown) {
  showFor(10000, { color: 'red', title, message: errorInWords(error) });
}

/**
 * Shows a message for a fixed time. Mantine's own timer stops while the pointer is over the message, so one that
 * appears under a resting pointer would stay, covering what is beneath it; this one goes on time (or when dismissed).
 */
function showFor(milliseconds: number, message: { color: string; title: string; message: string }) {
  const id = notifications.show({ ...message, withBorder: true, autoClose: false });
  window.setTimeout(() => notifications.hide(id), milliseconds);
}

/**
 * What to tell a person about a failed call. The server's messages are already sentences naming the field; a lost
 * connection says so, and anything else (a bug, a proxy's page) says to try again rather than show a stack or "Failed
 * to fetch". `charged` says what a lost answer means for money, for the calls that charge a card.
 */
export function errorInWords(error: unknown, options: { charged?: boolean } = {}): string {
  if (error instanceof ConnectionLostError) {
    return options.charged
      ? `${error.message} Sending it again is safe: it is the same request, so it is charged at most once.`
      : error.message;
  }
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong on this page. Reload it and try again.';
}
