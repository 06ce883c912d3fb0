// Credits: the balance, this period's use against its total, the renewal (Pro), daily usage, the open grants and the
// latest ledger entries; for billing managers, Add credits and auto top-up where the plan sells credits.
import { Alert, Button, Center, Divider, Group, Loader, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCalendarEvent, IconPlus } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BillingSummary, CreditsSummary } from '../../api.ts';
import { SectionCard } from '../../layout/SectionCard.tsx';
import { formatDate } from '../dates.ts';
import { AutoTopUpForm } from './AutoTopUpForm.tsx';
import { BuyCreditsDialog } from './BuyCreditsDialog.tsx';
import { CreditGrantsList } from './CreditGrantsList.tsx';
import { CreditTransactionsTable } from './CreditTransactionsTable.tsx';
import { formatCreditCount } from './credit-amounts.ts';
import { useCredits } from './queries.ts';

// The chart library is loaded only where there are credits to chart.
const CreditUsageChart = lazy(() => import('./CreditUsageChart.tsx').then((m) => ({ default: m.CreditUsageChart })));

/** The query value that opens Add credits: /w/:slug/billing?dialog=add-credits. */
const addCreditsDialog = 'add-credits';

export function CreditsCard({ summary }: { summary: BillingSummary }) {
  const slug = summary.workspace.slug;
  const credits = useCredits(slug);
  const [buyingByClick, setBuyingByClick] = useState(false);
  // ?dialog=add-credits (the workspace switcher's Add credits) opens the same dialog; closing it drops the param.
  const [params, setParams] = useSearchParams();
  const linked = params.get('dialog') === addCreditsDialog;
  const buying = buyingByClick || linked;
  function stopBuying() {
    setBuyingByClick(false);
    if (linked) {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('dialog');
          return next;
        },
        { replace: true },
      );
    }
  }
  const purchase = credits.data?.purchase ?? null;
  // A plan with credits (Pro) shows them from the summary at once; a plan that only sells them (Flex, before its first
  // purchase) once the offer is known. Free and Team have neither.
  if (summary.credits === null && purchase === null) return null;
  const figures: CreditsSummary | null = credits.data ?? summary.credits;
  const canBuy = summary.permissions.manage && purchase !== null;

  return (
    <SectionCard
      title="Credits"
      titleId="credits-title"
      description={
        figures?.renewsAt
          ? 'Granted with each period of your plan; the credits that expire first are used first.'
          : purchase
            ? 'Prepaid credits that your product’s usage draws on; add more at any time.'
            : 'Credits that your product’s usage draws on.'
      }
      testId="credits"
      action={
        canBuy && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setBuyingByClick(true)}>
            Add credits
          </Button>
        )
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        {figures && <CreditFigures figures={figures} />}
        {credits.data ? (
          <Suspense fallback={<ChartLoader />}>
            <CreditUsageChart usage={credits.data.usage} />
          </Suspense>
        ) : credits.error ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
            {credits.error.message}
          </Alert>
        ) : (
          <ChartLoader />
        )}
      </SimpleGrid>
      {credits.data && (
        <>
          <Divider my="lg" />
          <SimpleGrid cols={{ base: 1, sm: canBuy ? 2 : 1 }} spacing="xl">
            <Stack gap="xs">
              <Text size="sm" fw={500}>
                Open grants
              </Text>
              <CreditGrantsList grants={credits.data.grants} />
            </Stack>
            {canBuy && (
              <AutoTopUpForm
                slug={slug}
                autoTopUp={credits.data.autoTopUp}
                packs={purchase.packs}
                hasCard={summary.paymentMethod !== null}
              />
            )}
          </SimpleGrid>
          <Divider my="lg" />
          <Text size="sm" fw={500} mb="xs" id="credit-transactions-title">
            Latest transactions
          </Text>
          <CreditTransactionsTable slug={slug} />
        </>
      )}
      {canBuy && <BuyCreditsDialog summary={summary} purchase={purchase} opened={buying} onClose={stopBuying} />}
    </SectionCard>
  );
}

function ChartLoader() {
  return (
    <Center mih={190}>
      <Loader size="sm" />
    </Center>
  );
}

/** The balance, the period's use against its total, and when Pro grants the next period's credits. */
function CreditFigures({ figures }: { figures: CreditsSummary }) {
  const { balance, periodUsed, periodTotal, renewsAt } = figures;
  const percent = periodTotal > 0 ? Math.min(100, (periodUsed / periodTotal) * 100) : 0;
  const color = periodTotal > 0 && balance === 0 ? 'red' : percent >= 90 ? 'orange' : 'indigo';
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Text size="sm" c="dimmed">
          Available
        </Text>
        <Text fz={28} fw={700} lh={1.2} data-testid="credits-balance">
          {formatCreditCount(balance)}{' '}
          <Text span fz="md" fw={500} c="dimmed">
            {balance === 1 ? 'credit' : 'credits'}
          </Text>
        </Text>
      </Stack>
      <Stack gap={8}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500}>
            This period
          </Text>
          <Text size="sm" c="dimmed" data-testid="credits-used">
            {periodTotal > 0
              ? `${formatCreditCount(periodUsed)} of ${formatCreditCount(periodTotal)} used this period`
              : 'No credits this period yet'}
          </Text>
        </Group>
        <Progress
          value={percent}
          color={color}
          size="md"
          radius="xl"
          aria-label={`Credits used this period: ${formatCreditCount(periodUsed)} of ${formatCreditCount(periodTotal)}`}
          data-testid="credits-progress"
        />
        {periodTotal > 0 && (
          <Text size="xs" c="dimmed" data-testid="credits-total-explained">
            {formatCreditCount(periodTotal)} is what you had this period: the {formatCreditCount(balance)} available now
            plus the {formatCreditCount(periodUsed)} used.
          </Text>
        )}
        {renewsAt && (
          <Group gap={6} wrap="nowrap">
            <IconCalendarEvent size={16} stroke={1.6} color="var(--mantine-color-indigo-6)" />
            <Text size="sm" data-testid="credits-renews">
              Renews on {formatDate(renewsAt)}
            </Text>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}
