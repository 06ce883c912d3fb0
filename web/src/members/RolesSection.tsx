// Roles: the built-in ones and the workspace's custom roles; owners and admins create custom roles here.
import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { useRoles } from './queries.ts';

const permissionLabels = { billing: 'Billing', members: 'Members' } as const;

export function RolesSection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const roles = useRoles(slug);
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/workspaces/${slug}/roles`, { name, permissions });
      setName('');
      setPermissions([]);
      await queryClient.invalidateQueries({ queryKey: ['roles', slug] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="lg">
      <Text fw={600} mb="sm">
        Roles
      </Text>
      <Table verticalSpacing="xs" data-testid="roles-table">
        <Table.Tbody>
          {roles.data?.data.map((role) => (
            <Table.Tr key={role.name}>
              <Table.Td>
                {role.name}{' '}
                {role.builtIn ? (
                  <Badge variant="light" color="gray">
                    built-in
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>
                {role.permissions.length === 0
                  ? 'View members'
                  : role.permissions.map((p) => permissionLabels[p]).join(', ')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canManage && (
        <form onSubmit={create}>
          <Stack gap="xs" mt="md">
            <Group align="flex-end">
              <TextInput
                label="New role"
                placeholder="finance"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <Checkbox.Group value={permissions} onChange={setPermissions} label="Grants">
                <Group mt={6}>
                  <Checkbox value="billing" label="Billing" />
                  <Checkbox value="members" label="Members" />
                </Group>
              </Checkbox.Group>
              <Button type="submit" variant="light" loading={busy}>
                Create role
              </Button>
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
          </Stack>
        </form>
      )}
    </Card>
  );
}
