// Invoice numbers: PREFIX-000123. The sequence itself is a counter row bumped in the finalizing transaction.

export function formatInvoiceNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

/** Prefixes are short upper-case words, so numbers read well on a PDF and sort within a prefix. */
export const invoicePrefixPattern = /^[A-Z0-9]{1,12}$/;
