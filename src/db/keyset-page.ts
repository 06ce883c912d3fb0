// Keyset pagination: queries fetch `limit + 1` rows after the cursor id; the extra row only tells hasMore.

export interface PageRequest {
  limit: number;
  startingAfter?: string | undefined;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export function toPage<T>(rowsFetched: T[], limit: number): Page<T> {
  return { data: rowsFetched.slice(0, limit), hasMore: rowsFetched.length > limit };
}
