import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Invoke } from '../app';
import { bodyObject, pathId } from './request';

/** SSH connections, host keys and keys. Writes need the admin token (from the contract's access level). */
export function sshRoutes(invoke: Invoke): FastifyPluginAsync {
  return async (app) => {
    const connectionId = (request: FastifyRequest) => pathId(request, 'SSH connection');
    const keyId = (request: FastifyRequest) => pathId(request, 'SSH key');

    const listConnections = async (request: FastifyRequest) => ({ success: true, connections: await invoke(request, 'ssh.connections.list', {}) });
    app.get('/api/ssh-connections', listConnections);
    app.get('/api/ssh-connections/', listConnections);

    const createConnection = async (request: FastifyRequest) => ({
      success: true,
      message: 'SSH connection created',
      connection: await invoke(request, 'ssh.connections.create', bodyObject(request)),
    });
    app.post('/api/ssh-connections', createConnection);
    app.post('/api/ssh-connections/', createConnection);

    app.get('/api/ssh-connections/:id', async (request) => ({
      success: true,
      connection: await invoke(request, 'ssh.connections.get', { id: connectionId(request) }),
    }));

    app.put('/api/ssh-connections/:id', async (request) => ({
      success: true,
      message: 'SSH connection updated',
      connection: await invoke(request, 'ssh.connections.update', { id: connectionId(request), changes: bodyObject(request) }),
    }));

    app.delete('/api/ssh-connections/:id', async (request) => ({
      success: true,
      message: 'SSH connection removed',
      ...(await invoke(request, 'ssh.connections.delete', { id: connectionId(request) })),
    }));

    app.post('/api/ssh-connections/:id/test', async (request) => ({
      success: true,
      result: await invoke(request, 'ssh.connections.test', { id: connectionId(request) }),
    }));

    app.get('/api/ssh-connections/:id/host-key', async (request) => ({
      success: true,
      host_key: await invoke(request, 'ssh.hostKeys.get', { connection_id: connectionId(request) }),
    }));

    app.post('/api/ssh-connections/:id/host-key/confirm', async (request) => ({
      success: true,
      message: 'Host key pinned',
      host_key: await invoke(request, 'ssh.hostKeys.confirm', { ...bodyObject(request), connection_id: connectionId(request) }),
    }));

    app.post('/api/ssh-connections/:id/deploy-key', async (request) => ({
      success: true,
      message: 'Public key installed on the server',
      result: await invoke(request, 'ssh.keys.deploy', { ...bodyObject(request), connection_id: connectionId(request) }),
    }));

    const listKeys = async (request: FastifyRequest) => ({ success: true, keys: await invoke(request, 'ssh.keys.list', {}) });
    app.get('/api/ssh-keys', listKeys);
    app.get('/api/ssh-keys/', listKeys);

    const generateKey = async (request: FastifyRequest) => ({
      success: true,
      message: 'SSH key generated',
      key: await invoke(request, 'ssh.keys.generate', bodyObject(request)),
    });
    app.post('/api/ssh-keys', generateKey);
    app.post('/api/ssh-keys/', generateKey);

    app.post('/api/ssh-keys/import', async (request) => ({
      success: true,
      message: 'SSH key imported',
      key: await invoke(request, 'ssh.keys.import', bodyObject(request)),
    }));

    app.post('/api/ssh-keys/:id/unlock', async (request) => ({
      success: true,
      key: await invoke(request, 'ssh.keys.unlock', { ...bodyObject(request), id: keyId(request) }),
    }));

    app.delete('/api/ssh-keys/:id', async (request) => ({
      success: true,
      message: 'SSH key removed',
      ...(await invoke(request, 'ssh.keys.delete', { id: keyId(request) })),
    }));
  };
}
