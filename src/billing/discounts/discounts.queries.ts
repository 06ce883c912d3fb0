// The SQL of coupons, promotion codes and subscriptions' discounts, with their row ⇄ domain mappers (rows never
// leave this file). A redemption raises both counts with a conditional UPDATE, which takes the row's lock, so two
// redemptions at once never both take a coupon's or a code's last use.
import { type Expression, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate, toInstant } from '../../domain/clock.ts';
import type { Coupon, PromotionCode } from '../../domain/discounts/coupon.ts';
import type { Discount } from '../../domain/discounts/discount.ts';

type Db = BillfoldDb | BillfoldTransaction;

export async function insertCoupon(db: Db, coupon: Omit<Coupon, 'timesRedeemed'>, now: Date): Promise<void> {
  await db
    .insertInto('coupon')
    .values({
      id: coupon.id,
      name: coupon.name,
      percent_off: coupon.value.kind === 'percent' ? coupon.value.percentOff : null,
      amount_off: coupon.value.kind === 'amount' ? coupon.value.amountOff : null,
      currency: coupon.value.kind === 'amount' ? coupon.value.currency : null,
      duration: coupon.duration.kind,
      duration_months: coupon.duration.kind === 'repeating' ? coupon.duration.months : null,
      plan_ids: coupon.planIds,
      max_redemptions: coupon.maxRedemptions,
      redeem_by: coupon.redeemBy ? toDate(coupon.redeemBy) : null,
      created_at: now,
    })
    .execute();
}

export async function findCoupon(db: Db, id: string): Promise<Coupon | undefined> {
  const row = await db.selectFrom('coupon').selectAll().where('id', '=', id).executeTakeFirst();
  return row && couponOf(row);
}

/** Oldest first, after `startingAfter`, `rows` of them (the caller asks one extra to know hasMore). */
export async function listCoupons(db: Db, startingAfter: string | undefined, rows: number): Promise<Coupon[]> {
  let query = db.selectFrom('coupon').selectAll().orderBy('id').limit(rows);
  if (startingAfter) query = query.where('id', '>', startingAfter);
  return (await query.execute()).map(couponOf);
}

export async function insertPromotionCode(
  db: Db,
  code: Omit<PromotionCode, 'timesRedeemed'>,
  now: Date,
): Promise<void> {
  await db
    .insertInto('promotion_code')
    .values({
      id: code.id,
      coupon_id: code.couponId,
      code: code.code,
      max_redemptions: code.maxRedemptions,
      expires_at: code.expiresAt ? toDate(code.expiresAt) : null,
      first_time_only: code.firstTimeOnly,
      active: code.active,
      created_at: now,
    })
    .execute();
}

export async function listPromotionCodes(
  db: Db,
  startingAfter: string | undefined,
  rows: number,
): Promise<PromotionCode[]> {
  let query = db.selectFrom('promotion_code').selectAll().orderBy('id').limit(rows);
  if (startingAfter) query = query.where('id', '>', startingAfter);
  return (await query.execute()).map(promotionCodeOf);
}

/** The code (already upper-cased) and its coupon. */
export async function findPromotionCode(db: Db, code: string): Promise<{ code: PromotionCode; coupon: Coupon } | null> {
  const row = await db.selectFrom('promotion_code').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) return null;
  const coupon = await findCoupon(db, row.coupon_id);
  return coupon ? { code: promotionCodeOf(row), coupon } : null;
}

/** One more use of the code and of its coupon; false (nothing counted) when either has none left. */
export async function countRedemption(
  trx: BillfoldTransaction,
  promotionCodeId: string,
  couponId: string,
): Promise<boolean> {
  const code = await trx
    .updateTable('promotion_code')
    .set({ times_redeemed: sql`times_redeemed + 1` })
    .where('id', '=', promotionCodeId)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('times_redeemed', '<', eb.ref('max_redemptions'))]))
    .executeTakeFirst();
  if (code.numUpdatedRows === 0n) return false;
  const coupon = await trx
    .updateTable('coupon')
    .set({ times_redeemed: sql`times_redeemed + 1` })
    .where('id', '=', couponId)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('times_redeemed', '<', eb.ref('max_redemptions'))]))
    .executeTakeFirst();
  return coupon.numUpdatedRows > 0n;
}

/** Whether the workspace ever paid an invoice (every subscription that came into force did). */
export async function hasPaidInvoice(db: Db, workspaceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoice')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'paid')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSubscriptionDiscount(
  trx: BillfoldTransaction,
  discount: { subscriptionId: string; workspaceId: string; couponId: string; promotionCodeId: string | null },
  terms: Pick<Discount, 'startedAt' | 'endsAt'>,
): Promise<void> {
  await trx
    .insertInto('subscription_discount')
    .values({
      subscription_id: discount.subscriptionId,
      workspace_id: discount.workspaceId,
      coupon_id: discount.couponId,
      promotion_code_id: discount.promotionCodeId,
      started_at: toDate(terms.startedAt),
      ends_at: terms.endsAt ? toDate(terms.endsAt) : null,
    })
    .execute();
}

/** Deletes the subscription's discount and gives its code and coupon their use back; what it was, or null. */
export async function deleteSubscriptionDiscount(
  trx: BillfoldTransaction,
  subscriptionId: string,
): Promise<{ couponId: string; promotionCodeId: string | null } | null> {
  const row = await trx
    .deleteFrom('subscription_discount')
    .where('subscription_id', '=', subscriptionId)
    .returning(['coupon_id', 'promotion_code_id'])
    .executeTakeFirst();
  if (!row) return null;
  const giveBack = { times_redeemed: sql<number>`times_redeemed - 1` };
  await trx.updateTable('coupon').set(giveBack).where('id', '=', row.coupon_id).execute();
  if (row.promotion_code_id) {
    await trx.updateTable('promotion_code').set(giveBack).where('id', '=', row.promotion_code_id).execute();
  }
  return { couponId: row.coupon_id, promotionCodeId: row.promotion_code_id };
}

/** The discounts of these subscriptions, by subscription id (those without one are absent). */
export async function discountsOf(db: Db, subscriptionIds: readonly string[]): Promise<Map<string, Discount>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('subscription_discount as d')
    .innerJoin('coupon as c', 'c.id', 'd.coupon_id')
    .leftJoin('promotion_code as p', 'p.id', 'd.promotion_code_id')
    .selectAll('c')
    .select(['d.subscription_id', 'd.started_at', 'd.ends_at', 'p.code as promotion_code'])
    .where('d.subscription_id', 'in', subscriptionIds)
    .execute();
  return new Map(rows.map((row) => [row.subscription_id, discountOfRow(row)]));
}

/**
 * The discount of the workspace's live subscription as one JSON value, for a read that takes it in its own
 * statement (the billing summary: one round trip, issue 16).
 */
export function liveDiscountJson(workspaceId: Expression<string>) {
  return sql<LiveDiscountJson | null>`(select to_jsonb(c) || jsonb_build_object('started_at', d.started_at,
      'ends_at', d.ends_at, 'promotion_code', p.code)
    from subscription s
    join subscription_discount d on d.subscription_id = s.id
    join coupon c on c.id = d.coupon_id
    left join promotion_code p on p.id = d.promotion_code_id
    where s.workspace_id = ${workspaceId} and s.status <> 'canceled')`;
}

/** A discount as liveDiscountJson gives it: the coupon's columns and the discount's dates, timestamps as ISO text. */
export interface LiveDiscountJson extends Omit<CouponRow, 'redeem_by'> {
  redeem_by: string | null;
  started_at: string;
  ends_at: string | null;
  promotion_code: string | null;
}

export function discountOfJson(json: LiveDiscountJson): Discount {
  return discountOfRow({
    ...json,
    redeem_by: json.redeem_by === null ? null : new Date(json.redeem_by),
    started_at: new Date(json.started_at),
    ends_at: json.ends_at === null ? null : new Date(json.ends_at),
  });
}

function discountOfRow(row: CouponRow & { started_at: Date; ends_at: Date | null; promotion_code: string | null }) {
  const coupon = couponOf(row);
  const discount: Discount = {
    couponId: coupon.id,
    couponName: coupon.name,
    value: coupon.value,
    duration: coupon.duration,
    planIds: coupon.planIds,
    promotionCode: row.promotion_code,
    startedAt: toInstant(row.started_at),
    endsAt: row.ends_at ? toInstant(row.ends_at) : null,
  };
  return discount;
}

export async function discountOf(db: Db, subscriptionId: string): Promise<Discount | null> {
  return (await discountsOf(db, [subscriptionId])).get(subscriptionId) ?? null;
}

interface CouponRow {
  id: string;
  name: string;
  percent_off: number | null;
  amount_off: number | string | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_months: number | null;
  plan_ids: string[] | null;
  max_redemptions: number | null;
  times_redeemed: number;
  redeem_by: Date | null;
}

function couponOf(row: CouponRow): Coupon {
  return {
    id: row.id,
    name: row.name,
    value:
      row.percent_off !== null
        ? { kind: 'percent', percentOff: row.percent_off }
        : { kind: 'amount', amountOff: Number(row.amount_off), currency: row.currency ?? '' },
    duration:
      row.duration === 'repeating' ? { kind: 'repeating', months: row.duration_months ?? 1 } : { kind: row.duration },
    planIds: row.plan_ids,
    maxRedemptions: row.max_redemptions,
    timesRedeemed: row.times_redeemed,
    redeemBy: row.redeem_by ? toInstant(row.redeem_by) : null,
  };
}

function promotionCodeOf(row: {
  id: string;
  coupon_id: string;
  code: string;
  max_redemptions: number | null;
  times_redeemed: number;
  expires_at: Date | null;
  first_time_only: boolean;
  active: boolean;
}): PromotionCode {
  return {
    id: row.id,
    couponId: row.coupon_id,
    code: row.code,
    maxRedemptions: row.max_redemptions,
    timesRedeemed: row.times_redeemed,
    expiresAt: row.expires_at ? toInstant(row.expires_at) : null,
    firstTimeOnly: row.first_time_only,
    active: row.active,
  };
}
