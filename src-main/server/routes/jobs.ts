import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { JobKind } from '../../core/contract/jobs';
import type { Invoke } from '../app';
import { bodyObject, positiveInt } from './request';

/** Backups, checks and compactions: start, list, inspect and cancel jobs. */
export function jobRoutes(invoke: Invoke): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/repositories/:id/jobs', async (request) => {
      const repository_id = positiveInt((request.params as { id?: string }).id, 'id');
      return { success: true, job: await invoke(request, 'jobs.start', { ...bodyObject(request), repository_id }) };
    });

    const shortcut = (kind: JobKind) => async (request: FastifyRequest) => {
      const repository_id = positiveInt((request.params as { id?: string }).id, 'id');
      const body = bodyObject(request);
      const input = kind === 'check' && body.verify_data !== undefined ? { repository_id, kind, verify_data: body.verify_data } : { repository_id, kind };
      return { success: true, job: await invoke(request, 'jobs.start', input) };
    };
    app.post('/api/repositories/:id/backup', shortcut('backup'));
    app.post('/api/repositories/:id/check', shortcut('check'));
    app.post('/api/repositories/:id/compact', shortcut('compact'));

    app.get('/api/jobs', async (request) => {
      const query = request.query as { repository_id?: string; limit?: string };
      const input: { repository_id?: number; limit?: number } = {};
      if (query.repository_id !== undefined && query.repository_id !== '') input.repository_id = positiveInt(query.repository_id, 'repository_id');
      if (query.limit !== undefined && query.limit !== '') input.limit = positiveInt(query.limit, 'limit');
      return { success: true, jobs: await invoke(request, 'jobs.list', input) };
    });

    app.get('/api/jobs/:id', async (request) => ({
      success: true,
      job: await invoke(request, 'jobs.get', { id: (request.params as { id?: string }).id ?? '' }),
    }));

    app.post('/api/jobs/:id/cancel', async (request) => ({
      success: true,
      job: await invoke(request, 'jobs.cancel', { id: (request.params as { id?: string }).id ?? '' }),
    }));
  };
}
