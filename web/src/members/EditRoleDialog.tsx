// Renaming a custom role or changing what it grants: its members and pending invites keep it under the new name,
// with what it now grants.
import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, type Role } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { membershipKeys } from './queries.ts';

export function EditRoleDialog({ slug, role, onClose }: { slug: string; role: Role | null; onClose: () => void }) {
  return (
    <Modal opened={role !== null} onClose={onClose} title={role ? `Edit ${role.name}` : ''} centered>
      {role && <EditRoleForm key={role.name} slug={slug} role={role} onClose={onClose} />}
    </Modal>
  );
}

function EditRoleForm({ slug, role, onClose }: { slug: string; role: Role; onClose: () => void }) {
  const queryClient = useQueryClient();
  const intent = useIntentKey();
  const [name, setName] = useState(role.name);
  const [permissions, setPermissions] = useState<string[]>(role.permissions);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'name' | null; message: string } | null>(null);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await intent.send<Role>('PATCH', `/v1/workspaces/${slug}/roles/${encodeURIComponent(role.name)}`, {
        ...(name !== role.name ? { name } : {}),
        permissions,
      });
      await Promise.all(membershipKeys(slug).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      confirmChange(
        'Role saved',
        saved.name === role.name
          ? `${saved.name} now grants ${grantsInWords(saved)}.`
          : `${role.name} is now ${saved.name}; its members keep it. It grants ${grantsInWords(saved)}.`,
      );
      onClose();
    } catch (e) {
      setError({ field: e instanceof ApiError && e.param === 'name' ? 'name' : null, message: errorInWords(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          description="Lowercase letters, digits, hyphens"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error?.field === 'name' ? error.message : undefined}
          data-autofocus
          required
        />
        <Checkbox.Group value={permissions} onChange={setPermissions} label="Grants">
          <Stack gap={6} mt={6}>
            <Checkbox value="billing" label="Billing — see and manage Plan & Billing" />
            <Checkbox value="members" label="Members — invite and manage people" />
          </Stack>
        </Checkbox.Group>
        {error && error.field === null && (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Billing and Members", "nothing beyond seeing members". */
export function grantsInWords(role: Role): string {
  const names = role.permissions.map((p) => (p === 'billing' ? 'Billing' : 'Members'));
  return names.length === 0 ? 'nothing beyond seeing members' : names.join(' and ');
}
