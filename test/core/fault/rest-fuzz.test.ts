/**
 * Every REST endpoint, driven with app.inject against the real server and core: arbitrary and
 * near-valid bodies, odd path ids and query strings, malformed JSON and multipart, wrong tokens.
 * Bad input gets a 4xx with the `{ success: false, error: { code, message } }` body, never a 500,
 * and a refused request leaves every stored file byte-identical.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operations, type CoreOperationName, type OperationName } from '../../../src-main/core/contract';
import { ERROR_CODES, httpStatusOf, type ErrorCode } from '../../../src-main/core/errors';
import { serverSandbox, TOKENS, type ServerSandbox } from '../../fixtures/server';
import {
  anyJsonPayload,
  assertAsync,
  fieldPaths,
  nearValid,
  objectShape,
  PROTO_JSON,
  prototypeIsClean,
  snapshotDiff,
  snapshotDir,
  validSamples,
  type FuzzContext,
} from './fuzz-kit';
import { guardedInvoke, seedFuzzContext } from './fuzz-setup';

// Seeded so a failure replays; FUZZ_SEED / FUZZ_RUNS explore further locally.
const SEED = Number(process.env.FUZZ_SEED ?? 42);
// Per endpoint, 2,000 requests by default: RUNS arbitrary and RUNS near-valid where there is a
// body, twice RUNS arbitrary where there is none (path, query and headers are what varies).
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Endpoint {
  method: Method;
  /** The fastify route, with `:id` where the path carries an id. */
  route: string;
  /** The contract operation it reaches (null: none, e.g. whoami). */
  op: CoreOperationName | null;
  /** The id a valid call puts in the path. */
  id?: (ctx: FuzzContext) => string;
  /** A valid JSON body, and the schema whose fields near-valid bodies break. */
  body?: (ctx: FuzzContext) => Record<string, unknown>;
  bodySchema?: z.ZodType;
  multipart?: true;
  /** Query parameters the route reads. */
  query?: readonly string[];
}

const JOB_ID = 'f0e1d2c3-0000-4000-8000-000000000000';
const sample = <K extends OperationName>(op: K) => (ctx: FuzzContext) => validSamples(ctx)[op];
const without = (keys: string[], from: (ctx: FuzzContext) => Record<string, unknown>) => (ctx: FuzzContext) =>
  Object.fromEntries(Object.entries(from(ctx)).filter(([key]) => !keys.includes(key)));
const shapeOf = (op: OperationName, key: string) => objectShape(operations[op].input)?.[key];

const repoId = (ctx: FuzzContext) => String(ctx.repositoryId);
const connectionId = (ctx: FuzzContext) => String(ctx.connectionId);
const keyId = (ctx: FuzzContext) => String(ctx.keyId);
const jobBody = { body: () => ({ kind: 'check' }), bodySchema: operations['jobs.start'].input };

/** Every route the server has (less the event stream), and what it reaches. A new route fails the first test until listed. */
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/api/system/info', op: 'system.info' },
  { method: 'GET', route: '/api/auth/whoami', op: null },
  { method: 'GET', route: '/api/repositories', op: 'repositories.list' },
  { method: 'GET', route: '/api/repositories/', op: 'repositories.list' },
  { method: 'POST', route: '/api/repositories', op: 'repositories.create', body: sample('repositories.create'), bodySchema: operations['repositories.create'].input },
  { method: 'POST', route: '/api/repositories/', op: 'repositories.create', body: sample('repositories.create'), bodySchema: operations['repositories.create'].input },
  { method: 'POST', route: '/api/repositories/import', op: 'repositories.import', body: sample('repositories.import'), bodySchema: operations['repositories.import'].input },
  { method: 'POST', route: '/api/repositories/refresh', op: 'repositories.refresh', body: sample('repositories.refresh'), bodySchema: operations['repositories.refresh'].input },
  { method: 'GET', route: '/api/repositories/:id', op: 'repositories.get', id: repoId },
  {
    method: 'PUT',
    route: '/api/repositories/:id',
    op: 'repositories.update',
    id: repoId,
    body: (ctx) => validSamples(ctx)['repositories.update'].changes as Record<string, unknown>,
    bodySchema: shapeOf('repositories.update', 'changes'),
  },
  { method: 'DELETE', route: '/api/repositories/:id', op: 'repositories.delete', id: repoId, query: ['confirm_keyfile_loss'] },
  { method: 'POST', route: '/api/repositories/:id/keyfile', op: 'repositories.uploadKeyfile', id: repoId, multipart: true },
  { method: 'GET', route: '/api/repositories/:id/keyfile', op: 'repositories.exportKeyfile', id: repoId, query: ['format'] },
  { method: 'POST', route: '/api/repositories/:id/jobs', op: 'jobs.start', id: repoId, ...jobBody },
  { method: 'POST', route: '/api/repositories/:id/backup', op: 'jobs.start', id: repoId, ...jobBody },
  { method: 'POST', route: '/api/repositories/:id/check', op: 'jobs.start', id: repoId, body: () => ({ verify_data: false }), bodySchema: operations['jobs.start'].input },
  { method: 'POST', route: '/api/repositories/:id/compact', op: 'jobs.start', id: repoId, ...jobBody },
  { method: 'GET', route: '/api/jobs', op: 'jobs.list', query: ['repository_id', 'limit'] },
  { method: 'GET', route: '/api/jobs/:id', op: 'jobs.get', id: () => JOB_ID },
  { method: 'POST', route: '/api/jobs/:id/cancel', op: 'jobs.cancel', id: () => JOB_ID },
  { method: 'GET', route: '/api/ssh-connections', op: 'ssh.connections.list' },
  { method: 'GET', route: '/api/ssh-connections/', op: 'ssh.connections.list' },
  { method: 'POST', route: '/api/ssh-connections', op: 'ssh.connections.create', body: sample('ssh.connections.create'), bodySchema: operations['ssh.connections.create'].input },
  { method: 'POST', route: '/api/ssh-connections/', op: 'ssh.connections.create', body: sample('ssh.connections.create'), bodySchema: operations['ssh.connections.create'].input },
  { method: 'GET', route: '/api/ssh-connections/:id', op: 'ssh.connections.get', id: connectionId },
  {
    method: 'PUT',
    route: '/api/ssh-connections/:id',
    op: 'ssh.connections.update',
    id: connectionId,
    body: (ctx) => validSamples(ctx)['ssh.connections.update'].changes as Record<string, unknown>,
    bodySchema: shapeOf('ssh.connections.update', 'changes'),
  },
  { method: 'DELETE', route: '/api/ssh-connections/:id', op: 'ssh.connections.delete', id: connectionId },
  { method: 'POST', route: '/api/ssh-connections/:id/test', op: 'ssh.connections.test', id: connectionId },
  { method: 'GET', route: '/api/ssh-connections/:id/host-key', op: 'ssh.hostKeys.get', id: connectionId },
  {
    method: 'POST',
    route: '/api/ssh-connections/:id/host-key/confirm',
    op: 'ssh.hostKeys.confirm',
    id: connectionId,
    body: without(['connection_id'], sample('ssh.hostKeys.confirm')),
    bodySchema: operations['ssh.hostKeys.confirm'].input,
  },
  {
    method: 'POST',
    route: '/api/ssh-connections/:id/deploy-key',
    op: 'ssh.keys.deploy',
    id: connectionId,
    body: without(['connection_id'], sample('ssh.keys.deploy')),
    bodySchema: operations['ssh.keys.deploy'].input,
  },
  { method: 'GET', route: '/api/ssh-keys', op: 'ssh.keys.list' },
  { method: 'GET', route: '/api/ssh-keys/', op: 'ssh.keys.list' },
  { method: 'POST', route: '/api/ssh-keys', op: 'ssh.keys.generate', body: sample('ssh.keys.generate'), bodySchema: operations['ssh.keys.generate'].input },
  { method: 'POST', route: '/api/ssh-keys/', op: 'ssh.keys.generate', body: sample('ssh.keys.generate'), bodySchema: operations['ssh.keys.generate'].input },
  { method: 'POST', route: '/api/ssh-keys/import', op: 'ssh.keys.import', body: sample('ssh.keys.import'), bodySchema: operations['ssh.keys.import'].input },
  { method: 'DELETE', route: '/api/ssh-keys/:id', op: 'ssh.keys.delete', id: keyId },
  {
    method: 'POST',
    route: '/api/ssh-keys/:id/unlock',
    op: 'ssh.keys.unlock',
    id: keyId,
    body: without(['id'], sample('ssh.keys.unlock')),
    bodySchema: operations['ssh.keys.unlock'].input,
  },
];

/** The event stream never ends, so inject cannot fuzz it; it takes no input besides the token. */
const NOT_FUZZED = new Set(['GET /api/events']);

let sb: ServerSandbox;
let ctx: FuzzContext;
const invokedOps = new Set<string>();

beforeAll(async () => {
  sb = await serverSandbox();
  ctx = await seedFuzzContext(sb);
  // The server holds this very core object and looks `invoke` up per request.
  sb.core.invoke = guardedInvoke(sb, () => ctx, invokedOps) as typeof sb.core.invoke;
});

afterAll(async () => {
  await sb?.remove();
});

/** Routes as fastify lists them: `METHOD /path`, HEAD (added automatically for GET) left out. */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of sb.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (match === null) continue;
    const depth = Math.floor((match[1] as string).length / 4);
    stack.length = depth;
    stack.push(match[2] as string);
    const path = stack.join('');
    for (const method of (match[3] as string).split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

// ---- request generators ----

const AUTH = {
  admin: { authorization: `Bearer ${TOKENS.admin}` },
  viewer: { authorization: `Bearer ${TOKENS.viewer}` },
  none: {},
  garbage: { authorization: 'Bearer not-a-token' },
  basic: { authorization: 'Basic YWRtaW46YWRtaW4=' },
} as const;
type Auth = keyof typeof AUTH;
const authArb = fc.oneof({ weight: 12, arbitrary: fc.constant<Auth>('admin') }, fc.constantFrom<Auth>('viewer', 'none', 'garbage', 'basic'));

const idArb = (valid: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(valid) },
    fc.nat().map(String),
    fc.integer({ min: -1000, max: 0 }).map(String),
    fc.constantFrom('0', '01', '1.0', '1e3', '0x1', '%201', '1%20', '99999999999', '9'.repeat(400), 'NaN', 'null', '-', '%00', '%zz', '%', '..', '%2e%2e', '%2F', '%F0%9F%99%82', 'a'.repeat(500)),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  );

const queryValue = fc.oneof(
  fc.constantFrom('true', '1', 'false', '0', '', 'paper', 'keyfile', '5', '-1', '99999999999', '%zz', 'a%00b'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const queryArb = (keys: readonly string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor'), fc.string({ maxLength: 8 }).map(encodeURIComponent)), queryValue), {
      maxLength: 4,
    })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

interface Body {
  contentType?: string;
  payload?: string | Buffer;
  label: string;
}

const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const RAW_BODIES: Body[] = [
  { contentType: 'application/json', payload: '', label: 'empty json' },
  { contentType: 'application/json', payload: '{', label: 'truncated json' },
  { contentType: 'application/json', payload: '{"name": "x",}', label: 'trailing comma' },
  { contentType: 'application/json', payload: '\u0000', label: 'nul' },
  { contentType: 'application/json', payload: 'null', label: 'null' },
  { contentType: 'application/json', payload: '"string"', label: 'string' },
  { contentType: 'application/json', payload: '[1,2,3]', label: 'array' },
  { contentType: 'application/json', payload: deepJson(20_000), label: 'deep json' },
  { contentType: 'application/json', payload: `{"name":"${'x'.repeat(1_100_000)}"}`, label: 'over the body limit' },
  { contentType: 'application/json; charset=utf-16', payload: '{}', label: 'odd charset' },
  { contentType: 'text/plain', payload: 'name=x', label: 'text/plain' },
  { contentType: 'application/x-www-form-urlencoded', payload: 'name=x&path=/tmp', label: 'form' },
  { contentType: 'application/xml', payload: '<a/>', label: 'xml' },
  { contentType: 'multipart/form-data', payload: 'garbage', label: 'multipart without boundary' },
  ...PROTO_JSON.map((payload) => ({ contentType: 'application/json', payload, label: `proto ${payload}` })),
];

const json = (value: unknown): Body => ({ contentType: 'application/json', payload: JSON.stringify(value), label: 'json' });

function multipartBody(parts: { field: string; filename: string | null; content: Uint8Array }[], boundary = 'fuzzBoundary7MA4YWxk'): Body {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.field}"${part.filename === null ? '' : `; filename="${part.filename}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(Buffer.from(part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(chunks), label: 'multipart' };
}

const KEYFILE_TEXT = `BORG_KEY ${'a'.repeat(64)}\n${'QUJD'.repeat(20)}\n`;
const multipartArb = fc
  .array(
    fc.record({
      field: fc.oneof({ weight: 3, arbitrary: fc.constant('keyfile') }, fc.constantFrom('file', 'key', '', '__proto__'), fc.string({ maxLength: 8 }).filter((s) => !/["\r\n]/.test(s))),
      filename: fc.option(fc.constantFrom('key.txt', '../../etc/passwd', 'a\u0000b', ''), { nil: null }),
      content: fc.oneof(
        fc.constant(new TextEncoder().encode(KEYFILE_TEXT)),
        fc.uint8Array({ maxLength: 256 }),
        fc.constant(new Uint8Array(70 * 1024).fill(65)),
      ),
    }),
    { minLength: 0, maxLength: 3 },
  )
  .map((parts) => multipartBody(parts));

function bodyArb(endpoint: Endpoint, near: boolean): fc.Arbitrary<Body | null> {
  if (endpoint.multipart === true) return fc.oneof({ weight: 4, arbitrary: multipartArb }, fc.constantFrom<Body | null>(null, ...RAW_BODIES));
  if (near && endpoint.body !== undefined) {
    const base = endpoint.body(ctx);
    return nearValid(base, fieldPaths(endpoint.bodySchema ?? operations['system.info'].input, base)).map(json);
  }
  return fc.oneof(
    { weight: 4, arbitrary: anyJsonPayload.map((value) => (value === undefined ? null : json(value))) },
    fc.constantFrom<Body | null>(null, ...RAW_BODIES),
  );
}

interface Request {
  method: Method;
  url: string;
  auth: Auth;
  body: Body | null;
}

function requestArb(endpoint: Endpoint, near: boolean): fc.Arbitrary<Request> {
  const id = endpoint.id === undefined ? fc.constant('') : near ? fc.constant(endpoint.id(ctx)) : idArb(endpoint.id(ctx));
  const query = endpoint.query === undefined ? fc.constant('') : queryArb(endpoint.query);
  return fc.record({ id, query, auth: authArb, body: bodyArb(endpoint, near) }).map(({ id: idValue, query: q, auth, body }) => ({
    method: endpoint.method,
    url: `${endpoint.route.replace(':id', idValue)}${q}`,
    auth,
    body,
  }));
}

// ---- the properties ----

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

async function send(request: Request) {
  const headers: Record<string, string> = { ...AUTH[request.auth] };
  if (request.body?.contentType !== undefined) headers['content-type'] = request.body.contentType;
  return sb.app.inject({ method: request.method, url: request.url, headers, payload: request.body?.payload });
}

async function checkRequest(endpoint: Endpoint, request: Request): Promise<void> {
  const before = snapshotDir(sb.dataDir);
  invokedOps.clear();
  const res = await send(request);
  const where = `${request.method} ${request.url.slice(0, 200)} (${request.auth}, ${request.body?.label ?? 'no body'}) -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (request.auth !== 'admin' && request.auth !== 'viewer') {
    // 401, or 400 when the router cannot even read the URL; either way nothing ran.
    expect([400, 401], where).toContain(res.statusCode);
    expect([...invokedOps], where).toEqual([]);
  }
  if (request.auth === 'viewer' && endpoint.op !== null && operations[endpoint.op].access === 'write') {
    expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
    expect([...invokedOps], `${where}: a write ran for the viewer token`).toEqual([]);
  }
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { success?: unknown; error?: { code?: unknown; message?: unknown } };
    expect(body.success, where).toBe(false);
    expect(KNOWN_CODES.has(String(body.error?.code)), where).toBe(true);
    expect(typeof body.error?.message === 'string' && body.error.message !== '', where).toBe(true);
    const code = body.error?.code as ErrorCode;
    expect(res.statusCode === httpStatusOf(code) || (code === 'VALIDATION' && res.statusCode === 413), where).toBe(true);
    expect(snapshotDiff(before, snapshotDir(sb.dataDir)), where).toEqual([]);
  } else if (String(res.headers['content-type']).startsWith('application/json')) {
    expect((JSON.parse(res.body) as { success?: unknown }).success, where).toBe(true);
  }
  expect(prototypeIsClean(), where).toBe(true);
}

describe('REST fuzz', () => {
  it('lists every registered route, so each is fuzzed below', () => {
    const listed = ENDPOINTS.map((e) => `${e.method} ${e.route}`);
    expect(new Set(listed).size).toBe(listed.length);
    expect(registeredRoutes().filter((r) => !NOT_FUZZED.has(r)).sort()).toEqual([...listed].sort());
  });

  it('reaches every core operation through some endpoint, each the one it is listed with', async () => {
    for (const endpoint of ENDPOINTS) {
      invokedOps.clear();
      const body = endpoint.multipart === true ? multipartBody([{ field: 'keyfile', filename: 'key', content: new TextEncoder().encode(KEYFILE_TEXT) }]) : json(endpoint.body?.(ctx) ?? {});
      await send({ method: endpoint.method, url: endpoint.route.replace(':id', endpoint.id?.(ctx) ?? ''), auth: 'admin', body: endpoint.method === 'GET' || endpoint.method === 'DELETE' ? null : body });
      expect([...invokedOps], `${endpoint.method} ${endpoint.route}`).toEqual(endpoint.op === null ? [] : [endpoint.op]);
    }
    const reached = new Set(ENDPOINTS.map((e) => e.op));
    const coreOps = (Object.keys(operations) as OperationName[]).filter((op) => !operations[op].desktopOnly);
    expect(coreOps.filter((op) => !reached.has(op as CoreOperationName))).toEqual([]);
  });

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.route}: never a 500, always the error body, stores untouched on refusal (arbitrary input)`, async () => {
      await assertAsync(requestArb(endpoint, false), (request) => checkRequest(endpoint, request), { seed: SEED, numRuns: endpoint.body === undefined ? 2 * RUNS : RUNS });
    });

    if (endpoint.body !== undefined) {
      it(`${endpoint.method} ${endpoint.route}: near-valid bodies get a structured answer`, async () => {
        await assertAsync(requestArb(endpoint, true), (request) => checkRequest(endpoint, request), { seed: SEED, numRuns: RUNS });
      });
    }
  }

  it('answers unknown paths and methods under /api with NOT_FOUND, never a 500', async () => {
    const segment = fc.oneof(fc.constantFrom('repositories', 'jobs', 'ssh-keys', '..', '%2e%2e', '%zz', '1', 'import'), fc.string({ maxLength: 10 }).map(encodeURIComponent));
    const arb = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      path: fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/api/${parts.join('/')}`),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ method, path }) => {
        const res = await sb.app.inject({ method: method as Method, url: path, headers: AUTH.admin });
        expect(res.statusCode, `${method} ${path} -> ${res.statusCode} ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(JSON.parse(res.body), `${method} ${path}`).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String) } });
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('REST edge cases the fuzzer found', () => {
  it('answers a multipart keyfile upload it cannot parse with 400 VALIDATION, not a 500', async () => {
    for (const body of [
      { contentType: 'multipart/form-data', payload: 'garbage', label: 'no boundary' },
      { contentType: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="keyfile"; filename="k"\r\n\r\nBORG_KEY', label: 'truncated' },
    ]) {
      const before = snapshotDir(sb.dataDir);
      const res = await send({ method: 'POST', url: `/api/repositories/${ctx.repositoryId}/keyfile`, auth: 'admin', body });
      expect({ status: res.statusCode, body: JSON.parse(res.body) as unknown }, body.label).toMatchObject({
        status: 400,
        body: { success: false, error: { code: 'VALIDATION' } },
      });
      expect(snapshotDiff(before, snapshotDir(sb.dataDir))).toEqual([]);
    }
  });

  it('answers a URL with bad percent-encoding or an over-long id with the API error body', async () => {
    for (const url of ['/api/repositories/%zz', '/api/%E0%A4%A', `/api/jobs/${'a'.repeat(150)}`, `/api/repositories/${'9'.repeat(150)}/keyfile`]) {
      const res = await sb.app.inject({ method: 'GET', url, headers: AUTH.admin });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(JSON.parse(res.body), `${url} -> ${res.body}`).toMatchObject({ success: false, error: { code: 'VALIDATION', message: expect.any(String) } });
    }
  });
});
