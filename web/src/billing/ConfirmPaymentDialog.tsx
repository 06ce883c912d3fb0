// The bank's confirmation for a payment that requires authentication, shown for the invoice useInvoicePayment holds.
import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { IconAlertCircle, IconShieldCheck } from '@tabler/icons-react';
import { formatMoney } from './money.ts';
import type { InvoicePayment } from './useInvoicePayment.ts';

export function ConfirmPaymentDialog({ payment }: { payment: InvoicePayment }) {
  const invoice = payment.confirming;
  return (
    <Modal opened={invoice !== null} onClose={payment.dismiss} title="Confirm the payment" centered>
      {invoice && (
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconShieldCheck size={28} stroke={1.5} color="var(--mantine-color-indigo-6)" style={{ flex: 'none' }} />
          <Text size="sm" data-testid="confirm-payment-text">
            Your bank asks you to confirm this payment of {formatMoney(invoice.total, invoice.currency)} for invoice{' '}
            {invoice.number ?? 'this invoice'}.
          </Text>
        </Group>
      )}
      {payment.confirmError && (
        <Alert color="red" mt="md" role="alert" icon={<IconAlertCircle size={18} />}>
          {payment.confirmError}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm" mt="lg">
        <Button variant="default" onClick={payment.dismiss} disabled={payment.busy}>
          Cancel
        </Button>
        <Button loading={payment.busy} onClick={payment.confirm} data-autofocus>
          Confirm payment
        </Button>
      </Group>
    </Modal>
  );
}
