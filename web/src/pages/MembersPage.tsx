// Members: who is in the workspace, pending invites, inviting people and custom roles.
import { Stack, Title } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { InviteForm } from '../members/InviteForm.tsx';
import { InvitesTable } from '../members/InvitesTable.tsx';
import { MembersTable } from '../members/MembersTable.tsx';
import { RolesSection } from '../members/RolesSection.tsx';
import { useWorkspaces } from '../session.ts';

// Built-in roles that manage members; a custom role with the Members permission can too, and the
// server is the judge either way (a refused action shows its message).
const managingRoles = new Set(['owner', 'admin']);

export function MembersPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const workspaces = useWorkspaces();
  const role = workspaces.data?.data.find((w) => w.slug === slug)?.role ?? 'member';
  const canManage = managingRoles.has(role);
  return (
    <Stack gap="lg">
      <Title order={2}>Members</Title>
      <InviteForm slug={slug} autoFocus={params.get('invite') === '1'} />
      <MembersTable slug={slug} canManage={canManage} />
      <InvitesTable slug={slug} canManage={canManage} />
      <RolesSection slug={slug} canManage={canManage} />
    </Stack>
  );
}
