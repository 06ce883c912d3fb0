// Activity on Plan & Billing: who changed what in the workspace's billing, newest first: the act in a sentence,
// the actor's name and role (or Billfold itself for renewals, dunning and the like), and when.
import { Alert, Avatar, Divider, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconKey, IconRobot } from '@tabler/icons-react';
import { Fragment } from 'react';
import { errorInWords } from '../../layout/change-notices.ts';
import { ListState } from '../../layout/ListState.tsx';
import { SectionCard } from '../../layout/SectionCard.tsx';
import { roleLabel } from '../../members/role-label.ts';
import { initials } from '../../session.ts';
import { formatMinute, formatMoment, formatShortMoment, isRecent, relativeMoment } from './moments.ts';
import { useActivity } from './queries.ts';
import type { ActivityActor, ActivityEntry } from './types.ts';

export function ActivityCard({ slug }: { slug: string }) {
  const activity = useActivity(slug);
  const rows = activity.data ?? [];

  return (
    <SectionCard
      title="Activity"
      titleId="activity-title"
      description="Who changed the plan, seats, payment methods, billing details and credits, and when."
      testId="activity"
    >
      {activity.error && rows.length > 0 && (
        <Alert color="red" mb="sm" role="alert" icon={<IconAlertCircle size={18} />}>
          {errorInWords(activity.error)}
        </Alert>
      )}
      <ListState list={activity} empty="Nothing has changed in this workspace's billing yet." emptyTestId="no-activity">
        <Stack gap={0}>
          {rows.map((entry, index) => (
            <Fragment key={entry.id}>
              {index > 0 && <Divider />}
              <ActivityRow entry={entry} />
            </Fragment>
          ))}
        </Stack>
      </ListState>
    </SectionCard>
  );
}

function ActivityRow({ entry }: { entry: ActivityEntry }) {
  return (
    <Group gap="sm" py="sm" wrap="nowrap" align="flex-start" data-testid="activity-entry" data-action={entry.action}>
      <ActorAvatar actor={entry.actor} />
      <Group gap={4} justify="space-between" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
        <Stack gap={2} miw={0} style={{ flex: '1 1 260px' }}>
          <Text size="sm" fw={500} data-testid="activity-summary" style={{ wordBreak: 'break-word' }}>
            {entry.summary}
          </Text>
          <Text size="xs" c="dimmed" data-testid="activity-actor">
            {actorLabel(entry.actor)}
          </Text>
        </Stack>
        <Text
          size="xs"
          c="dimmed"
          title={formatMoment(entry.occurredAt)}
          data-testid="activity-time"
          style={{ whiteSpace: 'nowrap' }}
        >
          <time dateTime={entry.occurredAt}>
            {isRecent(entry.occurredAt)
              ? `${relativeMoment(entry.occurredAt)} · ${formatShortMoment(entry.occurredAt)}`
              : formatMinute(entry.occurredAt)}
          </time>
        </Text>
      </Group>
    </Group>
  );
}

/** "Olivia Owner · Owner", "API key Product backend", "Billfold (system)". */
function actorLabel(actor: ActivityActor): string {
  if (actor.type === 'system') return 'Billfold (system)';
  if (actor.type === 'api_key') return `API key ${actor.name ?? actor.id ?? ''}`.trim();
  const name = actor.name ?? 'A former member';
  return actor.role ? `${name} · ${roleLabel(actor.role)}` : name;
}

function ActorAvatar({ actor }: { actor: ActivityActor }) {
  if (actor.type === 'system') {
    return (
      <Avatar size={32} radius="xl" color="gray" variant="light" aria-hidden>
        <IconRobot size={16} />
      </Avatar>
    );
  }
  if (actor.type === 'api_key') {
    return (
      <Avatar size={32} radius="xl" color="grape" variant="light" aria-hidden>
        <IconKey size={16} />
      </Avatar>
    );
  }
  return (
    <Avatar size={32} radius="xl" color="indigo" variant="light" aria-hidden>
      {initials(actor.name ?? '?')}
    </Avatar>
  );
}
