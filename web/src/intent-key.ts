// One Idempotency-Key per intent: the same request sent again (a retry after a lost answer, a 503 while the first
// charge is still pending, a 409 while it runs) carries the key of the first try, so the server resumes or
// replays it and charges once. An answer that settles the request (2xx, or a 4xx other than "still running")
// ends the intent; a different request (another pack, another plan) is another intent with a new key.
import { useRef } from 'react';
import { ApiError, api } from './api.ts';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface IntentSender {
  send<T>(method: Method, path: string, body?: unknown): Promise<T>;
  /** Forgets the pending intent (the dialog was closed): the next request is a new one. */
  forget(): void;
}

/** Whether the server settled the request, so that sending it again would be a new intent. */
export function settlesIntent(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false; // no answer reached the page: the request may have run
  if (error.status >= 500) return false; // the server keeps a key whose run committed, and resumes it
  return !(error.status === 409 && error.code === 'idempotency_key_in_progress');
}

export function useIntentKey(): IntentSender {
  const pending = useRef<{ request: string; key: string } | null>(null);

  async function send<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const request = `${method} ${path} ${JSON.stringify(body ?? null)}`;
    if (pending.current?.request !== request) pending.current = { request, key: crypto.randomUUID() };
    const { key } = pending.current;
    try {
      const result = await api<T>(method, path, body, { idempotencyKey: key });
      if (pending.current?.key === key) pending.current = null;
      return result;
    } catch (error) {
      if (settlesIntent(error) && pending.current?.key === key) pending.current = null;
      throw error;
    }
  }

  return {
    send,
    forget() {
      pending.current = null;
    },
  };
}
