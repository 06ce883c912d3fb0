// Who manages a workspace's webhook endpoints in a call: the workspace and the actor its audit entries name (a
// member or, from the CLI, the system). Checking the permission is the caller's part (authorize()).
import type { AuditActor } from '../../domain/access/actor.ts';

export interface EndpointManager {
  workspace: { id: string };
  actor: AuditActor;
}
