import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { OperationInput, OperationName, OperationOutput } from '../../lib/contract';
import { useTransport } from '../../transport/transport-context';
import type { SshConnection, SshKey } from './types';

export const sshKeys = {
  all: ['ssh'] as const,
  keys: () => ['ssh', 'keys'] as const,
  connections: () => ['ssh', 'connections'] as const,
};

export function useSshKeys() {
  const transport = useTransport();
  return useQuery<SshKey[]>({ queryKey: sshKeys.keys(), queryFn: () => transport.call('ssh.keys.list', {}) });
}

export function useConnections(enabled = true) {
  const transport = useTransport();
  return useQuery<SshConnection[]>({
    queryKey: sshKeys.connections(),
    queryFn: () => transport.call('ssh.connections.list', {}),
    enabled,
  });
}

type SshWriteOp = Extract<OperationName, `ssh.${string}`>;

/**
 * An SSH write that, once it has run (either way), makes keys and connections stale: they
 * point at each other (key.connection_ids), and a failed test still records last_test.
 */
export function useSshMutation<K extends SshWriteOp>(op: K): UseMutationResult<OperationOutput<K>, Error, OperationInput<K>> {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<OperationOutput<K>, Error, OperationInput<K>>({
    mutationFn: (input) => transport.call(op, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sshKeys.all }),
  });
}

/** A repository added or removed changes which connections are in use. */
export function useRepositoriesChangedRefreshesConnections(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () => transport.on('repositories.changed', () => void queryClient.invalidateQueries({ queryKey: sshKeys.connections() })),
    [transport, queryClient],
  );
}
