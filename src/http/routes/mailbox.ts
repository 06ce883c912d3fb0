// The local mailbox page (no SMTP configured): /mailbox/<key> lists the emails Billfold wrote, /mailbox/<key>/<id>
// shows one. The key comes from the deployment secret; a wrong key, or an SMTP deployment, answers 404.
// The email's own HTML is served on its own route with a CSP that allows no script, no request and no form.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { BillingDeps } from '../../billing/deps.ts';
import {
  findMailboxMessage,
  listMailboxEmails,
  mailboxAttachment,
  mailboxEmlFile,
  opensMailbox,
} from '../../billing/emails/mailbox.ts';
import { renderMailboxEmail, renderMailboxList } from '../../billing/emails/mailbox-page.ts';
import { BillingError } from '../../domain/errors.ts';
import type { ZodApp } from './route-module.ts';

const keyParams = z.object({ key: z.string().min(1).max(100) });
const emailParams = keyParams.extend({ id: z.string().min(1).max(100) });
const notFound = () => new BillingError('not_found', 'There is no mailbox here.');

// The email's HTML part: inline styles and data: images only; nothing it holds can run or reach anywhere.
const emailHtmlPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; sandbox";

export function registerMailboxRoutes(app: ZodApp, deps: BillingDeps, secret: string): void {
  const privately = (reply: FastifyReply) =>
    // The key is in the address: keep it out of Referer headers and shared caches.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
  const open = (key: string) => {
    if (!opensMailbox(deps, secret, key)) throw notFound();
    return `/mailbox/${encodeURIComponent(key)}`;
  };
  const emailOf = async (id: string) => {
    const email = /^msg_[0-9a-z]{26}$/.test(id) ? await findMailboxMessage(deps, id) : undefined;
    if (!email) throw new BillingError('not_found', 'There is no such email in the mailbox.');
    return email;
  };

  app.get('/mailbox/:key', { schema: { hide: true, params: keyParams } }, async (request, reply) => {
    const base = open(request.params.key);
    const entries = await listMailboxEmails(deps);
    return privately(reply).type('text/html; charset=utf-8').send(renderMailboxList(entries, base));
  });

  app.get('/mailbox/:key/:id', { schema: { hide: true, params: emailParams } }, async (request, reply) => {
    const base = open(request.params.key);
    const email = await emailOf(request.params.id);
    const eml = await mailboxEmlFile(deps, email);
    const html = renderMailboxEmail(email, {
      list: base,
      html: `${base}/${email.id}/html`,
      attachment: email.attachInvoiceId ? `${base}/${email.id}/attachment.pdf` : null,
      eml: eml ? `${base}/${email.id}/message.eml` : null,
    });
    return privately(reply).type('text/html; charset=utf-8').send(html);
  });

  app.get('/mailbox/:key/:id/html', { schema: { hide: true, params: emailParams } }, async (request, reply) => {
    open(request.params.key);
    const email = await emailOf(request.params.id);
    return privately(reply)
      .header('content-security-policy', emailHtmlPolicy)
      .type('text/html; charset=utf-8')
      .send(email.html);
  });

  app.get(
    '/mailbox/:key/:id/attachment.pdf',
    { schema: { hide: true, params: emailParams } },
    async (request, reply) => {
      open(request.params.key);
      const attachment = await mailboxAttachment(deps, await emailOf(request.params.id));
      if (!attachment) throw new BillingError('not_found', 'This email has no attachment.');
      return privately(reply)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${attachment.filename}"`)
        .send(attachment.content);
    },
  );

  app.get('/mailbox/:key/:id/message.eml', { schema: { hide: true, params: emailParams } }, async (request, reply) => {
    open(request.params.key);
    const eml = await mailboxEmlFile(deps, await emailOf(request.params.id));
    if (!eml) throw new BillingError('not_found', 'This email was not written yet.');
    return privately(reply)
      .header('content-type', 'message/rfc822')
      .header('content-disposition', `attachment; filename="${request.params.id}.eml"`)
      .send(eml);
  });
}
