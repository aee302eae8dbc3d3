import { useQuery } from '@tanstack/react-query';
import type { SystemInfo } from '../../lib/contract';
import { useTransport } from '../../transport/transport-context';

export function useSystemInfo() {
  const transport = useTransport();
  return useQuery<SystemInfo>({
    queryKey: ['system', 'info'],
    queryFn: () => transport.call('system.info', {}),
    staleTime: 60_000,
  });
}
