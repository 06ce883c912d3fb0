// Members: who is in the workspace, pending invites, inviting people and custom roles.
import { Alert, Stack, Title } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { InviteForm } from '../members/InviteForm.tsx';
import { InvitesTable } from '../members/InvitesTable.tsx';
import { MembersTable } from '../members/MembersTable.tsx';
import { RolesSection } from '../members/RolesSection.tsx';
import { useWorkspaces } from '../session.ts';

export function MembersPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const workspaces = useWorkspaces();
  // Only actions the server would accept are offered; it still checks each one.
  const permissions = workspaces.data?.data.find((w) => w.slug === slug)?.permissions ?? [];
  const canManage = permissions.includes('members:manage');
  return (
    <Stack gap="lg">
      <Title order={2}>Members</Title>
      {canManage ? (
        <InviteForm slug={slug} autoFocus={params.get('invite') === '1'} />
      ) : (
        params.get('invite') === '1' && (
          <Alert color="blue" data-testid="invite-not-allowed">
            Only owners, admins and roles with the Members permission can invite people. Ask one of them.
          </Alert>
        )
      )}
      <MembersTable slug={slug} canManage={canManage} />
      <InvitesTable slug={slug} canManage={canManage} />
      <RolesSection slug={slug} canManage={permissions.includes('roles:manage')} />
    </Stack>
  );
}
