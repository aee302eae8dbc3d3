import type { ErrorCode, OperationInput, OperationName, OperationOutput, Role } from '../lib/contract';
import { createEventStream } from './event-stream';
import { TransportError } from './transport-error';
import type { FileFilter, Transport } from './types';

export interface HttpTransportOptions {
  /** Prefix for every route; '' means the origin that served the page. */
  baseUrl?: string;
  fetch?: typeof fetch;
  getToken: () => string | null;
  /** Called when the server rejects the token, so the app can show the login screen again. */
  onUnauthorized?: () => void;
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  form?: FormData;
}

type JsonBody = Record<string, unknown>;

/** One REST route per core operation: how to ask, and how to read the answer. */
type Route<K extends OperationName> = {
  request: (input: OperationInput<K>) => RequestSpec;
  read: (response: Response, input: OperationInput<K>) => Promise<OperationOutput<K>>;
};

type Routes = { [K in OperationName]?: Route<K> };

const repoPath = (id: number): string => `/api/repositories/${encodeURIComponent(String(id))}`;
const jobPath = (id: string): string => `/api/jobs/${encodeURIComponent(id)}`;
const connectionPath = (id: number): string => `/api/ssh-connections/${encodeURIComponent(String(id))}`;
const sshKeyPath = (id: number): string => `/api/ssh-keys/${encodeURIComponent(String(id))}`;

// The server answers `{ success: true, <key>: value }`; the value is what the contract promises.
function field<T>(key: string) {
  return async (response: Response): Promise<T> => (await readJson(response))[key] as T;
}

async function readJson(response: Response): Promise<JsonBody> {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) {
    throw new TransportError('INTERNAL', 'The server sent an answer Borg Desk could not read.');
  }
  const json = body as JsonBody;
  if (json.success === false) throw errorFromBody(json, response.status);
  return json;
}

export const ROUTES: Routes = {
  'system.info': { request: () => ({ method: 'GET', path: '/api/system/info' }), read: field('system') },
  'repositories.list': { request: () => ({ method: 'GET', path: '/api/repositories/' }), read: field('repositories') },
  'repositories.get': {
    request: ({ id }) => ({ method: 'GET', path: repoPath(id) }),
    read: async (response) => {
      const { repository, live, live_error } = await readJson(response);
      return { repository, live, live_error } as OperationOutput<'repositories.get'>;
    },
  },
  'repositories.create': { request: (input) => ({ method: 'POST', path: '/api/repositories/', body: input }), read: field('repository') },
  'repositories.import': { request: (input) => ({ method: 'POST', path: '/api/repositories/import', body: input }), read: field('repository') },
  'repositories.update': {
    request: ({ id, changes }) => ({ method: 'PUT', path: repoPath(id), body: changes }),
    read: field('repository'),
  },
  'repositories.delete': {
    request: ({ id, confirm_keyfile_loss }) => ({
      method: 'DELETE',
      path: repoPath(id) + (confirm_keyfile_loss === true ? '?confirm_keyfile_loss=true' : ''),
    }),
    read: async (response, { id }) => {
      const json = await readJson(response);
      return { id, keyfile_kept_at: typeof json.keyfile_kept_at === 'string' ? json.keyfile_kept_at : null };
    },
  },
  'repositories.uploadKeyfile': {
    request: ({ id, content }) => {
      const form = new FormData();
      form.append('keyfile', new Blob([content], { type: 'application/octet-stream' }), 'keyfile');
      return { method: 'POST', path: `${repoPath(id)}/keyfile`, form };
    },
    read: field('repository'),
  },
  'repositories.exportKeyfile': {
    request: ({ id, format = 'keyfile' }) => ({ method: 'GET', path: `${repoPath(id)}/keyfile?format=${format}` }),
    read: async (response, { id, format = 'keyfile' }) => {
      const content = await response.text();
      const fallback = format === 'paper' ? `borg-desk-${id}-key.txt` : `borg-desk-${id}.key`;
      return { filename: filenameFromDisposition(response.headers.get('Content-Disposition')) ?? fallback, content, format };
    },
  },
  'repositories.refresh': {
    request: (input) => ({ method: 'POST', path: '/api/repositories/refresh', body: input?.id === undefined ? {} : { id: input.id } }),
    read: field('repositories'),
  },
  'jobs.start': {
    request: ({ repository_id, ...body }) => ({ method: 'POST', path: `${repoPath(repository_id)}/jobs`, body }),
    read: field('job'),
  },
  'jobs.list': {
    request: (input) => {
      const query = new URLSearchParams();
      if (input?.repository_id !== undefined) query.set('repository_id', String(input.repository_id));
      if (input?.limit !== undefined) query.set('limit', String(input.limit));
      const search = query.toString();
      return { method: 'GET', path: search === '' ? '/api/jobs' : `/api/jobs?${search}` };
    },
    read: field('jobs'),
  },
  'jobs.get': { request: ({ id }) => ({ method: 'GET', path: jobPath(id) }), read: field('job') },
  'jobs.cancel': { request: ({ id }) => ({ method: 'POST', path: `${jobPath(id)}/cancel` }), read: field('job') },
  'ssh.keys.list': { request: () => ({ method: 'GET', path: '/api/ssh-keys' }), read: field('keys') },
  'ssh.keys.generate': { request: (input) => ({ method: 'POST', path: '/api/ssh-keys', body: input }), read: field('key') },
  'ssh.keys.import': { request: (input) => ({ method: 'POST', path: '/api/ssh-keys/import', body: input }), read: field('key') },
  'ssh.keys.unlock': {
    request: ({ id, ...body }) => ({ method: 'POST', path: `${sshKeyPath(id)}/unlock`, body }),
    read: field('key'),
  },
  'ssh.keys.delete': {
    request: ({ id }) => ({ method: 'DELETE', path: sshKeyPath(id) }),
    read: async (response, { id }) => {
      await readJson(response);
      return { id };
    },
  },
  'ssh.keys.deploy': {
    request: ({ connection_id, ...body }) => ({ method: 'POST', path: `${connectionPath(connection_id)}/deploy-key`, body }),
    read: field('result'),
  },
  'ssh.connections.list': { request: () => ({ method: 'GET', path: '/api/ssh-connections' }), read: field('connections') },
  'ssh.connections.get': { request: ({ id }) => ({ method: 'GET', path: connectionPath(id) }), read: field('connection') },
  'ssh.connections.create': { request: (input) => ({ method: 'POST', path: '/api/ssh-connections', body: input }), read: field('connection') },
  'ssh.connections.update': {
    request: ({ id, changes }) => ({ method: 'PUT', path: connectionPath(id), body: changes }),
    read: field('connection'),
  },
  'ssh.connections.delete': {
    request: ({ id }) => ({ method: 'DELETE', path: connectionPath(id) }),
    read: async (response, { id }) => {
      await readJson(response);
      return { id };
    },
  },
  'ssh.connections.test': { request: ({ id }) => ({ method: 'POST', path: `${connectionPath(id)}/test` }), read: field('result') },
  'ssh.hostKeys.get': {
    request: ({ connection_id }) => ({ method: 'GET', path: `${connectionPath(connection_id)}/host-key` }),
    read: field('host_key'),
  },
  'ssh.hostKeys.confirm': {
    request: ({ connection_id, ...body }) => ({ method: 'POST', path: `${connectionPath(connection_id)}/host-key/confirm`, body }),
    read: field('host_key'),
  },
};

/** The attachment name from a Content-Disposition header (RFC 6266, both forms); null if absent. */
export function filenameFromDisposition(header: string | null): string | null {
  if (header === null) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return safeName(decodeURIComponent(extended[1].trim()));
    } catch {
      // Malformed percent-encoding: fall through to the plain form.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  return name === undefined ? null : safeName(name);
}

// A server-chosen name must not steer the save dialog into another folder.
function safeName(name: string): string | null {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' || base === '.' || base === '..' ? null : base;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  423: 'REPO_LOCKED',
  504: 'TIMEOUT',
};

function errorFromBody(body: JsonBody, status: number): TransportError {
  const error = body.error;
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof code === 'string') {
      return new TransportError(
        code as ErrorCode,
        typeof message === 'string' ? message : `The server answered ${status}.`,
        typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
      );
    }
  }
  return new TransportError(STATUS_CODES[status] ?? 'INTERNAL', `The server answered ${status}.`);
}

async function errorFromResponse(response: Response): Promise<TransportError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status.
  }
  if (typeof body === 'object' && body !== null) return errorFromBody(body as JsonBody, response.status);
  return new TransportError(STATUS_CODES[response.status] ?? 'INTERNAL', `The server answered ${response.status} ${response.statusText}`.trim() + '.');
}

/** The browser transport: REST with a Bearer token against the headless server. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function send(spec: RequestSpec): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.getToken();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (spec.form !== undefined) {
      body = spec.form;
    } else if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    let response: Response;
    try {
      response = await doFetch(baseUrl + spec.path, { method: spec.method, headers, body, credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new TransportError('NETWORK', 'Borg Desk could not reach its server.');
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      // 401 also carries PASSPHRASE_WRONG; only a rejected token means "sign in again".
      if (error.code === 'UNAUTHORIZED') options.onUnauthorized?.();
      throw error;
    }
    return response;
  }

  const events = createEventStream({
    url: `${baseUrl}/api/events`,
    fetch: doFetch,
    getToken: options.getToken,
    onUnauthorized: options.onUnauthorized,
  });

  async function call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
    const route = ROUTES[op] as Route<K> | undefined;
    if (route === undefined) {
      // Dialogs are native and desktop-only; anything else simply has no REST mapping here yet.
      const why = op.startsWith('dialog.') ? 'is only available in the desktop app' : 'has no REST route in the browser transport yet';
      throw new TransportError('INTERNAL', `${op} ${why}.`);
    }
    const response = await send(route.request(input));
    return route.read(response, input);
  }

  return {
    kind: 'http',
    canPickDirectory: false,
    call,
    on: (event, cb) => events.on(event, cb),
    openFile: ({ filters }) => pickLocalFile(acceptFor(filters)),
    pickDirectory: () => Promise.resolve(null),
    saveFile: ({ default_name, content }) => Promise.resolve(downloadText(default_name, content)),
    whoami: async () => {
      const json = await readJson(await send({ method: 'GET', path: '/api/auth/whoami' }));
      if (json.role !== 'admin' && json.role !== 'viewer') {
        throw new TransportError('INTERNAL', 'The server answered with an unknown role.');
      }
      return json.role satisfies Role;
    },
  };
}

function acceptFor(filters: FileFilter[] | undefined): string {
  const extensions = (filters ?? []).flatMap((f) => f.extensions).filter((e) => e !== '*' && e !== '');
  return extensions.map((e) => `.${e}`).join(',');
}

const MAX_OPENED_FILE_BYTES = 1024 * 1024;

function pickLocalFile(accept: string): Promise<{ name: string; content: string } | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (accept !== '') input.accept = accept;
    input.style.display = 'none';
    // Attached so browsers (and automation) treat it as a real file chooser.
    document.body.append(input);
    const done = (): void => input.remove();
    input.addEventListener(
      'change',
      () => {
        const file = input.files?.[0];
        done();
        if (file === undefined) return resolve(null);
        if (file.size > MAX_OPENED_FILE_BYTES) {
          return reject(new TransportError('VALIDATION', 'That file is too large to be a borg key.'));
        }
        file.text().then((content) => resolve({ name: file.name, content }), reject);
      },
      { once: true },
    );
    input.addEventListener(
      'cancel',
      () => {
        done();
        resolve(null);
      },
      { once: true },
    );
    input.click();
  });
}

function downloadText(name: string, content: string): boolean {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
