// The frame of the pages outside a workspace (sign-in, sign-up, new workspace, invite): a narrow centered column.
import { Box, Center, Container, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from './Brand.tsx';

export function CenteredFrame({
  title,
  subtitle,
  width = 440,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Container size={width} py={64}>
        <Stack gap={6} mb="xl" align="center">
          <Center mb="md">
            <Brand />
          </Center>
          <Title order={2} ta="center">
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" ta="center">
              {subtitle}
            </Text>
          )}
        </Stack>
        {children}
      </Container>
    </Box>
  );
}
