// The endpoints around the API: health, the OpenAPI document, the reference page and security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

describe('service endpoints', () => {
  it('reports health after reaching the database', async () => {
    const response = await billfold.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', pid: process.pid });
  });

  it('publishes an OpenAPI 3.1 document of the /v1 routes, without better-auth internals', async () => {
    const response = await billfold.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/workspaces',
        '/v1/workspaces/{ws}/billing',
        '/v1/workspaces/{ws}/members',
        '/v1/workspaces/{ws}/invites',
        '/v1/invites/{invite}/accept',
        '/v1/workspaces/{ws}/roles',
        '/v1/workspaces/{ws}/api-keys',
      ]),
    );
    expect(Object.keys(document.paths).some((path) => path.startsWith('/api/auth'))).toBe(false);
    const invite = document.paths['/v1/workspaces/{ws}/invites'].post;
    expect(invite.requestBody.content['application/json'].schema.required).toContain('email');
    // Consume takes one debit or a batch of 1 to 100, and answers either.
    const consume = document.paths['/v1/workspaces/{ws}/credits/consume'].post;
    const forms = consume.requestBody.content['application/json'].schema.anyOf;
    expect(forms.map((form: { required: string[] }) => form.required)).toEqual([['amount', 'description'], ['debits']]);
    expect(forms[1].properties.debits).toMatchObject({ minItems: 1, maxItems: 100 });
    expect(forms[1].properties.debits.items.required).toEqual(['amount', 'idempotencyKey']);
    expect(consume.responses['200'].content['application/json'].schema.anyOf).toHaveLength(2);
  });

  it('serves the API reference page at /docs', async () => {
    const response = await billfold.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger-ui');
  });

  it('sends security headers', async () => {
    const response = await billfold.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('keeps better-auth organization endpoints closed, so seat limits cannot be bypassed', async () => {
    const response = await billfold.app.inject({
      method: 'POST',
      url: '/api/auth/organization/invite-member',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' },
      payload: { email: 'x@example.test', role: 'member' },
    });
    expect(response.statusCode).toBe(404);
  });
});
