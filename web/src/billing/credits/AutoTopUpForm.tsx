// Auto top-up: buy a pack by itself when consumption takes the balance below a threshold; the setting as it is, and a
// form to change it (billing managers only).
import { Alert, Button, Group, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { type AutoTopUp, api, type CreditPack } from '../../api.ts';
import { confirmChange, errorInWords } from '../../layout/change-notices.ts';
import { formatMoney } from '../money.ts';
import { formatCredits } from './credit-amounts.ts';

export function AutoTopUpForm({
  slug,
  autoTopUp,
  packs,
  hasCard,
}: {
  slug: string;
  autoTopUp: AutoTopUp;
  packs: CreditPack[];
  /** A default card to charge; without one a top-up would fail. */
  hasCard: boolean;
}) {
  const queryClient = useQueryClient();
  const switchId = useId();
  // Null until changed: the saved setting shows through.
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [packId, setPackId] = useState<string | null | undefined>(undefined);
  const [threshold, setThreshold] = useState<number | string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const draft = {
    enabled: enabled ?? autoTopUp.enabled,
    packId: packId === undefined ? (autoTopUp.packId ?? packs[0]?.id ?? null) : packId,
    threshold: threshold ?? autoTopUp.threshold ?? '',
  };
  const dirty = enabled !== null || packId !== undefined || threshold !== null;
  const thresholdValid =
    typeof draft.threshold === 'number' && Number.isInteger(draft.threshold) && draft.threshold > 0;
  const valid = !draft.enabled || (draft.packId !== null && thresholdValid);

  function discard() {
    setEnabled(null);
    setPackId(undefined);
    setThreshold(null);
    setError(null);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api<AutoTopUp>('PUT', `/v1/workspaces/${slug}/credits/auto-top-up`, {
        enabled: draft.enabled,
        packId: draft.packId,
        threshold: typeof draft.threshold === 'number' ? draft.threshold : null,
      });
      await queryClient.invalidateQueries({ queryKey: ['credits', slug] });
      discard();
      confirmChange(saved.enabled ? 'Auto top-up on' : 'Auto top-up off', settingText(saved, packs));
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} noValidate data-testid="auto-top-up" aria-labelledby="auto-top-up-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={2} miw={0}>
            <Text component="label" htmlFor={switchId} size="sm" fw={500} id="auto-top-up-title">
              Auto top-up
            </Text>
            <Text size="sm" c="dimmed" data-testid="auto-top-up-status">
              {settingText(autoTopUp, packs)}
            </Text>
          </Stack>
          <Switch
            checked={draft.enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            id={switchId}
            disabled={busy}
            mt={2}
          />
        </Group>
        {draft.enabled && (
          <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
            <Select
              label="Pack to buy"
              data={packs.map((p) => ({
                value: p.id,
                label: `${formatCredits(p.credits)} (${formatMoney(p.unitAmount, p.currency)})`,
              }))}
              value={draft.packId}
              onChange={setPackId}
              allowDeselect={false}
              error={draft.packId === null ? 'Choose a pack.' : undefined}
              disabled={busy}
            />
            <NumberInput
              label="When the balance falls below"
              suffix=" credits"
              min={1}
              thousandSeparator=","
              allowDecimal={false}
              allowNegative={false}
              value={draft.threshold}
              onChange={setThreshold}
              error={thresholdValid ? undefined : 'A whole number of credits above 0.'}
              disabled={busy}
            />
          </Group>
        )}
        {draft.enabled && !hasCard && (
          <Text size="sm" c="orange">
            Add a payment method: a top-up is charged to the default card.
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="auto-top-up-error">
            {error}
          </Alert>
        )}
        {dirty && (
          <Group gap="sm" justify="flex-end">
            <Button variant="default" size="xs" onClick={discard} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={busy} disabled={!valid}>
              Save auto top-up
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** The saved setting in words. */
function settingText(autoTopUp: AutoTopUp, packs: CreditPack[]): string {
  const pack = packs.find((p) => p.id === autoTopUp.packId);
  if (!autoTopUp.enabled || !pack || autoTopUp.threshold === null) {
    return 'Off: credits are added only when you buy them.';
  }
  return `On: buys ${formatCredits(pack.credits)} for ${formatMoney(pack.unitAmount, pack.currency)} when the balance falls below ${formatCredits(autoTopUp.threshold)}.`;
}
