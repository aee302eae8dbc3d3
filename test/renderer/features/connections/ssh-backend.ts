/**
 * An in-memory SSH side for the fake transport: keys and connections that the handlers change,
 * so lists refetched after a mutation show what the mutation did.
 */
import type { OperationOutput } from '../../../../src-renderer/lib/contract';
import type { Handlers } from '../../fake-transport';
import { makeConnection, makeSshKey } from '../../fixtures';

type SshKey = OperationOutput<'ssh.keys.list'>[number];
type SshConnection = OperationOutput<'ssh.connections.list'>[number];

export interface SshState {
  keys: SshKey[];
  connections: SshConnection[];
}

export function sshBackend(initial: Partial<SshState> = {}): { state: SshState; handlers: Handlers } {
  const state: SshState = { keys: initial.keys ?? [], connections: initial.connections ?? [] };
  const nextId = (items: Array<{ id: number }>) => Math.max(0, ...items.map((i) => i.id)) + 1;
  const handlers: Handlers = {
    'repositories.list': () => [],
    'ssh.keys.list': () => state.keys,
    'ssh.connections.list': () => state.connections,
    'ssh.keys.generate': ({ name, passphrase }) => {
      const withPassphrase = passphrase !== undefined && passphrase !== '';
      const key = makeSshKey({ id: nextId(state.keys), name, has_passphrase: withPassphrase, passphrase_stored: withPassphrase });
      state.keys = [...state.keys, key];
      return key;
    },
    'ssh.keys.delete': ({ id }) => {
      state.keys = state.keys.filter((k) => k.id !== id);
      return { id };
    },
    'ssh.connections.create': (input) => {
      const connection = makeConnection({
        id: nextId(state.connections),
        name: input.name ?? null,
        host: input.host,
        port: input.port ?? 22,
        username: input.username,
        ssh_key_id: input.ssh_key_id,
        default_path: input.default_path ?? null,
        remote_path: input.remote_path ?? null,
      });
      state.connections = [...state.connections, connection];
      return connection;
    },
    'ssh.connections.update': ({ id, changes }) => {
      const current = state.connections.find((c) => c.id === id);
      if (current === undefined) throw new Error(`no connection ${id}`);
      const next = { ...current, ...changes } as SshConnection;
      state.connections = state.connections.map((c) => (c.id === id ? next : c));
      return next;
    },
    'ssh.connections.delete': ({ id }) => {
      state.connections = state.connections.filter((c) => c.id !== id);
      return { id };
    },
    'ssh.hostKeys.confirm': ({ connection_id, fingerprint }) => {
      const current = state.connections.find((c) => c.id === connection_id);
      const replaced = current?.host_key_fingerprint ?? null;
      state.connections = state.connections.map((c) => (c.id === connection_id ? { ...c, host_key_fingerprint: fingerprint } : c));
      return { host: current?.host ?? '', port: current?.port ?? 22, fingerprint, key_type: 'ssh-ed25519', replaced_fingerprint: replaced };
    },
  };
  return { state, handlers };
}

export function testSuccess(borgVersion = '1.2.8'): OperationOutput<'ssh.connections.test'> {
  return { ok: true, borg_version: borgVersion, host_key_fingerprint: 'SHA256:' + 'A'.repeat(43), key_fingerprint: 'SHA256:' + 'k'.repeat(43), duration_ms: 420 };
}
