// The signed-in user (better-auth session), the workspaces they belong to, and where to land after signing in.
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

const lastWorkspaceKey = 'billfold.lastWorkspace';

/** Remembered per browser so signing in again returns to the workspace used last. */
export function rememberWorkspace(slug: string): void {
  try {
    localStorage.setItem(lastWorkspaceKey, slug);
  } catch {
    // Storage can be disabled (private mode); landing on the first workspace is fine then.
  }
}

function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(lastWorkspaceKey);
  } catch {
    return null;
  }
}

/** A workspace's home: Plan & Billing for those who may see it, Members for everyone else. */
export function workspaceHome(workspace: Workspace): string {
  const page = workspace.permissions.includes('billing:view') ? 'billing' : 'members';
  return `/w/${workspace.slug}/${page}`;
}

/** Where to go after signing in: the `next` link, else the last (or first) workspace, else creating one. */
export function landingPath(workspaces: Workspace[], next: string | null): string {
  // Only same-site paths: `//evil.example` is protocol-relative and would leave the site.
  if (next?.startsWith('/') && !next.startsWith('//')) return next;
  const last = lastWorkspace();
  const target = workspaces.find((w) => w.slug === last) ?? workspaces[0];
  return target ? workspaceHome(target) : '/new';
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts.at(-1)?.[0] ?? ''}` : (parts[0]?.slice(0, 2) ?? '');
  return letters.toUpperCase() || '?';
}
