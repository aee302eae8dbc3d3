import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../../../../src-renderer/app/query-client';
import { jobKeys, useActiveJobs, useJobEvents } from '../../../../src-renderer/features/jobs/queries';
import { TransportContext } from '../../../../src-renderer/transport/transport-context';
import { createFakeTransport } from '../../fake-transport';
import { makeJob } from '../../fixtures';

function mount(cached: boolean) {
  const transport = createFakeTransport({ 'jobs.list': () => [makeJob({ id: 'b1', state: 'succeeded' })] });
  const queryClient = createQueryClient();
  // As left behind by an earlier visit to the screen, seconds ago: fresh by its staleTime.
  if (cached) queryClient.setQueryData(jobKeys.recent(), [makeJob({ id: 'b1', state: 'running' })]);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TransportContext.Provider value={transport}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </TransportContext.Provider>
  );
  const hook = renderHook(
    () => {
      useJobEvents();
      return useActiveJobs();
    },
    { wrapper },
  );
  return { transport, hook };
}

describe('job events', () => {
  it('asks again for jobs cached before the screen was left, since their events were missed', async () => {
    const { transport, hook } = mount(true);
    await waitFor(() => expect(transport.inputsOf('jobs.list')).toEqual([{ limit: 200 }]));
    await waitFor(() => expect(hook.result.current.data).toEqual([]));
    expect(transport.listenerCount('jobs.updated')).toBe(1);
    expect(transport.listenerCount('jobs.progress')).toBe(1);
    hook.unmount();
    expect(transport.listenerCount('jobs.updated')).toBe(0);
    expect(transport.listenerCount('jobs.progress')).toBe(0);
  });

  it('asks only once on a first visit', async () => {
    const { transport, hook } = mount(false);
    await waitFor(() => expect(hook.result.current.isSuccess).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.inputsOf('jobs.list')).toHaveLength(1);
  });
});
