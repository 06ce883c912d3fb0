// Sending the email outbox: a failing SMTP server loses no email (it stays pending with the error and is tried
// again on a backoff of 1 min, 5 min, 30 min, 2 h… for more than a day, then marked failed); once the server is
// back each email is sent exactly once; a sender that dies mid-send leaves its claim to be taken again after the
// lease; two senders at once never send an email twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingDeps } from '../../../src/billing/deps.ts';
import { claimDueEmails } from '../../../src/billing/emails/email-outbox.queries.ts';
import type { MailTransport, OutgoingEmail } from '../../../src/billing/emails/mail-transport.ts';
import { emailRetryDelaysMs, sendDueEmails } from '../../../src/billing/emails/send-due-emails.ts';
import { inTransaction } from '../../../src/db/transaction.ts';
import {
  call,
  createWorkspaceAs,
  type SignedInUser,
  signUp,
  startTestBillfold,
  type TestBillfold,
} from '../../support/test-billfold.ts';
import { closedLocalPort, type FakeSmtpServer, startFakeSmtpServer } from './fake-smtp-server.ts';
import { readMailDir } from './mail-files.ts';

let billfold: TestBillfold;
let owner: SignedInUser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'billfold-sending-'));
  billfold = await startTestBillfold({ BILLFOLD_DATA_DIR: dataDir });
  owner = await signUp(billfold, 'owner');
}, 60_000);
afterAll(async () => {
  await billfold.close();
  await rm(dataDir, { recursive: true, force: true });
});

let invited = 0;
/** Invites someone (into a new workspace, which has seats free): an invitation email, pending in the outbox. */
async function pendingInvitation(): Promise<{ id: string; to: string }> {
  invited += 1;
  const to = `invitee-${invited}@example.test`;
  const ws = (await createWorkspaceAs(billfold, owner, 'Outbox Ltd')).id;
  const response = await call(billfold, 'POST', `/v1/workspaces/${ws}/invites`, {
    as: owner,
    body: { email: to, role: 'member' },
  });
  expect(response.statusCode, response.body).toBe(201);
  const row = await billfold.database.db
    .selectFrom('email_message')
    .select('id')
    .where('cause_id', '=', response.json().id)
    .executeTakeFirstOrThrow();
  return { id: row.id, to };
}

function rowOf(id: string) {
  return billfold.database.db
    .selectFrom('email_message')
    .select(['status', 'attempts', 'error', 'next_attempt_at', 'sent_at', 'leased_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

function withSmtp(url: string): BillingDeps {
  return { ...billfold.deps, email: { ...billfold.deps.email, smtpUrl: url } };
}

/** Moves the server's clock (which is also the wall clock of this test Billfold) forward. */
function wait(ms: number) {
  billfold.clock.advance({ milliseconds: ms });
}

/** Waits out every pending email of earlier tests, so each test sees only its own. */
async function drain(deps: BillingDeps = billfold.deps) {
  wait(3 * 24 * 60 * 60 * 1000);
  while ((await sendDueEmails(deps)) > 0);
}

describe('a failing SMTP server', () => {
  let server: FakeSmtpServer | undefined;
  afterAll(async () => server?.close());

  it('keeps the email pending with the error, tries it again after a minute, and sends it once when back', async () => {
    await drain();
    const port = await closedLocalPort();
    const deps = withSmtp(`smtp://127.0.0.1:${port}`);
    const email = await pendingInvitation();

    expect(await sendDueEmails(deps)).toBe(1);
    const failed = await rowOf(email.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, sent_at: null, leased_until: null });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    const now = billfold.clock.now().epochMilliseconds;
    expect(failed.next_attempt_at?.getTime()).toBe(now + 60_000);

    // Not due yet: nothing is tried.
    expect(await sendDueEmails(deps)).toBe(0);
    server = await startFakeSmtpServer(port);
    wait(59_000);
    expect(await sendDueEmails(deps)).toBe(0);
    expect(server.received).toHaveLength(0);

    wait(1_000);
    expect(await sendDueEmails(deps)).toBe(1);
    expect(await rowOf(email.id)).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.to).toEqual([email.to]);
    const parsed = await simpleParser(server.received[0]?.raw ?? '');
    expect(parsed.subject).toContain('invited you to Outbox Ltd');
    expect(parsed.text).toContain('/invites/');
    expect(parsed.html).toContain('Accept the invitation');

    // Sent is sent: later runs send nothing again.
    wait(24 * 60 * 60 * 1000);
    expect(await sendDueEmails(deps)).toBe(0);
    expect(server.received).toHaveLength(1);
  }, 60_000);

  it('backs off 1 min, 5 min, 30 min, 2 h, … for more than a day, then marks the email failed', async () => {
    const deps = withSmtp(`smtp://127.0.0.1:${await closedLocalPort()}`);
    await drain(deps);
    const email = await pendingInvitation();
    const waits: number[] = [];
    for (let attempt = 1; ; attempt += 1) {
      expect(await sendDueEmails(deps)).toBe(1);
      const row = await rowOf(email.id);
      expect(row.attempts).toBe(attempt);
      if (row.status === 'failed') break;
      const waitMs = (row.next_attempt_at?.getTime() ?? 0) - billfold.clock.now().epochMilliseconds;
      waits.push(waitMs);
      wait(waitMs);
      expect(attempt).toBeLessThan(20);
    }
    expect(waits.slice(0, 4)).toEqual([60_000, 300_000, 1_800_000, 7_200_000]);
    expect(waits).toEqual([...emailRetryDelaysMs]);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
    const given = await rowOf(email.id);
    expect(given).toMatchObject({ status: 'failed', next_attempt_at: null, sent_at: null });
    expect(given.error).toMatch(/ECONNREFUSED|connect/i);
    // A failed email is not tried again.
    wait(7 * 24 * 60 * 60 * 1000);
    expect(await sendDueEmails(deps)).toBe(0);
  }, 60_000);

  it('an email that failed over SMTP is written once as an .eml file when the deployment has no SMTP', async () => {
    const deps = withSmtp(`smtp://127.0.0.1:${await closedLocalPort()}`);
    await drain(deps);
    const email = await pendingInvitation();
    expect(await sendDueEmails(deps)).toBe(1);
    expect((await rowOf(email.id)).status).toBe('pending');

    wait(60_000);
    expect(await sendDueEmails(billfold.deps)).toBe(1);
    wait(60 * 60_000);
    expect(await sendDueEmails(billfold.deps)).toBe(0);
    const files = (await readMailDir(join(dataDir, 'mail'))).filter((m) => m.file === `${email.id}.eml`);
    expect(files).toHaveLength(1);
    expect(files[0]?.to).toEqual([email.to]);
    expect(await rowOf(email.id)).toMatchObject({ status: 'sent', attempts: 2 });
  }, 60_000);
});

describe('claims', () => {
  /** A transport that keeps what it was handed, taking a moment for each. */
  function recordingTransport(into: OutgoingEmail[]): MailTransport {
    return {
      async send(email) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        into.push(email);
        return 'recorded';
      },
      close() {},
    };
  }

  it('two senders at once send each email once', async () => {
    await drain();
    const emails = [];
    for (let i = 0; i < 6; i += 1) emails.push(await pendingInvitation());
    const sent: OutgoingEmail[] = [];
    const transport = recordingTransport(sent);
    const [a, b] = await Promise.all([
      sendDueEmails(billfold.deps, { transport, limit: 4 }),
      sendDueEmails(billfold.deps, { transport, limit: 4 }),
    ]);
    expect(a + b).toBe(6);
    expect(sent.map((e) => e.id).sort()).toEqual(emails.map((e) => e.id).sort());
  }, 60_000);

  it('a sender that died after claiming leaves the email to be sent after its lease', async () => {
    await drain();
    const email = await pendingInvitation();
    // A sender claims it and dies before sending (nothing is recorded).
    const now = new Date(billfold.clock.now().epochMilliseconds);
    const claimed = await inTransaction(billfold.deps.db, (trx) =>
      claimDueEmails(trx, now, new Date(now.getTime() + 5 * 60_000), 10),
    );
    expect(claimed.map((c) => c.id)).toEqual([email.id]);

    const sent: OutgoingEmail[] = [];
    expect(await sendDueEmails(billfold.deps, { transport: recordingTransport(sent) })).toBe(0);
    wait(5 * 60_000);
    expect(await sendDueEmails(billfold.deps, { transport: recordingTransport(sent) })).toBe(1);
    expect(sent.map((e) => e.id)).toEqual([email.id]);
    expect((await rowOf(email.id)).status).toBe('sent');
  }, 60_000);
});
