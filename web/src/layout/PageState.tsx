// A whole-page message in place of content: no access, not found, an error that stops the page.
import { Card, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageState({
  icon,
  title,
  children,
  action,
  color = 'gray',
  testId,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  color?: string;
  testId?: string;
}) {
  return (
    <Card withBorder padding="xl" radius="md" data-testid={testId}>
      <Stack align="center" gap="sm" py={48}>
        <ThemeIcon size={56} radius="xl" variant="light" color={color}>
          {icon}
        </ThemeIcon>
        {/* In place of the page's content, its title is the page's heading. */}
        <Title order={1} size="h3" ta="center">
          {title}
        </Title>
        <Text c="dimmed" ta="center" maw={460}>
          {children}
        </Text>
        {action}
      </Stack>
    </Card>
  );
}
