// Queries for the Credits section: the balance with its grants, usage and offer, and the latest ledger entries.
import { useQuery } from '@tanstack/react-query';
import { api, type Credits, type CreditTransaction } from '../../api.ts';
import { usePagedList } from '../../paged-list.ts';

/** The ledger entries the section lists. */
export const recentTransactionCount = 10;

export function useCredits(slug: string) {
  return useQuery({
    queryKey: ['credits', slug],
    queryFn: () => api<Credits>('GET', `/v1/workspaces/${slug}/credits`),
  });
}

/** The ledger, newest first, ten at a time ("Load more" fetches the next ten). */
export function useCreditTransactions(slug: string) {
  return usePagedList<CreditTransaction>({
    queryKey: ['credits', slug, 'transactions'],
    path: `/v1/workspaces/${slug}/credits/transactions`,
    limit: recentTransactionCount,
  });
}
