// Refund on a paid invoice (billing managers): a dialog with the amount (the whole rest by default), the reason and
// where the money goes, then the credit note it issued, with a link to its page.
import { Alert, Anchor, Button, Group, Modal, NumberInput, Radio, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, type CreditNote, type CreditNoteReason, type Invoice } from '../../api.ts';
import { errorInWords } from '../../layout/change-notices.ts';
import { formatMoney } from '../money.ts';
import { refreshInvoices } from '../queries.ts';

const reasons: { value: CreditNoteReason; label: string }[] = [
  { value: 'requested_by_customer', label: 'Requested by the customer' },
  { value: 'duplicate', label: 'Duplicate charge' },
  { value: 'fraudulent', label: 'Fraudulent charge' },
  { value: 'other', label: 'Other' },
];

function exponentOf(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

export function RefundInvoiceButton({ slug, invoice }: { slug: string; invoice: Invoice }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const exponent = exponentOf(invoice.currency);
  const rest = invoice.total - invoice.amountCredited;
  const [amount, setAmount] = useState<number | string>(rest / 10 ** exponent);
  const [reason, setReason] = useState<CreditNoteReason>('requested_by_customer');
  const [to, setTo] = useState<'card' | 'balance'>('card');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<CreditNote | null>(null);
  // One key per intent: sending the same refund again after a lost answer refunds once.
  const idempotencyKey = useRef(crypto.randomUUID());
  const label = invoice.number ?? 'this invoice';
  // The input answers a number, or its text while it is being typed ("22.50", "").
  const typed = typeof amount === 'number' ? amount : amount.trim() === '' ? Number.NaN : Number(amount);
  const minor = Math.round(typed * 10 ** exponent);
  const valid = Number.isInteger(minor) && minor > 0 && minor <= rest;

  function open() {
    setAmount(rest / 10 ** exponent);
    setReason('requested_by_customer');
    setTo('card');
    setError(null);
    setIssued(null);
    idempotencyKey.current = crypto.randomUUID();
    setOpened(true);
  }

  async function refund() {
    setBusy(true);
    setError(null);
    try {
      const body = { amount: minor, reason, to };
      const note = await api<CreditNote>('POST', `/v1/workspaces/${slug}/invoices/${invoice.id}/refunds`, body, {
        idempotencyKey: idempotencyKey.current,
      });
      setIssued(note);
      await Promise.all([
        refreshInvoices(queryClient, slug),
        queryClient.invalidateQueries({ queryKey: ['activity', slug] }),
      ]);
    } catch (failure) {
      setError(errorInWords(failure));
      idempotencyKey.current = crypto.randomUUID();
    } finally {
      setBusy(false);
    }
  }

  // Fully refunded: no more Refund, but the dialog stays open on the credit note just issued.
  if (rest <= 0 && !opened) return null;
  return (
    <>
      {rest > 0 && (
        <Button size="compact-sm" variant="subtle" onClick={open} aria-label={`Refund ${label}`}>
          Refund
        </Button>
      )}
      <Modal opened={opened} onClose={() => !busy && setOpened(false)} title={`Refund ${label}`} centered>
        {issued ? (
          <Stack gap="md" data-testid="refund-done">
            <Alert color="teal" title={`Credit note ${issued.number} issued`}>
              {formatMoney(issued.total, issued.currency)}{' '}
              {issued.creditedTo === 'card'
                ? 'goes back to the card that paid the invoice.'
                : 'is credited to the customer balance and taken off the next invoices.'}
            </Alert>
            <Group justify="space-between">
              <Anchor href={issued.hostedUrl} target="_blank" rel="noopener" data-testid="refund-credit-note-link">
                Open credit note {issued.number}
              </Anchor>
              <Button onClick={() => setOpened(false)}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="md" data-testid="refund-dialog">
            <Text size="sm">
              Paid {formatMoney(invoice.total, invoice.currency)}
              {invoice.amountCredited > 0 &&
                `, ${formatMoney(invoice.amountCredited, invoice.currency)} already refunded`}
              . A credit note is issued for the refund.
            </Text>
            <NumberInput
              label="Amount"
              description={`Up to ${formatMoney(rest, invoice.currency)}`}
              value={amount}
              onChange={setAmount}
              min={0}
              max={rest / 10 ** exponent}
              decimalScale={exponent}
              fixedDecimalScale
              allowNegative={false}
              clampBehavior="none"
              error={
                amount !== '' && !valid
                  ? `Enter an amount above zero and at most ${formatMoney(rest, invoice.currency)}.`
                  : undefined
              }
              data-testid="refund-amount"
            />
            <Select
              label="Reason"
              data={reasons}
              value={reason}
              onChange={(value) => value && setReason(value as CreditNoteReason)}
              allowDeselect={false}
              data-testid="refund-reason"
            />
            <Radio.Group label="Refund to" value={to} onChange={(value) => setTo(value as 'card' | 'balance')}>
              <Stack gap={6} mt={6}>
                <Radio value="card" label="The card that paid it" />
                <Radio value="balance" label="The customer balance (taken off the next invoices)" />
              </Stack>
            </Radio.Group>
            {error && (
              <Alert color="red" role="alert" data-testid="refund-error">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)} disabled={busy}>
                Cancel
              </Button>
              <Button onClick={refund} loading={busy} disabled={!valid}>
                Refund {valid ? formatMoney(minor, invoice.currency) : ''}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
