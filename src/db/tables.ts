// Kysely table types. The auth tables are better-auth's (camelCase columns); Billfold's own
// tables use snake_case. int8 columns arrive as numbers (see connection.ts).
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: DefaultTimestamp;
  updatedAt: DefaultTimestamp;
}

export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  createdAt: Timestamp;
  metadata: string | null;
}

export interface MemberTable {
  id: string;
  organizationId: string;
  userId: string;
  /** One role name: owner, admin, billing, member or a custom role of the workspace. */
  role: string;
  createdAt: Timestamp;
}

export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: 'pending' | 'accepted' | 'rejected' | 'canceled';
  expiresAt: Timestamp;
  createdAt: DefaultTimestamp;
  inviterId: string;
}

export interface OrganizationRoleTable {
  id: string;
  organizationId: string;
  role: string;
  /** JSON of better-auth's permission statement, e.g. {"billing":["view","manage"]}. */
  permission: string;
  createdAt: DefaultTimestamp;
  updatedAt: Date | null;
}

export interface WorkspaceBillingTable {
  workspace_id: string;
  plan_id: string;
  /** Seats bought; null means the plan's own seat limit. */
  max_users: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  created_by_user_id: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Date | null;
}

export interface IdempotencyRecordTable {
  actor_key: string;
  idempotency_key: string;
  request_fingerprint: string;
  state: 'running' | 'completed';
  response_status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  created_at: Timestamp;
  completed_at: Date | null;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  target_id: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

/** better-auth's sign-in/sign-up rate-limit counters. */
export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  lastRequest: number;
}

export interface Database {
  user: UserTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  organizationRole: OrganizationRoleTable;
  workspace_billing: WorkspaceBillingTable;
  api_key: ApiKeyTable;
  idempotency_record: IdempotencyRecordTable;
  audit_log: AuditLogTable;
  rateLimit: RateLimitTable;
}

export type Member = Selectable<MemberTable>;
export type Invitation = Selectable<InvitationTable>;
