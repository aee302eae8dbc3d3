import type { Repository } from '../../lib/contract';

export interface DisplayLocation {
  /** user@host[:port] for ssh, the path for a local repository. */
  primary: string;
  /** The path on the remote host; null for a local repository. */
  secondary: string | null;
}

/** Where a repository lives, the way a person reads it: ssh shows who and where first. */
export function formatLocation(repo: Pick<Repository, 'repository_type' | 'path' | 'host' | 'port' | 'username'>): DisplayLocation {
  if (repo.repository_type !== 'ssh') return { primary: repo.path, secondary: null };
  const parsed = parseSshUrl(repo.path);
  const host = repo.host ?? parsed?.host ?? null;
  if (host === null) return { primary: repo.path, secondary: null };
  const user = repo.username ?? parsed?.user ?? null;
  const port = repo.port ?? parsed?.port ?? null;
  const who = `${user === null ? '' : `${user}@`}${host}${port !== null && port !== 22 ? `:${port}` : ''}`;
  return { primary: who, secondary: parsed?.path ?? repo.path };
}

function parseSshUrl(path: string): { user: string | null; host: string; port: number | null; path: string } | null {
  const match = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?(\/.*)?$/.exec(path);
  if (match === null || match[2] === undefined) return null;
  return {
    user: match[1] ?? null,
    host: match[2],
    port: match[3] === undefined ? null : Number(match[3]),
    path: match[4] ?? '/',
  };
}
