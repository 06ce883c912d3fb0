// Invite by email with a role; the server's refusal (e.g. every seat in use) is shown as it says it.
import { Alert, Button, CopyButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCopy, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, type Invite } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { inviteLink } from './invite-link.ts';
import { membershipKeys, useRoles } from './queries.ts';
import { roleLabel } from './role-label.ts';

export function InviteForm({ slug, focus }: { slug: string; focus: boolean }) {
  const roles = useRoles(slug);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [error, setError] = useState<Error | null>(null);
  const [sent, setSent] = useState<Invite | null>(null);
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);

  // `?invite=1` (the Invite users button on Plan & Billing) puts the cursor here.
  useEffect(() => {
    if (!focus) return;
    emailInput.current?.focus();
    emailInput.current?.scrollIntoView({ block: 'center' });
  }, [focus]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const invite = await api<Invite>('POST', `/v1/workspaces/${slug}/invites`, { email, role });
      setSent(invite);
      setEmail('');
      for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  const roleOptions = (roles.data?.data ?? []).map((r) => ({ value: r.name, label: roleLabel(r.name) }));
  const seatLimit = error instanceof ApiError && error.code === 'seat_limit_reached';
  return (
    <SectionCard
      title="Invite people"
      titleId="invite-title"
      description="They get a link to join; an invite holds a seat until it is accepted, revoked or expires."
      testId="invite-form"
    >
      <form onSubmit={submit} aria-labelledby="invite-title">
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <TextInput
              ref={emailInput}
              label="Email"
              type="email"
              required
              placeholder="teammate@example.com"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: '1 1 240px' }}
            />
            <Select
              label="Role"
              data={roleOptions.length ? roleOptions : [{ value: 'member', label: 'Member' }]}
              value={role}
              onChange={(v) => setRole(v ?? 'member')}
              w={170}
              allowDeselect={false}
            />
            <Button type="submit" loading={busy} leftSection={<IconSend size={16} />}>
              Send invite
            </Button>
          </Group>
          {sent && (
            <Alert color="green" icon={<IconCheck size={18} />} data-testid="invite-sent">
              <Group justify="space-between" gap="xs">
                <Text size="sm">
                  Invite sent to <b>{sent.email}</b> as {roleLabel(sent.role)}. Share its link with them.
                </Text>
                <CopyButton value={inviteLink(sent)}>
                  {({ copied, copy }) => (
                    <Button
                      size="compact-sm"
                      variant="white"
                      color="green"
                      onClick={copy}
                      leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    >
                      {copied ? 'Copied' : 'Copy link'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
          {error && (
            <Alert
              color={seatLimit ? 'orange' : 'red'}
              role="alert"
              icon={<IconAlertCircle size={18} />}
              title="Invite not sent"
              data-testid="invite-error"
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{error.message}</Text>
                {seatLimit && (
                  <Button component={Link} to={`/w/${slug}/billing`} size="compact-sm" variant="white" color="orange">
                    Go to Plan & Billing
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </SectionCard>
  );
}
