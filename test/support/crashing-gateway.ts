// A card processor that "crashes" on demand, for the crash tests: the next charge (of a given amount, if one is
// named) loses its connection before reaching the sandbox, or after the sandbox charged it (the adapter's
// GatewayUnavailableError, as a real adapter throws on a reset connection), or never returns; and the same for the
// next refund.
import { GatewayUnavailableError, type PaymentGateway } from '../../src/gateways/payment-gateway.ts';

export interface ChargeCrash {
  /**
   * before_charge / after_charge: the connection drops (the request answers 503). process_dies: the charge never
   * returns, as when the server is killed right after committing the pending attempt: nothing after it runs.
   */
  when: 'before_charge' | 'after_charge' | 'process_dies';
  /** Only a charge of this amount crashes (others go through); any charge when unset. */
  amount?: number;
}

/** after_refund: the sandbox refunded, then the connection drops (503); process_dies: the refund never returns. */
export type RefundCrash = 'after_refund' | 'process_dies';

export function crashingGateway(): {
  wrap: (sandbox: PaymentGateway) => PaymentGateway;
  crashNext(c: ChargeCrash): void;
  crashNextRefund(when: RefundCrash): void;
} {
  let planned: ChargeCrash | null = null;
  let plannedRefund: RefundCrash | null = null;
  return {
    crashNext(crash) {
      planned = crash;
    },
    crashNextRefund(when) {
      plannedRefund = when;
    },
    wrap: (sandbox) => ({
      ...sandbox,
      name: sandbox.name,
      async charge(request) {
        const crash = planned && (planned.amount === undefined || planned.amount === request.amount) ? planned : null;
        if (crash) planned = null;
        if (crash?.when === 'process_dies') return new Promise<never>(() => {});
        if (crash?.when === 'before_charge')
          throw new GatewayUnavailableError('connection reset before the gateway received the charge');
        const charge = await sandbox.charge(request);
        if (crash?.when === 'after_charge') {
          throw new GatewayUnavailableError('connection reset after the gateway charged');
        }
        return charge;
      },
      async refund(request) {
        const crash = plannedRefund;
        plannedRefund = null;
        if (crash === 'process_dies') return new Promise<never>(() => {});
        const refund = await sandbox.refund(request);
        if (crash === 'after_refund') throw new GatewayUnavailableError('connection reset after the gateway refunded');
        return refund;
      },
    }),
  };
}
