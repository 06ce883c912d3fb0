// Cancel at the period end, after saying what that means: the plan stays until the paid period ends, then Free, with
// what the server's cancel preview says ends with it (members over Free's limit, expiring credits, no invoices) and
// whether Resume would keep a change already scheduled. Or end it now: the workspace moves to Free today and the
// unused time (the server's termination preview) goes back to the card or to the customer balance.
import {
  Alert,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { IconAlertCircle, IconArrowBackUp, IconArrowDownRight } from '@tabler/icons-react';
import { useState } from 'react';
import type { Subscription } from '../../api.ts';
import { confirmChange } from '../../layout/change-notices.ts';
import { formatDate } from '../dates.ts';
import { formatMoney } from '../money.ts';
import { useChargedChange } from '../useChargedChange.ts';
import { ChangeConsequences, type ConsequenceLine, consequenceLines } from './ChangeConsequences.tsx';
import { useCancelPreview, useTerminationPreview } from './queries.ts';
import { scheduledChangeName } from './scheduled-change.ts';

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
  const change = useChargedChange(slug, done);
  const preview = useCancelPreview(slug, opened);
  const ending = useChargedChange(slug, ended);
  const termination = useTerminationPreview(slug, opened);
  const [refundTo, setRefundTo] = useState<'card' | 'balance'>('card');
  const name = subscription.tier ? `${subscription.plan.name} ${subscription.tier.name}` : subscription.plan.name;
  const scheduled = subscription.scheduledChange;

  function done() {
    const until = preview.data ? ` until ${formatDate(preview.data.effectiveAt)}` : ' until the period ends';
    confirmChange(
      'Plan canceled',
      `${name} stays active${until}, then the workspace moves to Free. You can resume it until then.`,
    );
    close();
  }

  function ended() {
    const refund = termination.data?.refundAmount
      ? ` ${formatMoney(termination.data.refundAmount, termination.data.currency)} of unused time ${refundTo === 'card' ? 'goes back to the card' : 'is credited to your balance'}.`
      : '';
    confirmChange('Plan ended', `${name} ended today and the workspace is on Free.${refund}`);
    close();
  }

  function close() {
    change.reset();
    ending.reset();
    onClose();
  }

  const busy = change.busy || ending.busy;
  const refundAmount = termination.data ? formatMoney(termination.data.refundAmount, termination.data.currency) : null;

  // Asked afresh each time the dialog opens: what a cancel ends changes with the members and the plan.
  const loading = preview.isFetching || (!preview.data && !preview.error);
  let lines: ConsequenceLine[] = [];
  if (preview.data) {
    lines = [
      {
        testId: 'consequence-free',
        icon: <IconArrowDownRight size={18} stroke={1.6} color="var(--mantine-color-indigo-6)" />,
        text: `Then the workspace moves to the Free plan on ${formatDate(preview.data.effectiveAt)}; its members and data stay.`,
      },
      ...consequenceLines(preview.data, 'Free'),
    ];
    if (scheduled) {
      lines.push({
        testId: 'consequence-resume-keeps',
        icon: <IconArrowBackUp size={18} stroke={1.6} color="var(--mantine-color-indigo-6)" />,
        text: `If you resume, the change to ${scheduledChangeName(scheduled, subscription)} on ${formatDate(scheduled.effectiveAt)} still happens.`,
      });
    }
  }

  return (
    <Modal opened={opened} onClose={() => !busy && close()} title={`Cancel ${name}?`} centered>
      <Stack gap="md">
        <Text size="sm" data-testid="cancel-plan-text">
          {subscription.status === 'trialing'
            ? `The ${name} trial goes on until ${formatDate(subscription.currentPeriodEnd)}, and nothing is charged.`
            : `${name} stays active until ${formatDate(subscription.currentPeriodEnd)}, the end of the period already paid for.`}{' '}
          You can resume the plan until then.
        </Text>
        {loading ? (
          <Center py="sm">
            <Loader size="sm" aria-label="Checking what canceling ends" />
          </Center>
        ) : preview.error ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="cancel-preview-error">
            {preview.error.message}
          </Alert>
        ) : (
          <Paper withBorder radius="md" p="md" bg="gray.0">
            <ChangeConsequences lines={lines} testId="cancel-consequences" />
          </Paper>
        )}
        {change.error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
            {change.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={busy} data-autofocus>
            Keep {name}
          </Button>
          <Button
            color="red"
            loading={change.busy}
            // A cancel is never refused for what it ends; the preview only has to have said it first.
            disabled={loading || ending.busy}
            onClick={() => change.send('subscription/cancel')}
          >
            Cancel plan
          </Button>
        </Group>
        <Divider label="Or end it now" labelPosition="center" />
        <Stack gap="xs" data-testid="terminate-section">
          <Text size="sm" fw={600}>
            End now and refund the unused time
          </Text>
          <Text size="sm" c="dimmed" data-testid="terminate-text">
            {termination.data
              ? `${name} ends today and the workspace moves to Free at once. The unused time, ${refundAmount}, is refunded.`
              : termination.error
                ? termination.error.message
                : 'Working out the unused time…'}
          </Text>
          <SegmentedControl
            size="xs"
            value={refundTo}
            onChange={(value) => setRefundTo(value as 'card' | 'balance')}
            data={[
              { value: 'card', label: 'To the card' },
              { value: 'balance', label: 'To the balance' },
            ]}
            aria-label="Where the refund goes"
          />
          {ending.error && (
            <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
              {ending.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              color="red"
              variant="outline"
              loading={ending.busy}
              disabled={!termination.data || change.busy}
              onClick={() => ending.send('subscription/terminate', { refund: refundTo })}
            >
              {refundAmount ? `End now and refund ${refundAmount}` : 'End now'}
            </Button>
          </Group>
        </Stack>
      </Stack>
    </Modal>
  );
}
