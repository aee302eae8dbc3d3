import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { Core } from '../core';
import { operations, EVENT_NAMES, type CoreOperationName, type OperationOutput } from '../core/contract';
import { AppError, httpStatusOf, toErrorInfo } from '../core/errors';
import { roleOf, type Role, type TokenSet } from './auth';
import { jobRoutes } from './routes/jobs';
import { repositoryRoutes } from './routes/repositories';
import { sshRoutes } from './routes/ssh';
import { systemRoutes } from './routes/system';

export interface ServerOptions {
  core: Core;
  tokens: TokenSet;
  /** The built renderer (out/renderer); the UI is not served when absent. */
  rendererDir?: string;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    role: Role | null;
  }
}

/** Calls one contract operation for a request, enforcing its access level. */
export type Invoke = <K extends CoreOperationName>(request: FastifyRequest, op: K, input: unknown) => Promise<OperationOutput<K>>;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const info = toErrorInfo(error);
  return reply.code(httpStatusOf(info.code)).send({ success: false, error: info });
}

/** The headless server: the Borg UI repository API over the same core as the desktop app. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    bodyLimit: 1024 * 1024,
    // A URL the router cannot decode (bad percent-encoding, an over-long path segment): the API's error body, not fastify's.
    frameworkErrors: (_error, _request, reply) => {
      void sendError(reply, new AppError('VALIDATION', 'The request URL is not valid: check its percent-encoding and the length of its ids.'));
    },
  });
  app.decorateRequest('role', null);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', CSP);
    if (!request.url.startsWith('/api/')) return;
    reply.header('Cache-Control', 'no-store');
    request.role = roleOf(request.headers.authorization, options.tokens);
    if (request.role === null) {
      return sendError(reply, new AppError('UNAUTHORIZED', 'A valid access token is needed (Authorization: Bearer <token>).'));
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof AppError) return sendError(reply, error);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Unsupported content type: send JSON (or multipart for a keyfile).'
          : error.code === 'FST_REQ_FILE_TOO_LARGE' || status === 413
            ? 'The request body is too large.'
            : 'The request body is not valid JSON.';
      return reply.code(status === 413 ? 413 : 400).send({ success: false, error: { code: 'VALIDATION', message } });
    }
    return sendError(reply, error);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return sendError(reply, new AppError('NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`));
    if (options.rendererDir !== undefined && request.method === 'GET') return reply.sendFile('index.html');
    return sendError(reply, new AppError('NOT_FOUND', 'Not found.'));
  });

  await app.register(multipart, { limits: { fileSize: 64 * 1024, files: 1, fields: 5, parts: 6 } });

  const invoke: Invoke = async (request, op, input) => {
    if (operations[op].access === 'write' && request.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'This action needs the admin token; the viewer token can only read.');
    }
    return options.core.invoke(op, input);
  };

  // Push events as server-sent events; EventSource cannot send headers, so clients read it with fetch.
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    raw.write(': connected\n\n');
    const unsubscribe = EVENT_NAMES.map((name) =>
      options.core.events.on(name, (payload) => raw.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const ping = setInterval(() => raw.write(': ping\n\n'), 25_000);
    request.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe.forEach((off) => off());
    });
  });

  await app.register(systemRoutes(invoke));
  await app.register(repositoryRoutes(invoke));
  await app.register(jobRoutes(invoke));
  await app.register(sshRoutes(invoke));

  if (options.rendererDir !== undefined && existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      cacheControl: false,
      setHeaders: (response, path) => {
        // Files under assets/ are named by their content hash: a new build gets new names, so the
        // browser may keep them for good, skip revalidating, and reuse the code it compiled from
        // them (a revalidated script loses Chrome's code cache). index.html names the current
        // ones, so it is always asked for again.
        const hashed = relative(options.rendererDir as string, path).split(sep)[0] === 'assets';
        response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
