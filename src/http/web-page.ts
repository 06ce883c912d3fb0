// Serves the built React page (web/dist) and falls back to its index.html for the page's own routes.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function registerWebPage(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(`${webDistDir}/index.html`)) return false;
  await app.register(fastifyStatic, { root: webDistDir, prefix: '/', wildcard: false, index: ['index.html'] });
  return true;
}

/**
 * GET requests for the page's client-side routes (/w/…, /invites/…, /sign-in) get the page itself. A missing
 * build asset stays a 404: answering index.html there would hand the browser HTML as a script.
 */
export function isPageRoute(method: string, url: string): boolean {
  if (method !== 'GET') return false;
  return !/^\/(v1|api|sandbox|docs|openapi\.json|healthz|assets)(\/|$|\?)/.test(url);
}
