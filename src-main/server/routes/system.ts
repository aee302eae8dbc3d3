import type { FastifyPluginAsync } from 'fastify';
import type { Invoke } from '../app';

export function systemRoutes(invoke: Invoke): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/system/info', async (request) => ({ success: true, system: await invoke(request, 'system.info', {}) }));
    app.get('/api/auth/whoami', async (request) => ({ success: true, role: request.role }));
  };
}
