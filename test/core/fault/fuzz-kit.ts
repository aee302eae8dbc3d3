/**
 * Shared pieces of the fuzz suites: payload generators (arbitrary JSON and near-valid inputs),
 * one valid sample per contract operation, a byte snapshot of the data dir, and the guard that
 * keeps valid inputs from starting slow or outward-reaching work (borg runs, ssh to a host).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { operations, type OperationName } from '../../../src-main/core/contract';
import { ERROR_CODES } from '../../../src-main/core/errors';
import { keyfileRepositoryId } from '../../../src-main/core/repositories/keyfiles';

/** An id no record has; valid by the schemas, so it reaches the services and fails fast there. */
export const MISSING_ID = 2_147_483_647;

/** Records the fuzzed core starts with, so near-valid inputs reach past validation into the services. */
export interface FuzzContext {
  /** An unencrypted local repository. */
  repositoryId: number;
  repositoryPath: string;
  repositoryName: string;
  /** An SSH key without passphrase, and a connection that uses it (never contacted). */
  keyId: number;
  keyName: string;
  connectionId: number;
  /** A directory that exists, for source_directories. */
  sourceDir: string;
}

/** One valid input per operation: the base the near-valid inputs mutate. A new operation fails to compile here until it has one. */
export function validSamples(ctx: FuzzContext): { [K in OperationName]: Record<string, unknown> } {
  return {
    'system.info': {},
    'repositories.list': {},
    'repositories.get': { id: ctx.repositoryId },
    'repositories.create': {
      name: 'fuzz-new',
      path: `${ctx.repositoryPath}-new`,
      encryption: 'none',
      compression: 'zstd,3',
      source_directories: [ctx.sourceDir],
      exclude_patterns: ['*.tmp'],
    },
    'repositories.import': {
      name: 'fuzz-import',
      path: `${ctx.repositoryPath}-other`,
      passphrase: 'fuzz passphrase',
      source_directories: [ctx.sourceDir],
      mode: 'full',
    },
    'repositories.update': {
      id: ctx.repositoryId,
      changes: { name: ctx.repositoryName, compression: 'lz4', source_directories: [ctx.sourceDir], exclude_patterns: ['*.cache'], hook_timeout: 60 },
    },
    'repositories.delete': { id: ctx.repositoryId, confirm_keyfile_loss: false },
    'repositories.uploadKeyfile': { id: ctx.repositoryId, content: `BORG_KEY ${'a'.repeat(64)}\n${'QUJD'.repeat(10)}\n` },
    'repositories.exportKeyfile': { id: ctx.repositoryId, format: 'keyfile' },
    'repositories.refresh': { id: ctx.repositoryId },
    'jobs.start': { repository_id: ctx.repositoryId, kind: 'backup' },
    'jobs.list': { repository_id: ctx.repositoryId, limit: 10 },
    'jobs.get': { id: 'f0e1d2c3-0000-4000-8000-000000000000' },
    'jobs.cancel': { id: 'f0e1d2c3-0000-4000-8000-000000000000' },
    'ssh.keys.list': {},
    'ssh.keys.generate': { name: 'fuzz-key', passphrase: '' },
    'ssh.keys.import': {
      name: 'fuzz-imported',
      private_key: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
    },
    'ssh.keys.unlock': { id: ctx.keyId, passphrase: 'key passphrase' },
    'ssh.keys.delete': { id: ctx.keyId },
    'ssh.keys.deploy': { connection_id: ctx.connectionId, password: 'server password' },
    'ssh.connections.list': {},
    'ssh.connections.get': { id: ctx.connectionId },
    'ssh.connections.create': {
      name: 'fuzz-connection',
      host: 'backup.invalid',
      port: 22,
      username: 'borg',
      ssh_key_id: ctx.keyId,
      default_path: '/srv/borg',
      remote_path: 'borg',
    },
    'ssh.connections.update': { id: ctx.connectionId, changes: { name: 'fuzz-connection-renamed', port: 2222 } },
    'ssh.connections.delete': { id: ctx.connectionId },
    'ssh.connections.test': { id: ctx.connectionId },
    'ssh.hostKeys.get': { connection_id: ctx.connectionId },
    'ssh.hostKeys.confirm': { connection_id: ctx.connectionId, fingerprint: `SHA256:${'A'.repeat(43)}` },
    'dialog.openFile': { title: 'Open a keyfile', filters: [{ name: 'Keys', extensions: ['key', 'txt'] }] },
    'dialog.pickDirectory': { title: 'Where?' },
    'dialog.saveFile': { default_name: 'repo.borg-key', content: 'BORG_KEY 00' },
  };
}

type Rewrite = (input: Record<string, unknown>, ctx: FuzzContext) => Record<string, unknown>;

/** True when an import's keyfile would pass the service's own check (so borg would run next). */
function usableKeyfile(content: unknown): boolean {
  if (typeof content !== 'string' || content === '') return false;
  try {
    keyfileRepositoryId(content);
    return true;
  } catch {
    return false;
  }
}

/** The shape SshKeyFiles.import accepts before it runs ssh-keygen (src-main/core/ssh/keys.ts). */
function reachesSshKeygen(privateKey: unknown): boolean {
  if (typeof privateKey !== 'string') return false;
  const text = `${privateKey.replace(/\r\n?/g, '\n').trim()}\n`;
  return /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z0-9 ]*PRIVATE KEY-----\n$/.test(text);
}

/**
 * What a schema-valid input is turned into before the real core runs it, so it fails fast inside
 * the service instead of running borg, ssh-keygen, ssh or ssh-keyscan, or deleting the fixtures.
 * Every operation is listed (a new one fails to compile until someone decides); `null` means a
 * valid input is harmless and fast as it is.
 */
export const SAFE_REWRITES: { [K in OperationName]: Rewrite | null } = {
  'system.info': null,
  'repositories.list': null,
  // borg info + list: slow. A missing id answers NOT_FOUND.
  'repositories.get': (input) => ({ ...input, id: MISSING_ID }),
  // The fixture's path is taken: CONFLICT before any borg runs. A connection would mean ssh.
  'repositories.create': (input, ctx) => ({ ...input, path: ctx.repositoryPath, connection_id: null }),
  // A keyfile the service refuses stops the import before borg: left alone, so that refusal is fuzzed too.
  'repositories.import': (input, ctx) =>
    input.keyfile_content !== undefined && input.keyfile_content !== '' && !usableKeyfile(input.keyfile_content) && input.connection_id == null
      ? input
      : { ...input, path: ctx.repositoryPath, connection_id: null },
  // A path change runs borg info; the fixture's own path is no change.
  'repositories.update': (input, ctx) => {
    const changes = { ...(input.changes as Record<string, unknown>) };
    if (changes.path !== undefined) changes.path = ctx.repositoryPath;
    return { ...input, changes };
  },
  'repositories.delete': (input) => ({ ...input, id: MISSING_ID }),
  // The fixture is unencrypted: both answer VALIDATION without borg; any other id NOT_FOUND.
  'repositories.uploadKeyfile': (input, ctx) => (input.id === ctx.repositoryId ? input : { ...input, id: MISSING_ID }),
  'repositories.exportKeyfile': (input, ctx) => (input.id === ctx.repositoryId ? input : { ...input, id: MISSING_ID }),
  'repositories.refresh': (input) => ({ ...input, id: MISSING_ID }),
  'jobs.start': (input) => ({ ...input, repository_id: MISSING_ID }),
  'jobs.list': null,
  'jobs.get': null,
  'jobs.cancel': null,
  'ssh.keys.list': null,
  // The fixture key's name is taken: CONFLICT before ssh-keygen runs.
  'ssh.keys.generate': (input, ctx) => ({ ...input, name: ctx.keyName }),
  // Text that is no private key is refused before ssh-keygen: left alone, so that refusal is fuzzed too.
  'ssh.keys.import': (input, ctx) => (reachesSshKeygen(input.private_key) ? { ...input, name: ctx.keyName } : input),
  'ssh.keys.unlock': (input, ctx) => (input.id === ctx.keyId ? input : { ...input, id: MISSING_ID }),
  'ssh.keys.delete': (input) => ({ ...input, id: MISSING_ID }),
  // These contact the server (ssh, ssh-keyscan): never from a fuzz run.
  'ssh.keys.deploy': (input) => ({ ...input, connection_id: MISSING_ID }),
  'ssh.connections.list': null,
  'ssh.connections.get': null,
  'ssh.connections.create': null,
  'ssh.connections.update': null,
  'ssh.connections.delete': (input) => ({ ...input, id: MISSING_ID }),
  'ssh.connections.test': (input) => ({ ...input, id: MISSING_ID }),
  'ssh.hostKeys.get': null,
  'ssh.hostKeys.confirm': (input) => ({ ...input, connection_id: MISSING_ID }),
  'dialog.openFile': null,
  'dialog.pickDirectory': null,
  'dialog.saveFile': null,
};

/** The input the core should really run: unchanged unless it is valid and would be slow or reach out. */
export function safeInput(op: OperationName, input: unknown, ctx: FuzzContext): unknown {
  const rewrite = SAFE_REWRITES[op];
  if (rewrite === null) return input;
  const parsed = operations[op].input.safeParse(input);
  if (!parsed.success) return input;
  return rewrite(parsed.data as Record<string, unknown>, ctx);
}

// ---- snapshots ----

/** Every file under the data dir with a hash of its bytes: a rejected call must leave this identical. */
export function snapshotDir(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    if (!existsSync(sub)) return;
    for (const entry of readdirSync(sub, { withFileTypes: true })) {
      const path = join(sub, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
      else files.set(path, `other:${statSync(path).mode}`);
    }
  };
  walk(dir);
  return files;
}

/** The differences between two snapshots, for a readable failure. */
export function snapshotDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const diff: string[] = [];
  for (const [path, hash] of before) {
    if (!after.has(path)) diff.push(`removed ${path}`);
    else if (after.get(path) !== hash) diff.push(`changed ${path}`);
  }
  for (const path of after.keys()) if (!before.has(path)) diff.push(`added ${path}`);
  return diff;
}

// ---- structured errors ----

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Why an error payload is not a structured error with a known code, or null when it is. */
export function structuredErrorProblem(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return `error is ${JSON.stringify(error)}`;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !KNOWN_CODES.has(code)) return `unknown code ${JSON.stringify(code)}`;
  if (typeof message !== 'string' || message.trim() === '') return 'empty message';
  // INTERNAL is what a thrown non-AppError becomes: bad input must never get that far.
  if (code === 'INTERNAL') return `INTERNAL error: ${message}`;
  return null;
}

/** Prototype pollution shows as an inherited property on a fresh object. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.isAdmin === undefined && Object.keys(Object.prototype).length === 0;
}

// ---- generators ----

/** A value nested `depth` levels deep; it prints as a short label (fast-check's printer would overflow the stack). */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { name: value };
  Object.defineProperty(value, fc.toStringMethod, { value: () => `<${kind} nested ${depth} deep>`, enumerable: false });
  return value;
}

const HUGE = [1025, 4097, 65_537, 1_100_000].map((n) => 'x'.repeat(n));
const DEEP = [nested(100, 'array'), nested(100, 'object'), nested(500, 'array'), nested(500, 'object')];

/** JSON text with own `__proto__` / `constructor` keys, as a hostile client would send it. */
export const PROTO_JSON = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"name":"x","__proto__":{"isAdmin":true}}',
  '{"changes":{"__proto__":{"polluted":true}}}',
];

/** Values that break naive code: wrong types, edge numbers, control and shell characters, huge and deep values. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1.5,
    -0,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    1e308,
    -1e308,
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '/tmp/\u0000/x',
    '\n',
    'line\nbreak',
    '\r\n',
    '../../../../etc/passwd',
    '-rf',
    '--help',
    '--remote-path=/bin/sh',
    '$(id)',
    '`id`',
    '; rm -rf /',
    '%00',
    '\uFFFF',
    '\uD800',
    '💥',
    'NaN',
    '1e3',
    '0x10',
    '[]',
    '{}',
    'null',
    'true',
    '2147483648',
    'ssh://root@127.0.0.1:1/x',
    'user@host:path',
    '~/repo',
    'C:\\repo',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...HUGE),
  fc.constantFrom(...DEEP),
  fc.constantFrom(...PROTO_JSON).map((text) => JSON.parse(text) as unknown),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

/** Any structured-clonable value (what can cross IPC): JSON, plus dates, maps, typed arrays, bigints ... */
export const anyIpcPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  weirdValue,
);

/** Any JSON value, as a REST body. */
export const anyJsonPayload: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), weirdValue);

type PathKey = readonly string[];

function clone<T>(value: T): T {
  return structuredClone(value);
}

function setAt(target: Record<string, unknown>, path: PathKey, value: unknown): Record<string, unknown> {
  const root = clone(target);
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  // defineProperty so a key named __proto__ becomes an own property, as JSON.parse makes it.
  Object.defineProperty(node, path[path.length - 1] as string, { value, enumerable: true, configurable: true, writable: true });
  return root;
}

function deleteAt(target: Record<string, unknown>, path: PathKey): Record<string, unknown> {
  const root = clone(target);
  let node: Record<string, unknown> | undefined = root;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  if (node !== undefined) delete node[path[path.length - 1] as string];
  return root;
}

/** The object shape behind a schema, through optional/default/pipe wrappers; null when it is no object. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) {
    return objectShape(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return objectShape(schema.in as z.ZodType);
  return null;
}

/** Every field path of a schema (one level into nested objects such as `changes`), plus those of the base. */
export function fieldPaths(schema: z.ZodType, base: Record<string, unknown>): PathKey[] {
  const paths = new Map<string, PathKey>();
  const add = (path: PathKey) => paths.set(path.join('\u0001'), path);
  const shape = objectShape(schema);
  for (const [key, inner] of Object.entries(shape ?? {})) {
    add([key]);
    for (const sub of Object.keys(objectShape(inner) ?? {})) add([key, sub]);
  }
  for (const [key, value] of Object.entries(base)) {
    add([key]);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const sub of Object.keys(value)) add([key, sub]);
  }
  return [...paths.values()];
}

/** A valid input with exactly one thing wrong: a field replaced by a weird value, removed, or an extra key added. */
export function nearValid(base: Record<string, unknown>, paths: PathKey[]): fc.Arbitrary<unknown> {
  const extraKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'passphrase', 'BORG_PASSPHRASE'),
    fc.string({ maxLength: 12 }),
  );
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const parents: PathKey[] = [[], ...Object.keys(base).filter((key) => isObject(base[key])).map((key) => [key])];
  const arbitraries: fc.Arbitrary<unknown>[] = [
    // Now and then the valid input itself, so the fixtures' happy paths run between the broken ones.
    fc.constant(base).map((value) => clone(value)),
    fc.tuple(fc.constantFrom(...parents), extraKey, weirdValue).map(([parent, key, value]) => setAt(base, [...parent, key], value)),
  ];
  if (paths.length > 0) {
    arbitraries.push(fc.tuple(fc.constantFrom(...paths), weirdValue).map(([path, value]) => setAt(base, path, value)));
    arbitraries.push(fc.constantFrom(...paths).map((path) => deleteAt(base, path)));
  }
  return fc.oneof(...arbitraries);
}

/**
 * fc.assert over an async property, with long runs of one character in the failure report
 * collapsed (a 1 MB string counterexample would otherwise flood the test output).
 */
export async function assertAsync<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, params: fc.Parameters<[T]>): Promise<void> {
  try {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), params);
  } catch (error) {
    if (error instanceof Error) error.message = error.message.replace(/(.)\1{99,}/gs, (run, char: string) => `${char}…(${run.length} times)`);
    throw error;
  }
}
