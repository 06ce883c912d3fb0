// Renders a credit note as a PDF in the invoice's fonts and layout: seller and buyer, number, the invoice it
// credits, the lines, subtotal, tax and total, and where the money went.
import { formatMoney } from '../../../domain/money/money.ts';
import { invoicePdfDocument } from '../../invoices/documents/invoice-pdf.ts';
import { buyerLines, formatInvoiceDate, sellerLines } from '../../invoices/documents/invoice-text.ts';
import type { CreditNoteDocument } from '../credit-note-view.ts';
import { creditNoteReasonLabels, creditStatement } from './credit-note-text.ts';

const margin = 50;
const muted = '#666666';
const right = 545;

export function renderCreditNotePdf(document: CreditNoteDocument): Promise<Buffer> {
  const { creditNote } = document;
  const money = (amount: number) => formatMoney(amount, creditNote.currency);
  const { pdf, finished } = invoicePdfDocument({
    info: { Title: `Credit note ${creditNote.number}`, Author: document.seller.name },
  });
  pdf.font('DejaVuSans-Bold').fontSize(22).fillColor('black').text('Credit note', margin, margin);
  let y = margin + 34;
  const facts: [string, string][] = [
    ['Credit note number', creditNote.number],
    ['Date of issue', formatInvoiceDate(creditNote.issuedAt)],
    ['Credits invoice', creditNote.invoiceNumber],
    ['Reason', creditNoteReasonLabels[creditNote.reason]],
  ];
  for (const [label, value] of facts) {
    pdf.font('DejaVuSans').fontSize(9).fillColor(muted).text(label, margin, y, { width: 110 });
    pdf.fillColor('black').text(value, margin + 110, y, { width: 250 });
    y += 14;
  }
  y += 16;
  const block = (title: string, lines: string[], x: number) => {
    pdf.font('DejaVuSans-Bold').fontSize(9).fillColor(muted).text(title, x, y, { width: 230 });
    lines.forEach((line, index) => {
      pdf
        .font(index === 0 ? 'DejaVuSans-Bold' : 'DejaVuSans')
        .fontSize(10)
        .fillColor('black')
        .text(line, x, y + 14 + index * 13, { width: 230 });
    });
    return y + 14 + lines.length * 13;
  };
  y = Math.max(
    block('From', sellerLines(document), margin),
    block('Credit to', buyerLines(creditNote.billingDetails, document.workspaceName), 310),
  );
  pdf
    .font('DejaVuSans-Bold')
    .fontSize(14)
    .text(`${money(creditNote.total)} credited`, margin, y + 18);
  y += 50;
  pdf.font('DejaVuSans-Bold').fontSize(9).fillColor(muted);
  pdf.text('Description', margin, y, { width: 300 });
  pdf.text('Amount', 445, y, { width: right - 445, align: 'right' });
  y += 22;
  for (const line of creditNote.lines) {
    pdf.font('DejaVuSans').fontSize(10).fillColor('black');
    const text = line.quantity > 1 ? `${line.description} × ${line.quantity}` : line.description;
    pdf.text(text, margin, y, { width: 380 });
    pdf.text(money(line.amount), 445, y, { width: right - 445, align: 'right' });
    y += pdf.heightOfString(text, { width: 380 }) + 8;
  }
  y += 8;
  const totalRow = (label: string, amount: number, strong = false) => {
    pdf
      .font(strong ? 'DejaVuSans-Bold' : 'DejaVuSans')
      .fontSize(10)
      .fillColor('black')
      .text(label, 320, y, { width: 140 })
      .text(money(amount), 445, y, { width: right - 445, align: 'right' });
    y += 16;
  };
  totalRow('Subtotal', creditNote.subtotal);
  totalRow('Tax', creditNote.tax);
  totalRow('Total credited', creditNote.total, true);
  pdf
    .font('DejaVuSans')
    .fontSize(10)
    .text(creditStatement(creditNote, money(creditNote.total)), margin, y + 14, { width: right - margin });
  if (creditNote.memo) pdf.fillColor(muted).text(creditNote.memo, margin, y + 34, { width: right - margin });
  pdf.end();
  return finished;
}
