// Which GET requests the page's index.html answers (its own client-side routes, never the API or a build asset),
// and how the build is sent: its compressed copies, and caching by whether a file's name changes with its content.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPageRoute, registerWebPage } from '../../src/http/web-page.ts';

describe('isPageRoute', () => {
  it.each(['/', '/w/acme/billing', '/w/acme/members?tab=roles', '/invites/invite_123', '/sign-in'])(
    '%s is the page',
    (url) => {
      expect(isPageRoute('GET', url)).toBe(true);
    },
  );

  it.each([
    '/v1/workspaces',
    '/api/auth/session',
    '/sandbox/v1/tokens',
    '/docs',
    '/openapi.json',
    '/healthz',
    '/assets/index-old.js',
  ])('%s is not the page (a missing one is a 404)', (url) => {
    expect(isPageRoute('GET', url)).toBe(false);
  });

  it('only answers GET', () => {
    expect(isPageRoute('POST', '/w/acme/billing')).toBe(false);
  });
});

describe('serving the build', () => {
  const script = `console.log(${JSON.stringify('billing '.repeat(400))});`;
  let dir = '';
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billfold-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Billfold</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script));
    app = Fastify();
    expect(await registerWebPage(app, dir)).toBe(true);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the Brotli copy to a browser that takes it, cached for a year', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(script);
    expect(response.rawPayload.length).toBeLessThan(script.length / 10);
  });

  it('sends gzip to a browser without Brotli, and the file itself to one that takes neither', async () => {
    const gzipped = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script);
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('has the page itself revalidated on every visit (a new build takes effect at once)', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<title>Billfold</title>');
  });
});
