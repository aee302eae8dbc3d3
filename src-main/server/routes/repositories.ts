import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';
import type { Invoke } from '../app';
import { bodyObject, pathId } from './request';

const repoId = (request: FastifyRequest) => pathId(request, 'repository');

/** The Borg UI repository API: same paths, fields and success bodies. */
export function repositoryRoutes(invoke: Invoke): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/repositories', async (request) => ({ success: true, repositories: await invoke(request, 'repositories.list', {}) }));
    app.get('/api/repositories/', async (request) => ({ success: true, repositories: await invoke(request, 'repositories.list', {}) }));

    app.get('/api/repositories/:id', async (request) => {
      const details = await invoke(request, 'repositories.get', { id: repoId(request) });
      return { success: true, ...details };
    });

    const create = async (request: FastifyRequest) => ({
      success: true,
      message: 'Repository created successfully',
      repository: await invoke(request, 'repositories.create', bodyObject(request)),
    });
    app.post('/api/repositories', create);
    app.post('/api/repositories/', create);

    app.post('/api/repositories/import', async (request) => ({
      success: true,
      message: 'Repository imported successfully',
      repository: await invoke(request, 'repositories.import', bodyObject(request)),
    }));

    app.post('/api/repositories/refresh', async (request) => ({
      success: true,
      repositories: await invoke(request, 'repositories.refresh', bodyObject(request)),
    }));

    app.put('/api/repositories/:id', async (request) => ({
      success: true,
      message: 'Repository updated successfully',
      repository: await invoke(request, 'repositories.update', { id: repoId(request), changes: bodyObject(request) }),
    }));

    app.delete('/api/repositories/:id', async (request) => {
      const query = request.query as { confirm_keyfile_loss?: string };
      const confirm = query.confirm_keyfile_loss === 'true' || query.confirm_keyfile_loss === '1';
      const result = await invoke(request, 'repositories.delete', { id: repoId(request), confirm_keyfile_loss: confirm });
      return {
        success: true,
        message:
          'Repository removed from Borg Desk. The borg repository and its archives were not touched.' +
          (result.keyfile_kept_at ? ` Its keyfile was kept at ${result.keyfile_kept_at}.` : ''),
        ...result,
      };
    });

    app.post('/api/repositories/:id/keyfile', async (request) => {
      const id = repoId(request);
      if (!request.isMultipart()) throw new AppError('VALIDATION', 'Send the keyfile as multipart/form-data in the field "keyfile".', { field: 'keyfile' });
      let content: string | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'keyfile') {
              await part.toBuffer();
              throw new AppError('VALIDATION', `Unexpected file field "${part.fieldname}": the keyfile goes in "keyfile".`, { field: 'keyfile' });
            }
            const buffer = await part.toBuffer();
            if (part.file.truncated) throw new AppError('VALIDATION', 'The file is too large to be a borg key.', { field: 'keyfile' });
            content = buffer.toString('utf8');
          }
        }
      } catch (error) {
        // busboy's own errors (no boundary, a body cut short) are plain Errors without a status: a bad request, not a 500.
        if (error instanceof AppError || (error as { statusCode?: number }).statusCode !== undefined) throw error;
        throw new AppError('VALIDATION', 'The multipart body could not be read: send the keyfile as multipart/form-data in the field "keyfile".', { field: 'keyfile' });
      }
      if (content === null) throw new AppError('VALIDATION', 'No file in the field "keyfile".', { field: 'keyfile' });
      return {
        success: true,
        message: 'Keyfile uploaded successfully',
        repository: await invoke(request, 'repositories.uploadKeyfile', { id, content }),
      };
    });

    app.get('/api/repositories/:id/keyfile', async (request, reply) => {
      const format = (request.query as { format?: string }).format ?? 'keyfile';
      const key = await invoke(request, 'repositories.exportKeyfile', { id: repoId(request), format });
      return reply
        .header('Content-Type', 'text/plain; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${key.filename}"`)
        .send(key.content);
    });
  };
}
