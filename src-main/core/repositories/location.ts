import { posix } from 'node:path';
import { AppError } from '../errors';

export type Location =
  | { kind: 'local'; path: string }
  | { kind: 'ssh'; username: string | null; host: string; port: number; path: string };

function cleanPosix(p: string): string {
  const normal = posix.normalize(p);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Parses what a user typed as a repository location; refuses relative paths and scp-style remotes. */
export function parseLocation(input: string): Location {
  const raw = input.trim();
  if (raw.startsWith('ssh://')) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('VALIDATION', `"${raw}" is not a valid ssh:// location`, { field: 'path' });
    }
    if (url.hostname === '') throw new AppError('VALIDATION', 'an ssh:// location needs a host', { field: 'path' });
    const port = url.port === '' ? 22 : Number(url.port);
    const path = decodeURIComponent(url.pathname);
    if (path === '' || path === '/') throw new AppError('VALIDATION', 'an ssh:// location needs a repository path', { field: 'path' });
    return {
      kind: 'ssh',
      username: url.username === '' ? null : decodeURIComponent(url.username),
      host: url.hostname.toLowerCase().replace(/^\[|\]$/g, ''),
      port,
      path: cleanPosix(path),
    };
  }
  if (raw.startsWith('file://')) return parseLocation(decodeURIComponent(raw.slice('file://'.length)));
  if (/^[^/\\]+@[^/\\:]+:/.test(raw) || /^[A-Za-z0-9.-]+:[^\\]/.test(raw) && !/^[A-Za-z]:[\\/]/.test(raw)) {
    throw new AppError(
      'VALIDATION',
      'scp-style locations (user@host:path) cannot carry a port: choose an SSH connection and give the path on the server',
      { field: 'path' },
    );
  }
  if (!raw.startsWith('/')) {
    throw new AppError('VALIDATION', 'path must be an absolute path (e.g. /backups/my-repo)', { field: 'path' });
  }
  return { kind: 'local', path: cleanPosix(raw) };
}

/** The string borg is given, built from parts so ports always survive. */
export function formatLocation(location: Location): string {
  if (location.kind === 'local') return location.path;
  const user = location.username === null ? '' : `${encodeURIComponent(location.username)}@`;
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  return `ssh://${user}${host}:${location.port}${location.path}`;
}

/** The form two locations are compared in: `./x`, `x/`, `X` host case and default ports all fold. */
export function locationKey(location: Location): string {
  return location.kind === 'local'
    ? `local:${location.path}`
    : `ssh:${location.username ?? ''}@${location.host}:${location.port}${location.path}`;
}
