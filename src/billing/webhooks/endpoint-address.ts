// Where a webhook endpoint may point: an https URL without credentials whose host resolves only to public
// addresses (SSRF guard), checked when the endpoint is saved and again before every delivery (DNS can change).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BillingError } from '../../domain/errors.ts';
import { isPublicAddress } from '../../domain/webhooks/address-class.ts';
import type { WebhookSettings } from './webhook-settings.ts';

export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Every address a host name resolves to; a test hands in its own. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface CheckedEndpointUrl {
  url: URL;
  /**
   * The public addresses the host resolved to, to connect to exactly these (no second lookup a DNS rebinding
   * could answer differently). Null when private addresses are allowed: then any address will do.
   */
  addresses: ResolvedAddress[] | null;
}

/** Throws `webhook_url_refused` (400, param `url`) when webhooks may not be sent to this URL. */
export async function checkEndpointUrl(
  url: string,
  settings: Pick<WebhookSettings, 'allowPrivateAddresses'>,
  resolve: HostResolver = systemResolver,
): Promise<void> {
  await checkedEndpointUrl(url, settings, resolve);
}

/** As checkEndpointUrl, answering the URL and the addresses it was checked at. */
export async function checkedEndpointUrl(
  url: string,
  settings: Pick<WebhookSettings, 'allowPrivateAddresses'>,
  resolve: HostResolver = systemResolver,
): Promise<CheckedEndpointUrl> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused('The endpoint URL is not a valid URL.');
  }
  const allowed = settings.allowPrivateAddresses ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) throw refused('The endpoint URL must start with https://.');
  if (parsed.username !== '' || parsed.password !== '') {
    throw refused('The endpoint URL must not carry a user name or password.');
  }
  if (settings.allowPrivateAddresses) return { url: parsed, addresses: null };

  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (cause) {
      throw refused(`The endpoint's host ${host} cannot be resolved.`, cause);
    }
    if (addresses.length === 0) throw refused(`The endpoint's host ${host} cannot be resolved.`);
  }
  const notPublic = addresses.find((a) => !isPublicAddress(a.address));
  if (notPublic) {
    throw refused(
      `The endpoint's host ${host} points to ${notPublic.address}, a private or local address webhooks are not sent to.`,
    );
  }
  return { url: parsed, addresses };
}

function refused(message: string, cause?: unknown): BillingError {
  return new BillingError('webhook_url_refused', message, { param: 'url', cause });
}
