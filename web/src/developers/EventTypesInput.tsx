// Which events an endpoint receives: all of them (also those added to Billfold later), or the ones picked from
// the list the API gives.
import { Alert, MultiSelect, Radio, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorInWords } from '../layout/change-notices.ts';
import { useWebhookEventTypes } from './queries.ts';

export interface EventTypesChoice {
  all: boolean;
  picked: string[];
}

export function EventTypesInput({
  value,
  onChange,
  error,
}: {
  value: EventTypesChoice;
  onChange: (value: EventTypesChoice) => void;
  error?: string;
}) {
  const types = useWebhookEventTypes();
  const descriptions = new Map((types.data?.data ?? []).map((t) => [t.type, t.description]));
  return (
    <Stack gap="xs">
      <Radio.Group
        label="Events to send"
        value={value.all ? 'all' : 'picked'}
        onChange={(choice) => onChange({ ...value, all: choice === 'all' })}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="all" label="All events" description="Including event types Billfold adds later" />
          <Radio value="picked" label="Only the events I choose" />
        </Stack>
      </Radio.Group>
      {!value.all &&
        (types.error ? (
          <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
            {errorInWords(types.error)}
          </Alert>
        ) : (
          <MultiSelect
            label="Event types"
            placeholder={types.isPending ? 'Loading event types…' : 'Pick one or more'}
            data={(types.data?.data ?? []).map((t) => t.type)}
            value={value.picked}
            onChange={(picked) => onChange({ ...value, picked })}
            searchable
            clearable
            nothingFoundMessage="No such event type"
            error={error}
            comboboxProps={{ withinPortal: true }}
            maxDropdownHeight={260}
            renderOption={({ option }) => (
              <div>
                <Text size="sm" ff="monospace">
                  {option.value}
                </Text>
                {descriptions.get(option.value) && (
                  <Text size="xs" c="dimmed">
                    {descriptions.get(option.value)}
                  </Text>
                )}
              </div>
            )}
          />
        ))}
    </Stack>
  );
}
