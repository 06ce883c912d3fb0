// Who is calling: a signed-in user (session cookie) or a workspace API key.
import type { ApiKeyScope } from './api-key-scopes.ts';

export type Actor =
  | { kind: 'user'; userId: string; email: string; name: string }
  | { kind: 'api_key'; keyId: string; workspace: KeyWorkspace; scopes: readonly ApiKeyScope[] };

/** The one workspace an API key belongs to, read with the key. */
export interface KeyWorkspace {
  id: string;
  slug: string;
  name: string;
}

export interface AuditActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
}

export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'user' ? { type: 'user', id: actor.userId } : { type: 'api_key', id: actor.keyId };
}

/** Billfold itself, acting from a job (recovering a payment, renewing). */
export const systemActor: AuditActor = { type: 'system', id: null };
