import { Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { JobKind, Repository } from '../../lib/contract';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { blockedReason } from './availability';
import { JobActionButton } from './job-action-button';
import { useActiveJob, useStartJob } from './queries';

const KINDS: Array<{ kind: JobKind; label: string }> = [
  { kind: 'backup', label: 'Back up now' },
  { kind: 'check', label: 'Check' },
  { kind: 'compact', label: 'Compact' },
];

/** Back up, check and compact one repository, from its details drawer. Hidden from viewers. */
export function RepositoryJobActions({ repository }: { repository: Repository }) {
  const canWrite = useCanWrite();
  const active = useActiveJob(repository.id);
  const start = useStartJob();
  const [verifyData, setVerifyData] = useState(false);
  if (!canWrite) return null;

  const reasons = KINDS.map(({ kind }) => blockedReason(repository, kind, active ?? undefined));
  const distinctReasons = [...new Set(reasons.filter((r): r is string => r !== null))];
  const startingKind = start.isPending ? start.variables.kind : null;
  const run = (kind: JobKind): void =>
    start.mutate(kind === 'check' && verifyData ? { repository_id: repository.id, kind, verify_data: true } : { repository_id: repository.id, kind });

  return (
    <Stack gap="xs" data-testid="repo-job-actions">
      <Group gap="xs" align="center">
        {KINDS.map(({ kind, label }, i) => (
          <JobActionButton
            key={kind}
            label={label}
            variant={kind === 'backup' ? 'filled' : 'default'}
            reason={reasons[i] ?? null}
            loading={startingKind === kind}
            onClick={() => run(kind)}
          />
        ))}
        <Checkbox
          size="xs"
          label="Verify all data when checking (slow)"
          checked={verifyData}
          onChange={(event) => setVerifyData(event.currentTarget.checked)}
        />
      </Group>
      {distinctReasons.map((reason) => (
        <Text key={reason} size="xs" c="dimmed" data-testid="job-blocked-reason">
          {reason}
        </Text>
      ))}
      <ErrorAlert error={start.error} title="The job could not start" />
    </Stack>
  );
}
