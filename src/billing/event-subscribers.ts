// What reacts to a published event: the one place that knows events and the capabilities that listen to them,
// so events stays a leaf (the list is handed to it through BillingDeps).
import { emailSubscriber } from './emails/email-subscriber.ts';
import type { EventSubscriber } from './events/event-subscriber.ts';
import { queueWebhookDeliveries } from './webhooks/webhook-subscriber.ts';

export const eventSubscribers: readonly EventSubscriber[] = [queueWebhookDeliveries, emailSubscriber];
