// Queries for the Plan & Billing page's payment sections: saved cards, billing details and invoices.
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api, type BillingDetails, type CustomerBalance, type Invoice, type Page, type PaymentMethod } from '../api.ts';
import { usePagedList } from '../paged-list.ts';

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

/** The customer balance alone (its ledger is not shown on the page). */
export function useCustomerBalance(slug: string) {
  return useQuery({
    queryKey: ['balance', slug],
    queryFn: () => api<CustomerBalance>('GET', `/v1/workspaces/${slug}/balance?limit=1`),
  });
}

export function useInvoices(slug: string) {
  return usePagedList<Invoice>({
    queryKey: ['invoices', slug],
    path: `/v1/workspaces/${slug}/invoices`,
    limit: invoicePageSize,
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
 * period or credit pack grants them); and the workspace list, whose plan the switcher reads (Add credits on Flex). */
export async function refreshInvoices(queryClient: QueryClient, slug: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['billing', slug] }),
    queryClient.invalidateQueries({ queryKey: ['workspaces'] }),
    queryClient.invalidateQueries({ queryKey: ['invoices', slug] }),
    queryClient.invalidateQueries({ queryKey: ['credits', slug] }),
    queryClient.invalidateQueries({ queryKey: ['balance', slug] }),
  ]);
}
