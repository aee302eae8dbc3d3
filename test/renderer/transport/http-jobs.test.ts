import { describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from '../../../src-renderer/transport/http';
import { TransportError } from '../../../src-renderer/transport/transport-error';
import { makeJob, makeJobDetails } from '../fixtures';

type FetchArgs = [string, RequestInit];

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function setup(respond: (url: string, init: RequestInit) => Response) {
  const fetchMock = vi.fn((url: string, init: RequestInit) => Promise.resolve(respond(url, init)));
  const transport = createHttpTransport({ fetch: fetchMock as unknown as typeof fetch, getToken: () => 'tok' });
  const lastCall = (): FetchArgs => fetchMock.mock.calls.at(-1) as FetchArgs;
  return { transport, lastCall };
}

describe('HTTP transport job routes', () => {
  it('POST /api/repositories/:id/jobs with kind (and verify_data) as the body, unwrapping `job`', async () => {
    const job = makeJob({ id: 'j1', repository_id: 9, kind: 'check', state: 'queued' });
    const { transport, lastCall } = setup(() => json({ success: true, job }));
    await expect(transport.call('jobs.start', { repository_id: 9, kind: 'check', verify_data: true })).resolves.toEqual(job);
    const [url, init] = lastCall();
    expect([url, init.method]).toEqual(['/api/repositories/9/jobs', 'POST']);
    expect(JSON.parse(init.body as string)).toEqual({ kind: 'check', verify_data: true });

    await transport.call('jobs.start', { repository_id: 9, kind: 'backup' });
    expect(JSON.parse(lastCall()[1].body as string)).toEqual({ kind: 'backup' });
  });

  it('GET /api/jobs with repository_id and limit only when given, unwrapping `jobs`', async () => {
    const jobs = [makeJob({ id: 'a' }), makeJob({ id: 'b' })];
    const { transport, lastCall } = setup(() => json({ success: true, jobs }));
    await expect(transport.call('jobs.list', { repository_id: 4, limit: 50 })).resolves.toEqual(jobs);
    expect(lastCall()[0]).toBe('/api/jobs?repository_id=4&limit=50');
    expect(lastCall()[1].method).toBe('GET');
    await transport.call('jobs.list', { limit: 200 });
    expect(lastCall()[0]).toBe('/api/jobs?limit=200');
    await transport.call('jobs.list', undefined);
    expect(lastCall()[0]).toBe('/api/jobs');
  });

  it('GET /api/jobs/:id with the log, and POST /api/jobs/:id/cancel, unwrapping `job`', async () => {
    const details = makeJobDetails({ id: 'f0e1-22', log: [{ time: '2024-05-01T10:00:00Z', level: 'info', source: 'borg', message: 'hi' }] });
    const { transport, lastCall } = setup((url) => json({ success: true, job: url.endsWith('/cancel') ? { ...details, cancel_requested: true } : details }));
    await expect(transport.call('jobs.get', { id: 'f0e1-22' })).resolves.toEqual(details);
    expect([lastCall()[0], lastCall()[1].method]).toEqual(['/api/jobs/f0e1-22', 'GET']);

    await expect(transport.call('jobs.cancel', { id: 'f0e1-22' })).resolves.toMatchObject({ id: 'f0e1-22', cancel_requested: true });
    const [url, init] = lastCall();
    expect([url, init.method, init.body]).toEqual(['/api/jobs/f0e1-22/cancel', 'POST', undefined]);
  });

  it("rebuilds the server's error, such as a refused start in observe mode", async () => {
    const { transport } = setup(() =>
      json({ success: false, error: { code: 'OBSERVE_MODE', message: 'This repository is in observe mode.', details: { repository_id: 2 } } }, 409),
    );
    const error = await transport.call('jobs.start', { repository_id: 2, kind: 'backup' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'OBSERVE_MODE', message: 'This repository is in observe mode.', details: { repository_id: 2 } });
  });
});
