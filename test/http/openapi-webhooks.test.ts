// The OpenAPI document's `webhooks` section: one entry per event type Billfold sends, each with a summary, the
// payload's schema and an example that the schema accepts, so an operator can build a receiver from /openapi.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingEventTypes } from '../../src/billing/events/record-event.ts';
import { startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

interface Schema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  format?: string;
}

interface Webhook {
  post: {
    summary: string;
    description: string;
    requestBody: { content: { 'application/json': { schema: Schema; example: Record<string, unknown> } } };
  };
}

let billfold: TestBillfold;
let document: { openapi: string; webhooks: Record<string, Webhook> };

beforeAll(async () => {
  billfold = await startTestBillfold();
  const response = await billfold.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(async () => {
  await billfold.close();
});

/** The reasons `value` does not match `schema` (the JSON Schema keywords the document uses), empty when it does. */
function mismatches(schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.anyOf) {
    return schema.anyOf.some((option) => mismatches(option, value, at).length === 0)
      ? []
      : [`${at}: matches none of anyOf`];
  }
  if ('const' in schema && value !== schema.const) return [`${at}: is not ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((type) => hasType(type, value))) return [`${at}: is not ${types.join('|')}`];
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    return [`${at}: is not a date-time`];
  }
  const problems: string[] = [];
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => {
      problems.push(...mismatches(schema.items as Schema, item, `${at}[${i}]`));
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in fields)) problems.push(`${at}.${name}: is missing`);
    for (const [name, field] of Object.entries(fields)) {
      const property = schema.properties?.[name];
      if (property) problems.push(...mismatches(property, field, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: is not in the schema`);
    }
  }
  return problems;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

describe('the webhooks section of /openapi.json', () => {
  it('is an OpenAPI 3.1 document with one webhook per event type', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.webhooks).sort()).toEqual([...billingEventTypes].sort());
  });

  it.each([...billingEventTypes])('documents %s: summary, payload schema and an example the schema accepts', (type) => {
    const webhook = document.webhooks[type];
    expect(webhook?.post.summary.length).toBeGreaterThan(10);
    expect(webhook?.post.description).toMatch(/data\.object/);
    const body = webhook?.post.requestBody.content['application/json'];
    if (!body) throw new Error(`no request body for ${type}`);
    expect(body.schema.properties?.type).toEqual({ const: type });
    expect(body.schema.required).toEqual(expect.arrayContaining(['id', 'type', 'sequence', 'data']));
    const object = body.schema.properties?.data?.properties?.object;
    expect(Object.keys(object?.properties ?? {}).length).toBeGreaterThan(1);
    expect(body.example).toMatchObject({ type, data: { object: expect.any(Object) } });
    expect(mismatches(body.schema, body.example)).toEqual([]);
  });

  it('describes an invoice event’s object as the invoice the API answers, and refuses one that is not', () => {
    const body = document.webhooks['invoice.paid']?.post.requestBody.content['application/json'];
    if (!body) throw new Error('no invoice.paid');
    const invoice = body.schema.properties?.data?.properties?.object;
    expect(invoice?.required).toEqual(
      expect.arrayContaining(['id', 'number', 'status', 'total', 'currency', 'lines', 'hostedUrl', 'pdfUrl']),
    );
    // The checker is not lenient: a wrong total type and a made-up field are both caught.
    const example = body.example as { data: { object: Record<string, unknown> } };
    const wrong = { ...example, data: { object: { ...example.data.object, total: '48.00', extra: 1 } } };
    expect(mismatches(body.schema, wrong)).toEqual([
      '$.data.object.total: is not integer',
      '$.data.object.extra: is not in the schema',
    ]);
  });
});
