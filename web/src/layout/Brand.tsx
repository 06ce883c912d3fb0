// The Billfold mark and name, linking home.
import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconReceipt2 } from '@tabler/icons-react';
import { Link } from 'react-router';

export function Brand({ withName = true }: { withName?: boolean }) {
  return (
    <Group
      gap={8}
      wrap="nowrap"
      renderRoot={(props) => <Link to="/" {...props} />}
      style={{ textDecoration: 'none' }}
      aria-label="Billfold home"
    >
      <ThemeIcon size={30} radius="md" variant="filled" color="indigo">
        <IconReceipt2 size={18} />
      </ThemeIcon>
      {withName && (
        <Text fw={700} size="lg" c="dark.8" visibleFrom="xs">
          Billfold
        </Text>
      )}
    </Group>
  );
}
