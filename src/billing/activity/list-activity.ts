// The activity log of Plan & Billing (GET …/activity): who did what to the workspace's billing, when, from what to
// what, newest first — people by name and role, API keys by name, and Billfold itself for what the system does
// (renewals, failed payments, dunning retries, the return to Free). Read from the audit log.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import { can } from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { listCustomRoles } from '../roles/roles.queries.ts';
import {
  type AuditRecord,
  findInvoiceFacts,
  findKeyNames,
  findMemberNames,
  findPeople,
  listBillingAuditEntries,
} from './activity.queries.ts';
import { type ActivityNames, summarizeActivity } from './activity-summary.ts';

export interface ActivityActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  /** A person's role in the workspace ("Owner", "Billing", a custom role); null for a key or a former member. */
  role: string | null;
}

export interface ActivityEntry {
  id: string;
  action: string;
  occurredAt: Date;
  actor: ActivityActor;
  targetId: string | null;
  before: unknown;
  after: unknown;
  summary: string;
}

/** The audit actions the activity log shows (besides role changes that touch Billing; activity.queries.ts). */
const activityActions = [
  'subscription.started',
  'subscription.trial_started',
  'subscription.trial_converted',
  'subscription.plan_changed',
  'subscription.seats_changed',
  'subscription.change_scheduled',
  'subscription.scheduled_change_dropped',
  'subscription.canceled_at_period_end',
  'subscription.resumed',
  'subscription.renewed',
  'subscription.past_due',
  'subscription.payment_retried',
  'subscription.recovered',
  'subscription.ended',
  'discount.created',
  'payment.succeeded',
  'payment.failed',
  'payment.requires_action',
  'payment_method.attached',
  'payment_method.default_changed',
  'payment_method.removed',
  'billing_details.updated',
  'invoice.issued',
  'invoice.refunded',
  'credits.purchase_requested',
  'credits.adjusted',
  'credits.auto_top_up_updated',
] as const;

const builtInRoleLabels: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  billing: 'Billing',
  member: 'Member',
};

const systemActorName = 'Billfold';
const systemActorRole = 'System';

export async function listActivity(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<ActivityEntry>> {
  const { db } = deps;
  const workspaceId = access.workspace.id;
  const custom = await listCustomRoles(db, workspaceId);
  const noSetting = { billingVisibleToMembers: false };
  const billingRoles = [
    ...['owner', 'billing'],
    ...custom
      .filter((role) =>
        can({ kind: 'member', role: workspaceRoleOf(role.name, role.statement) }, 'billing:manage', noSetting),
      )
      .map((role) => role.name),
  ];
  const { data, hasMore } = toPage(
    await listBillingAuditEntries(db, workspaceId, { actions: activityActions, billingRoles }, page),
    page.limit,
  );
  const idsOf = (type: AuditRecord['actorType']) =>
    unique(data.filter((e) => e.actorType === type).map((e) => e.actorId));
  const invoiceIds = unique(
    data.flatMap((e) => [e.targetId, fieldOf(e.after, 'invoiceId'), fieldOf(e.before, 'invoiceId')]),
  ).filter((id) => id.startsWith('inv_'));
  const memberIds = data.filter((e) => e.action === 'member.role_changed').map((e) => e.targetId);
  const [people, keys, invoices, members] = await Promise.all([
    findPeople(db, workspaceId, idsOf('user')),
    findKeyNames(db, workspaceId, idsOf('api_key')),
    findInvoiceFacts(db, workspaceId, invoiceIds),
    findMemberNames(db, workspaceId, unique(memberIds)),
  ]);
  const roleLabel = (role: string) => builtInRoleLabels[role] ?? role;
  const names: ActivityNames = {
    invoice: (id) => invoices.get(id),
    memberName: (id) => members.get(id),
    planName: (id) => planNameOf(deps, id),
    roleLabel,
  };
  const actorOf = (entry: AuditRecord): ActivityActor => {
    const id = entry.actorId;
    if (entry.actorType === 'system' || id === null) {
      return { type: 'system', id: null, name: systemActorName, role: systemActorRole };
    }
    if (entry.actorType === 'api_key')
      return { type: 'api_key', id, name: keys.get(id) ?? 'A revoked API key', role: null };
    const person = people.get(id);
    return {
      type: 'user',
      id,
      name: person?.name ?? 'A deleted user',
      role: person?.role ? roleLabel(person.role) : null,
    };
  };
  return {
    data: data.map((entry) => ({
      id: entry.id,
      action: entry.action,
      occurredAt: entry.createdAt,
      actor: actorOf(entry),
      targetId: entry.targetId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      summary: summarizeActivity(entry, names),
    })),
    hasMore,
  };
}

/** A plan's name; its id for a plan the catalog no longer has. */
function planNameOf(deps: BillingDeps, planId: string): string {
  return deps.catalog.plans.find((plan) => plan.id === planId)?.name ?? planId;
}

function fieldOf(value: unknown, key: string): string | null {
  if (value === null || typeof value !== 'object') return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
