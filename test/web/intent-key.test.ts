// Which answers end an intent (a new request gets a new Idempotency-Key) and which keep its key for the retry.
import { describe, expect, it } from 'vitest';
import { ApiError, ConnectionLostError } from '../../web/src/api.ts';
import { settlesIntent } from '../../web/src/intent-key.ts';

const answer = (status: number, code: string) => new ApiError(status, { type: 'any', code, message: code });

describe('settlesIntent', () => {
  it('keeps the key when no answer came, or the server may still finish the first try', () => {
    expect(settlesIntent(new ConnectionLostError())).toBe(false);
    expect(settlesIntent(answer(503, 'gateway_unavailable'))).toBe(false);
    expect(settlesIntent(answer(500, 'internal'))).toBe(false);
    expect(settlesIntent(answer(409, 'idempotency_key_in_progress'))).toBe(false);
  });

  it('ends the intent on an answer that settles it: a declined card is retried as a new request', () => {
    expect(settlesIntent(answer(402, 'card_declined'))).toBe(true);
    expect(settlesIntent(answer(400, 'invalid_request'))).toBe(true);
    expect(settlesIntent(answer(409, 'idempotency_key_unanswered'))).toBe(true);
  });
});
