import type { QueryClient } from '@tanstack/react-query';
import { repositoryListQuery } from '../features/repositories/queries';
import type { FirstRequests } from '../boot';
import type { Role } from '../lib/contract';
import type { Transport } from '../transport/types';

export const authKeys = {
  whoami: (token: string | null) => ['auth', 'whoami', token] as const,
};

/** What the token may do: asked once per token, and a refusal is not retried. */
export function whoamiQuery(transport: Transport, token: string | null) {
  return { queryKey: authKeys.whoami(token), queryFn: () => transport.whoami(), retry: false, staleTime: Infinity } as const;
}

/**
 * What the first screen shows — the token's role and the repository list — into the cache, both
 * at once. Called when the app mounts and when a token is entered. The queries that show them
 * use the same keys, so they find these answers (or requests in flight) rather than asking
 * again. Requests boot.ts already sent for this token are used instead of new ones.
 * `token` is null over IPC, where there is nothing to sign in to.
 * Settles (never rejects) when both have answered, either way.
 */
export function prefetchFirstScreen(queryClient: QueryClient, transport: Transport, token: string | null, sent: FirstRequests | null = null): Promise<void> {
  if (transport.kind === 'http' && token === null) return Promise.resolve();
  const early = sent !== null && sent.token === token ? sent : null;
  const whoami = whoamiQuery(transport, token);
  const list = repositoryListQuery(transport);
  return Promise.all([
    transport.kind === 'http' ? queryClient.prefetchQuery(early?.whoami == null ? whoami : { ...whoami, queryFn: () => early.whoami as Promise<Role> }) : undefined,
    queryClient.prefetchQuery(early === null ? list : { ...list, queryFn: () => early.list }),
  ]).then(() => undefined);
}
