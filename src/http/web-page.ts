// Serves the built React page (web/dist), compressed and cached, and falls back to its index.html for the page's
// own routes.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Serves `dir` (the build): the Brotli or gzip copy the build wrote beside a file when the browser takes it; the
 * hashed files under /assets/ cached for a year (a new build has new names), the rest revalidated on every visit.
 */
export async function registerWebPage(app: FastifyInstance, dir = webDistDir): Promise<boolean> {
  if (!existsSync(`${dir}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      reply.header('cache-control', isHashedAsset(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

/** Vite names what it bundles under assets/ by content hash. */
function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/][^\\/]+$/.test(path);
}

/**
 * GET requests for the page's client-side routes (/w/…, /invites/…, /sign-in) get the page itself. A missing
 * build asset stays a 404: answering index.html there would hand the browser HTML as a script.
 */
export function isPageRoute(method: string, url: string): boolean {
  if (method !== 'GET') return false;
  return !/^\/(v1|api|sandbox|docs|openapi\.json|healthz|assets)(\/|$|\?)/.test(url);
}
