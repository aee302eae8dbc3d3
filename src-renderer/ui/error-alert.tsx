import { Alert, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { explainError } from '../lib/errors';

/** An error as a plain sentence with what to do, plus the server's own words. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Forms are long: an error under the submit button must not stay below the fold.
  useEffect(() => {
    if (error !== null && error !== undefined) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  if (error === null || error === undefined) return null;
  const explained = explainError(error);
  return (
    <Alert ref={ref} color="red" variant="light" title={title} role="alert" data-testid="error-alert" data-error-code={explained.code}>
      <Text size="sm">{explained.sentence}</Text>
      {explained.serverMessage !== null && (
        <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {explained.serverMessage}
        </Text>
      )}
    </Alert>
  );
}
