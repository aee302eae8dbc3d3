import { Button, CloseButton, Code, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState, type KeyboardEvent } from 'react';

interface ListEditorProps {
  /** The group's name ("Source directories"); screen readers and tests find the list by it. */
  legend: string;
  /** The label of the text input that adds an entry ("Add source directory"). */
  inputLabel: string;
  items: string[];
  onChange: (items: string[]) => void;
  description?: string;
  placeholder?: string;
  error?: string | undefined;
  /** Refuses an entry before it is added; returns why, or null to accept it. */
  check?: (value: string) => string | null;
  /** A native picker that returns an entry to add; absent where there is none (the browser). */
  browse?: () => Promise<string | null>;
  browseLabel?: string;
  trim?: boolean;
}

/** An editable list of strings: type and Add (or Enter), remove with ×, optionally Browse…. */
export function ListEditor(props: ListEditorProps) {
  const { legend, inputLabel, items, onChange, description, placeholder, error, check, browse, browseLabel, trim = true } = props;
  const [draft, setDraft] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const errorId = useId();

  const add = (raw: string): void => {
    const value = trim ? raw.trim() : raw;
    if (value === '') return;
    const problem = check?.(value) ?? null;
    if (problem !== null) {
      setInputError(problem);
      return;
    }
    setInputError(null);
    setDraft('');
    if (!items.includes(value)) onChange([...items, value]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Enter adds the entry instead of submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault();
      add(draft);
    }
  };

  return (
    <Fieldset legend={legend} aria-describedby={error === undefined ? undefined : errorId} variant="filled">
      <Stack gap="xs">
        {description !== undefined && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" fs="italic">
            None yet.
          </Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((item) => (
              <Group key={item} component="li" gap="xs" wrap="nowrap" justify="space-between">
                <Code style={{ overflowWrap: 'anywhere' }}>{item}</Code>
                <CloseButton size="sm" aria-label={`Remove ${item}`} onClick={() => onChange(items.filter((i) => i !== item))} />
              </Group>
            ))}
          </Stack>
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={inputLabel}
            value={draft}
            placeholder={placeholder}
            onChange={(event) => {
              setDraft(event.currentTarget.value);
              setInputError(null);
            }}
            onKeyDown={onKeyDown}
            error={inputError}
            style={{ flex: 1 }}
          />
          <Button variant="default" onClick={() => add(draft)} mb={inputError === null ? 0 : 22}>
            Add
          </Button>
          {browse !== undefined && (
            <Button
              variant="default"
              aria-label={browseLabel ?? `Browse for ${inputLabel.toLowerCase()}`}
              mb={inputError === null ? 0 : 22}
              onClick={() => {
                void browse().then((picked) => {
                  if (picked !== null) add(picked);
                });
              }}
            >
              Browse…
            </Button>
          )}
        </Group>
        {error !== undefined && (
          <Text size="sm" c="red" id={errorId} role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
