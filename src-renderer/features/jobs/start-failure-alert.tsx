import { Alert, Text } from '@mantine/core';
import { explainError } from '../../lib/errors';
import { useRepositories } from '../repositories/queries';
import { KIND_LABEL } from './format';
import { useJobsUi } from './ui-store';

/** Why a job started from a list row did not start, until dismissed or the next start. */
export function StartFailureAlert() {
  const failure = useJobsUi((s) => s.startFailure);
  const dismiss = useJobsUi((s) => s.setStartFailure);
  const { data: repositories } = useRepositories();
  if (failure === null) return null;
  const name = repositories?.find((r) => r.id === failure.repositoryId)?.name ?? `repository ${failure.repositoryId}`;
  const explained = explainError(failure.error);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={`The ${KIND_LABEL[failure.kind].toLowerCase()} of ${name} could not start`}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => dismiss(null)}
      data-testid="job-start-error"
      data-error-code={explained.code}
    >
      <Text size="sm">{explained.sentence}</Text>
      {explained.serverMessage !== null && (
        <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {explained.serverMessage}
        </Text>
      )}
    </Alert>
  );
}
