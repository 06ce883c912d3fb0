// Queries for the Credits section: the balance with its grants, usage and offer, and the latest ledger entries.
import { useQuery } from '@tanstack/react-query';
import { api, type Credits, type CreditTransaction, type Page } from '../../api.ts';

/** The ledger entries the section lists. */
export const recentTransactionCount = 10;

export function useCredits(slug: string) {
  return useQuery({
    queryKey: ['credits', slug],
    queryFn: () => api<Credits>('GET', `/v1/workspaces/${slug}/credits`),
  });
}

export function useCreditTransactions(slug: string) {
  return useQuery({
    queryKey: ['credits', slug, 'transactions'],
    queryFn: () =>
      api<Page<CreditTransaction>>(
        'GET',
        `/v1/workspaces/${slug}/credits/transactions?limit=${recentTransactionCount}`,
      ),
  });
}
