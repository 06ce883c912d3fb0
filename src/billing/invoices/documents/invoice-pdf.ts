// Renders an invoice as a PDF with pdfkit: seller and buyer, number and dates, the lines (paged, with the
// table header repeated), subtotal, tax, total and how it was paid, in DejaVu Sans embedded in the file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatMoney } from '../../../domain/money/money.ts';
import type { InvoiceDocument } from '../invoice-view.ts';
import {
  buyerLines,
  formatInvoiceDate,
  formatPeriod,
  invoiceStatusLabels,
  paymentStatement,
  sellerLines,
  taxLabel,
  voidHeadline,
} from './invoice-text.ts';

const margin = 50;
const columns = { description: 50, quantity: 330, unitPrice: 380, amount: 465, end: 545 };
const muted = '#666666';

// DejaVu Sans prints any Latin, Greek or Cyrillic name or address a buyer has (the standard Helvetica knows only
// WinAnsi) and looks the same in every viewer, since pdfkit embeds the glyphs used. Each file is read and parsed
// once, and the parsed font shared by every render: parsing it per document (what pdfkit does with a path or bytes)
// also throws away fontkit's glyph and layout caches, and made a one-page invoice take 30 ms instead of 6.
const fontFiles = createRequire(import.meta.url);
function dejaVu(file: string): Font {
  const font = createFont(readFileSync(fontFiles.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not one font`);
  return font;
}
const fonts = { regular: dejaVu('DejaVuSans.ttf'), bold: dejaVu('DejaVuSans-Bold.ttf') };
/** pdfkit takes a parsed fontkit font (it looks for layout()); its types name only files and bytes. */
const asFontSource = (font: Font) => font as unknown as string;
// Registered under their PostScript names, so the default font (the regular one, opened by the constructor) is the
// same font object as `font(regular)`.
const regular = 'DejaVuSans';
const bold = 'DejaVuSans-Bold';

/** A pdfkit document with the invoice fonts registered, collecting its bytes; `finished` resolves after end(). */
export function invoicePdfDocument(options: PDFKit.PDFDocumentOptions): {
  pdf: PDFKit.PDFDocument;
  finished: Promise<Buffer>;
} {
  // The default font is the regular one, so the standard Helvetica is never loaded.
  const pdf = new PDFDocument({ size: 'A4', margin, ...options, font: asFontSource(fonts.regular) });
  pdf.registerFont(regular, asFontSource(fonts.regular));
  pdf.registerFont(bold, asFontSource(fonts.bold));
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, finished };
}

export function renderInvoicePdf(document: InvoiceDocument): Promise<Buffer> {
  const { invoice } = document;
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const { pdf, finished } = invoicePdfDocument({
    info: { Title: `Invoice ${invoice.number ?? 'draft'}`, Author: document.seller.name },
  });

  // Title and the facts a reader looks for first.
  pdf.font(bold).fontSize(22).fillColor('black').text('Invoice', margin, margin);
  const facts: [string, string][] = [
    ['Invoice number', invoice.number ?? 'Draft'],
    ['Date of issue', invoice.issuedAt ? formatInvoiceDate(invoice.issuedAt) : '—'],
    ['Status', invoiceStatusLabels[invoice.status]],
  ];
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd);
  if (period) facts.push(['Billing period', period]);
  let factsY = margin + 34;
  for (const [label, value] of facts) {
    pdf.font(regular).fontSize(9).fillColor(muted).text(label, margin, factsY, { width: 100 });
    pdf
      .font(regular)
      .fontSize(9)
      .fillColor('black')
      .text(value, margin + 100, factsY, { width: 250 });
    factsY += 14;
  }

  // Seller and buyer side by side.
  const partiesY = factsY + 16;
  const block = (title: string, lines: string[], x: number) => {
    pdf.font(bold).fontSize(9).fillColor(muted).text(title, x, partiesY, { width: 230 });
    lines.forEach((line, index) => {
      pdf
        .font(index === 0 ? bold : regular)
        .fontSize(10)
        .fillColor('black')
        .text(line, x, partiesY + 14 + index * 13, { width: 230 });
    });
    return partiesY + 14 + lines.length * 13;
  };
  const partiesEnd = Math.max(
    block('From', sellerLines(document), margin),
    block('Bill to', buyerLines(invoice.billingDetails, document.workspaceName), 310),
  );

  pdf
    .font(bold)
    .fontSize(14)
    .fillColor('black')
    .text(amountHeadline(invoice.status, money(invoice.total)), margin, partiesEnd + 18);

  // The lines, paged.
  let y = tableHeader(pdf, partiesEnd + 50);
  const pageBottom = pdf.page.height - margin;
  for (const line of invoice.lines) {
    const description = line.proration ? `${line.description} (prorated)` : line.description;
    const linePeriod = formatPeriod(line.periodStart, line.periodEnd);
    pdf.font(regular).fontSize(10);
    const descriptionHeight = pdf.heightOfString(description, { width: columns.quantity - columns.description - 10 });
    const rowHeight = descriptionHeight + (linePeriod ? 12 : 0) + 8;
    if (y + rowHeight > pageBottom) {
      pdf.addPage();
      y = tableHeader(pdf, margin);
    }
    pdf.font(regular).fontSize(10).fillColor('black');
    pdf.text(description, columns.description, y, { width: columns.quantity - columns.description - 10 });
    pdf.text(String(line.quantity), columns.quantity, y, { width: 40, align: 'right' });
    pdf.text(money(line.unitAmount), columns.unitPrice, y, { width: 80, align: 'right' });
    pdf.text(money(line.amount), columns.amount, y, { width: columns.end - columns.amount, align: 'right' });
    if (linePeriod) {
      pdf
        .fontSize(8)
        .fillColor(muted)
        .text(linePeriod, columns.description, y + descriptionHeight + 1, { width: 260 });
    }
    y += rowHeight;
  }

  // Totals, kept together on one page.
  if (y + 90 + (invoice.appliedBalance !== 0 ? 32 : 0) > pageBottom) {
    pdf.addPage();
    y = margin;
  }
  pdf
    .moveTo(columns.unitPrice - 60, y)
    .lineTo(columns.end, y)
    .strokeColor('#cccccc')
    .stroke();
  y += 8;
  const totalRow = (label: string, amount: number, strong = false) => {
    pdf
      .font(strong ? bold : regular)
      .fontSize(10)
      .fillColor('black')
      .text(label, columns.unitPrice - 60, y, { width: 140 })
      .text(money(amount), columns.amount, y, { width: columns.end - columns.amount, align: 'right' });
    y += 16;
  };
  totalRow('Subtotal', invoice.subtotal);
  totalRow(taxLabel(invoice.taxRate), invoice.tax);
  totalRow('Total', invoice.total, true);
  if (invoice.appliedBalance !== 0) {
    totalRow(invoice.appliedBalance > 0 ? 'Applied balance' : 'Credited to balance', -invoice.appliedBalance);
    totalRow('Amount due', invoice.amountDue, true);
  }
  pdf
    .font(regular)
    .fontSize(10)
    .fillColor('black')
    .text(paymentStatement(document, money), margin, y + 14, { width: columns.end - margin });

  pdf.end();
  return finished;
}

/** The headline under the parties: the amount paid or due, or for a void invoice that nothing is due. */
function amountHeadline(status: InvoiceDocument['invoice']['status'], amount: string): string {
  if (status === 'void') return voidHeadline;
  return `${amount} ${status === 'paid' ? 'paid' : 'due'}`;
}

function tableHeader(pdf: PDFKit.PDFDocument, y: number): number {
  pdf.font(bold).fontSize(9).fillColor(muted);
  pdf.text('Description', columns.description, y, { width: 260 });
  pdf.text('Qty', columns.quantity, y, { width: 40, align: 'right' });
  pdf.text('Unit price', columns.unitPrice, y, { width: 80, align: 'right' });
  pdf.text('Amount', columns.amount, y, { width: columns.end - columns.amount, align: 'right' });
  pdf
    .moveTo(columns.description, y + 14)
    .lineTo(columns.end, y + 14)
    .strokeColor('#cccccc')
    .stroke();
  return y + 22;
}
