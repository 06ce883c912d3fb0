// Roles: the built-in ones and the workspace's custom roles; owners and admins create, edit and delete custom roles
// here (a deleted role's members become members, after a confirmation that says how many).
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertCircle, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Role } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { ConfirmDialog } from '../layout/ConfirmDialog.tsx';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { EditRoleDialog, grantsInWords } from './EditRoleDialog.tsx';
import { membershipKeys, useMembers, useRoles } from './queries.ts';
import { roleLabel } from './role-label.ts';

const permissionLabels = { billing: 'Billing', members: 'Members' } as const;

export function RolesSection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const roles = useRoles(slug);
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Role | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deletingBusy, setDeletingBusy] = useState(false);
  const deleteIntent = useIntentKey();
  const members = useMembers(slug);
  const holders = deleting ? (members.data?.data.filter((m) => m.role === deleting.name).length ?? 0) : 0;

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api<Role>('POST', `/v1/workspaces/${slug}/roles`, { name, permissions });
      setName('');
      setPermissions([]);
      await queryClient.invalidateQueries({ queryKey: ['roles', slug] });
      confirmChange('Role created', `${created.name} grants ${grantsInWords(created)}. Give it from the members list.`);
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  async function deleteRole(role: Role) {
    setDeletingBusy(true);
    setDeleteError(null);
    try {
      const deleted = await deleteIntent.send<Role & { membersReassigned: number }>(
        'DELETE',
        `/v1/workspaces/${slug}/roles/${encodeURIComponent(role.name)}`,
      );
      await Promise.all(membershipKeys(slug).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      setDeleting(null);
      const moved = deleted.membersReassigned;
      confirmChange(
        'Role deleted',
        moved === 0
          ? `${role.name} is gone.`
          : `${role.name} is gone; ${moved === 1 ? 'the person who held it is now a member' : `the ${moved} people who held it are now members`}.`,
      );
    } catch (e) {
      setDeleteError(errorInWords(e));
    } finally {
      setDeletingBusy(false);
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
            {canManage && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
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
              {canManage && (
                <Table.Td ta="right">
                  {!role.builtIn && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${role.name}`}
                        onClick={() => setEditing(role)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${role.name}`}
                        onClick={() => {
                          setDeleteError(null);
                          setDeleting(role);
                        }}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
              )}
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
      <EditRoleDialog slug={slug} role={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete role"
        busy={deletingBusy}
        error={deleteError}
        onConfirm={() => deleting && deleteRole(deleting)}
        onClose={() => {
          deleteIntent.forget();
          setDeleting(null);
        }}
      >
        {holders === 0
          ? 'Nobody holds this role.'
          : `${holders === 1 ? '1 person holds' : `${holders} people hold`} this role: they become members, with what a member may do.`}{' '}
        Pending invites with it become invites as member.
      </ConfirmDialog>
    </SectionCard>
  );
}
