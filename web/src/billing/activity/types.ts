// One entry of the workspace's activity log (GET /v1/workspaces/:ws/activity): who did what, when, from what to what.

export interface ActivityActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  /** The person's or the key's name; null for the system (or a person whose account is gone). */
  name: string | null;
  /** The person's role in the workspace when known. */
  role: string | null;
}

export interface ActivityEntry {
  id: string;
  action: string;
  occurredAt: string;
  actor: ActivityActor;
  targetId: string | null;
  before: unknown;
  after: unknown;
  /** The act as a sentence: "Changed seats from 3 to 5". */
  summary: string;
}
