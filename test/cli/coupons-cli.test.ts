// `billfold coupons create|list` and `billfold promotion-codes create|list` from a terminal: an operator defines
// 20% off Team for 3 months and a code for it, sees both listed, and a wrong option is refused naming it.
import { afterAll, expect, it, vi } from 'vitest';
import { cliOnFreshDataDir } from '../support/run-cli.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const cli = cliOnFreshDataDir('coupons');
afterAll(cli.remove);

it('creates and lists a coupon and its promotion code', { timeout: 120_000 }, async () => {
  const created = await cli.run([
    'coupons',
    'create',
    '--percent-off',
    '20',
    '--duration',
    'repeating',
    '--months',
    '3',
    '--plans',
    'team',
    '--max-redemptions',
    '100',
    '--expires',
    '2027-04-01',
    '--name',
    'Spring sale',
  ]);
  expect(created.code, created.output).toBe(0);
  const couponId = /Created (coupon_\w+) /.exec(created.output)?.[1];
  expect(created.output.trim()).toBe(
    `Created ${couponId}  Spring sale: 20% off for 3 months, team, redeemed 0 of 100, until 2027-04-01T00:00:00.000Z`,
  );

  const code = await cli.run([
    'promotion-codes',
    'create',
    '--coupon',
    String(couponId),
    '--code',
    'spring20',
    '--first-time-only',
  ]);
  expect(code.code, code.output).toBe(0);
  expect(code.output).toMatch(
    new RegExp(`^Created promo_\\w+  SPRING20 → ${couponId}, redeemed 0, first-time only\\n$`),
  );

  const coupons = await cli.run(['coupons', 'list']);
  expect(coupons.output).toContain(`${couponId}  Spring sale: 20% off for 3 months`);
  const codes = await cli.run(['promotion-codes', 'list']);
  expect(codes.output).toContain(`SPRING20 → ${couponId}`);

  const bad = await cli.run(['coupons', 'create', '--percent-off', '120', '--duration', 'once']);
  expect(bad.code).toBe(1);
  expect(bad.output.trim()).toBe('percentOff is a whole percent from 1 to 100.');
  const taken = await cli.run(['promotion-codes', 'create', '--coupon', String(couponId), '--code', 'SPRING20']);
  expect(taken.code).toBe(1);
  expect(taken.output.trim()).toBe('The promotion code SPRING20 exists already. Choose another.');
});
