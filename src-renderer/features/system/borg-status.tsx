import { Alert, Badge, Box, Code, Text } from '@mantine/core';
import { useSystemInfo } from './use-system-info';

/** The header's short borg status: version when found, a red badge when not. */
export function BorgStatusBadge() {
  const { data, isError } = useSystemInfo();
  if (isError) return <Badge color="gray" variant="light">borg status unknown</Badge>;
  if (data === undefined) return null;
  if (!data.borg.available) {
    return (
      <Badge color="red" variant="filled" data-testid="borg-status">
        borg missing
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light" data-testid="borg-status" title={data.borg.path ?? undefined}>
      borg {data.borg.version ?? '(unknown version)'}
    </Badge>
  );
}

/** Without borg nothing works, so say so above everything, with the core's install advice. */
export function BorgMissingAlert() {
  const { data } = useSystemInfo();
  if (data === undefined || data.borg.available) return null;
  const failed = data.borg.error?.code === 'BORG_FAILED';
  return (
    <Box px="md" pt="sm">
    <Alert color="red" variant="filled" title={failed ? 'Borg does not run' : 'Borg is not installed'} data-testid="borg-missing" role="alert">
      <Text size="sm">{data.borg.error?.message ?? 'Borg Desk could not find borg on this computer.'}</Text>
      {data.borg.path !== null && (
        <Text size="sm" mt={4}>
          Looked for: <Code>{data.borg.path}</Code>
        </Text>
      )}
    </Alert>
    </Box>
  );
}
