// One section of a settings page: a bordered card with a title (a heading under the page's), an optional line under it and an action on the right.
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function SectionCard({
  title,
  description,
  action,
  children,
  testId,
  titleId,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
  titleId?: string;
}) {
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId} component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" mb="md" gap="md">
        <Stack gap={2} miw={0} style={{ flex: '1 1 240px' }}>
          <Title order={2} fz="md" fw={600} id={titleId}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {action}
      </Group>
      {children}
    </Card>
  );
}
