// Every saved card once there is more than one: which is the default, making another the default, removing the rest.
import { Alert, Badge, Button, Divider, Group, Modal, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconCreditCard } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type PaymentMethod } from '../api.ts';
import { confirmChange, errorInWords } from '../layout/change-notices.ts';
import tables from '../layout/StackedTable.module.css';
import { cardLabel, formatExpiry, isExpired } from './card.ts';
import { refreshPaymentMethods, usePaymentMethods } from './queries.ts';

export function PaymentMethodsList({ slug, canManage }: { slug: string; canManage: boolean }) {
  const methods = usePaymentMethods(slug);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PaymentMethod | null>(null);

  async function change(method: PaymentMethod, action: 'default' | 'remove') {
    setError(null);
    setWorking(method.id);
    try {
      if (action === 'default') {
        await api('POST', `/v1/workspaces/${slug}/payment-methods/${method.id}/default`);
        confirmChange('Default card changed', `${cardLabel(method)} is charged from now on.`);
      } else {
        await api('DELETE', `/v1/workspaces/${slug}/payment-methods/${method.id}`);
        confirmChange('Card removed', `${cardLabel(method)} is no longer kept for this workspace.`);
      }
    } catch (e) {
      // e.g. 409 payment_method_in_use: the server says which card to make default first.
      setError(errorInWords(e));
    } finally {
      setWorking(null);
      setRemoving(null);
    }
    await refreshPaymentMethods(queryClient, slug);
  }

  const rows = methods.data?.data ?? [];
  // One card is already shown above as the default; the list earns its place from the second card on.
  if (!methods.error && rows.length < 2 && !error) return null;
  return (
    <>
      <Divider my="lg" />
      {(error || methods.error) && (
        <Alert
          color="red"
          mb="sm"
          role="alert"
          icon={<IconAlertCircle size={18} />}
          data-testid="payment-methods-error"
        >
          {error ?? methods.error?.message}
        </Alert>
      )}
      {rows.length > 1 && (
        <>
          <Text size="sm" fw={500} id="saved-cards-title" mb={4}>
            Saved cards
          </Text>
          <Table
            verticalSpacing="xs"
            className={tables.stacked}
            data-testid="payment-methods-table"
            aria-labelledby="saved-cards-title"
          >
            <Table.Tbody>
              {rows.map((method) => {
                const label = cardLabel(method);
                return (
                  <Table.Tr key={method.id} data-testid="payment-method-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <IconCreditCard size={18} stroke={1.6} color="var(--mantine-color-gray-6)" />
                        <Text size="sm" fw={500}>
                          {label}
                        </Text>
                        {method.isDefault && (
                          <Badge color="indigo" variant="light" size="sm">
                            Default
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={isExpired(method) ? 'red.7' : 'dimmed'}>
                        {isExpired(method) ? 'Expired' : 'Expires'} {formatExpiry(method)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {canManage && !method.isDefault && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            loading={working === method.id && !removing}
                            disabled={working !== null}
                            onClick={() => change(method, 'default')}
                            aria-label={`Make ${label} the default`}
                          >
                            Make default
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            disabled={working !== null}
                            onClick={() => setRemoving(method)}
                            aria-label={`Remove ${label}`}
                          >
                            Remove
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove this card?" centered>
        <Text size="sm">
          {removing && cardLabel(removing)} will no longer be available for payments. Invoices it already paid keep
          showing it.
        </Text>
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={() => setRemoving(null)} disabled={working !== null} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={working !== null} onClick={() => removing && change(removing, 'remove')}>
            Remove card
          </Button>
        </Group>
      </Modal>
    </>
  );
}
