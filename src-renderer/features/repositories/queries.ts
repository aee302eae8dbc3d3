import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { OperationInput, OperationOutput, Repository, RepositoryDetails } from '../../lib/contract';
import { useTransport } from '../../transport/transport-context';
import type { Transport } from '../../transport/types';

export const repositoryKeys = {
  all: ['repositories'] as const,
  list: () => ['repositories', 'list'] as const,
  detail: (id: number) => ['repositories', 'detail', id] as const,
};

/** The list as the screen reads it; also asked for ahead of the first render (first-screen.ts). */
export function repositoryListQuery(transport: Transport) {
  return { queryKey: repositoryKeys.list(), queryFn: (): Promise<Repository[]> => transport.call('repositories.list', {}) };
}

export function useRepositories() {
  const transport = useTransport();
  return useQuery<Repository[]>(repositoryListQuery(transport));
}

/**
 * Live details ask borg, so they can be slow; the list's record is shown meanwhile.
 * `enabled` is false while the drawer is hidden, so a hidden (or just deleted) repository is not re-asked.
 */
export function useRepositoryDetails(id: number | null, enabled = true) {
  const transport = useTransport();
  return useQuery<RepositoryDetails>({
    queryKey: repositoryKeys.detail(id ?? 0),
    queryFn: () => transport.call('repositories.get', { id: id ?? 0 }),
    enabled: id !== null && enabled,
  });
}

type RepositoryWriteOp =
  | 'repositories.create'
  | 'repositories.import'
  | 'repositories.update'
  | 'repositories.delete'
  | 'repositories.uploadKeyfile'
  | 'repositories.refresh';

/** A write operation that, once it has run (either way), makes the repository queries stale. */
export function useRepositoryMutation<K extends RepositoryWriteOp>(
  op: K,
): UseMutationResult<OperationOutput<K>, Error, OperationInput<K>> {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<OperationOutput<K>, Error, OperationInput<K>>({
    mutationFn: (input) => transport.call(op, input),
    // Also after a failure: a refresh that failed still recorded last_refresh_error.
    onSettled: () => queryClient.invalidateQueries({ queryKey: repositoryKeys.all }),
  });
}

/** Pushed changes (another window, a finished job) make the cached repositories stale. */
export function useRepositoriesChangedEvents(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () => transport.on('repositories.changed', () => void queryClient.invalidateQueries({ queryKey: repositoryKeys.all })),
    [transport, queryClient],
  );
}
