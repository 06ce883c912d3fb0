// Members: who is in the workspace, pending invites, inviting people and custom roles.
import { Stack } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../layout/PageHeader.tsx';
import { InviteForm } from '../members/InviteForm.tsx';
import { InvitesTable } from '../members/InvitesTable.tsx';
import { MembersTable } from '../members/MembersTable.tsx';
import { RolesSection } from '../members/RolesSection.tsx';
import { WhoCanInvite } from '../members/WhoCanInvite.tsx';
import { useWorkspaces } from '../session.ts';

export function MembersPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const workspaces = useWorkspaces();
  const workspace = workspaces.data?.data.find((w) => w.slug === slug);
  // Only actions the server would accept are offered; it still checks each one.
  const permissions = workspace?.permissions ?? [];
  const canManage = permissions.includes('members:manage');
  const inviteRequested = params.get('invite') === '1';
  return (
    <Stack gap="lg">
      <PageHeader title="Members">The people in {workspace?.name ?? slug} and what each may do.</PageHeader>
      {canManage ? <InviteForm slug={slug} focus={inviteRequested} /> : <WhoCanInvite slug={slug} />}
      <MembersTable slug={slug} canManage={canManage} />
      <InvitesTable slug={slug} canManage={canManage} />
      <RolesSection slug={slug} canManage={permissions.includes('roles:manage')} />
    </Stack>
  );
}
