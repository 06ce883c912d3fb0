// Pending invites: who, which role, until when, the link to share, and Revoke.
import { Alert, Badge, Button, Card, CopyButton, Group, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { membershipKeys, useInvites } from './queries.ts';

export function InvitesTable({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invites = useInvites(slug);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  async function revoke(inviteId: string) {
    setError(null);
    try {
      await api('DELETE', `/v1/workspaces/${slug}/invites/${inviteId}`);
    } catch (e) {
      setError((e as Error).message);
    }
    for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
  }

  const rows = invites.data?.data ?? [];
  return (
    <Card withBorder padding="lg">
      <Text fw={600} mb="sm">
        Pending invites
      </Text>
      {error && (
        <Alert color="red" mb="sm" role="alert">
          {error}
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No pending invites.
        </Text>
      ) : (
        <Table data-testid="invites-table" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Invite link</Table.Th>
              {canManage && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((invite) => (
              <Table.Tr key={invite.id} data-testid="invite-row">
                <Table.Td>{invite.email}</Table.Td>
                <Table.Td>{invite.role}</Table.Td>
                <Table.Td>
                  {invite.status === 'expired' ? (
                    <Badge color="gray">Expired</Badge>
                  ) : (
                    new Date(invite.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' })
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="xs" c="dimmed" data-testid="invite-link" style={{ wordBreak: 'break-all' }}>
                      {invite.acceptUrl}
                    </Text>
                    <CopyButton value={invite.acceptUrl}>
                      {({ copied, copy }) => (
                        <Button size="compact-xs" variant="light" onClick={copy}>
                          {copied ? 'Copied' : 'Copy link'}
                        </Button>
                      )}
                    </CopyButton>
                  </Group>
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => revoke(invite.id)}>
                      Revoke
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
