// Billing emails, told as customers live them on test clocks: an invitation with its accept link; a Team
// subscription paid (a receipt with the amount, the invoice number and the PDF attached), then a failing card at
// renewal (payment failed with the amount and a link to update the card), each dunning retry that fails, and the
// move back to Free; a cancel ("active until") and its end; the yearly renewal reminder; credits running low, an
// auto top-up bought and the balance depleted; a failing webhook endpoint. Every email goes to the billing email
// of the billing details, is a real RFC 5322 message (.eml, parsed with mailparser) and is listed on the mailbox.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEndpointFailingEmail } from '../../../src/billing/emails/endpoint-failing-email.ts';
import { mailboxUrl } from '../../../src/billing/emails/mailbox.ts';
import { enqueueRenewalReminders } from '../../../src/billing/emails/renewal-reminders.ts';
import { sendDueEmails } from '../../../src/billing/emails/send-due-emails.ts';
import { publishEvents } from '../../../src/billing/events/publish-events.ts';
import { inTransaction } from '../../../src/db/transaction.ts';
import { newId } from '../../../src/domain/ids.ts';
import { isPageRoute } from '../../../src/http/web-page.ts';
import { addCard, testCards, workspaceOnTestClock } from '../../support/billing-fixtures.ts';
import {
  call,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
  testBaseUrl,
} from '../../support/test-billfold.ts';
import { linksOf, readMailDir, type WrittenMail } from './mail-files.ts';

const secret = 'test-secret-test-secret-test-secret-0123';
let billfold: TestBillfold;
let owner: SignedInUser;
let dataDir: string;
let mailDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'billfold-emails-'));
  mailDir = join(dataDir, 'mail');
  billfold = await startTestBillfold({ BILLFOLD_DATA_DIR: dataDir, BILLFOLD_SECRET: secret });
  owner = await signUp(billfold, 'owner');
}, 60_000);
afterAll(async () => {
  await billfold.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function setBillingEmail(ws: string, email: string) {
  const saved = await call(billfold, 'PUT', `/v1/workspaces/${ws}/billing-details`, {
    as: owner,
    body: {
      legalName: 'Acme GmbH',
      email,
      addressLine1: 'Friedrichstraße 1',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
    },
  });
  expect(saved.statusCode, saved.body).toBe(200);
}

async function advance(ws: string, to: string): Promise<string[]> {
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock/advance`, { as: owner, body: { to } });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().steps as { at: string; kind: string; result: string }[]).map(
    (s) => `${s.at.slice(0, 10)} ${s.kind} ${s.result}`,
  );
}

async function slugOf(ws: string): Promise<string> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws}/billing`, { as: owner });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().workspace.slug;
}

/** What the jobs do: publish every event (making its emails), then send every email that is due. */
async function runEmailJobs() {
  while ((await publishEvents(billfold.deps)) > 0);
  while ((await sendDueEmails(billfold.deps)) > 0);
}

/** The workspace's emails of one kind, in the order they were made, each parsed from its .eml file. */
async function emailsOf(ws: string, kind: string): Promise<WrittenMail[]> {
  const rows = await billfold.database.db
    .selectFrom('email_message')
    .select(['id', 'status'])
    .where('workspace_id', '=', ws)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  const files = await readMailDir(mailDir);
  return rows.map((row) => {
    const mail = files.find((f) => f.file === `${row.id}.eml`);
    if (!mail) throw new Error(`no .eml file for ${row.id}`);
    return mail;
  });
}

async function onlyEmailOf(ws: string, kind: string): Promise<WrittenMail> {
  const mails = await emailsOf(ws, kind);
  expect(mails, kind).toHaveLength(1);
  return mails[0] as WrittenMail;
}

async function kindsOf(ws: string): Promise<string[]> {
  const rows = await billfold.database.db
    .selectFrom('email_message')
    .select('kind')
    .where('workspace_id', '=', ws)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.kind);
}

function textOf(mail: WrittenMail): string {
  return mail.parsed.text ?? '';
}

describe("a Team subscription's life on a test clock, by email", () => {
  let ws: string;
  let slug: string;
  let firstInvoice: { id: string; number: string };
  let renewalInvoice: { id: string; number: string };

  beforeAll(async () => {
    ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Acme Emails' });
    slug = await slugOf(ws);
    await setBillingEmail(ws, 'ap@acme.test');
    const invited = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
      as: owner,
      body: { email: 'new.hire@example.test', role: 'member' },
    });
    expect(invited.statusCode, invited.body).toBe(201);

    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'month', seats: 2 },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    expect(subscribed.json().invoice).toMatchObject({ total: 2400, status: 'paid' });
    firstInvoice = subscribed.json().invoice;

    // The card starts failing before the renewal: it and the four retries (days 1, 3, 5, 7) fail.
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    expect(await advance(ws, '2027-04-09T00:00:00Z')).toEqual([
      '2027-04-01 renewal failed',
      '2027-04-02 dunning_retry failed',
      '2027-04-04 dunning_retry failed',
      '2027-04-06 dunning_retry failed',
      '2027-04-08 dunning_retry failed',
    ]);
    const invoices = await call(billfold, 'GET', `/v1/workspaces/${ws}/invoices`, { as: owner });
    renewalInvoice = invoices.json().data[0];
    expect(invoices.json().data[0]).toMatchObject({ total: 2400, status: 'uncollectible' });
    await runEmailJobs();
  }, 120_000);

  it('makes one email per step: receipt, payment failed, three failed retries, back to Free', async () => {
    expect(await kindsOf(ws)).toEqual([
      'invitation',
      'receipt',
      'payment_failed',
      'dunning_retry_failed',
      'dunning_retry_failed',
      'dunning_retry_failed',
      'back_to_free',
    ]);
  });

  it('sends every billing email to the billing email of the billing details, the invitation to the invitee', async () => {
    const rows = await billfold.database.db
      .selectFrom('email_message')
      .select(['kind', 'to_addresses'])
      .where('workspace_id', '=', ws)
      .execute();
    for (const row of rows) {
      expect(row.to_addresses, row.kind).toEqual([
        row.kind === 'invitation' ? 'new.hire@example.test' : 'ap@acme.test',
      ]);
    }
    const receipt = await onlyEmailOf(ws, 'receipt');
    expect(receipt.to).toEqual(['ap@acme.test']);
    expect(receipt.parsed.from?.text).toContain('billing@billfold.localhost');
  });

  it('the receipt carries the paid amount, the lines, the invoice number, its hosted page and the PDF', async () => {
    const receipt = await onlyEmailOf(ws, 'receipt');
    expect(receipt.parsed.subject).toBe(`Receipt for $24.00 — invoice ${firstInvoice.number}`);
    const text = textOf(receipt);
    expect(text).toContain('Amount paid: $24.00');
    expect(text).toContain(firstInvoice.number);
    expect(text).toMatch(/Team.*\$24\.00/);
    // Both parts, as a mail client shows them.
    expect(receipt.parsed.html).toContain('$24.00');
    expect(receipt.parsed.html).toContain(firstInvoice.number);
    const hosted = linksOf(text).find((l) => l.startsWith(`${testBaseUrl}/invoices/`));
    expect(hosted).toBeDefined();
    const page = await billfold.app.inject({ method: 'GET', url: new URL(hosted as string).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(firstInvoice.number);

    expect(receipt.parsed.attachments).toHaveLength(1);
    const [pdf] = receipt.parsed.attachments;
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.filename).toBe(`${firstInvoice.number}.pdf`);
    const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf?.content ?? [])), {
      mergePages: true,
    });
    expect(pdfText).toContain(firstInvoice.number);
    expect(pdfText).toContain('$24.00');
  });

  it('payment failed carries the amount, the reason and a working link to update the card', async () => {
    const failed = await onlyEmailOf(ws, 'payment_failed');
    expect(failed.parsed.subject).toBe('Payment of $24.00 failed — update your card');
    const text = textOf(failed);
    expect(text).toContain('Amount due: $24.00');
    expect(text).toContain(renewalInvoice.number);
    expect(text).toMatch(/Reason: \S+/);
    expect(text).toContain('Next attempt: Apr 2, 2027');
    const updateCard = `${testBaseUrl}/w/${slug}/billing`;
    expect(text).toContain(`Update the card: ${updateCard}`);
    expect(failed.parsed.html).toContain(`href="${updateCard}"`);
    // The link opens the page's billing route (the page's build serves it; without a build it is still its route).
    const path = new URL(updateCard).pathname;
    const opened = await billfold.app.inject({ method: 'GET', url: path });
    if (opened.statusCode !== 200) expect(isPageRoute('GET', path)).toBe(true);
    // …and the billing it shows is the workspace's, to its owner.
    const billing = await call(billfold, 'GET', `/v1/workspaces/${slug}/billing`, { as: owner });
    expect(billing.statusCode).toBe(200);
  });

  it('each failed dunning retry says which retry it was and when the next one is', async () => {
    const retries = await emailsOf(ws, 'dunning_retry_failed');
    expect(retries.map((m) => m.parsed.subject)).toEqual([
      'Retry 1 of 4 failed: $24.00 still due',
      'Retry 2 of 4 failed: $24.00 still due',
      'Retry 3 of 4 failed: $24.00 still due',
    ]);
    expect(retries.map((m) => /Next attempt: (.*)/.exec(textOf(m))?.[1])).toEqual([
      'Apr 4, 2027',
      'Apr 6, 2027',
      'Apr 8, 2027',
    ]);
    expect(textOf(retries[2] as WrittenMail)).toContain('If it fails, the workspace moves to the Free plan.');
  });

  it('the last failure says the workspace is back on Free, naming the unpaid invoice', async () => {
    const free = await onlyEmailOf(ws, 'back_to_free');
    expect(free.parsed.subject).toBe('Acme Emails moved to the Free plan');
    expect(textOf(free)).toContain(`invoice ${renewalInvoice.number} ($24.00) failed`);
    expect(textOf(free)).toContain(`${testBaseUrl}/w/${slug}/billing`);
  });

  it('the invitation carries the inviter, the workspace and an accept link that opens the invite', async () => {
    const invitation = await onlyEmailOf(ws, 'invitation');
    expect(invitation.to).toEqual(['new.hire@example.test']);
    expect(invitation.parsed.subject).toBe(`${owner.name} invited you to Acme Emails on Billfold`);
    const accept = linksOf(textOf(invitation)).find((l) => l.includes('/invites/'));
    const invites = await call(billfold, 'GET', `/v1/workspaces/${ws}/invites`, { as: owner });
    const invite = invites.json().data[0];
    expect(accept).toBe(`${invite.acceptUrl}?email=new.hire%40example.test`);
    // The invitee signs up with that address and accepts the invite the link names.
    const invitee = await signUp(billfold, 'invitee');
    await billfold.database.db
      .updateTable('user')
      .set({ email: 'new.hire@example.test' })
      .where('id', '=', invitee.userId)
      .execute();
    const inviteId = new URL(accept as string).pathname.split('/').at(-1);
    const accepted = await call(billfold, 'POST', `/v1/invites/${inviteId}/accept`, { as: invitee });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('publishing or sending again makes and sends no second email', async () => {
    const before = (await readMailDir(mailDir)).length;
    // Every event of the workspace handed to the subscribers again meets the one-email-per-cause rule.
    await billfold.database.db
      .updateTable('outbox_event')
      .set({ published_at: null, sequence: null })
      .where('workspace_id', '=', ws)
      .execute();
    await billfold.database.db.deleteFrom('workspace_event_counter').where('workspace_id', '=', ws).execute();
    await runEmailJobs();
    expect((await readMailDir(mailDir)).length).toBe(before);
    expect(await kindsOf(ws)).toHaveLength(7);
  });
});

describe('a cancel, its end, and the yearly renewal reminder', () => {
  it('a yearly subscription is reminded 7 days before it renews, with the amount, once', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Yearly Ltd' });
    await setBillingEmail(ws, 'finance@yearly.test');
    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'year', seats: 2 },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    expect(subscribed.json().invoice.total).toBe(24_000);

    await advance(ws, '2028-02-22T00:00:00Z'); // 8 days before: too early
    await enqueueRenewalReminders(billfold.deps);
    expect(await kindsOf(ws)).not.toContain('renewal_reminder');

    await advance(ws, '2028-02-23T12:00:00Z'); // 6.5 days before
    await enqueueRenewalReminders(billfold.deps);
    await enqueueRenewalReminders(billfold.deps);
    await runEmailJobs();
    const reminder = await onlyEmailOf(ws, 'renewal_reminder');
    expect(reminder.to).toEqual(['finance@yearly.test']);
    expect(reminder.parsed.subject).toBe('Your yearly Team subscription renews on Mar 1, 2028');
    expect(textOf(reminder)).toContain('Amount: $240.00');
  }, 60_000);

  it('a cancel says "active until" the period end, and its end says the plan has ended', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Leaving Co' });
    await setBillingEmail(ws, 'ap@leaving.test');
    const subscribed = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, {
      as: owner,
      body: { plan: 'team', interval: 'month', seats: 2 },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(200);
    const canceled = await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription/cancel`, { as: owner });
    expect(canceled.statusCode, canceled.body).toBe(200);
    await runEmailJobs();
    const ending = await onlyEmailOf(ws, 'subscription_ending');
    expect(ending.parsed.subject).toBe('Your Team subscription ends on Apr 1, 2027');
    expect(textOf(ending)).toContain('It stays active until Apr 1, 2027');

    await advance(ws, '2027-04-02T00:00:00Z');
    await runEmailJobs();
    const ended = await onlyEmailOf(ws, 'subscription_ended');
    expect(ended.to).toEqual(['ap@leaving.test']);
    expect(ended.parsed.subject).toBe('Your Team subscription has ended');
    expect(textOf(ended)).toContain('on the Free plan now');
    expect(await kindsOf(ws)).toEqual(['receipt', 'subscription_ending', 'subscription_ended']);
  }, 60_000);
});

describe('credits and auto top-up, by email', () => {
  it('tells of a low balance, the auto top-up bought (its invoice attached), a failed top-up and the balance at zero', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Credits Co' });
    await setBillingEmail(ws, 'ap@credits.test');
    const key = await call(billfold, 'POST', `/v1/workspaces/${ws}/api-keys`, { as: owner, body: { name: 'product' } });
    const apiKey = { apiKey: key.json().token as string };
    expect(
      (await call(billfold, 'POST', `/v1/workspaces/${ws}/subscription`, { as: owner, body: { plan: 'flex' } }))
        .statusCode,
    ).toBe(200);
    const bought = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/purchases`, {
      as: owner,
      body: { pack: 'credits_1000' },
    });
    expect(bought.statusCode, bought.body).toBe(200);
    const setting = await call(billfold, 'PUT', `/v1/workspaces/${ws}/credits/auto-top-up`, {
      as: owner,
      body: { enabled: true, packId: 'credits_1000', threshold: 500 },
    });
    expect(setting.statusCode, setting.body).toBe(200);
    const consume = async (amount: number, idempotencyKey: string) => {
      const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/credits/consume`, {
        as: apiKey,
        body: { amount, description: 'usage' },
        idempotencyKey,
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const topUpsSettled = async () => {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const open = await billfold.database.db
          .selectFrom('credit_purchase')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('status', 'in', ['requested', 'pending'])
          .execute();
        if (open.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('top-up still being bought');
    };

    await consume(600, 'fall-1'); // 1,000 → 400: below 500, a top-up of 1,000 is bought
    await topUpsSettled();
    expect((await addCard(billfold, owner, ws, testCards.chargesFail, true)).statusCode).toBe(201);
    await consume(1_400, 'to-zero'); // 1,400 → 0: low and depleted; the top-up on the failing card fails
    await topUpsSettled();
    await runEmailJobs();

    expect(await kindsOf(ws)).toEqual([
      'receipt',
      'credits_low',
      'auto_top_up',
      // 1,400 → 0 crosses the low line and zero at once: the one email says the credits ran out.
      'credits_depleted',
      'payment_failed',
    ]);
    const low = await onlyEmailOf(ws, 'credits_low');
    expect(low.parsed.subject).toBe('Credits running low: 400 left');
    expect(textOf(low)).toContain('fell below 500 credits');
    const topUp = await onlyEmailOf(ws, 'auto_top_up');
    expect(topUp.parsed.subject).toBe('Auto top-up: 1,000 credits for $10.00');
    expect(topUp.parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const depleted = await onlyEmailOf(ws, 'credits_depleted');
    expect(depleted.parsed.subject).toBe('Credits Co is out of credits');
    const failed = await onlyEmailOf(ws, 'payment_failed');
    expect(failed.parsed.subject).toBe('Payment of $10.00 failed — update your card');
    for (const kind of ['credits_low', 'auto_top_up', 'credits_depleted', 'payment_failed']) {
      for (const mail of await emailsOf(ws, kind)) expect(mail.to, kind).toEqual(['ap@credits.test']);
    }
  }, 60_000);
});

describe('a failing webhook endpoint, by email', () => {
  it('tells the billing managers when there is no billing email, once per turn to failing', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', { name: 'Hooks Inc', card: null });
    const manager = await signUp(billfold, 'manager');
    const member = await signUp(billfold, 'member');
    for (const [user, role] of [
      [manager, 'billing'],
      [member, 'member'],
    ] as const) {
      const invite = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
        as: owner,
        body: { email: user.email, role },
      });
      expect(invite.statusCode, invite.body).toBe(201);
      expect((await call(billfold, 'POST', `/v1/invites/${invite.json().id}/accept`, { as: user })).statusCode).toBe(
        200,
      );
    }
    const endpointId = newId('we');
    const failingSince = new Date('2027-03-02T10:00:00Z');
    const enqueue = () =>
      inTransaction(billfold.deps.db, (trx) =>
        enqueueEndpointFailingEmail(trx, billfold.deps, {
          workspaceId: ws,
          endpointId,
          url: 'https://hooks.example.test/billfold',
          failingSince,
        }),
      );
    expect(await enqueue()).toBe(true);
    expect(await enqueue()).toBe(false);
    await runEmailJobs();
    const mail = await onlyEmailOf(ws, 'endpoint_failing');
    expect(mail.to.sort()).toEqual([owner.email, manager.email].sort());
    expect(mail.parsed.subject).toBe('Webhook endpoint failing: https://hooks.example.test/billfold');
    expect(textOf(mail)).toContain('failed for more than 24 hours');
    const slug = await slugOf(ws);
    expect(textOf(mail)).toContain(`Open the delivery log: ${testBaseUrl}/w/${slug}/developers`);
  }, 60_000);
});

describe('the mailbox page', () => {
  const key = () => new URL(mailboxUrl(testBaseUrl, secret)).pathname;

  it('lists the emails newest first, with recipient, subject, time and kind', async () => {
    const page = await billfold.app.inject({ method: 'GET', url: key() });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Receipt for $24.00');
    expect(page.body).toContain('ap@acme.test');
    expect(page.body).toContain('back_to_free');
    const rows = await billfold.database.db
      .selectFrom('email_message')
      .select(['id', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const positions = rows.slice(0, 5).map((r) => page.body.indexOf(r.id));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('shows one email: its HTML in a sandboxed frame under a strict CSP, its text, its PDF and its .eml', async () => {
    const row = await billfold.database.db
      .selectFrom('email_message')
      .select(['id', 'text'])
      .where('kind', '=', 'receipt')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const base = `${key()}/${row.id}`;
    const page = await billfold.app.inject({ method: 'GET', url: base });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<iframe title="The email's HTML part" sandbox src="${base}/html"`);
    expect(page.body).toContain('Amount paid: $24.00');
    const html = await billfold.app.inject({ method: 'GET', url: `${base}/html` });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.body).toContain('$24.00');
    const pdf = await billfold.app.inject({ method: 'GET', url: `${base}/attachment.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const eml = await billfold.app.inject({ method: 'GET', url: `${base}/message.eml` });
    expect(eml.statusCode).toBe(200);
    expect(eml.body).toMatch(/Content-Type: multipart\/mixed/i);
  });

  it('escapes what an email holds', async () => {
    const ws = await workspaceOnTestClock(billfold, owner, '2027-03-01T00:00:00Z', {
      name: '<script>alert(1)</script> & Co',
      card: null,
    });
    const invite = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
      as: owner,
      body: { email: 'x@example.test', role: 'member' },
    });
    expect(invite.statusCode).toBe(201);
    await runEmailJobs();
    const page = await billfold.app.inject({ method: 'GET', url: key() });
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    const [mail] = await emailsOf(ws, 'invitation');
    expect(mail?.parsed.html).not.toContain('<script>alert(1)</script>');
  });

  it('answers 404 for a wrong key, and when SMTP is configured', async () => {
    for (const url of ['/mailbox/wrong-key', `/mailbox/${'x'.repeat(32)}`, `${key()}x`]) {
      expect((await billfold.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    const row = await billfold.database.db.selectFrom('email_message').select('id').executeTakeFirstOrThrow();
    expect((await billfold.app.inject({ method: 'GET', url: `/mailbox/wrong-key/${row.id}/html` })).statusCode).toBe(
      404,
    );
    const withSmtp = await billfold.withSettings({ BILLFOLD_SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect((await withSmtp.app.inject({ method: 'GET', url: key() })).statusCode).toBe(404);
  });

  it('keeps the mail files to the account running Billfold', async () => {
    expect((await stat(mailDir)).mode & 0o777).toBe(0o700);
    const [first] = await readMailDir(mailDir);
    expect((await stat(join(mailDir, first?.file ?? ''))).mode & 0o777).toBe(0o600);
  });
});
