// Roles: the built-in ones and the workspace's custom roles; owners and admins create custom roles here.
import { Alert, Badge, Button, Checkbox, Divider, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { useRoles } from './queries.ts';
import { roleLabel } from './role-label.ts';

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
    <SectionCard
      title="Roles"
      titleId="roles-title"
      description="Billing lets a role see and manage Plan & Billing; Members lets it invite and manage people."
    >
      {roles.error && (
        <Alert color="red" mb="sm" role="alert" icon={<IconAlertCircle size={18} />}>
          {roles.error.message}
        </Alert>
      )}
      <Table verticalSpacing="xs" data-testid="roles-table" aria-labelledby="roles-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Grants</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.data?.data.map((role) => (
            <Table.Tr key={role.name} data-testid="role-row">
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {roleLabel(role.name)}
                  </Text>
                  <Badge variant="light" color={role.builtIn ? 'gray' : 'indigo'} size="xs">
                    {role.builtIn ? 'Built-in' : 'Custom'}
                  </Badge>
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {role.permissions.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Sees members
                    </Text>
                  ) : (
                    role.permissions.map((p) => (
                      <Badge key={p} variant="outline" color="gray" size="sm" radius="sm">
                        {permissionLabels[p]}
                      </Badge>
                    ))
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canManage && (
        <>
          <Divider my="md" />
          <form onSubmit={create} aria-label="Create a custom role">
            <Stack gap="xs">
              <Group align="flex-end" gap="lg">
                <TextInput
                  label="New role"
                  description="Lowercase letters, digits, hyphens"
                  placeholder="finance"
                  required
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  w={240}
                />
                <Checkbox.Group value={permissions} onChange={setPermissions} label="Grants">
                  <Group mt={8} mb={8}>
                    <Checkbox value="billing" label="Billing" />
                    <Checkbox value="members" label="Members" />
                  </Group>
                </Checkbox.Group>
                <Button type="submit" variant="default" loading={busy} leftSection={<IconPlus size={16} />}>
                  Create role
                </Button>
              </Group>
              {error && (
                <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="role-error">
                  {error}
                </Alert>
              )}
            </Stack>
          </form>
        </>
      )}
    </SectionCard>
  );
}
