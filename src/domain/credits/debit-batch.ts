// A batch of debits against one wallet, decided in input order (DESIGN.md section 4, `{debits: […]}`): each debit
// is drawn by the drawdown rule from what the debits before it left, or refused when too few credits remain —
// a refused debit changes nothing and the next one is decided on the same wallet. Pure.
import { balanceOf, type GrantDraw, type OpenGrant, planDebit } from './credit-wallet.ts';

export type BatchDebitDecision =
  | { kind: 'debited'; drawnFrom: GrantDraw[]; balanceAfter: number }
  | { kind: 'insufficient'; balance: number };

export interface DebitBatchPlan {
  decisions: BatchDebitDecision[];
  /** The open grants after every debit that went through. */
  open: OpenGrant[];
  balanceAfter: number;
  /** Credits debited by the whole batch, and how many debits went through. */
  debited: number;
  debits: number;
}

export function planDebitBatch(open: readonly OpenGrant[], amounts: readonly number[]): DebitBatchPlan {
  let wallet = [...open];
  let debited = 0;
  let debits = 0;
  const decisions = amounts.map((amount): BatchDebitDecision => {
    const plan = planDebit(wallet, amount);
    if (plan.kind === 'insufficient') return plan;
    wallet = plan.open;
    debited += amount;
    debits += 1;
    return { kind: 'debited', drawnFrom: plan.drawnFrom, balanceAfter: plan.balanceAfter };
  });
  return { decisions, open: wallet, balanceAfter: balanceOf(wallet), debited, debits };
}
