// The words a refused field is told in: one readable sentence per kind of zod issue, naming the field, with
// numbers as the page shows them; a schema's own message wins over them.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { finishMessage, formatCount, type RequestPart, validationMessage } from '../../src/http/validation-message.ts';
import { validatorCompiler } from '../../src/http/validator.ts';

/** The messages the routes' validator gives for `input` against `schema`, in issue order. */
function messagesFor(schema: z.ZodType, input: unknown, httpPart: RequestPart = 'body'): string[] {
  const validate = validatorCompiler({ schema, httpPart, method: 'POST', url: '/test' });
  const result = validate(input) as { error?: { message?: string }[] };
  return (result.error ?? []).map((issue) => issue.message ?? '');
}

const messageFor = (schema: z.ZodType, input: unknown, httpPart?: RequestPart) =>
  messagesFor(schema, input, httpPart)[0];

describe('numbers', () => {
  const count = z.strictObject({ count: z.number().int().min(1).max(10_000) });
  it.each([
    [{ count: 20_000 }, '"count" must be at most 10,000.'],
    [{ count: 0 }, '"count" must be at least 1.'],
    [{ count: 1.5 }, '"count" must be a whole number.'],
    [{ count: '12' }, '"count" must be a number.'],
    [{ count: null }, '"count" must be a number, not null.'],
    [{}, '"count" is required.'],
  ])('%j: %s', (input, message) => {
    expect(messageFor(count, input)).toBe(message);
  });

  it('says "less than" and "more than" for exclusive bounds', () => {
    expect(messageFor(z.object({ rate: z.number().lt(100) }), { rate: 100 })).toBe('"rate" must be less than 100.');
    expect(messageFor(z.object({ rate: z.number().gt(0) }), { rate: 0 })).toBe('"rate" must be more than 0.');
  });

  it('words a coerced query value that is no number', () => {
    const query = z.object({ limit: z.coerce.number().int().min(1).max(100) });
    expect(messageFor(query, { limit: 'abc' }, 'querystring')).toBe('"limit" must be a number.');
    expect(messageFor(query, { limit: '101' }, 'querystring')).toBe('"limit" must be at most 100.');
  });

  it('a multiple of', () => {
    expect(messageFor(z.object({ step: z.number().multipleOf(5) }), { step: 7 })).toBe(
      '"step" must be a multiple of 5.',
    );
  });

  it('formats with thousands separators', () => {
    expect(formatCount(1_000_000_000_000)).toBe('1,000,000,000,000');
    expect(formatCount(999)).toBe('999');
  });
});

describe('text', () => {
  const name = z.strictObject({ name: z.string().trim().min(1).max(80) });
  it.each([
    [{ name: '   ' }, '"name" must be at least 1 character.'],
    [{ name: 'x'.repeat(81) }, '"name" must be at most 80 characters.'],
    [{ name: 7 }, '"name" must be text.'],
    [{}, '"name" is required.'],
  ])('%j: %s', (input, message) => {
    expect(messageFor(name, input)).toBe(message);
  });

  it('counts a minimum above one in characters', () => {
    expect(messageFor(z.object({ code: z.string().min(3) }), { code: 'ab' })).toBe(
      '"code" must be at least 3 characters.',
    );
  });

  it.each([
    [z.email(), 'x', '"value" must be an email address.'],
    [z.url(), 'nope', '"value" must be a URL such as https://example.com.'],
    [z.uuid(), 'x', '"value" must be a UUID.'],
    [z.iso.datetime({ offset: true }), 'soon', '"value" must be a date and time such as 2026-01-31T12:00:00Z.'],
    [z.iso.date(), '31/01/2026', '"value" must be a date such as 2026-01-31.'],
    [z.string().startsWith('tok_'), 'card', '"value" must start with "tok_".'],
    [z.string().regex(/^a+$/), 'b', '"value" is not in the expected format.'],
  ])('%s format: %s', (schema, value, message) => {
    expect(messageFor(z.object({ value: schema }), { value })).toBe(message);
  });
});

describe('choices, lists and objects', () => {
  it('names the choices of an enum, and the one value of a literal', () => {
    const interval = z.object({ interval: z.enum(['month', 'year']) });
    expect(messageFor(interval, { interval: 'week' })).toBe('"interval" must be one of month, year.');
    expect(messageFor(z.object({ to: z.literal('card') }), { to: 'cash' })).toBe('"to" must be card.');
  });

  it('names an item of a list by its index', () => {
    const role = z.object({ permissions: z.array(z.enum(['billing', 'members'])) });
    expect(messageFor(role, { permissions: ['billing', 'root'] })).toBe(
      '"permissions.1" must be one of billing, members.',
    );
    expect(messageFor(role, { permissions: 'billing' })).toBe('"permissions" must be a list.');
  });

  it('counts the items of a list', () => {
    const lines = z.object({ lines: z.array(z.string()).min(1).max(2) });
    expect(messageFor(lines, { lines: [] })).toBe('"lines" must have at least 1 item.');
    expect(messageFor(lines, { lines: ['a', 'b', 'c'] })).toBe('"lines" must have at most 2 items.');
  });

  it('names a field the request does not have, not the object holding it', () => {
    const body = z.strictObject({ lines: z.array(z.strictObject({ quantity: z.number() })) });
    expect(messageFor(body, { lines: [{ quantity: 1, amount: 5 }] })).toBe(
      '"lines.0.amount" is not a known field of this request.',
    );
    expect(messageFor(body, { lines: [], plan2: 'pro', seats2: 1 })).toBe(
      '"plan2" is not a known field of this request (nor is "seats2").',
    );
  });

  it('speaks of the request body, or the query, when the issue is about all of it', () => {
    const body = z.strictObject({ name: z.string() });
    expect(messageFor(body, undefined)).toBe('The request body is required.');
    expect(messageFor(body, null)).toBe('The request body is required.');
    expect(messageFor(body, [1])).toBe('The request body must be an object.');
    expect(
      messageFor(
        z.object({}).refine(() => false),
        {},
        'querystring',
      ),
    ).toBe('The query string is not valid.');
  });

  it('a value of none of the accepted kinds', () => {
    const meta = z.object({ value: z.union([z.string(), z.number()]) });
    expect(messageFor(meta, { value: true })).toBe('"value" is not one of the accepted kinds of value.');
    expect(messageFor(meta, {})).toBe('"value" is required.');
  });

  it('gives one sentence per issue', () => {
    const body = z.strictObject({ name: z.string(), slug: z.string() });
    expect(messagesFor(body, { name: 1 })).toEqual(['"name" must be text.', '"slug" is required.']);
  });
});

describe("a schema's own message", () => {
  it('is sent as it is when it is a whole sentence', () => {
    const range = 'Choose between 1 and 10,000 seats.';
    const seats = z.object({ seats: z.number().int(range).min(1, range).max(10_000, range) });
    expect(messageFor(seats, { seats: 20_000 })).toBe(range);
    expect(messageFor(seats, { seats: 0 })).toBe(range);
    // The type is not the range: a missing or non-numeric count still gets the general words.
    expect(messageFor(seats, {})).toBe('"seats" is required.');
  });

  it('follows the field name when it is a fragment', () => {
    const currency = z.object({ currency: z.string().regex(/^[a-z]{3}$/, 'must be a three-letter code such as usd') });
    expect(messageFor(currency, { currency: 'dollars' })).toBe('"currency" must be a three-letter code such as usd.');
    expect(finishMessage('the part before "@" is at most 64 characters', ['email'], 'body')).toBe(
      '"email": the part before "@" is at most 64 characters.',
    );
    expect(finishMessage('is not a known ISO country code.', ['country'], 'body')).toBe(
      '"country" is not a known ISO country code.',
    );
  });
});

describe('validationMessage on a raw issue', () => {
  it('words an issue kind zod has no path for as about the whole part', () => {
    expect(validationMessage({ code: 'custom', input: 1, message: '' }, 'params')).toBe('The path is not valid.');
    expect(
      validationMessage(
        { code: 'too_big', origin: 'date', maximum: Date.UTC(2200, 11, 31), inclusive: true, input: 0, path: ['to'] },
        'body',
      ),
    ).toBe('"to" must be on or before 2200-12-31T00:00:00.000Z.');
  });
});
