import { Alert, Box, Stack } from '@mantine/core';
import { useSystemInfo } from './use-system-info';

/** Things the core wants the user to know (a store set aside as corrupt, secrets kept only in memory). */
export function SystemWarnings() {
  const { data } = useSystemInfo();
  // An older server may not send the field at all.
  const warnings = data?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <Box px="md" pt="sm">
      <Stack gap="xs" data-testid="system-warnings">
        {warnings.map((warning) => (
          <Alert key={warning} color="yellow" variant="light">
            {warning}
          </Alert>
        ))}
      </Stack>
    </Box>
  );
}
