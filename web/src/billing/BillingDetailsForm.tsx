// The billing details form: saves them whole (PUT) and shows the server's refusal under the field it names.
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type BillingDetails, type BillingDetailsInput } from '../api.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import { countryOptions } from './countries.ts';

type Field = keyof BillingDetailsInput;

const required: Record<Exclude<Field, 'addressLine2' | 'region' | 'taxId'>, string> = {
  legalName: 'Enter the legal name to bill.',
  email: 'Enter the address invoices are sent to.',
  addressLine1: 'Enter the street address.',
  city: 'Enter the city.',
  postalCode: 'Enter the postal code.',
  country: 'Choose the country.',
};

function formValues(details: BillingDetails): Record<Field, string> {
  return {
    legalName: details.legalName ?? '',
    email: details.email ?? '',
    addressLine1: details.addressLine1 ?? '',
    addressLine2: details.addressLine2 ?? '',
    city: details.city ?? '',
    postalCode: details.postalCode ?? '',
    region: details.region ?? '',
    country: details.country ?? '',
    taxId: details.taxId ?? '',
  };
}

export function BillingDetailsForm({
  slug,
  initial,
  onDone,
}: {
  slug: string;
  initial: BillingDetails;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => formValues(initial));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldErrors((errors) => ({ ...errors, [field]: undefined }));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const problems: Partial<Record<Field, string>> = {};
    for (const [field, message] of Object.entries(required) as [Field, string][]) {
      if (!values[field].trim()) problems[field] = message;
    }
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;

    const optional = (text: string) => text.trim() || null;
    const body: BillingDetailsInput = {
      legalName: values.legalName.trim(),
      email: values.email.trim(),
      addressLine1: values.addressLine1.trim(),
      addressLine2: optional(values.addressLine2),
      city: values.city.trim(),
      postalCode: values.postalCode.trim(),
      region: optional(values.region),
      country: values.country,
      taxId: optional(values.taxId),
    };
    setBusy(true);
    try {
      const saved = await api<BillingDetails>('PUT', `/v1/workspaces/${slug}/billing-details`, body);
      queryClient.setQueryData(['billing-details', slug], saved);
      onDone();
      confirmChange('Billing details saved', 'The next invoices show them; invoices already issued keep theirs.');
    } catch (e) {
      // The server names the field it refused, possibly as a path ("body.country").
      const param = e instanceof ApiError ? e.param?.split('.').at(-1) : undefined;
      if (param && param in values) setFieldErrors({ [param]: errorInWords(e) });
      else setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  const input = (field: Field) => ({
    value: values[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(field, e.currentTarget.value),
    error: fieldErrors[field],
  });
  return (
    <form onSubmit={submit} noValidate data-testid="billing-details-form" aria-labelledby="billing-details-title">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          <TextInput
            label="Legal name"
            withAsterisk
            autoComplete="organization"
            {...input('legalName')}
            data-autofocus
          />
          <TextInput label="Billing email" type="email" withAsterisk autoComplete="email" {...input('email')} />
        </SimpleGrid>
        <TextInput label="Address line 1" withAsterisk autoComplete="address-line1" {...input('addressLine1')} />
        <TextInput label="Address line 2" autoComplete="address-line2" {...input('addressLine2')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="sm">
          <TextInput label="City" withAsterisk autoComplete="address-level2" {...input('city')} />
          <TextInput label="Postal code" withAsterisk autoComplete="postal-code" {...input('postalCode')} />
          <TextInput label="Region or state" autoComplete="address-level1" {...input('region')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          <Select
            label="Country"
            withAsterisk
            searchable
            placeholder="Choose a country"
            data={countryOptions}
            value={values.country || null}
            onChange={(value) => set('country', value ?? '')}
            error={fieldErrors.country}
            nothingFoundMessage="No such country"
            autoComplete="country"
          />
          <TextInput label="Tax ID" placeholder="VAT, GST or EIN number, if any" {...input('taxId')} />
        </SimpleGrid>
        {error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} title="Billing details not saved">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save billing details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
