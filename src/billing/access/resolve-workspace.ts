// The one rule for naming a workspace, shared by the API's `:ws` and the CLI: a `ws_` prefix is an id, anything
// else a slug.
import type { BillingDeps } from '../deps.ts';
import { findWorkspaceByRef } from './access.queries.ts';

export interface WorkspaceRef {
  id: string;
  slug: string;
  name: string;
}

/** The workspace the ref names, or undefined; whether the caller may see it is authorize()'s question. */
export function resolveWorkspace(deps: Pick<BillingDeps, 'db'>, ref: string): Promise<WorkspaceRef | undefined> {
  return findWorkspaceByRef(deps.db, ref);
}
