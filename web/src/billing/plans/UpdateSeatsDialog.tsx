// Update quantity on a per-seat plan: more seats are charged now, prorated; fewer take effect at the renewal and
// never go below the members and pending invites.
import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconClockPause } from '@tabler/icons-react';
import { useState } from 'react';
import { type BillingSummary, isApiError, type Subscription } from '../../api.ts';
import { confirmChange } from '../../layout/change-notices.ts';
import { ConfirmPaymentDialog } from '../ConfirmPaymentDialog.tsx';
import { formatDate } from '../dates.ts';
import { formatMoney } from '../money.ts';
import { useChargedChange } from '../useChargedChange.ts';
import { ChangePreview } from './ChangePreview.tsx';
import { changeConfirmation } from './change-confirmation.ts';
import { useSubscriptionPreview } from './queries.ts';

export function UpdateSeatsDialog({
  summary,
  subscription,
  opened,
  onClose,
}: {
  summary: BillingSummary;
  subscription: Subscription;
  opened: boolean;
  onClose: () => void;
}) {
  const slug = summary.workspace.slug;
  const { activeUsers, pendingInvites } = summary.seats;
  const used = activeUsers + pendingInvites;
  const current = subscription.seats ?? summary.seats.maxUsers;
  // A decrease already scheduled for the renewal; choosing the current count again calls it off.
  const next = subscription.scheduledChange;
  const scheduled =
    next && next.plan.id === subscription.plan.id && next.interval === subscription.interval ? next.seats : null;
  const renewing = scheduled ?? current;
  // Null until typed: the seats the renewal will bill, read afresh each time the dialog opens.
  const [typed, setTyped] = useState<number | string | null>(null);
  const change = useChargedChange(slug, done);
  const seats = typed ?? renewing;
  const valid = typeof seats === 'number' && Number.isInteger(seats) && seats >= used;
  const wanted =
    valid && seats !== renewing ? { plan: subscription.plan.id, interval: subscription.interval, seats } : null;
  const [request] = useDebouncedValue(wanted, 250);
  const preview = useSubscriptionPreview(slug, opened ? request : null);
  const upToDate = JSON.stringify(request) === JSON.stringify(wanted);
  const previewReady = wanted !== null && upToDate && preview.data !== undefined && !preview.isFetching;
  // The server names the field when the count is below the seats in use (409, param "seats").
  const seatsError =
    (!valid && `At least ${used}: every member and pending invite takes a seat.`) ||
    (change.error && isApiError(change.error, 409) && change.error.param === 'seats' ? change.error.message : null);

  /** The change went through: say what it did (from the preview confirmed), then close. */
  function done() {
    if (preview.data) {
      const count = wanted?.seats ?? renewing;
      const { title, message } = changeConfirmation(
        'seats',
        `${count} ${count === 1 ? 'seat' : 'seats'}`,
        preview.data,
      );
      confirmChange(title, message);
    }
    close();
  }

  function close() {
    setTyped(null);
    change.reset();
    onClose();
  }

  function confirm() {
    if (change.awaiting) change.payment.requestConfirmation(change.awaiting);
    else if (wanted) change.send('subscription/seats', { seats: wanted.seats });
  }

  let confirmLabel = 'Update quantity';
  if (change.awaiting) confirmLabel = 'Confirm payment';
  else if (preview.data?.effective === 'unchanged') confirmLabel = `Keep ${current} seats`;
  else if (preview.data?.effective === 'period_end') confirmLabel = 'Schedule change';
  else if (preview.data && preview.data.amountDue > 0)
    confirmLabel = `Confirm and pay ${formatMoney(preview.data.amountDue, preview.data.currency)}`;

  return (
    <>
      <Modal
        opened={opened && change.payment.confirming === null}
        onClose={() => !change.busy && close()}
        title="Update quantity"
        centered
      >
        <Stack gap="md" data-testid="update-seats">
          <Text size="sm" c="dimmed">
            {subscription.plan.name} is billed per seat: {current} paid for, {used} in use ({activeUsers}{' '}
            {activeUsers === 1 ? 'member' : 'members'}, {pendingInvites} pending{' '}
            {pendingInvites === 1 ? 'invite' : 'invites'})
            {scheduled !== null && next ? `; ${scheduled} from ${formatDate(next.effectiveAt)}` : ''}.
          </Text>
          <NumberInput
            label="Seats"
            description="Adding seats is charged now for the rest of the period; removing them applies at the renewal."
            min={used}
            max={10_000}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={seats}
            onChange={(value) => {
              change.reset();
              setTyped(value);
            }}
            error={seatsError || undefined}
            disabled={change.awaiting !== null}
            data-autofocus
          />
          {wanted && (
            <ChangePreview preview={preview.data} loading={!previewReady} error={upToDate ? preview.error : null} />
          )}
          {change.awaiting && (
            <Alert color="yellow" icon={<IconClockPause size={18} />} title="Waiting for your bank">
              The seats are added once invoice {change.awaiting.number} is paid: confirm the payment now, or later with
              Pay now under Invoices.
            </Alert>
          )}
          {change.error && !seatsError && (
            <Alert
              color="red"
              role="alert"
              icon={<IconAlertCircle size={18} />}
              title="Quantity not changed"
              data-testid="update-seats-error"
            >
              {change.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={change.busy}>
              {change.awaiting ? 'Close' : 'Cancel'}
            </Button>
            <Button onClick={confirm} loading={change.busy} disabled={!change.awaiting && !previewReady}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmPaymentDialog payment={change.payment} />
    </>
  );
}
