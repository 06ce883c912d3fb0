// Benchmark: invoice PDFs. Renders a 1-page and a 10-page invoice in DejaVu Sans (embedded), beside pdfkit
// rendering as many pages holding one word in the same font, and times a second download of a finalized invoice's
// PDF over HTTP (stored, not rendered again) beside the same invoice as JSON; ends by checking that the font is
// embedded, the pages are as many as meant, and every download of the invoice is the same file.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/invoice-pdf.ts (BENCH_SIZE=small: fewer)
import { invoicePdfDocument, renderInvoicePdf } from '../src/billing/invoices/documents/invoice-pdf.ts';
import { invoicePdfOf } from '../src/billing/invoices/download-invoice-pdf.ts';
import type { InvoiceDocument } from '../src/billing/invoices/invoice-view.ts';
import { loadInvoiceView } from '../src/billing/invoices/invoice-views.queries.ts';
import { sampleDocument, seatLine } from '../test/billing/invoices/documents/sample-invoice.ts';
import { createWorkspaces, startBenchServer } from './support/bench-server.ts';
import { reportFigure, reportVerdict } from './support/report.ts';

const small = process.env.BENCH_SIZE === 'small';
const renders = small ? 30 : 300;
const downloads = small ? 50 : 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** The p95 wall time of `run`, and its mean CPU time and p50 (on a loaded machine the wall time is mostly waiting). */
async function p95Of(count: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(10, count); i++) await run();
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run();
    latencies.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000 / count;
  lastP50Ms = percentile(
    [...latencies].sort((a, b) => a - b),
    0.5,
  );
  return percentile(
    latencies.sort((a, b) => a - b),
    0.95,
  );
}
let lastCpuMs = 0;
let lastP50Ms = 0;

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

/** The renderer tests' paid German invoice with `lineCount` seat lines (19% tax). */
function documentWith(lineCount: number): InvoiceDocument {
  const lines = Array.from({ length: lineCount }, (_, index) => seatLine(`Team (monthly) — cost centre ${index + 1}`));
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const tax = Math.round((subtotal * 19) / 100);
  return sampleDocument({ lines, subtotal, tax, total: subtotal + tax });
}

/** The least a render in the same font costs: `pages` pages holding one word each. */
function fontPages(pages: number): Promise<Buffer> {
  const { pdf, finished } = invoicePdfDocument({});
  for (let page = 0; page < pages; page++) {
    if (page > 0) pdf.addPage();
    pdf.text('Invoice');
  }
  pdf.end();
  return finished;
}

// The most lines that fit on ten pages.
let tenPageLines = 300;
while (pageCount(await renderInvoicePdf(documentWith(tenPageLines))) > 10) tenPageLines -= 10;
while (pageCount(await renderInvoicePdf(documentWith(tenPageLines + 1))) <= 10) tenPageLines += 1;

const onePage = documentWith(2);
const tenPages = documentWith(tenPageLines);
const onePagePdf = await renderInvoicePdf(onePage);
const tenPagePdf = await renderInvoicePdf(tenPages);
console.log(
  `1 page: ${(onePagePdf.length / 1024).toFixed(0)} KB; 10 pages (${tenPageLines} lines): ${(tenPagePdf.length / 1024).toFixed(0)} KB`,
);

for (const [what, document, pages, target] of [
  ['render 1-page invoice, p95', onePage, 1, 20],
  ['render 10-page invoice, p95', tenPages, 10, 100],
] as const) {
  const limit = await p95Of(renders, () => fontPages(pages));
  const limitCpuMs = lastCpuMs;
  const value = await p95Of(renders, () => renderInvoicePdf(document));
  reportFigure({
    what,
    value,
    unit: 'ms',
    limit: { label: `pdfkit, ${pages} page(s) of one word in DejaVu Sans, p95`, value: limit },
    target: { atMost: target },
    note: `CPU ${lastCpuMs.toFixed(1)} ms per render (limit's ${limitCpuMs.toFixed(1)} ms)`,
  });
}

// A finalized (paid) invoice downloaded over HTTP: the first download renders and stores it, the rest read it.
const server = await startBenchServer();
let sameFile = false;
try {
  const [slug] = await createWorkspaces(server, 1);
  const token = await (
    await server.post('/sandbox/v1/tokens', { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' })
  ).json();
  await server.post(`/v1/workspaces/${slug}/payment-methods`, { token: token.id });
  const issued = await (
    await server.post(`/v1/workspaces/${slug}/invoices`, {
      lines: [{ description: 'Bench workshop', quantity: 1, unitAmount: 1000 }],
    })
  ).json();
  const paid = await server.post(`/v1/workspaces/${slug}/invoices/${issued.id}/pay`);
  if (paid.status !== 200) throw new Error(`paying the bench invoice answered ${paid.status}`);
  const invoicePath = `/v1/workspaces/${slug}/invoices/${issued.id}`;
  const first = Buffer.from(await (await server.get(`${invoicePath}/pdf`)).arrayBuffer());
  const seen = new Set<string>();
  const json = await p95Of(downloads, async () => {
    const response = await server.get(invoicePath);
    if (!response.ok) throw new Error(`GET invoice answered ${response.status}`);
    await response.arrayBuffer();
  });
  const stored = await p95Of(downloads, async () => {
    const response = await server.get(`${invoicePath}/pdf`);
    if (!response.ok) throw new Error(`GET invoice PDF answered ${response.status}`);
    seen.add(Buffer.from(await response.arrayBuffer()).toString('base64'));
  });
  const downloadCpuMs = lastCpuMs;
  reportFigure({
    what: 'GET …/invoices/:inv/pdf, stored, p95',
    value: stored,
    unit: 'ms',
    limit: { label: 'GET …/invoices/:inv (JSON), p95', value: json },
    target: { atMost: 5 },
    note: `${(first.length / 1024).toFixed(0)} KB; CPU ${downloadCpuMs.toFixed(1)} ms per download (server and client)`,
  });
  // The stored read alone (the invoice loaded, as the route has it): the digest and one select.
  const view = await loadInvoiceView(server.db, server.baseUrl, issued.id);
  // The name createWorkspaces gives: the same document the route prints, so the same digest.
  const document = { invoice: view, seller: server.deps.invoicing.seller, workspaceName: 'Bench 0' };
  const bare = await p95Of(downloads, () =>
    server.db.selectFrom('invoice').select('id').where('id', '=', issued.id).execute(),
  );
  const bareP50 = lastP50Ms;
  const read = await p95Of(downloads, async () => {
    seen.add((await invoicePdfOf(server.deps, document)).toString('base64'));
  });
  reportFigure({
    what: 'stored PDF read (digest + select), p95',
    value: read,
    unit: 'ms',
    limit: { label: 'bare select by id, p95', value: bare },
    note: `p50 ${lastP50Ms.toFixed(2)} ms (bare ${bareP50.toFixed(2)} ms)`,
  });
  sameFile = seen.size === 1 && seen.has(first.toString('base64'));
} finally {
  await server.stop();
}

const embedded = (pdf: Buffer) => {
  const text = pdf.toString('latin1');
  return text.includes('/FontFile2') && text.includes('DejaVuSans') && !text.includes('/Helvetica');
};
const ok = embedded(onePagePdf) && embedded(tenPagePdf) && pageCount(tenPagePdf) === 10 && sameFile;
console.log(
  `font embedded: ${embedded(onePagePdf) && embedded(tenPagePdf)}; 10-page invoice has ${pageCount(tenPagePdf)} pages; every download the same file: ${sameFile}`,
);
reportVerdict({ ok, what: 'DejaVu Sans embedded, 10 pages, every download byte-identical' });
