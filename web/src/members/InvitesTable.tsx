// Pending invites: who, which role, until when, the link to share, and Revoke.
import { Alert, Badge, Button, CopyButton, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import tables from '../layout/StackedTable.module.css';
import { inviteLink } from './invite-link.ts';
import { membershipKeys, useInvites } from './queries.ts';
import { roleLabel } from './role-label.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function InvitesTable({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invites = useInvites(slug);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);

  async function revoke(inviteId: string) {
    setError(null);
    setRevoking(inviteId);
    try {
      await api('DELETE', `/v1/workspaces/${slug}/invites/${inviteId}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRevoking(null);
    }
    for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
  }

  const rows = invites.data?.data ?? [];
  return (
    <SectionCard
      title="Pending invites"
      titleId="invites-title"
      description={
        rows.length ? `${rows.length} waiting to be accepted` : 'Invites not yet accepted show here with their links.'
      }
    >
      {(error || invites.error) && (
        <Alert color="red" mb="sm" role="alert" icon={<IconAlertCircle size={18} />}>
          {error ?? invites.error?.message}
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="no-invites">
          No pending invites.
        </Text>
      ) : (
        <Table
          data-testid="invites-table"
          verticalSpacing="sm"
          aria-labelledby="invites-title"
          className={tables.stacked}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Invite link</Table.Th>
              {canManage && (
                <Table.Th w={90}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((invite) => {
              const link = inviteLink(invite);
              return (
                <Table.Tr key={invite.id} data-testid="invite-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {invite.email}
                    </Text>
                  </Table.Td>
                  <Table.Td data-label="Role">
                    <Text size="sm">{roleLabel(invite.role)}</Text>
                  </Table.Td>
                  <Table.Td data-label="Expires">
                    {invite.status === 'expired' ? (
                      <Badge color="gray" variant="light">
                        Expired
                      </Badge>
                    ) : (
                      <Text size="sm">{dateFormat.format(new Date(invite.expiresAt))}</Text>
                    )}
                  </Table.Td>
                  <Table.Td data-label="Invite link">
                    <Group gap="xs" wrap="nowrap">
                      <Tooltip label={link} openDelay={400}>
                        <Text size="xs" c="dimmed" ff="monospace" truncate maw={220} data-testid="invite-link">
                          {link}
                        </Text>
                      </Tooltip>
                      <CopyButton value={link}>
                        {({ copied, copy }) => (
                          <Button
                            size="compact-xs"
                            variant="light"
                            color={copied ? 'green' : undefined}
                            leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                            onClick={copy}
                            aria-label={`Copy invite link for ${invite.email}`}
                            style={{ flex: 'none' }}
                          >
                            {copied ? 'Copied' : 'Copy link'}
                          </Button>
                        )}
                      </CopyButton>
                    </Group>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={revoking === invite.id}
                        onClick={() => revoke(invite.id)}
                        aria-label={`Revoke invite for ${invite.email}`}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
