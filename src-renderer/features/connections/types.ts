/**
 * The SSH records as the renderer sees them, derived from the contract's operations so they
 * cannot drift from what the core sends.
 */
import type { OperationOutput } from '../../lib/contract';

export type SshKey = OperationOutput<'ssh.keys.list'>[number];
export type SshConnection = OperationOutput<'ssh.connections.list'>[number];
export type SshTestResult = OperationOutput<'ssh.connections.test'>;

/** "user@host:port", brackets around an IPv6 host; how a connection without a name is shown. */
export function endpointOf(c: Pick<SshConnection, 'username' | 'host' | 'port'>): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.username}@${host}:${c.port}`;
}

/** The connection's label, or its endpoint when it has none. */
export function connectionLabel(c: Pick<SshConnection, 'name' | 'username' | 'host' | 'port'>): string {
  return c.name ?? endpointOf(c);
}
