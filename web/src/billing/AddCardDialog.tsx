// The card form in a dialog: the number goes only to the card processor's tokenization endpoint, Billfold gets the token.
import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCreditCard, IconFlask } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type CardToken, type PaymentMethod } from '../api.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { cardLabel, parseExpiry, spaceCardNumber, spaceExpiry } from './card.ts';
import { refreshPaymentMethods } from './queries.ts';

type CardField = 'number' | 'expiry' | 'cvc';

/** The tokenization endpoint names expMonth/expYear separately; the form has one expiry field. */
const fieldOfParam: Record<string, CardField> = { number: 'number', expMonth: 'expiry', expYear: 'expiry', cvc: 'cvc' };

export function AddCardDialog({
  slug,
  opened,
  onClose,
  replacing,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
  /** A default card exists: the dialog changes it (the new card becomes default unless unticked). */
  replacing: boolean;
}) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [makeDefault, setMakeDefault] = useState(true);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CardField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function reset() {
    setNumber('');
    setExpiry('');
    setCvc('');
    setMakeDefault(true);
    setFieldErrors({});
    setError(null);
  }

  function close() {
    if (busy) return;
    reset();
    onClose();
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const digits = number.replace(/\D/g, '');
    const date = parseExpiry(expiry);
    const problems: Partial<Record<CardField, string>> = {};
    if (digits.length < 12) problems.number = 'Your card number is incomplete.';
    if (!date) problems.expiry = "Your card's expiration date is incomplete.";
    if (!/^\d{3,4}$/.test(cvc)) problems.cvc = "Your card's security code is incomplete.";
    setFieldErrors(problems);
    if (!date || Object.keys(problems).length > 0) return;

    setBusy(true);
    try {
      let token: CardToken;
      try {
        token = await api<CardToken>('POST', '/sandbox/v1/tokens', { number: digits, ...date, cvc });
      } catch (e) {
        const field = e instanceof ApiError && e.param ? fieldOfParam[e.param] : undefined;
        if (field) setFieldErrors({ [field]: (e as Error).message });
        else setError(errorInWords(e));
        return;
      }
      // A declined card answers 402 with the processor's words; nothing is saved then.
      const saved = await api<PaymentMethod>(
        'POST',
        `/v1/workspaces/${slug}/payment-methods`,
        replacing && makeDefault ? { token: token.id, makeDefault: true } : { token: token.id },
      );
      await refreshPaymentMethods(queryClient, slug);
      reset();
      onClose();
      confirmChange(
        'Card saved',
        `${cardLabel(saved)} ${saved.isDefault ? 'is the default card: the next charges go to it.' : 'is saved beside the default card.'}`,
      );
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={replacing ? 'Change payment method' : 'Add payment method'}
      centered
      size="md"
    >
      <form onSubmit={submit} noValidate data-testid="card-form">
        <Stack gap="sm">
          <TextInput
            label="Card number"
            placeholder="1234 1234 1234 1234"
            autoComplete="cc-number"
            inputMode="numeric"
            name="cardnumber"
            leftSection={<IconCreditCard size={16} />}
            value={number}
            onChange={(e) => setNumber(spaceCardNumber(e.currentTarget.value))}
            error={fieldErrors.number}
            data-autofocus
          />
          <Group grow align="flex-start" gap="sm">
            <TextInput
              label="Expiry"
              placeholder="MM / YY"
              autoComplete="cc-exp"
              inputMode="numeric"
              name="exp-date"
              value={expiry}
              onChange={(e) => setExpiry(spaceExpiry(e.currentTarget.value, expiry))}
              error={fieldErrors.expiry}
            />
            <TextInput
              label="CVC"
              placeholder="123"
              autoComplete="cc-csc"
              inputMode="numeric"
              name="cvc"
              maxLength={4}
              value={cvc}
              onChange={(e) => setCvc(e.currentTarget.value.replace(/\D/g, ''))}
              error={fieldErrors.cvc}
            />
          </Group>
          {replacing && (
            <Checkbox
              label="Use this card for future payments"
              checked={makeDefault}
              onChange={(e) => setMakeDefault(e.currentTarget.checked)}
            />
          )}
          {error && (
            <Alert
              color="red"
              role="alert"
              icon={<IconAlertCircle size={18} />}
              title="Card not saved"
              data-testid="card-error"
            >
              {error}
            </Alert>
          )}
          <TestCardsNote />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save card
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The sandbox processor answers to the usual test-mode numbers; no real card is charged. */
function TestCardsNote() {
  return (
    <Alert color="gray" variant="light" icon={<IconFlask size={18} />} title="Test mode" data-testid="test-cards-note">
      <Text size="sm">
        No real card is charged. Use <Code>4242 4242 4242 4242</Code> for a card that works or{' '}
        <Code>4000 0000 0000 0002</Code> for one that is declined, with any future expiry and any CVC.
      </Text>
    </Alert>
  );
}
