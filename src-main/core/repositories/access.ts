import { AppError } from '../errors';
import type { KeyfileVault } from './keyfiles';
import { formatLocation, parseLocation, type Location } from './location';
import type { StoredRepository } from './records';

/** What an SSH connection gives a repository; the SSH module implements it. */
export interface RemoteConnections {
  /** Connection fields for a record, or a NOT_FOUND/VALIDATION AppError. */
  describe(connectionId: number): Promise<{
    host: string;
    port: number;
    username: string;
    ssh_key_id: number | null;
    remote_path: string | null;
    default_path: string | null;
  }>;
  /** Environment for borg to reach this connection (BORG_RSH with key and pinned known_hosts). */
  borgEnv(connectionId: number): Promise<Record<string, string>>;
  exists(connectionId: number): boolean;
}

/** Until the SSH module is wired, every connection id is unknown. */
export const NO_CONNECTIONS: RemoteConnections = {
  describe: (id) => Promise.reject(new AppError('VALIDATION', `SSH connection ${id} does not exist`, { field: 'connection_id' })),
  borgEnv: (id) => Promise.reject(new AppError('VALIDATION', `SSH connection ${id} does not exist`, { field: 'connection_id' })),
  exists: () => false,
};

export interface BorgTarget {
  location: string;
  env: Record<string, string>;
  /** Options every call on this repository takes (--remote-path, --bypass-lock when allowed). */
  options: string[];
}

export interface TargetInput {
  location: Location;
  connectionId: number | null;
  remotePath: string | null;
  keyFile: string | null;
  bypassLock: boolean;
}

/** One place builds how borg reaches a repository, so every call (init, info, key export, create) matches. */
export async function borgTarget(input: TargetInput, connections: RemoteConnections): Promise<BorgTarget> {
  const env: Record<string, string> = {};
  const options: string[] = [];
  if (input.keyFile !== null) env.BORG_KEY_FILE = input.keyFile;
  if (input.location.kind === 'ssh') {
    if (input.connectionId === null) {
      throw new AppError('VALIDATION', 'A repository on a server needs an SSH connection (connection_id).', { field: 'connection_id' });
    }
    Object.assign(env, await connections.borgEnv(input.connectionId));
    if (input.remotePath !== null && input.remotePath !== '') options.push('--remote-path', input.remotePath);
  }
  if (input.bypassLock) options.push('--bypass-lock');
  return { location: formatLocation(input.location), env, options };
}

export function targetOf(record: StoredRepository, vault: KeyfileVault, connections: RemoteConnections, readOnly: boolean): Promise<BorgTarget> {
  return borgTarget(
    {
      location: parseLocation(record.path),
      connectionId: record.connection_id,
      remotePath: record.remote_path,
      keyFile: vault.has(record.id) ? vault.pathFor(record.id) : null,
      bypassLock: readOnly && record.mode === 'observe' && record.bypass_lock,
    },
    connections,
  );
}
