// A discount as the API answers it (the billing summary's `discount`, the `customer.discount.created` event).
import { toDate } from '../../domain/clock.ts';
import type { Discount } from '../../domain/discounts/discount.ts';
import { discountDescription } from '../../domain/discounts/discount.ts';

export interface DiscountView {
  couponId: string;
  name: string;
  description: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  startedAt: Date;
  endsAt: Date | null;
  promotionCode: string | null;
}

export function discountView(discount: Discount): DiscountView {
  const { value, duration } = discount;
  return {
    couponId: discount.couponId,
    name: discount.couponName,
    description: discountDescription(discount),
    percentOff: value.kind === 'percent' ? value.percentOff : null,
    amountOff: value.kind === 'amount' ? value.amountOff : null,
    currency: value.kind === 'amount' ? value.currency : null,
    duration: duration.kind,
    durationInMonths: duration.kind === 'repeating' ? duration.months : null,
    startedAt: toDate(discount.startedAt),
    endsAt: discount.endsAt ? toDate(discount.endsAt) : null,
    promotionCode: discount.promotionCode,
  };
}
