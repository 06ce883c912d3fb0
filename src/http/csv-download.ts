// Sends an export as a CSV download, streamed as its lines are read: named after what it holds, whose it is and the
// day it was made ("invoices-acme-2030-03-10.csv"), and never cached (it holds billing data).
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Temporal } from 'temporal-polyfill';
import { toDate } from '../domain/clock.ts';

export function sendCsvDownload(
  reply: FastifyReply,
  file: { what: string; workspaceSlug: string; madeAt: Temporal.Instant },
  lines: AsyncIterable<string>,
) {
  const day = toDate(file.madeAt).toISOString().slice(0, 10);
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.what}-${file.workspaceSlug}-${day}.csv"`)
    .header('cache-control', 'no-store');
  return reply.send(Readable.from(lines));
}
