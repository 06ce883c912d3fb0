// Queries for the Members page: members, pending invites and roles of one workspace.
import { useQuery } from '@tanstack/react-query';
import { api, type Invite, type Member, type Page, type Role } from '../api.ts';

export function useMembers(slug: string) {
  return useQuery({
    queryKey: ['members', slug],
    queryFn: () => api<Page<Member>>('GET', `/v1/workspaces/${slug}/members?limit=100`),
  });
}

export function useInvites(slug: string) {
  return useQuery({
    queryKey: ['invites', slug],
    queryFn: () => api<Page<Invite>>('GET', `/v1/workspaces/${slug}/invites?limit=100`),
  });
}

export function useRoles(slug: string) {
  return useQuery({ queryKey: ['roles', slug], queryFn: () => api<Page<Role>>('GET', `/v1/workspaces/${slug}/roles`) });
}

/** Query keys whose data changes when members or invites change. */
export function membershipKeys(slug: string) {
  return [
    ['members', slug],
    ['invites', slug],
    ['billing', slug],
    ['roles', slug],
  ];
}
