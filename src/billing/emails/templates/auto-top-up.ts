// An auto top-up was bought: the credits, what was charged, its invoice (attached as a PDF) and the setting.
import { formatCredits } from '../../../domain/credits/credit-offer.ts';
import { formatMoney } from '../../../domain/money/money.ts';
import type { InvoiceView } from '../../invoices/invoice-view.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';
import { invoiceLinesOf } from './invoice-lines.ts';

export function autoTopUpEmail(input: {
  workspaceName: string;
  credits: number;
  invoice: InvoiceView;
  billingUrl: string;
}): Promise<RenderedEmail> {
  const { invoice } = input;
  const amount = formatMoney(invoice.total, invoice.currency);
  const credits = formatCredits(input.credits);
  const number = invoice.number ?? invoice.id;
  return renderEmail({
    subject: `Auto top-up: ${credits} credits for ${amount}`,
    preview: `The balance of ${input.workspaceName} fell below its mark, so ${credits} credits were bought.`,
    heading: `${credits} credits added`,
    paragraphs: [
      `The credit balance of ${input.workspaceName} fell below its auto top-up mark, so ${credits} credits were bought and ${amount} charged. Invoice ${number} is attached as a PDF.`,
      'Change or turn off auto top-up from the billing page.',
    ],
    facts: [
      { label: 'Invoice', value: number },
      { label: 'Amount paid', value: amount },
      { label: 'Credits', value: credits },
    ],
    lines: invoiceLinesOf(invoice),
    action: { label: 'View the invoice', url: invoice.hostedUrl },
    footnote: `Auto top-up settings: ${input.billingUrl}`,
    workspaceName: input.workspaceName,
  });
}
