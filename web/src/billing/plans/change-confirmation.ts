// What the page says once a plan or seat change went through: done now and charged, scheduled for the renewal, or a
// scheduled change called off — read from the preview the person confirmed, so the toast matches what they saw.
import type { SubscriptionPreview } from '../../api.ts';
import { formatDate } from '../dates.ts';
import { formatMoney } from '../money.ts';

export interface ChangeConfirmation {
  title: string;
  message: string;
}

/** `what` names the outcome: the plan ("Pro Growth") or the seats ("5 seats"). */
export function changeConfirmation(
  kind: 'plan' | 'seats',
  what: string,
  preview: SubscriptionPreview,
): ChangeConfirmation {
  if (preview.effective === 'unchanged') {
    return { title: 'Scheduled change called off', message: `${what} stays as it is. Nothing was charged.` };
  }
  if (preview.effective === 'period_end') {
    return {
      title: kind === 'plan' ? 'Plan change scheduled' : 'Seat change scheduled',
      message: `${what} from ${formatDate(preview.effectiveAt)}. Nothing was charged now.`,
    };
  }
  if (preview.trialEnd) {
    const then = preview.nextCharge
      ? ` Then ${formatMoney(preview.nextCharge.amount, preview.nextCharge.currency)} on ${formatDate(preview.nextCharge.date)}.`
      : '';
    return {
      title: 'Trial started',
      message: `You are on ${what} now, free until ${formatDate(preview.trialEnd)}.${then} Nothing was charged.`,
    };
  }
  const charged =
    preview.amountDue > 0 ? `${formatMoney(preview.amountDue, preview.currency)} was charged.` : 'Nothing was charged.';
  return {
    title: kind === 'plan' ? 'Plan changed' : 'Seats updated',
    message: kind === 'plan' ? `You are on ${what} now. ${charged}` : `${what} from now on. ${charged}`,
  };
}
