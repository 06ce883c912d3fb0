// A list the API answers a page at a time ({data, hasMore}; the next page starts after the last row's id): the
// query behind a card's "Load more", whose data is the rows fetched so far.
import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from './api.ts';

function rowsOf<Row>(data: InfiniteData<Page<Row>> | undefined): Row[] {
  return data?.pages.flatMap((page) => page.data) ?? [];
}

export function usePagedList<Row extends { id: string }>({
  queryKey,
  path,
  limit,
  refetchInterval,
}: {
  queryKey: readonly unknown[];
  path: string;
  limit: number;
  /** Asked after each fetch with the rows so far: how many milliseconds until the next, or false for none. */
  refetchInterval?: (rows: Row[]) => number | false;
}) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => {
      const after = pageParam ? `&startingAfter=${encodeURIComponent(pageParam)}` : '';
      return api<Page<Row>>('GET', `${path}?limit=${limit}${after}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.data.at(-1)?.id ?? null) : null),
    select: rowsOf<Row>,
    refetchInterval: refetchInterval && ((query) => refetchInterval(rowsOf(query.state.data))),
  });
}
