import { QueryClient } from '@tanstack/react-query';
import { isTransportError } from '../transport/transport-error';

/** Retries only when the server could not be reached; a borg error will not fix itself in a second. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => isTransportError(error) && error.code === 'NETWORK' && failures < 2,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
}
