// The workspace's members with their roles; managers change roles and remove members here.
import {
  ActionIcon,
  Alert,
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertCircle, IconUserMinus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Member } from '../api.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import tables from '../layout/StackedTable.module.css';
import { initials, useSession } from '../session.ts';
import { membershipKeys, useMembers, useRoles } from './queries.ts';
import { roleLabel } from './role-label.ts';

export function MembersTable({ slug, canManage }: { slug: string; canManage: boolean }) {
  const members = useMembers(slug);
  const roles = useRoles(slug);
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);
  const me = session.data?.user.id;

  async function refresh() {
    for (const key of membershipKeys(slug)) await queryClient.invalidateQueries({ queryKey: key });
  }

  async function changeRole(member: Member, role: string) {
    setError(null);
    try {
      await api('PATCH', `/v1/workspaces/${slug}/members/${member.id}`, { role });
      confirmChange('Role changed', `${member.name || member.email} is now ${roleLabel(role)}.`);
    } catch (e) {
      setError(errorInWords(e));
    }
    await refresh();
  }

  async function remove(member: Member) {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', `/v1/workspaces/${slug}/members/${member.id}`);
      setRemoving(null);
      if (member.userId !== me) confirmChange('Member removed', `${member.name || member.email} no longer has access.`);
      if (member.userId === me) {
        // Leaving: this workspace is gone from the user's list.
        await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
        navigate('/', { replace: true });
        return;
      }
    } catch (e) {
      setRemoving(null);
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
    await refresh();
  }

  const roleOptions = (roles.data?.data ?? []).map((r) => ({ value: r.name, label: roleLabel(r.name) }));
  const rows = members.data?.data ?? [];
  const leaving = removing?.userId === me;
  return (
    <SectionCard
      title="Members"
      titleId="members-title"
      description={members.data ? `${rows.length} ${rows.length === 1 ? 'person' : 'people'}` : undefined}
    >
      {(error || members.error) && (
        <Alert color="red" mb="sm" role="alert" icon={<IconAlertCircle size={18} />} data-testid="members-error">
          {error ?? members.error?.message}
        </Alert>
      )}
      <Table
        data-testid="members-table"
        verticalSpacing="sm"
        aria-labelledby="members-title"
        className={tables.stacked}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th w={190}>Role</Table.Th>
            {canManage && (
              <Table.Th w={48}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((m) => (
            <Table.Tr key={m.id} data-testid="member-row">
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <Avatar size={30} radius="xl" color="indigo" variant="light">
                    {initials(m.name)}
                  </Avatar>
                  <Text size="sm" fw={500}>
                    {m.name}
                  </Text>
                  {m.userId === me && (
                    <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                      You
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td data-label="Email">
                <Text size="sm" c="dimmed">
                  {m.email}
                </Text>
              </Table.Td>
              <Table.Td data-label="Role">
                {canManage ? (
                  <Select
                    aria-label={`Role of ${m.email}`}
                    data={
                      roleOptions.some((o) => o.value === m.role)
                        ? roleOptions
                        : [...roleOptions, { value: m.role, label: roleLabel(m.role) }]
                    }
                    value={m.role}
                    allowDeselect={false}
                    size="sm"
                    w={170}
                    onChange={(role) => role && role !== m.role && changeRole(m, role)}
                  />
                ) : (
                  <Text size="sm">{roleLabel(m.role)}</Text>
                )}
              </Table.Td>
              {canManage && (
                <Table.Td className={tables.corner}>
                  <Tooltip label={m.userId === me ? 'Leave workspace' : 'Remove from workspace'}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={m.userId === me ? 'Leave workspace' : `Remove ${m.email}`}
                      onClick={() => setRemoving(m)}
                    >
                      <IconUserMinus size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={leaving ? 'Leave workspace?' : `Remove ${removing?.name}?`}
        centered
      >
        <Text size="sm">
          {leaving
            ? 'You will lose access to this workspace until someone invites you again.'
            : `${removing?.email} will lose access to this workspace. Their seat becomes free.`}
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => removing && remove(removing)}>
            {leaving ? 'Leave' : 'Remove'}
          </Button>
        </Group>
      </Modal>
    </SectionCard>
  );
}
