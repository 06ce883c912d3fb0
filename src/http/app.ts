// Builds the Fastify app: security headers, OpenAPI + reference page, better-auth, the /v1 API and the page.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import type { Auth } from '../auth/auth.ts';
import { plainSessionReader } from '../auth/signed-in-user.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { pingDatabase } from '../billing/health/database-health.queries.ts';
import { BillingError } from '../domain/errors.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { identifyCaller } from './caller.ts';
import { errorBody, handleError } from './error-map.ts';
import { webhooksDocument } from './event-docs.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerJsonBodyParser } from './json-body.ts';
import { activityRoutes } from './routes/activity.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { billingRoutes } from './routes/billing.ts';
import { billingDetailsRoutes } from './routes/billing-details.ts';
import { creditNoteRoutes, registerHostedCreditNoteRoutes } from './routes/credit-notes.ts';
import { creditRoutes } from './routes/credits.ts';
import { customerBalanceRoutes } from './routes/customer-balance.ts';
import { eventRoutes } from './routes/events.ts';
import { registerHostedInvoiceRoutes } from './routes/hosted-invoice.ts';
import { inviteRoutes } from './routes/invites.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { registerMailboxRoutes } from './routes/mailbox.ts';
import { memberRoutes } from './routes/members.ts';
import { registerOperatorRoutes, requireOperatorKey } from './routes/operator.ts';
import { paymentMethodRoutes } from './routes/payment-methods.ts';
import { planRoutes } from './routes/plans.ts';
import { roleRoutes } from './routes/roles.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { subscriptionRoutes } from './routes/subscription.ts';
import { testClockRoutes } from './routes/test-clock.ts';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import { responseSealFor } from './sealed-response.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerTextRule } from './text-rule.ts';
import { validatorCompiler } from './validator.ts';
import { isPageRoute, registerWebPage, webDistDir } from './web-page.ts';

export interface AppOptions {
  deps: BillingDeps;
  auth: Auth;
  trustedOrigins: string[];
  logger: FastifyBaseLogger;
  /** BILLFOLD_SECRET: seals the responses kept for idempotent replays. */
  secret: string;
  /** BILLFOLD_IDEMPOTENCY_ABANDONED_AFTER_SECONDS. */
  idempotencyAbandonedAfterSeconds: number;
  /** BILLFOLD_OPERATOR_KEY: the operator API's bearer token; without it that API is not served (404). */
  operatorKey?: string | null;
}

export async function buildApp({
  deps,
  auth,
  trustedOrigins,
  logger,
  secret,
  idempotencyAbandonedAfterSeconds,
  operatorKey = null,
}: AppOptions) {
  const app = Fastify({
    loggerInstance: logger,
    // Ids longer than the router's default 100 reach the zod schemas, which refuse them naming the field;
    // whatever the router itself refuses (a bad URL encoding, a longer id) still gets the API's error shape.
    routerOptions: { maxParamLength: 500 },
    frameworkErrors: handleError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('actor', null);
  app.decorateRequest('authenticatedBy', null);
  // Both before any route, so they hold for /v1, /api/auth, the sandbox and the hosted invoice pages alike.
  registerJsonBodyParser(app);
  registerTextRule(app);

  registerSecurityHeaders(app, { upgradeInsecureRequests: deps.baseUrl.startsWith('https:') });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Billfold API', version: '1', description: 'The billing section of a multi-user SaaS workspace.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A workspace API key (bf_key_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
      // Every event type as Billfold sends it to a webhook endpoint (src/http/event-docs.ts).
      webhooks: webhooksDocument(),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      deps.baseUrl.startsWith('https:') ? header : header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // The pid names the process that answered: behind `serve --workers N`, which of the workers.
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    await pingDatabase(deps.db);
    return reply.send({ status: 'ok', pid: process.pid });
  });

  registerAuthRoutes(app, auth, deps.baseUrl);
  registerSandboxRoutes(app, { db: deps.db, clock: deps.clock, baseUrl: deps.baseUrl }, deps);
  const idempotencySettings = {
    responseSeal: responseSealFor(secret),
    abandonedAfter: Temporal.Duration.from({ seconds: idempotencyAbandonedAfterSeconds }),
  };
  // Its own scope: paying from a hosted page is keyed (Idempotency-Key) like every mutating route.
  await app.register(async (hosted) => {
    registerIdempotency(hosted, deps, idempotencySettings);
    registerHostedInvoiceRoutes(hosted.withTypeProvider<ZodTypeProvider>(), deps);
  });
  registerHostedCreditNoteRoutes(app.withTypeProvider<ZodTypeProvider>(), deps);
  registerMailboxRoutes(app, deps, secret);
  // Its own scope, outside /v1's callers: only the operator key opens it (docs/decisions/021).
  if (operatorKey) {
    await app.register(async (operator) => {
      requireOperatorKey(operator, operatorKey);
      registerIdempotency(operator, deps, idempotencySettings);
      registerOperatorRoutes(operator.withTypeProvider<ZodTypeProvider>(), deps);
    });
  }

  await app.register(async (api) => {
    const v1 = api.withTypeProvider<ZodTypeProvider>();
    // Billing data and API keys' tokens, errors included: never kept by a browser or proxy cache.
    v1.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const plainSession = await plainSessionReader(auth);
    v1.addHook('onRequest', async (request) =>
      identifyCaller(request, { db: deps.db, clock: deps.wallClock, auth, plainSession, trustedOrigins }),
    );
    registerIdempotency(v1, deps, idempotencySettings);
    for (const routes of [
      workspaceRoutes,
      memberRoutes,
      inviteRoutes,
      roleRoutes,
      apiKeyRoutes,
      webhookEndpointRoutes,
      billingRoutes,
      paymentMethodRoutes,
      billingDetailsRoutes,
      invoiceRoutes,
      creditNoteRoutes,
      customerBalanceRoutes,
      planRoutes,
      subscriptionRoutes,
      creditRoutes,
      testClockRoutes,
      activityRoutes,
      eventRoutes,
    ]) {
      routes(v1, deps);
    }
  });

  const servesPage = await registerWebPage(app);
  app.setNotFoundHandler((request, reply) => {
    if (servesPage && isPageRoute(request.method, request.url)) return reply.sendFile('index.html', webDistDir);
    const { status, body } = errorBody(
      new BillingError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
    );
    return reply.status(status).send(body);
  });

  return app;
}

/** The origins a browser may send cookie-authenticated mutations from: this server's own. */
export function trustedOriginsFor(baseUrl: string): string[] {
  const url = new URL(baseUrl);
  const origins = new Set([url.origin]);
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
    for (const host of ['127.0.0.1', 'localhost'])
      origins.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
  }
  return [...origins];
}
