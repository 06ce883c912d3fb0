// One choice in the plan selection flow: its name, its price for the chosen interval and what it includes.
import { Badge, Group, Radio, Stack, Text } from '@mantine/core';
import type { BillingInterval } from '../../api.ts';
import { formatPrice } from '../money.ts';
import { optionPrice, type PlanOption } from './plan-options.ts';

const count = new Intl.NumberFormat('en-US');

export function PlanOptionCard({
  option,
  interval,
  current,
  selectable,
  unavailable,
  firstChoice,
}: {
  option: PlanOption;
  interval: BillingInterval;
  current: boolean;
  /** The current plan can be chosen (to keep it) while a change or a cancel is scheduled. */
  selectable: boolean;
  /** Why it cannot be chosen (e.g. more users than it allows), or null. */
  unavailable: string | null;
  /** The first plan one can choose: where focus lands when the dialog opens. */
  firstChoice: boolean;
}) {
  const disabled = (current && !selectable) || unavailable !== null;
  return (
    <Radio.Card
      value={option.key}
      disabled={disabled}
      radius="md"
      px="md"
      py="sm"
      data-testid="plan-option"
      data-autofocus={firstChoice || undefined}
      style={disabled ? { opacity: 0.65, cursor: 'not-allowed' } : undefined}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Radio.Indicator mt={2} disabled={disabled} />
        <Stack gap={2} style={{ flex: 1 }} miw={0}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
            <Group gap="xs" miw={0} style={{ rowGap: 2 }}>
              <Text fw={600}>{option.name}</Text>
              {current && (
                <Badge color="gray" variant="light" size="sm">
                  Current plan
                </Badge>
              )}
            </Group>
            <Text fw={600} size="sm" ta="right" data-testid="plan-option-price">
              {priceText(option, interval)}
            </Text>
          </Group>
          <Text size="sm" c={unavailable ? 'orange.8' : 'dimmed'}>
            {unavailable ?? includes(option, interval)}
          </Text>
        </Stack>
      </Group>
    </Radio.Card>
  );
}

function priceText(option: PlanOption, interval: BillingInterval): string {
  if (option.plan.kind === 'free') return 'No charge';
  if (option.plan.kind === 'credits') {
    const smallest = option.plan.creditPacks.toSorted((a, b) => a.unitAmount - b.unitAmount)[0];
    return smallest ? `From ${formatPrice(smallest.unitAmount, smallest.currency)}` : 'Pay as you go';
  }
  const price = optionPrice(option, interval);
  if (!price) return `Not sold ${interval === 'month' ? 'monthly' : 'yearly'}`;
  return `${formatPrice(price.unitAmount, price.currency)} ${price.perSeat ? 'per seat ' : ''}/ ${interval}`;
}

function includes(option: PlanOption, interval: BillingInterval): string {
  const { plan, tier } = option;
  const users = plan.seatLimit === null ? null : `up to ${count.format(plan.seatLimit)} users`;
  if (plan.kind === 'free') return users ? `${capitalized(users)}, no card needed` : 'No card needed';
  if (plan.kind === 'credits') {
    const pack = plan.creditPacks.toSorted((a, b) => a.unitAmount - b.unitAmount)[0];
    const packs = pack ? `Credit packs from ${count.format(pack.credits)} credits, bought when needed` : 'Credits';
    return users ? `${packs}; ${users}` : packs;
  }
  if (tier) {
    const credits = tierCredits(tier, interval);
    return users ? `${credits}, ${users}` : credits;
  }
  return optionPrice(option, interval)?.perSeat ? 'A seat for each member and pending invite' : (users ?? '');
}

/** "10,000 credits / month"; a year's grant also per month, to set beside the monthly price: "120,000 credits / year
 * (10,000 / month)". */
function tierCredits(tier: NonNullable<PlanOption['tier']>, interval: BillingInterval): string {
  const credits = tier.prices.find((p) => p.interval === interval)?.creditsPerPeriod ?? tier.creditsPerPeriod;
  if (interval === 'month') return `${count.format(credits)} credits / month`;
  return `${count.format(credits)} credits / year (${count.format(Math.floor(credits / 12))} / month)`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
