// better-auth: email + password sign-in and session cookies; its organization plugin defines the
// workspace, member, invitation and custom-role tables (see docs/decisions/001-workspace-writes.md).
import { betterAuth } from 'better-auth';
import { organization } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { defaultStatements } from 'better-auth/plugins/organization/access';
import type { BillfoldDb } from '../db/connection.ts';
import { type IdPrefix, newId } from '../domain/ids.ts';

export interface AuthOptions {
  db: BillfoldDb;
  secret: string;
  baseUrl: string;
  trustedOrigins: string[];
  rateLimit: boolean;
}

/** The header the HTTP bridge sets to the client's address (any value the client sent is replaced). */
export const clientIpHeader = 'x-billfold-client-ip';

/** Billing is one permission of the access-control statement; custom roles may be granted it. */
export const accessControl = createAccessControl({ ...defaultStatements, billing: ['view', 'manage'] });

const idPrefixByModel: Record<string, IdPrefix> = {
  user: 'user',
  session: 'sess',
  account: 'acct',
  verification: 'vrf',
  organization: 'ws',
  member: 'mem',
  invitation: 'invite',
  organizationRole: 'role',
};

export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'Billfold',
    secret: options.secret,
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    trustedOrigins: options.trustedOrigins,
    database: { db: options.db, type: 'postgres' },
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    telemetry: { enabled: false },
    rateLimit: {
      enabled: options.rateLimit,
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: 10 },
        '/sign-up/email': { window: 60, max: 10 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      database: {
        generateId: ({ model }) => newId(idPrefixByModel[model] ?? 'obj'),
      },
    },
    plugins: [organization({ ac: accessControl, dynamicAccessControl: { enabled: true } })],
  });
}

export type Auth = ReturnType<typeof createAuth>;
