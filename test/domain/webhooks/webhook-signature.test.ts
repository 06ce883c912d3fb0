// Standard Webhooks signatures: what the official standardwebhooks package signs and accepts.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookSignature } from '../../../src/domain/webhooks/webhook-signature.ts';

const secretOf = (bytes: Uint8Array) => `whsec_${Buffer.from(bytes).toString('base64')}`;

describe('webhookSignature', () => {
  it('signs as the standardwebhooks package does', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        fc.string({ maxLength: 500 }),
        (key, id, timestamp, body) => {
          const secret = secretOf(key);
          const expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
          expect(webhookSignature([secret], { id, timestamp, body })).toBe(expected);
        },
      ),
    );
  });

  it('is accepted by a verifier holding any one of the secrets, and by none other', () => {
    const current = secretOf(randomBytes(32));
    const previous = secretOf(randomBytes(32));
    const stranger = secretOf(randomBytes(32));
    const id = 'evt_01jexample';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id, type: 'invoice.paid', data: { object: { total: 1250 } } });
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': webhookSignature([current, previous], { id, timestamp, body }),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(current).verify(body, headers)).toMatchObject({ type: 'invoice.paid' });
    expect(new Webhook(previous).verify(body, headers)).toMatchObject({ type: 'invoice.paid' });
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow();
    // A changed body or id no longer verifies.
    expect(() => new Webhook(current).verify(body.replace('1250', '9999'), headers)).toThrow();
    expect(() => new Webhook(current).verify(body, { ...headers, 'webhook-id': 'evt_other' })).toThrow();
  });
});
