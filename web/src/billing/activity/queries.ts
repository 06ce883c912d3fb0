// The activity log, newest first, a page at a time ("Load more").
import { usePagedList } from '../../paged-list.ts';
import type { ActivityEntry } from './types.ts';

const activityPageSize = 15;

export function useActivity(slug: string) {
  return usePagedList<ActivityEntry>({
    queryKey: ['activity', slug],
    path: `/v1/workspaces/${slug}/activity`,
    limit: activityPageSize,
  });
}
