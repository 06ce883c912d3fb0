// The SSRF guard: endpoint URLs must be https and resolve only to public addresses (unless the deployment
// allows private ones), checked when saved and again at each delivery, and the request connects to the
// address that was checked.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { deliverDueWebhooks } from '../../../src/billing/webhooks/deliver-due-webhooks.ts';
import { checkEndpointUrl, type HostResolver } from '../../../src/billing/webhooks/endpoint-address.ts';
import { webhookSender } from '../../../src/billing/webhooks/webhook-sender.ts';
import { BillingError } from '../../../src/domain/errors.ts';
import { errorBody } from '../../../src/http/error-map.ts';
import { addCard, testCards } from '../../support/billing-fixtures.ts';
import {
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';
import { deliveriesOf, insertEndpoint, type Receiver, startReceiver } from './delivery-fixtures.ts';

const strict = { allowPrivateAddresses: false };
const relaxed = { allowPrivateAddresses: true };

/** A fake DNS: these names, these addresses; anything else is not found. */
function resolverOf(names: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const dns = resolverOf({
  'hooks.example.com': ['93.184.215.14'],
  'internal.example.com': ['10.1.2.3'],
  'sneaky.example.com': ['93.184.215.14', '192.168.0.7'],
  'v6.example.com': ['2606:4700:4700::1111'],
  'metadata.example.com': ['fd00:ec2::254'],
  localhost: ['127.0.0.1', '::1'],
});

async function refusal(url: string, settings = strict): Promise<BillingError> {
  const error = await checkEndpointUrl(url, settings, dns).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${url} should be refused`).toBeInstanceOf(BillingError);
  return error as BillingError;
}

describe('checkEndpointUrl', () => {
  it.each([
    'http://127.0.0.1/hooks',
    'https://127.0.0.1/hooks',
    'https://127.1.2.3:8443/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'https://169.254.169.254/latest/meta-data/',
    'http://[::1]/hooks',
    'https://[::1]:8443/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fe80::1]/hooks',
    'https://0.0.0.0/hooks',
    'https://10.0.0.1/hooks',
    'https://172.20.1.1/hooks',
    'https://192.168.1.1/hooks',
    'https://100.64.0.1/hooks',
    // Other spellings of 127.0.0.1 the URL parser reads as it.
    'https://2130706433/hooks',
    'https://0x7f.1/hooks',
    'https://internal.example.com/hooks',
    'https://sneaky.example.com/hooks',
    'https://metadata.example.com/hooks',
    'https://localhost/hooks',
  ])('refuses %s', async (url) => {
    const error = await refusal(url);
    expect(error.code).toBe('webhook_url_refused');
    expect(error.param).toBe('url');
    // Through the API it is a 400 naming the field.
    expect(errorBody(error)).toMatchObject({ status: 400, body: { error: { type: 'invalid_request', param: 'url' } } });
  });

  it('says why: not https, a private address, credentials, a name that does not resolve', async () => {
    expect((await refusal('http://hooks.example.com/x')).message).toMatch(/https/);
    expect((await refusal('https://internal.example.com/x')).message).toMatch(/10\.1\.2\.3.*private or local/);
    expect((await refusal('https://user:secret@hooks.example.com/x')).message).toMatch(/user name or password/);
    expect((await refusal('https://nowhere.example.com/x')).message).toMatch(/cannot be resolved/);
    expect((await refusal('ftp://hooks.example.com/x')).message).toMatch(/https/);
    expect((await refusal('not a url')).message).toMatch(/not a valid URL/);
  });

  it.each([
    'https://hooks.example.com/billing',
    'https://v6.example.com:8443/x',
    'https://93.184.215.14/x',
    'https://[2606:4700:4700::1111]/x',
  ])('accepts the public %s', async (url) => {
    await expect(checkEndpointUrl(url, strict, dns)).resolves.toBeUndefined();
  });

  it('accepts local addresses and http where the deployment allows private addresses, but not credentials', async () => {
    await expect(checkEndpointUrl('http://127.0.0.1:4000/hooks', relaxed, dns)).resolves.toBeUndefined();
    await expect(checkEndpointUrl('http://[::1]:4000/hooks', relaxed, dns)).resolves.toBeUndefined();
    await expect(checkEndpointUrl('https://internal.example.com/hooks', relaxed, dns)).resolves.toBeUndefined();
    await refusal('http://user:pw@127.0.0.1:4000/hooks', relaxed);
    await refusal('file:///etc/passwd', relaxed);
  });
});

describe('the address check at delivery', () => {
  let billfold: TestBillfold;
  let owner: SignedInUser;
  let receiver: Receiver;

  beforeAll(async () => {
    // Private addresses not allowed: the deployment default.
    billfold = await startTestBillfold();
    owner = await signUp(billfold, 'owner');
    receiver = await startReceiver(billfold);
  });

  afterAll(async () => {
    await receiver.close();
    await billfold.close();
  });

  it('refuses a host that now resolves to a private address, records why, and sends nothing', async () => {
    const ws = (await createWorkspaceAs(billfold, owner, 'Rebound Inc')).id;
    let answer = '93.184.215.14';
    const changingDns: HostResolver = async () => [{ address: answer, family: 4 }];
    // Accepted when it was saved…
    await checkEndpointUrl('https://hooks.rebound.example/x', billfold.deps.webhooks, changingDns);
    const rebound = await insertEndpoint(billfold, ws, 'https://hooks.rebound.example/x');
    // …and an endpoint that was saved before the rules (or by hand) pointing at this very machine.
    const local = await insertEndpoint(billfold, ws, receiver.url);
    answer = '10.1.2.3';

    expect((await addCard(billfold, owner, ws, testCards.succeeds)).statusCode).toBe(201);
    await publishEvents(billfold.deps);
    await deliverDueWebhooks(billfold.deps, { resolve: changingDns });

    expect(receiver.received).toEqual([]);
    const [refused] = await deliveriesOf(billfold, rebound.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
    expect(refused?.error).toMatch(/^Not sent: .*10\.1\.2\.3, a private or local address/);
    const [refusedLocal] = await deliveriesOf(billfold, local.id);
    expect(refusedLocal).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
    expect(refusedLocal?.error).toMatch(/^Not sent: .*https/);

    // Still refused on the retry: the schedule goes on, nothing reaches the machine.
    billfold.clock.advance(Temporal.Duration.from({ seconds: 6 }));
    await deliverDueWebhooks(billfold.deps, { resolve: changingDns });
    expect(receiver.received).toEqual([]);
    expect((await deliveriesOf(billfold, local.id))[0]).toMatchObject({ attempts: 2, status: 'pending' });
  });

  it('connects to the address that was checked, not to a second DNS answer', async () => {
    const sender = webhookSender();
    try {
      const port = new URL(receiver.url).port;
      // The name resolves nowhere; the request still reaches the checked address it is pinned to.
      const result = await sender.send(
        {
          url: new URL(`http://pinned.invalid:${port}/hooks`),
          addresses: [{ address: '127.0.0.1', family: 4 }],
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
        { timeoutMs: 5_000 },
      );
      expect(result).toMatchObject({ responseStatus: 200, error: null });
      expect(receiver.received.at(-1)?.headers.host).toBe(`pinned.invalid:${port}`);
    } finally {
      sender.close();
    }
  });
});
