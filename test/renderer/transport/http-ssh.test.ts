import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src-main/core/contract/channels';
import type { OperationInput, OperationName } from '../../../src-renderer/lib/contract';
import { createHttpTransport, ROUTES } from '../../../src-renderer/transport/http';
import { TransportError } from '../../../src-renderer/transport/transport-error';
import { FINGERPRINT_A, makeConnection, makeSshKey } from '../fixtures';

type FetchArgs = [string, RequestInit];

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function setup(respond: (url: string, init: RequestInit) => Response) {
  const fetchMock = vi.fn((url: string, init: RequestInit) => Promise.resolve(respond(url, init)));
  const transport = createHttpTransport({ fetch: fetchMock as unknown as typeof fetch, getToken: () => 'tok' });
  const lastCall = (): FetchArgs => fetchMock.mock.calls.at(-1) as FetchArgs;
  return { transport, lastCall };
}

const key = makeSshKey({ id: 3 });
const connection = makeConnection({ id: 7 });
const testResult = { ok: true, borg_version: '1.2.8', host_key_fingerprint: FINGERPRINT_A, key_fingerprint: key.fingerprint, duration_ms: 12 };
const hostKey = { host: 'nas.local', port: 22, fingerprint: FINGERPRINT_A, key_type: 'ssh-ed25519' };

interface Case<K extends OperationName> {
  op: K;
  input: OperationInput<K>;
  method: string;
  url: string;
  /** The JSON body sent, or undefined for none. */
  body?: unknown;
  /** What the server answers (besides success: true), and what the call resolves to. */
  answer: Record<string, unknown>;
  value: unknown;
}

// One row per operation, read straight off src-main/server/routes/ssh.ts.
const CASES: Array<Case<OperationName>> = [
  { op: 'ssh.keys.list', input: {}, method: 'GET', url: '/api/ssh-keys', answer: { keys: [key] }, value: [key] },
  { op: 'ssh.keys.generate', input: { name: 'k', passphrase: 'p' }, method: 'POST', url: '/api/ssh-keys', body: { name: 'k', passphrase: 'p' }, answer: { key }, value: key },
  {
    op: 'ssh.keys.import',
    input: { name: 'k', private_key: '-----BEGIN', passphrase: 'p' },
    method: 'POST',
    url: '/api/ssh-keys/import',
    body: { name: 'k', private_key: '-----BEGIN', passphrase: 'p' },
    answer: { key },
    value: key,
  },
  { op: 'ssh.keys.unlock', input: { id: 3, passphrase: 'p' }, method: 'POST', url: '/api/ssh-keys/3/unlock', body: { passphrase: 'p' }, answer: { key }, value: key },
  { op: 'ssh.keys.delete', input: { id: 3 }, method: 'DELETE', url: '/api/ssh-keys/3', answer: { message: 'SSH key removed', id: 3 }, value: { id: 3 } },
  {
    op: 'ssh.keys.deploy',
    input: { connection_id: 7, password: 'hunter2' },
    method: 'POST',
    url: '/api/ssh-connections/7/deploy-key',
    body: { password: 'hunter2' },
    answer: { result: { already_authorized: false, verified: true } },
    value: { already_authorized: false, verified: true },
  },
  { op: 'ssh.connections.list', input: {}, method: 'GET', url: '/api/ssh-connections', answer: { connections: [connection] }, value: [connection] },
  { op: 'ssh.connections.get', input: { id: 7 }, method: 'GET', url: '/api/ssh-connections/7', answer: { connection }, value: connection },
  {
    op: 'ssh.connections.create',
    input: { host: 'nas.local', port: 2222, username: 'backup', ssh_key_id: 3 },
    method: 'POST',
    url: '/api/ssh-connections',
    body: { host: 'nas.local', port: 2222, username: 'backup', ssh_key_id: 3 },
    answer: { connection },
    value: connection,
  },
  {
    op: 'ssh.connections.update',
    input: { id: 7, changes: { remote_path: '/usr/local/bin/borg' } },
    method: 'PUT',
    url: '/api/ssh-connections/7',
    body: { remote_path: '/usr/local/bin/borg' },
    answer: { connection },
    value: connection,
  },
  { op: 'ssh.connections.delete', input: { id: 7 }, method: 'DELETE', url: '/api/ssh-connections/7', answer: { id: 7 }, value: { id: 7 } },
  { op: 'ssh.connections.test', input: { id: 7 }, method: 'POST', url: '/api/ssh-connections/7/test', answer: { result: testResult }, value: testResult },
  { op: 'ssh.hostKeys.get', input: { connection_id: 7 }, method: 'GET', url: '/api/ssh-connections/7/host-key', answer: { host_key: hostKey }, value: hostKey },
  {
    op: 'ssh.hostKeys.confirm',
    input: { connection_id: 7, fingerprint: FINGERPRINT_A },
    method: 'POST',
    url: '/api/ssh-connections/7/host-key/confirm',
    body: { fingerprint: FINGERPRINT_A },
    answer: { host_key: { ...hostKey, replaced_fingerprint: null } },
    value: { ...hostKey, replaced_fingerprint: null },
  },
];

describe('HTTP transport SSH routes', () => {
  it.each(CASES)('$op → $method $url', async ({ op, input, method, url, body, answer, value }) => {
    const { transport, lastCall } = setup(() => json({ success: true, ...answer }));
    await expect(transport.call(op, input)).resolves.toEqual(value);
    const [sentUrl, init] = lastCall();
    expect([sentUrl, init.method]).toEqual([url, method]);
    if (body === undefined) expect(init.body).toBeUndefined();
    else expect(JSON.parse(init.body as string)).toEqual(body);
  });

  it('has a route, and a case above, for every ssh.* operation of the contract', () => {
    const sshOps = CHANNELS.filter((op) => op.startsWith('ssh.')).sort();
    expect(sshOps.length).toBeGreaterThan(0);
    expect(CASES.map((c) => c.op).sort()).toEqual(sshOps);
    expect(sshOps.filter((op) => ROUTES[op] === undefined)).toEqual([]);
  });

  it('rebuilds HOST_KEY_UNKNOWN with the fingerprint the trust dialog needs', async () => {
    const details = { connection_id: 7, host: 'nas.local', port: 22, fingerprint: FINGERPRINT_A, key_type: 'ssh-ed25519' };
    const { transport } = setup(() => json({ success: false, error: { code: 'HOST_KEY_UNKNOWN', message: 'not met before', details } }, 409));
    const error = await transport.call('ssh.connections.test', { id: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'HOST_KEY_UNKNOWN', details });
  });
});
