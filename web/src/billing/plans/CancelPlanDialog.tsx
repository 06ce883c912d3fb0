// Cancel at the period end, after saying what that means: the plan stays until the paid period ends, then Free.
import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { Subscription } from '../../api.ts';
import { formatDate } from '../dates.ts';
import { useChargedChange } from '../useChargedChange.ts';

export function CancelPlanDialog({
  slug,
  subscription,
  opened,
  onClose,
}: {
  slug: string;
  subscription: Subscription;
  opened: boolean;
  onClose: () => void;
}) {
  const change = useChargedChange(slug, close);
  const name = subscription.tier ? `${subscription.plan.name} ${subscription.tier.name}` : subscription.plan.name;

  function close() {
    change.reset();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={() => !change.busy && close()} title={`Cancel ${name}?`} centered>
      <Text size="sm" data-testid="cancel-plan-text">
        {name} stays active until {formatDate(subscription.currentPeriodEnd)}, the end of the period already paid for.
        Then the workspace moves to the Free plan; its members and data stay. You can resume the plan until then.
      </Text>
      {change.error && (
        <Alert color="red" mt="md" role="alert" icon={<IconAlertCircle size={18} />}>
          {change.error.message}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm" mt="lg">
        <Button variant="default" onClick={close} disabled={change.busy}>
          Keep {name}
        </Button>
        <Button color="red" loading={change.busy} onClick={() => change.send('subscription/cancel')}>
          Cancel plan
        </Button>
      </Group>
    </Modal>
  );
}
