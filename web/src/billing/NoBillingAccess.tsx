// Shown instead of billing to members who may not see it: what happened and whom to ask.
import { Card, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

export function NoBillingAccess({ workspaceName }: { workspaceName: string }) {
  return (
    <Card withBorder padding="xl" data-testid="no-billing-access">
      <Stack align="center" gap="sm" py="xl">
        <ThemeIcon size={56} radius="xl" variant="light" color="gray">
          <IconLock size={28} />
        </ThemeIcon>
        <Title order={3}>You don't have access to billing</Title>
        <Text c="dimmed" ta="center" maw={460}>
          Ask an owner of {workspaceName} to give you the Billing role. Owners and billing managers see the plan, seats
          and invoices here.
        </Text>
      </Stack>
    </Card>
  );
}
