// What a change or a cancel ends besides the price, as the server's preview says it: members over the next plan's
// limit (they stay; invites wait), the period's credits that expire, and that no invoice follows.
import { Group, Stack, Text } from '@mantine/core';
import { IconCoins, IconReceiptOff, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SubscriptionPreview } from '../../api.ts';
import { formatDate } from '../dates.ts';

const count = new Intl.NumberFormat('en-US');

export interface ConsequenceLine {
  testId: string;
  icon: ReactNode;
  text: ReactNode;
}

/** The lines of a preview's consequences; `planName` is the plan the workspace is on afterwards ("Free"). */
export function consequenceLines(
  preview: SubscriptionPreview,
  planName: string,
  noInvoiceText = 'No further invoices.',
): ConsequenceLine[] {
  const { membersOverLimit: over, creditsExpiring: credits } = preview.consequences;
  const lines: ConsequenceLine[] = [];
  if (over) {
    const held = [
      `${over.activeUsers} ${over.activeUsers === 1 ? 'member' : 'members'}`,
      over.pendingInvites > 0 && `${over.pendingInvites} pending ${over.pendingInvites === 1 ? 'invite' : 'invites'}`,
    ].filter(Boolean);
    lines.push({
      testId: 'consequence-members',
      icon: <IconUsersGroup size={18} stroke={1.6} color="var(--mantine-color-orange-7)" />,
      text: (
        <>
          {over.seatsInUse} {over.seatsInUse === 1 ? 'person holds' : 'people hold'} a seat ({held.join(', ')}) and{' '}
          {planName} allows {over.seatLimit}: everyone stays, but no new invites can be sent until members are removed
          or the plan is upgraded.
        </>
      ),
    });
  }
  if (credits) {
    lines.push({
      testId: 'consequence-credits',
      icon: <IconCoins size={18} stroke={1.6} color="var(--mantine-color-orange-7)" />,
      text: `${count.format(credits.credits)} credits expire on ${formatDate(credits.at)}.`,
    });
  }
  if (preview.nextCharge === null) {
    lines.push({
      testId: 'consequence-no-invoice',
      icon: <IconReceiptOff size={18} stroke={1.6} color="var(--mantine-color-gray-6)" />,
      text: noInvoiceText,
    });
  }
  return lines;
}

export function ChangeConsequences({ lines, testId }: { lines: ConsequenceLine[]; testId: string }) {
  if (lines.length === 0) return null;
  return (
    <Stack gap={8} data-testid={testId} role="list">
      {lines.map((line) => (
        <Group key={line.testId} gap={8} wrap="nowrap" align="flex-start" role="listitem">
          <span style={{ flex: 'none', display: 'flex', marginTop: 1 }} aria-hidden>
            {line.icon}
          </span>
          <Text size="sm" style={{ flex: 1, minWidth: 0 }} data-testid={line.testId}>
            {line.text}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
