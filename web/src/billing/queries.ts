// Queries for the Plan & Billing page's payment sections: saved cards, billing details and invoices.
import { type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type BillingDetails, type Invoice, type Page, type PaymentMethod } from '../api.ts';

/** One page of the invoice list; "Load more" fetches the next. */
export const invoicePageSize = 10;

export function usePaymentMethods(slug: string) {
  return useQuery({
    queryKey: ['payment-methods', slug],
    queryFn: () => api<Page<PaymentMethod>>('GET', `/v1/workspaces/${slug}/payment-methods?limit=100`),
  });
}

export function useBillingDetails(slug: string) {
  return useQuery({
    queryKey: ['billing-details', slug],
    queryFn: () => api<BillingDetails>('GET', `/v1/workspaces/${slug}/billing-details`),
  });
}

export function useInvoices(slug: string) {
  return useInfiniteQuery({
    queryKey: ['invoices', slug],
    queryFn: ({ pageParam }) => {
      const after = pageParam ? `&startingAfter=${encodeURIComponent(pageParam)}` : '';
      return api<Page<Invoice>>('GET', `/v1/workspaces/${slug}/invoices?limit=${invoicePageSize}${after}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
  });
}

/** After a card is added, made default or removed: the summary shows the default card, the list all of them. */
export async function refreshPaymentMethods(queryClient: QueryClient, slug: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['billing', slug] }),
    queryClient.invalidateQueries({ queryKey: ['payment-methods', slug] }),
  ]);
}

/** After an invoice is paid: its row, the summary (a paid invoice can end past due) and the credits (a paid Pro
 * period or credit pack grants them). */
export async function refreshInvoices(queryClient: QueryClient, slug: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['billing', slug] }),
    queryClient.invalidateQueries({ queryKey: ['invoices', slug] }),
    queryClient.invalidateQueries({ queryKey: ['credits', slug] }),
  ]);
}
