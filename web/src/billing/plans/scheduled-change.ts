// A scheduled change as the page names it: "Team (4 seats)", "Pro Starter (billed yearly)", "Flex Credits".
import type { ScheduledChange, Subscription } from '../../api.ts';

export function scheduledChangeName(change: ScheduledChange, subscription: Subscription): string {
  const plan = change.tier ? `${change.plan.name} ${change.tier.name}` : change.plan.name;
  return `${plan}${changeDetails(change, subscription)}`;
}

/** "(4 seats)", "(billed monthly)": what the change alters besides the plan; a plan without a subscription (Flex,
 * interval null) has neither seats nor an interval. */
function changeDetails(change: ScheduledChange, subscription: Subscription): string {
  const details = [
    change.seats !== null && `${change.seats} ${change.seats === 1 ? 'seat' : 'seats'}`,
    change.interval !== null &&
      change.interval !== subscription.interval &&
      `billed ${change.interval === 'month' ? 'monthly' : 'yearly'}`,
  ].filter(Boolean);
  return details.length > 0 ? ` (${details.join(', ')})` : '';
}
