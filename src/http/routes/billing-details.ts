// Billing details: the legal name, address, country and tax id printed on invoices issued from now on.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { loadBillingDetails } from '../../billing/billing-details/load-billing-details.ts';
import { updateBillingDetails } from '../../billing/billing-details/update-billing-details.ts';
import { isCountryCode } from '../../domain/countries/country-codes.ts';
import { taxIdProblem } from '../../domain/tax-ids/tax-id-format.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

/** ISO 3166-1 alpha-2: two letters assigned to a country. */
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, context) => {
    if (!/^[A-Z]{2}$/.test(code)) {
      context.addIssue({ code: 'custom', message: 'must be a two-letter ISO country code such as US or DE' });
    } else if (!isCountryCode(code)) {
      context.addIssue({ code: 'custom', message: 'is not a known ISO country code' });
    }
  });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);

export const billingDetails = z.object({
  legalName: z.string().nullable(),
  email: z.string().nullable(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  taxId: z.string().nullable(),
  updatedAt: z.date().nullable().describe('Null until the details are first saved'),
});

export const billingDetailsRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/billing-details',
    {
      schema: {
        tags: ['Billing details'],
        summary: 'Legal name, address and tax id printed on invoices',
        params: workspaceParams,
        response: { 200: billingDetails, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return loadBillingDetails(deps.db, access.workspace.id);
    },
  );

  app.put(
    '/v1/workspaces/:ws/billing-details',
    {
      schema: {
        tags: ['Billing details'],
        summary: 'Replace the billing details; invoices finalized from now on print them',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z
          .strictObject({
            legalName: z.string().trim().min(1).max(200),
            email: z.email().max(254),
            addressLine1: z.string().trim().min(1).max(200),
            addressLine2: optionalText(200),
            city: z.string().trim().min(1).max(100),
            postalCode: z.string().trim().min(1).max(20),
            region: optionalText(100),
            country: countryCode,
            taxId: optionalText(50),
          })
          .superRefine((details, context) => {
            const problem = details.taxId ? taxIdProblem(details.country, details.taxId) : null;
            if (problem) context.addIssue({ code: 'custom', path: ['taxId'], message: problem });
          }),
        response: { 200: billingDetails, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return updateBillingDetails(deps, access, request.body);
    },
  );
};
