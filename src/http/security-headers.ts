// Security headers on every answer (helmet's, with our Content-Security-Policy). The middleware is built once at
// start-up: built per request, as @fastify/helmet does, it re-parsed the policy on every call of the API.
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

export function registerSecurityHeaders(app: FastifyInstance, options: { upgradeInsecureRequests: boolean }): void {
  const applySecurityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine and the reference page inject style tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Upgrading requests would break a plain-http laptop or intranet install.
        upgradeInsecureRequests: options.upgradeInsecureRequests ? [] : null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
