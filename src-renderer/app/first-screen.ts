import type { QueryClient } from '@tanstack/react-query';
import { repositoryListQuery } from '../features/repositories/queries';
import type { Transport } from '../transport/types';

export const authKeys = {
  whoami: (token: string | null) => ['auth', 'whoami', token] as const,
};

/** What the token may do: asked once per token, and a refusal is not retried. */
export function whoamiQuery(transport: Transport, token: string | null) {
  return { queryKey: authKeys.whoami(token), queryFn: () => transport.whoami(), retry: false, staleTime: Infinity } as const;
}

/**
 * Asks for what the first screen shows — the token's role and the repository list — at once and
 * side by side. Called before React's first render and again when a token is entered. The
 * queries that show them use the same keys, so they pick up these requests rather than sending
 * their own. `token` is null over IPC, where there is nothing to sign in to.
 * Settles (never rejects) when both have answered, either way.
 */
export function prefetchFirstScreen(queryClient: QueryClient, transport: Transport, token: string | null): Promise<void> {
  if (transport.kind === 'http' && token === null) return Promise.resolve();
  return Promise.all([
    transport.kind === 'http' ? queryClient.prefetchQuery(whoamiQuery(transport, token)) : undefined,
    queryClient.prefetchQuery(repositoryListQuery(transport)),
  ]).then(() => undefined);
}
