// Add credits: a pack from the plan's offer or (when the plan sells them) an amount of the buyer's choosing, its price
// as the server quotes it (subtotal, tax, total), a card first when the workspace has none, then the purchase, charged now (and the bank's confirmation when it asks).
import { Button, Group, Loader, Modal, NumberInput, Paper, Radio, Stack, Text } from '@mantine/core';
import { IconCreditCard } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { BillingSummary, Credits } from '../../api.ts';
import { confirmChange, errorInWords } from '../../layout/change-notices.ts';
import { AddCardDialog } from '../AddCardDialog.tsx';
import { ChargeNotices } from '../ChargeNotices.tsx';
import { ConfirmPaymentDialog } from '../ConfirmPaymentDialog.tsx';
import { formatMoney } from '../money.ts';
import { useChargedChange } from '../useChargedChange.ts';
import { CreditPackOption } from './CreditPackOption.tsx';
import { formatCreditCount, formatCredits, isCustomAmountValid } from './credit-amounts.ts';
import { useCreditQuote } from './credit-quote.ts';

/** The radio value of the custom amount; pack ids come from the catalog. */
const customChoice = 'custom';

interface PurchaseChoice {
  credits: number;
  body: { pack: string } | { credits: number };
}

export function BuyCreditsDialog({
  summary,
  purchase,
  opened,
  onClose,
}: {
  summary: BillingSummary;
  purchase: NonNullable<Credits['purchase']>;
  opened: boolean;
  onClose: () => void;
}) {
  const slug = summary.workspace.slug;
  const [chosen, setChosen] = useState<string | null>(null);
  const [typedCredits, setTypedCredits] = useState<number | string | null>(null);
  const [addingCard, setAddingCard] = useState(false);
  // The credits of the purchase being sent, for the notice once it is paid (possibly after the bank's confirmation).
  const sentCredits = useRef(0);
  const change = useChargedChange(slug, added);

  const { custom } = purchase;
  // A plan that sells one pack and nothing else (Pro) has nothing to choose.
  const selected = chosen ?? (purchase.packs.length === 1 && !custom ? (purchase.packs[0]?.id ?? null) : null);
  const customCredits = typedCredits ?? custom?.minCredits ?? '';
  const customValid = custom !== null && isCustomAmountValid(customCredits, custom);
  const pack = purchase.packs.find((p) => p.id === selected) ?? null;
  let choice: PurchaseChoice | null = null;
  if (pack) {
    choice = { credits: pack.credits, body: { pack: pack.id } };
  } else if (selected === customChoice && custom && isCustomAmountValid(customCredits, custom)) {
    choice = { credits: customCredits, body: { credits: customCredits } };
  }
  const { quote, error: quoteError } = useCreditQuote(slug, opened ? (choice?.body ?? null) : null);
  const needsCard = summary.paymentMethod === null;

  function close() {
    setChosen(null);
    setTypedCredits(null);
    change.reset();
    onClose();
  }

  function added() {
    confirmChange('Credits added', `${formatCredits(sentCredits.current)} are in the balance now.`);
    close();
  }

  function confirm() {
    if (needsCard) setAddingCard(true);
    else if (change.awaiting) change.payment.requestConfirmation(change.awaiting);
    else if (choice && quote) {
      sentCredits.current = choice.credits;
      change.send('credits/purchases', choice.body);
    }
  }

  let confirmLabel = 'Add credits';
  if (needsCard) confirmLabel = 'Add payment method';
  else if (change.awaiting) confirmLabel = 'Confirm payment';
  else if (choice && quote) confirmLabel = `Pay ${formatMoney(quote.total, quote.currency)}`;

  return (
    <>
      <Modal
        opened={opened && !addingCard && change.payment.confirming === null}
        onClose={() => !change.busy && close()}
        title="Add credits"
        size="lg"
        centered
      >
        <Stack gap="md" data-testid="buy-credits">
          <Radio.Group
            value={selected}
            onChange={(value) => {
              change.reset();
              setChosen(value);
            }}
            label="Credits to add"
          >
            <Stack gap={8} mt="xs">
              {purchase.packs.map((p) => (
                <CreditPackOption key={p.id} pack={p} disabled={change.awaiting !== null} />
              ))}
              {custom && (
                <Radio.Card
                  value={customChoice}
                  radius="md"
                  px="md"
                  py="sm"
                  disabled={change.awaiting !== null}
                  data-testid="credit-pack-custom"
                >
                  <Group wrap="nowrap" align="flex-start" gap="md">
                    <Radio.Indicator mt={2} disabled={change.awaiting !== null} />
                    <Stack gap={2} style={{ flex: 1 }} miw={0}>
                      <Text fw={600}>Another amount</Text>
                      <Text size="sm" c="dimmed">
                        {formatCreditCount(custom.minCredits)} to {formatCredits(custom.maxCredits)},{' '}
                        {formatMoney(custom.unitAmountPer1000, custom.currency)} per 1,000 credits
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              )}
            </Stack>
          </Radio.Group>
          {custom && selected === customChoice && (
            <NumberInput
              label="Credits"
              min={custom.minCredits}
              max={custom.maxCredits}
              step={1000}
              thousandSeparator=","
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={customCredits}
              onChange={(value) => {
                change.reset();
                setTypedCredits(value);
              }}
              error={
                customValid
                  ? undefined
                  : `A whole number from ${formatCreditCount(custom.minCredits)} to ${formatCreditCount(custom.maxCredits)}.`
              }
              disabled={change.awaiting !== null}
              data-autofocus
            />
          )}
          {choice ? (
            <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="buy-credits-total" aria-live="polite">
              {quote ? (
                <>
                  <Group justify="space-between" align="baseline">
                    <Text size="sm">{formatCredits(quote.credits)}</Text>
                    <Text size="sm" data-testid="buy-credits-subtotal">
                      {formatMoney(quote.subtotal, quote.currency)}
                    </Text>
                  </Group>
                  <Group justify="space-between" align="baseline">
                    <Text size="sm">
                      {quote.taxPercent ? `Tax (${quote.taxPercent}%, ${quote.taxCountry})` : 'Tax'}
                    </Text>
                    <Text size="sm" data-testid="buy-credits-tax">
                      {formatMoney(quote.tax, quote.currency)}
                    </Text>
                  </Group>
                  <Group justify="space-between" align="baseline" mt={4}>
                    <Text fw={600}>Total charged now</Text>
                    <Text fw={700} fz="lg" data-testid="buy-credits-amount">
                      {formatMoney(quote.total, quote.currency)}
                    </Text>
                  </Group>
                </>
              ) : quoteError ? (
                <Text size="sm" c="red.8" data-testid="buy-credits-quote-error">
                  Could not price {formatCredits(choice.credits)}: {errorInWords(quoteError)}
                </Text>
              ) : (
                <Group gap="xs" data-testid="buy-credits-quoting">
                  <Loader size="xs" />
                  <Text size="sm">Pricing {formatCredits(choice.credits)}…</Text>
                </Group>
              )}
            </Paper>
          ) : (
            <Paper withBorder radius="md" p="md" bg="gray.0" style={{ borderStyle: 'dashed' }}>
              <Text size="sm" c="dimmed" ta="center">
                Choose how many credits to add to see what it costs.
              </Text>
            </Paper>
          )}
          <ChargeNotices
            testId="buy-credits"
            card={summary.paymentMethod}
            needsCard={needsCard && 'Credits are charged to a card when you buy them. The workspace has none yet.'}
            charged={choice !== null}
            awaiting={
              change.awaiting &&
              `The credits are added once invoice ${change.awaiting.number} is paid: confirm the payment now, or later with Pay now under Invoices.`
            }
            error={change.error}
            errorTitle="Credits not added"
            onUseAnotherCard={() => {
              change.reset();
              setAddingCard(true);
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={change.busy}>
              {change.awaiting ? 'Close' : 'Cancel'}
            </Button>
            <Button
              onClick={confirm}
              loading={change.busy}
              disabled={!needsCard && !change.awaiting && (choice === null || !quote)}
              leftSection={needsCard ? <IconCreditCard size={16} /> : undefined}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <AddCardDialog
        slug={slug}
        opened={addingCard}
        onClose={() => setAddingCard(false)}
        replacing={summary.paymentMethod !== null}
      />
      <ConfirmPaymentDialog payment={change.payment} />
    </>
  );
}
