// Invite by email with a role; the server's refusal (e.g. every seat in use) is shown as it says it.
import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../api.ts';
import { membershipKeys, useRoles } from './queries.ts';

export function InviteForm({ slug, autoFocus }: { slug: string; autoFocus: boolean }) {
  const roles = useRoles(slug);
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) emailInput.current?.focus();
  }, [autoFocus]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      await api('POST', `/v1/workspaces/${slug}/invites`, { email, role });
      setSent(email);
      setEmail('');
      for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  const roleOptions = (roles.data?.data ?? []).map((r) => ({ value: r.name, label: r.name }));
  return (
    <Card withBorder padding="lg" data-testid="invite-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text fw={600}>Invite people</Text>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              ref={emailInput}
              label="Email"
              type="email"
              required
              placeholder="teammate@example.com"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Select
              label="Role"
              data={roleOptions}
              value={role}
              onChange={(v) => setRole(v ?? 'member')}
              w={160}
              allowDeselect={false}
            />
            <Button type="submit" loading={busy}>
              Send invite
            </Button>
          </Group>
          {sent && (
            <Alert color="green" data-testid="invite-sent">
              Invite sent to {sent}. Copy its link from the pending invites below.
            </Alert>
          )}
          {error && (
            <Alert color="red" role="alert" data-testid="invite-error">
              {error.message}
              {error instanceof ApiError && error.code === 'seat_limit_reached' && (
                <>
                  {' '}
                  <Anchor component={Link} to={`/w/${slug}/billing`}>
                    Go to Plan & Billing
                  </Anchor>
                </>
              )}
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}
