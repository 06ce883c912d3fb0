// The plan selection flow: the catalog per interval, seats for per-seat plans, the server's preview of the change,
// a promotion code for a new subscription, a card first when a paid plan has none to charge, then the change (and
// the bank's confirmation when it asks).
import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconCreditCard } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { ApiError, type BillingInterval, type BillingSummary } from '../../api.ts';
import { confirmChange } from '../../layout/change-notices.ts';
import { AddCardDialog } from '../AddCardDialog.tsx';
import { ChargeNotices } from '../ChargeNotices.tsx';
import { ConfirmPaymentDialog } from '../ConfirmPaymentDialog.tsx';
import { formatMoney } from '../money.ts';
import { useChargedChange } from '../useChargedChange.ts';
import { ChangePreview } from './ChangePreview.tsx';
import { changeConfirmation } from './change-confirmation.ts';
import { PlanOptionCard } from './PlanOptionCard.tsx';
import { changeFor, isPaid, isPerSeat, optionKey, optionTrial, planOptions } from './plan-options.ts';
import { usePlans, useSubscriptionPreview } from './queries.ts';

export function ChangePlanDialog({
  summary,
  opened,
  onClose,
}: {
  summary: BillingSummary;
  opened: boolean;
  onClose: () => void;
}) {
  const slug = summary.workspace.slug;
  const { subscription, seats: usage } = summary;
  const used = usage.activeUsers + usage.pendingInvites;
  const defaultSeats = Math.max(used, subscription?.seats ?? 0, 1);
  const plans = usePlans();
  // Null until the user picks: the current interval and seats, read afresh each time the dialog opens.
  const [chosenInterval, setChosenInterval] = useState<BillingInterval | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [chosenSeats, setChosenSeats] = useState<number | string | null>(null);
  const [addingCard, setAddingCard] = useState(false);
  // What is typed in Promotion code, and the code the preview and the change are asked with (after Apply).
  const [codeText, setCodeText] = useState('');
  const [appliedCode, setAppliedCode] = useState<string | null>(null);
  const change = useChargedChange(slug, done);

  const interval = chosenInterval ?? summary.plan.interval ?? 'month';
  const seats = chosenSeats ?? defaultSeats;
  const options = planOptions(plans.data?.data ?? []);
  const currentKey = optionKey(summary.plan, summary.plan.tier);
  const option = options.find((o) => o.key === selected) ?? null;
  const perSeat = option !== null && isPerSeat(option, interval);
  const seatCount = typeof seats === 'number' ? seats : Number.NaN;
  const seatsValid = !perSeat || (Number.isInteger(seatCount) && seatCount >= used);
  // A promotion code starts with a subscription: offered while the workspace has none, for a subscription plan.
  const codeAllowed = subscription === null && option?.plan.kind === 'subscription';
  const code = codeAllowed && appliedCode ? { promotionCode: appliedCode } : {};
  const wanted = option && seatsValid ? { ...changeFor(option, interval, seatCount), ...code } : null;
  // Typing a seat count asks for one preview once the typing pauses, not one per keystroke.
  const [request] = useDebouncedValue(wanted, 250);
  const preview = useSubscriptionPreview(slug, opened ? request : null);
  const previewReady =
    wanted !== null &&
    JSON.stringify(request) === JSON.stringify(wanted) &&
    preview.data !== undefined &&
    !preview.isFetching;
  // A trial that needs no card starts without one; the trial's end asks for it.
  const trial = option && previewReady && preview.data?.trialEnd ? optionTrial(option) : null;
  const needsCard =
    option !== null && isPaid(option) && summary.paymentMethod === null && !(trial && !trial.requiresCard);
  const codeError = [preview.error, change.error].find(
    (e): e is ApiError => e instanceof ApiError && e.param === 'promotionCode',
  );
  const codeApplied = appliedCode !== null && appliedCode === codeText.trim();

  function applyCode() {
    if (codeApplied) {
      setAppliedCode(null);
      setCodeText('');
    } else {
      setAppliedCode(codeText.trim() || null);
    }
    change.reset();
  }

  function isCurrent(key: string) {
    return key === currentKey && (subscription === null || subscription.interval === interval);
  }

  // Leaving the paid plan (Free, Flex) takes any workspace: members over the limit stay and invites wait, as the
  // preview says. A subscription plan is refused over its limit.
  function unavailableReason(o: (typeof options)[number]): string | null {
    return o.plan.kind === 'subscription' && o.plan.seatLimit !== null && used > o.plan.seatLimit
      ? `Up to ${o.plan.seatLimit} users; this workspace has ${used} with pending invites`
      : null;
  }

  // Choosing the current plan again calls off a scheduled downgrade or a cancel; with neither, there is nothing to do.
  const pendingChange =
    subscription !== null && (subscription.scheduledChange !== null || subscription.cancelAtPeriodEnd);
  const firstChoice = options.find((o) => !(isCurrent(o.key) && !pendingChange) && unavailableReason(o) === null);
  // The dialog's focus trap puts focus on the first choice as it opens; when the catalog arrives only after that (a
  // slow connection), focus is on the close button, so it moves to the first choice once the choices are there.
  const choices = useRef<HTMLDivElement>(null);
  const plansShown = opened && plans.isSuccess;
  useEffect(() => {
    if (!plansShown || choices.current?.contains(document.activeElement)) return;
    choices.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [plansShown]);

  /** The change went through: say what it did (from the preview confirmed), then close. */
  function done() {
    if (preview.data && option) {
      const { title, message } = changeConfirmation('plan', option.name, preview.data);
      confirmChange(title, message);
    }
    close();
  }

  function close() {
    setSelected(null);
    setChosenInterval(null);
    setChosenSeats(null);
    setCodeText('');
    setAppliedCode(null);
    change.reset();
    onClose();
  }

  function confirm() {
    if (needsCard) setAddingCard(true);
    else if (change.awaiting) change.payment.requestConfirmation(change.awaiting);
    else if (option) change.send('subscription', { ...changeFor(option, interval, seatCount), ...code });
  }

  let confirmLabel = 'Confirm change';
  if (needsCard) confirmLabel = 'Add payment method';
  else if (change.awaiting) confirmLabel = 'Confirm payment';
  else if (previewReady && preview.data?.trialEnd) confirmLabel = 'Start free trial';
  else if (preview.data?.effective === 'unchanged' && option) confirmLabel = `Keep ${option.name}`;
  else if (preview.data?.effective === 'period_end') confirmLabel = 'Schedule change';
  else if (preview.data && preview.data.amountDue > 0)
    confirmLabel = `Confirm and pay ${formatMoney(preview.data.amountDue, preview.data.currency)}`;

  return (
    <>
      <Modal
        opened={opened && !addingCard && change.payment.confirming === null}
        onClose={() => !change.busy && close()}
        title={subscription ? 'Change plan' : 'Upgrade your plan'}
        size={920}
        centered
      >
        {plans.isPending ? (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        ) : plans.error ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
            {plans.error.message}
          </Alert>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" data-testid="change-plan">
            <Stack gap="sm">
              <SegmentedControl
                value={interval}
                onChange={(value) => setChosenInterval(value as BillingInterval)}
                data={[
                  { value: 'month', label: 'Monthly' },
                  { value: 'year', label: 'Yearly' },
                ]}
                disabled={change.busy || change.awaiting !== null}
                aria-label="Billing interval"
                fullWidth
              />
              <Radio.Group
                value={selected}
                onChange={(key) => {
                  change.reset();
                  setSelected(key);
                }}
                aria-label="Plan"
              >
                <Stack gap={8} ref={choices}>
                  {options.map((o) => (
                    <PlanOptionCard
                      key={o.key}
                      option={o}
                      interval={interval}
                      current={isCurrent(o.key)}
                      selectable={pendingChange}
                      unavailable={unavailableReason(o)}
                      firstChoice={o.key === firstChoice?.key}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Text size="xs" c="dimmed">
                Prices exclude tax.
              </Text>
            </Stack>
            <Stack gap="md">
              {option ? (
                <Text fw={600} data-testid="change-plan-choice">
                  {option.name}
                  {isPaid(option) ? `, billed ${interval === 'month' ? 'monthly' : 'yearly'}` : ''}
                </Text>
              ) : (
                <Paper withBorder radius="md" p="lg" bg="gray.0" style={{ borderStyle: 'dashed' }}>
                  <Text size="sm" c="dimmed" ta="center">
                    Choose a plan to see what it costs and when it starts.
                  </Text>
                </Paper>
              )}
              {perSeat && (
                <NumberInput
                  label="Seats"
                  description={`One for each member and pending invite: at least ${used}.`}
                  min={used}
                  max={10_000}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  value={seats}
                  onChange={setChosenSeats}
                  error={seatsValid ? undefined : `At least ${used}: every member and pending invite takes a seat.`}
                  disabled={change.awaiting !== null}
                />
              )}
              {codeAllowed && (
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput
                    label="Promotion code"
                    placeholder="e.g. SPRING20"
                    value={codeText}
                    onChange={(event) => setCodeText(event.currentTarget.value)}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' && codeText.trim() !== '') {
                        event.preventDefault();
                        applyCode();
                      }
                    }}
                    error={
                      codeError && JSON.stringify(request) === JSON.stringify(wanted) ? codeError.message : undefined
                    }
                    disabled={change.busy || change.awaiting !== null}
                    autoComplete="off"
                    style={{ flex: 1 }}
                  />
                  <Button
                    variant="default"
                    mt={25}
                    onClick={applyCode}
                    disabled={change.busy || change.awaiting !== null || (!codeApplied && codeText.trim() === '')}
                  >
                    {codeApplied ? 'Remove' : 'Apply'}
                  </Button>
                </Group>
              )}
              {option && seatsValid && !codeError && (
                <ChangePreview
                  preview={preview.data}
                  loading={!previewReady}
                  error={JSON.stringify(request) === JSON.stringify(wanted) ? preview.error : null}
                  planName={option.name}
                  noInvoiceText={
                    option.plan.kind === 'credits'
                      ? `No further plan invoices: ${option.name} invoices only the credit packs you buy.`
                      : undefined
                  }
                />
              )}
              <ChargeNotices
                testId="change-plan"
                card={summary.paymentMethod}
                needsCard={
                  needsCard &&
                  (trial
                    ? `The ${option.name} trial needs a card on file; nothing is charged until it ends. The workspace has none yet.`
                    : `${option.name} is charged to a card today and at each renewal. The workspace has none yet.`)
                }
                charged={option !== null && isPaid(option)}
                awaiting={
                  change.awaiting &&
                  `The change is made once invoice ${change.awaiting.number} is paid: confirm the payment now, or later with Pay now under Invoices.`
                }
                error={codeError ? null : change.error}
                errorTitle="Plan not changed"
                onUseAnotherCard={() => {
                  change.reset();
                  setAddingCard(true);
                }}
              />
              <Group justify="flex-end" gap="sm" mt="auto">
                <Button variant="default" onClick={close} disabled={change.busy}>
                  {change.awaiting ? 'Close' : 'Cancel'}
                </Button>
                <Button
                  onClick={confirm}
                  loading={change.busy}
                  disabled={!option || (!needsCard && !change.awaiting && !previewReady)}
                  leftSection={needsCard ? <IconCreditCard size={16} /> : undefined}
                >
                  {confirmLabel}
                </Button>
              </Group>
            </Stack>
          </SimpleGrid>
        )}
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
