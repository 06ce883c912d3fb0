// Pay now for an open invoice: charges the default card; when the bank asks the cardholder to confirm, a dialog
// does that (the sandbox's stand-in for the bank's popup) and the payment is tried again.
import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { IconAlertCircle, IconShieldCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Invoice } from '../api.ts';
import { formatMoney } from './money.ts';
import { refreshInvoices } from './queries.ts';

export function PayInvoiceButton({
  slug,
  invoice,
  onResult,
}: {
  slug: string;
  invoice: Invoice;
  /** Why the payment did not go through (the card processor's words), or null once it did or was retried. */
  onResult: (error: string | null) => void;
}) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const label = invoice.number ?? 'this invoice';
  const amount = formatMoney(invoice.total, invoice.currency);

  function pay() {
    return api<Invoice>('POST', `/v1/workspaces/${slug}/invoices/${invoice.id}/pay`);
  }

  async function payNow() {
    setBusy(true);
    onResult(null);
    try {
      const result = await pay();
      if (result.status === 'open' && result.payment?.status === 'requires_action' && result.payment.nextActionUrl) {
        setConfirmError(null);
        setConfirming(result);
      } else if (result.status !== 'paid') {
        onResult(result.payment?.failureMessage ?? `${label} is still open. Try again in a moment.`);
      }
    } catch (e) {
      onResult((e as Error).message);
    } finally {
      setBusy(false);
    }
    await refreshInvoices(queryClient, slug);
  }

  async function confirm() {
    const url = confirming?.payment?.nextActionUrl;
    if (!url) return;
    setBusy(true);
    setConfirmError(null);
    try {
      // What the cardholder does in their bank's window; then the invoice is charged again, now authenticated.
      await api('POST', url);
      const result = await pay();
      if (result.status === 'paid') {
        setConfirming(null);
      } else {
        setConfirmError(result.payment?.failureMessage ?? 'The payment is still not complete. Try again.');
      }
    } catch (e) {
      setConfirmError((e as Error).message);
    } finally {
      setBusy(false);
    }
    await refreshInvoices(queryClient, slug);
  }

  return (
    <>
      <Button size="compact-sm" loading={busy && !confirming} onClick={payNow} aria-label={`Pay ${label} now`}>
        Pay now
      </Button>
      <Modal
        opened={confirming !== null}
        onClose={() => !busy && setConfirming(null)}
        title="Confirm the payment"
        centered
      >
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconShieldCheck size={28} stroke={1.5} color="var(--mantine-color-indigo-6)" style={{ flex: 'none' }} />
          <Text size="sm" data-testid="confirm-payment-text">
            Your bank asks you to confirm this payment of {amount} for invoice {label}.
          </Text>
        </Group>
        {confirmError && (
          <Alert color="red" mt="md" role="alert" icon={<IconAlertCircle size={18} />}>
            {confirmError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={() => setConfirming(null)} disabled={busy}>
            Cancel
          </Button>
          <Button loading={busy} onClick={confirm}>
            Confirm payment
          </Button>
        </Group>
      </Modal>
    </>
  );
}
