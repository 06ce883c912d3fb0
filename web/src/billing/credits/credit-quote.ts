// The server's price of a credit purchase (GET credits/quote): the page shows it and never prices credits itself.
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export interface CreditQuote {
  credits: number;
  packId: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  taxPercent: string | null;
  taxCountry: string | null;
  total: number;
}

export type CreditQuoteRequest = { pack: string } | { credits: number };

/** The quote of the chosen pack or amount; a typed amount is asked for once typing pauses. */
export function useCreditQuote(slug: string, request: CreditQuoteRequest | null) {
  const [settled] = useDebouncedValue(request, 'credits' in (request ?? {}) ? 300 : 0);
  const query =
    settled && 'pack' in settled
      ? `pack=${encodeURIComponent(settled.pack)}`
      : settled
        ? `credits=${settled.credits}`
        : null;
  const current =
    request && 'pack' in request
      ? `pack=${encodeURIComponent(request.pack)}`
      : request
        ? `credits=${request.credits}`
        : null;
  const quote = useQuery({
    queryKey: ['credits', slug, 'quote', query],
    queryFn: () => api<CreditQuote>('GET', `/v1/workspaces/${slug}/credits/quote?${query}`),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  // A quote for an earlier choice is not this choice's price.
  const matches = query === current && quote.data !== undefined && !quote.isPlaceholderData;
  return { quote: matches ? quote.data : undefined, error: query === current ? quote.error : null };
}
