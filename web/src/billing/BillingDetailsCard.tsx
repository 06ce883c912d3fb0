// Billing details: the legal name, address and tax ID printed on invoices, and the way to edit them.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { BillingDetails } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { BillingDetailsForm } from './BillingDetailsForm.tsx';
import { countryName } from './countries.ts';
import { useBillingDetails } from './queries.ts';

export function BillingDetailsCard({ slug, canManage }: { slug: string; canManage: boolean }) {
  const details = useBillingDetails(slug);
  const [editing, setEditing] = useState(false);
  const saved = details.data?.legalName ? details.data : null;
  return (
    <SectionCard
      title="Billing details"
      titleId="billing-details-title"
      description="Whom invoices are made out to. Changes apply to invoices issued from now on."
      testId="billing-details"
      action={
        canManage &&
        details.isSuccess &&
        !editing && (
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            {saved ? 'Edit' : 'Add billing details'}
          </Button>
        )
      }
    >
      {details.error ? (
        <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
          {details.error.message}
        </Alert>
      ) : editing && details.data ? (
        <BillingDetailsForm slug={slug} initial={details.data} onDone={() => setEditing(false)} />
      ) : saved ? (
        <SavedDetails details={saved} />
      ) : (
        details.isSuccess && (
          <Text size="sm" c="dimmed" data-testid="billing-details-empty">
            No billing details yet — they are printed on every invoice.
          </Text>
        )
      )}
    </SectionCard>
  );
}

/** Where the region and postal code go after the city ("San Francisco, CA 94105"); elsewhere "10115 Berlin". */
const cityRegionPostal = new Set(['US', 'CA', 'AU']);

function SavedDetails({ details }: { details: BillingDetails }) {
  const cityLines = cityRegionPostal.has(details.country ?? '')
    ? [`${[details.city, details.region].filter(Boolean).join(', ')} ${details.postalCode ?? ''}`.trim()]
    : [[details.postalCode, details.city].filter(Boolean).join(' '), details.region];
  const lines = [details.addressLine1, details.addressLine2, ...cityLines].filter(Boolean);
  return (
    <Stack gap={2} data-testid="billing-details-saved">
      <Text fw={600}>{details.legalName}</Text>
      {details.email && (
        <Text size="sm" c="dimmed">
          {details.email}
        </Text>
      )}
      <Text size="sm" mt={6} component="address" fs="normal">
        {lines.map((line) => (
          <span key={line} style={{ display: 'block' }}>
            {line}
          </span>
        ))}
        {details.country && <span style={{ display: 'block' }}>{countryName(details.country)}</span>}
      </Text>
      {details.taxId && (
        <Text size="sm" mt={6}>
          <Text span c="dimmed" size="sm">
            Tax ID
          </Text>{' '}
          {details.taxId}
        </Text>
      )}
    </Stack>
  );
}
