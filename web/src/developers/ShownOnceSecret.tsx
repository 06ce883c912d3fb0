// The last step of a dialog that made a token or signing secret, which the server shows this once: what it is
// for, the warning that it cannot be seen again (only a hash or a sealed copy is kept), the value with a copy
// button, and Done.
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function ShownOnceSecret({
  children,
  label,
  value,
  testId,
  onDone,
}: {
  /** What the value is for and how to use it. */
  children: ReactNode;
  label: string;
  value: string;
  testId: string;
  onDone: () => void;
}) {
  return (
    <Stack gap="md">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
      <ShownOnceValue label={label} value={value} testId={testId} />
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

function ShownOnceValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid={`${testId}-warning`}>
        Copy it now and keep it somewhere safe: it won't be shown again. If it is lost, create a new one.
      </Alert>
      <div>
        <Text size="sm" fw={500} mb={4}>
          {label}
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            data-testid={testId}
            style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontSize: 13 }}
          >
            {value}
          </Code>
          <CopyButton value={value} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  onClick={copy}
                  aria-label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </div>
    </Stack>
  );
}
