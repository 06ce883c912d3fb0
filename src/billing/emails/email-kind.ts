// The billing emails Billfold sends, by kind: each kind has one template and a cause that makes it once.
const emailKinds = [
  'invitation',
  'receipt',
  'payment_failed',
  'dunning_retry_failed',
  'back_to_free',
  'subscription_ending',
  'subscription_ended',
  'renewal_reminder',
  'trial_ending',
  'credits_low',
  'credits_depleted',
  'auto_top_up',
  'endpoint_failing',
] as const;

export type EmailKind = (typeof emailKinds)[number];

/** What a template gives: the subject and both parts of the message. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
