// A renewal whose charge failed, or waits for the cardholder to confirm it with their bank (3-D Secure): why, how
// much, when it is tried again, and the ways to settle it now.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import type { BillingSummary, Subscription } from '../api.ts';
import { AddCardDialog } from './AddCardDialog.tsx';
import { ConfirmPaymentDialog } from './ConfirmPaymentDialog.tsx';
import { formatDate } from './dates.ts';
import { formatMoney } from './money.ts';
import { useInvoicePayment } from './useInvoicePayment.ts';

export function PastDueAlert({
  summary,
  pastDue,
}: {
  summary: BillingSummary;
  pastDue: NonNullable<Subscription['pastDue']>;
}) {
  const slug = summary.workspace.slug;
  const [addingCard, setAddingCard] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const payment = useInvoicePayment(slug, { onFailed: setRetryError });
  const amount = formatMoney(pastDue.amount, pastDue.currency);
  // The waiting charge is not sent again to another card (decision 008): confirming it is the way to pay.
  const needsConfirmation = pastDue.reason === 'action_required' && pastDue.nextActionUrl !== null;

  function retry() {
    setRetryError(null);
    return payment.payNow(pastDue.invoiceId);
  }

  return (
    <Alert
      color="red"
      variant="light"
      mt="md"
      icon={<IconAlertTriangle size={20} />}
      title={needsConfirmation ? 'Confirm the payment' : 'Payment failed'}
      data-testid="past-due"
    >
      {needsConfirmation ? (
        <>
          <Text size="sm" data-testid="past-due-reason">
            The renewal of {amount} (invoice {pastDue.number}) is waiting for you: your bank asks you to confirm the
            payment.
          </Text>
          <Text size="sm" mt={4} data-testid="past-due-retry">
            {pastDue.nextRetryAt
              ? `Confirm the payment to keep the plan; it is checked again on ${formatDate(pastDue.nextRetryAt)}.`
              : 'Confirm the payment now to keep the plan.'}
          </Text>
        </>
      ) : (
        <>
          <Text size="sm" data-testid="past-due-reason">
            The renewal of {amount} (invoice {pastDue.number}) could not be charged
            {pastDue.failureMessage ? `: ${pastDue.failureMessage}` : '.'}
          </Text>
          <Text size="sm" mt={4} data-testid="past-due-retry">
            {pastDue.nextRetryAt
              ? `It is tried again on ${formatDate(pastDue.nextRetryAt)}. Update the payment method or retry now to keep the plan.`
              : 'No retries are left: pay the invoice now to keep the plan.'}
          </Text>
        </>
      )}
      {retryError && (
        <Text size="sm" mt={4} fw={500} role="alert" data-testid="past-due-retry-error">
          Retry failed: {retryError}
        </Text>
      )}
      {summary.permissions.manage && (
        <>
          {needsConfirmation ? (
            <Group gap="sm" mt="sm">
              {/* Asks for the invoice again: the answer carries the bank's link (nextActionUrl) the dialog confirms. */}
              <Button size="xs" color="red" loading={payment.busy && !payment.confirming} onClick={retry}>
                Confirm the payment
              </Button>
            </Group>
          ) : (
            <Group gap="sm" mt="sm">
              <Button size="xs" variant="default" onClick={() => setAddingCard(true)}>
                Update payment method
              </Button>
              <Button size="xs" color="red" loading={payment.busy && !payment.confirming} onClick={retry}>
                Retry now
              </Button>
            </Group>
          )}
          <AddCardDialog
            slug={slug}
            opened={addingCard}
            onClose={() => setAddingCard(false)}
            replacing={summary.paymentMethod !== null}
          />
          <ConfirmPaymentDialog payment={payment} />
        </>
      )}
    </Alert>
  );
}
