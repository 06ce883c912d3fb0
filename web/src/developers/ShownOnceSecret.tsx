// A token or signing secret the server shows this once: the value to copy, a copy button, and the warning that
// it cannot be seen again (only a hash or a sealed copy is kept).
import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

export function ShownOnceSecret({ label, value, testId }: { label: string; value: string; testId: string }) {
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
