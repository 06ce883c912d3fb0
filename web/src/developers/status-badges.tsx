// Status badges of webhook endpoints (enabled, disabled, failing) and of their deliveries (succeeded, retrying, …).
import { Badge } from '@mantine/core';
import type { WebhookDelivery, WebhookEndpoint } from './types.ts';

const endpointStatuses: Record<WebhookEndpoint['status'], { label: string; color: string }> = {
  enabled: { label: 'Enabled', color: 'teal' },
  disabled: { label: 'Disabled', color: 'gray' },
  failing: { label: 'Failing', color: 'red' },
};

export function EndpointStatusBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  const status = endpointStatuses[endpoint.status] ?? { label: endpoint.status, color: 'gray' };
  return (
    <Badge variant="light" color={status.color} radius="sm" data-testid="endpoint-status" style={{ flexShrink: 0 }}>
      {status.label}
    </Badge>
  );
}

function deliveryStatusOf(delivery: WebhookDelivery): { label: string; color: string } {
  switch (delivery.status) {
    case 'succeeded':
      return { label: 'Succeeded', color: 'teal' };
    case 'failed':
      return { label: 'Failed', color: 'red' };
    case 'pending':
      // A pending delivery that was tried already waits for its next retry.
      return delivery.attempts > 0 ? { label: 'Retrying', color: 'orange' } : { label: 'Pending', color: 'blue' };
    default:
      return { label: String(delivery.status), color: 'gray' };
  }
}

export function DeliveryStatusBadge({ delivery }: { delivery: WebhookDelivery }) {
  const { label, color } = deliveryStatusOf(delivery);
  return (
    <Badge variant="light" color={color} radius="sm" data-testid="delivery-status" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}
