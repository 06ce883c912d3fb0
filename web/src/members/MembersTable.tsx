// The workspace's members with their roles; managers change roles and remove members here.
import { ActionIcon, Alert, Card, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { membershipKeys, useMembers, useRoles } from './queries.ts';

export function MembersTable({ slug, canManage }: { slug: string; canManage: boolean }) {
  const members = useMembers(slug);
  const roles = useRoles(slug);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  async function change(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    }
    for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
  }

  const roleOptions = (roles.data?.data ?? []).map((r) => r.name);
  return (
    <Card withBorder padding="lg">
      <Text fw={600} mb="sm">
        Members
      </Text>
      {error && (
        <Alert color="red" mb="sm" role="alert">
          {error}
        </Alert>
      )}
      <Table data-testid="members-table" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            {canManage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.data?.data.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>{m.email}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <Select
                    aria-label={`Role of ${m.email}`}
                    data={roleOptions.includes(m.role) ? roleOptions : [...roleOptions, m.role]}
                    value={m.role}
                    allowDeselect={false}
                    w={150}
                    onChange={(role) =>
                      role &&
                      role !== m.role &&
                      change(() => api('PATCH', `/v1/workspaces/${slug}/members/${m.id}`, { role }))
                    }
                  />
                ) : (
                  m.role
                )}
              </Table.Td>
              {canManage && (
                <Table.Td>
                  <Tooltip label="Remove from workspace">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${m.email}`}
                      onClick={() => change(() => api('DELETE', `/v1/workspaces/${slug}/members/${m.id}`))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
