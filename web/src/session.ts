// The signed-in user (better-auth session) and the workspaces they belong to.
import { useQuery } from '@tanstack/react-query';
import { api, type Page, type Session, type Workspace } from './api.ts';

export function useSession() {
  return useQuery({ queryKey: ['session'], queryFn: () => api<Session | null>('GET', '/api/auth/get-session') });
}

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: ['workspaces'],
    queryFn: () => api<Page<Workspace>>('GET', '/v1/workspaces?limit=100'),
    enabled,
  });
}

/** Where to go after signing in: the `next` link, else the first workspace's billing page, else creating one. */
export function landingPath(workspaces: Workspace[], next: string | null): string {
  if (next?.startsWith('/')) return next;
  const first = workspaces[0];
  return first ? `/w/${first.slug}/billing` : '/new';
}
