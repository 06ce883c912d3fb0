// Runs a keyed request so that each of its write transactions marks the key `committed` as its last statement,
// and only while the key is still this run's (docs/decisions/009): whether the request wrote anything is then
// known for certain, and a run another retry took over cannot commit anything more.
import { withCommitGuard } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';
import { markCommitted, type RunClaim } from './idempotency-records.queries.ts';

export function bindWritesToKey<T>(claim: RunClaim, work: () => T): T {
  return withCommitGuard(async (trx) => {
    if (!(await markCommitted(trx, claim))) {
      throw new BillingError(
        'idempotency_key_in_progress',
        'A retry of this request with the same Idempotency-Key took over while this one was running; it carries it out.',
        { param: 'Idempotency-Key' },
      );
    }
  }, work);
}
