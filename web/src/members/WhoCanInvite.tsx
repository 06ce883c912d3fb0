// In place of the invite form, for those who may not invite (the server asks for members:manage): which roles can,
// and who holds them, so the person knows whom to ask.
import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import type { Member, Role } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { useMembers, useRoles } from './queries.ts';

/** Owners and admins invite; so does anyone whose custom role was granted the Members permission. */
function invitingRoles(roles: Role[]): string[] {
  return ['owner', 'admin', ...roles.filter((r) => !r.builtIn && r.permissions.includes('members')).map((r) => r.name)];
}

function whoInvites(roles: Role[]): string {
  const custom = invitingRoles(roles).slice(2);
  if (custom.length === 0) return 'Only owners and admins can invite people.';
  const customRoles = `the ${new Intl.ListFormat('en', { type: 'conjunction' }).format(custom)} ${custom.length === 1 ? 'role' : 'roles'}`;
  return `Only owners, admins and people with ${customRoles} can invite people.`;
}

const namedAtMost = 3;

function whomToAsk(members: Member[], roles: Role[]): string | null {
  const inviting = new Set(invitingRoles(roles));
  const inviters = members.filter((m) => inviting.has(m.role)).map((m) => m.name);
  if (inviters.length === 0) return null;
  const named = inviters.slice(0, namedAtMost);
  const others = inviters.length - named.length;
  const names = others > 0 ? [...named, `${others} ${others === 1 ? 'other' : 'others'}`] : named;
  return `Ask ${new Intl.ListFormat('en', { type: 'disjunction' }).format(names)} to send an invite.`;
}

export function WhoCanInvite({ slug }: { slug: string }) {
  const roles = useRoles(slug).data?.data ?? [];
  const members = useMembers(slug).data?.data;
  const ask = members ? whomToAsk(members, roles) : null;
  return (
    <SectionCard title="Invite people" titleId="invite-title" testId="invite-not-allowed">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="indigo" radius="xl" size="lg" style={{ flex: 'none' }} aria-hidden>
          <IconUserPlus size={18} />
        </ThemeIcon>
        <div>
          <Text size="sm" fw={500} data-testid="who-can-invite">
            {whoInvites(roles)}
          </Text>
          {ask && (
            <Text size="sm" c="dimmed" data-testid="whom-to-ask">
              {ask}
            </Text>
          )}
        </div>
      </Group>
    </SectionCard>
  );
}
