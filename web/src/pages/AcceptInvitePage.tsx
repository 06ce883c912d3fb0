// An invite link: sign in (or up) as the invited address, see who invited you to what, and join.
import { Alert, Anchor, Avatar, Badge, Button, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconClockX, IconMailOpened } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, type InviteForInvitee, isApiError } from '../api.ts';
import { CenteredFrame } from '../layout/CenteredFrame.tsx';
import { roleLabel } from '../members/role-label.ts';
import { initials, useSession } from '../session.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function AcceptInvitePage() {
  const { inviteId = '' } = useParams();
  const [params] = useSearchParams();
  // The link carries the invited address (see members/invite-link.ts); only for wording and prefilling forms.
  const invitedEmail = params.get('email');
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

  useEffect(() => {
    document.title = invite.data ? `Join ${invite.data.workspace.name} · Billfold` : 'Invite · Billfold';
  }, [invite.data]);

  const here = `/invites/${inviteId}${invitedEmail ? `?email=${encodeURIComponent(invitedEmail)}` : ''}`;
  const authParams = new URLSearchParams({ next: here });
  if (invitedEmail) authParams.set('email', invitedEmail);

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ workspace: { slug: string } }>('POST', `/v1/invites/${inviteId}/accept`);
      await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
      // `/w/:slug` lands on Plan & Billing or Members, whichever the new role may see.
      navigate(`/w/${result.workspace.slug}`);
    } catch (e) {
      setError((e as Error).message);
      await invite.refetch();
    } finally {
      setBusy(false);
    }
  }

  async function switchAccount() {
    await api('POST', '/api/auth/sign-out', {});
    queryClient.clear();
    navigate(`/sign-in?${authParams}`);
  }

  let body: React.ReactNode;
  if (session.isPending) {
    body = (
      <Center py="lg">
        <Loader />
      </Center>
    );
  } else if (!session.data) {
    body = (
      <Stack>
        <Text data-testid="invite-sign-in-prompt">
          Sign in or create an account with {invitedEmail ? <b>{invitedEmail}</b> : 'the email address it was sent to'}{' '}
          to accept this invite.
        </Text>
        <Group grow>
          <Button component={Link} to={`/sign-up?${authParams}`}>
            Create account
          </Button>
          <Button component={Link} to={`/sign-in?${authParams}`} variant="default">
            Sign in
          </Button>
        </Group>
      </Stack>
    );
  } else if (invite.isPending) {
    body = (
      <Center py="lg">
        <Loader />
      </Center>
    );
  } else if (invite.error) {
    const wrongAccount = isApiError(invite.error, 404);
    body = (
      <Stack>
        <Alert
          color="red"
          role="alert"
          icon={<IconAlertCircle size={18} />}
          title={wrongAccount ? "This invite is not for the account you're signed in with" : undefined}
          data-testid="invite-error"
        >
          {wrongAccount
            ? `You're signed in as ${session.data.user.email}. Sign in with ${invitedEmail ?? 'the address the invite was sent to'} to accept it, or ask for a new invite.`
            : invite.error.message}
        </Alert>
        {wrongAccount && (
          <Button variant="default" onClick={switchAccount}>
            Sign in with another account
          </Button>
        )}
      </Stack>
    );
  } else {
    const data = invite.data;
    body = (
      <Stack gap="md">
        <Group gap="md" wrap="nowrap">
          <Avatar size={48} radius="md" color="indigo" variant="light">
            {initials(data.workspace.name)}
          </Avatar>
          <div>
            <Text fw={700} size="lg" data-testid="invite-workspace">
              {data.workspace.name}
            </Text>
            <Text size="sm" c="dimmed">
              Invited by {data.invitedBy.name} ({data.invitedBy.email})
            </Text>
          </div>
        </Group>
        <Stack gap={6}>
          <Detail label="Role">
            <Badge variant="light" radius="sm" data-testid="invite-role">
              {roleLabel(data.role)}
            </Badge>
          </Detail>
          <Detail label="For">{data.email}</Detail>
          <Detail label={data.status === 'expired' ? 'Expired' : 'Expires'}>
            {dateFormat.format(new Date(data.expiresAt))}
          </Detail>
        </Stack>
        <InviteStatus status={data.status} inviter={data.invitedBy.name} />
        {error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="accept-error">
            {error}
          </Alert>
        )}
        {data.status === 'accepted' ? (
          <Button component={Link} to={`/w/${data.workspace.slug}`}>
            Open {data.workspace.name}
          </Button>
        ) : (
          <Button onClick={accept} loading={busy} disabled={data.status !== 'pending'}>
            Accept and join {data.workspace.name}
          </Button>
        )}
        <Text size="xs" c="dimmed" ta="center">
          Signed in as {session.data.user.email}.{' '}
          <Anchor component="button" type="button" size="xs" onClick={switchAccount}>
            Not you?
          </Anchor>
        </Text>
      </Stack>
    );
  }

  return (
    <CenteredFrame title="You're invited" subtitle="Join a workspace on Billfold" width={480}>
      <Paper withBorder shadow="xs" p={30} radius="md" data-testid="invite-accept">
        {body}
      </Paper>
      <Text size="sm" mt="md" ta="center">
        <Anchor component={Link} to="/">
          Go to Billfold
        </Anchor>
      </Text>
    </CenteredFrame>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" c="dimmed" w={70}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Group>
  );
}

function InviteStatus({ status, inviter }: { status: InviteForInvitee['status']; inviter: string }) {
  if (status === 'pending') return null;
  if (status === 'accepted')
    return (
      <Alert color="green" icon={<IconMailOpened size={18} />} data-testid="invite-status">
        You already accepted this invite.
      </Alert>
    );
  if (status === 'expired')
    return (
      <Alert color="orange" icon={<IconClockX size={18} />} data-testid="invite-status">
        This invite has expired. Ask {inviter} to send a new one.
      </Alert>
    );
  return (
    <Alert color="gray" icon={<IconAlertCircle size={18} />} data-testid="invite-status">
      This invite was {status === 'canceled' ? 'revoked' : 'declined'}. Ask {inviter} for a new one.
    </Alert>
  );
}
