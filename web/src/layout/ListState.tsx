// A card's list read a page at a time (usePagedList), in its states: a loader while the first page comes, the
// error when nothing came, the empty text, else the rows followed by "Load more" while pages remain.
import { Alert, Button, Center, Loader, type MantineSpacing, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorInWords } from './change-notices.ts';

/** What ListState reads of a usePagedList query. */
interface PagedListQuery {
  data: unknown[] | undefined;
  isPending: boolean;
  error: Error | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export function ListState({
  list,
  empty,
  emptyTestId,
  loadMoreGap = 'md',
  children,
}: {
  list: PagedListQuery;
  /** Said when the list has no rows at all. */
  empty: ReactNode;
  emptyTestId: string;
  /** The space between the rows and "Load more". */
  loadMoreGap?: MantineSpacing;
  /** The rows, shown once there is at least one. */
  children: ReactNode;
}) {
  const count = list.data?.length ?? 0;
  if (list.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  }
  if (list.error && count === 0) {
    return (
      <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
        {errorInWords(list.error)}
      </Alert>
    );
  }
  if (count === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid={emptyTestId}>
        {empty}
      </Text>
    );
  }
  return (
    <>
      {children}
      {list.hasNextPage && (
        <Center mt={loadMoreGap}>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            Load more
          </Button>
        </Center>
      )}
    </>
  );
}
