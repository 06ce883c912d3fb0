// An invite link: sign in (or up) as the invited address, see who invited you to what, and join.
import { Alert, Anchor, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, type Invite } from '../api.ts';
import { FullPageLoader } from '../layout/FullPageLoader.tsx';
import { useSession } from '../session.ts';

interface InviteForInvitee extends Invite {
  workspace: { id: string; slug: string; name: string };
  invitedBy: { name: string; email: string };
}

export function AcceptInvitePage() {
  const { inviteId = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invite = useQuery({
    queryKey: ['invite', inviteId],
    queryFn: () => api<InviteForInvitee>('GET', `/v1/invites/${inviteId}`),
    enabled: Boolean(session.data),
  });
  const next = encodeURIComponent(`/invites/${inviteId}`);

  if (session.isPending) return <FullPageLoader />;

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ workspace: { slug: string } }>('POST', `/v1/invites/${inviteId}/accept`);
      await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
      navigate(`/w/${result.workspace.slug}/members`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  let body: React.ReactNode;
  if (!session.data) {
    body = (
      <Stack>
        <Text>Sign in or create an account with the address this invite was sent to, to accept it.</Text>
        <Group>
          <Button component={Link} to={`/sign-up?next=${next}`}>
            Create account
          </Button>
          <Button component={Link} to={`/sign-in?next=${next}`} variant="light">
            Sign in
          </Button>
        </Group>
      </Stack>
    );
  } else if (invite.isPending) {
    body = <Text c="dimmed">Loading the invite…</Text>;
  } else if (invite.error) {
    body = (
      <Alert color="red" role="alert">
        {invite.error instanceof ApiError && invite.error.status === 404
          ? `This invite is not for the account you're signed in with (${session.data.user.email}).`
          : invite.error.message}
      </Alert>
    );
  } else {
    const data = invite.data;
    body = (
      <Stack>
        <Text>
          <b>{data.invitedBy.name}</b> ({data.invitedBy.email}) invited you to join <b>{data.workspace.name}</b> as{' '}
          <b>{data.role}</b>.
        </Text>
        {data.status === 'expired' && <Alert color="orange">This invite has expired. Ask for a new one.</Alert>}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button onClick={accept} loading={busy} disabled={data.status !== 'pending'}>
          Accept and join {data.workspace.name}
        </Button>
      </Stack>
    );
  }

  return (
    <Container size={480} py={80}>
      <Title order={2}>You're invited</Title>
      <Paper withBorder p={30} mt={24} data-testid="invite-accept">
        {body}
      </Paper>
      <Text size="sm" mt="md" c="dimmed">
        <Anchor component={Link} to="/">
          Go to Billfold
        </Anchor>
      </Text>
    </Container>
  );
}
