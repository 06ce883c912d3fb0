// A published event and what reacts to it: subscribers (webhooks, emails) are handed the events a publishing
// run gave sequence numbers to, inside that run's transaction, so a delivery or an email exists exactly when
// its event is published.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import type { BillingEventType } from './record-event.ts';

export interface PublishedEvent {
  id: string;
  workspaceId: string;
  type: BillingEventType;
  /** Gap-less per workspace, from 1. */
  sequence: number;
  createdAt: Date;
  data: unknown;
}

export type EventSubscriber = (
  trx: BillfoldTransaction,
  deps: BillingDeps,
  events: readonly PublishedEvent[],
) => Promise<void>;
