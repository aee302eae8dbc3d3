import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Role = 'admin' | 'viewer';

export interface TokenSet {
  admin: string;
  viewer: string;
  /** Files the generated tokens were written to (null when taken from the environment). */
  adminFile: string | null;
  viewerFile: string | null;
}

const MIN_TOKEN = 16;

function loadOrCreate(file: string): string {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= MIN_TOKEN) return token;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Admin/viewer tokens: from BORG_DESK_ADMIN_TOKEN / BORG_DESK_VIEWER_TOKEN, else generated once and kept 0600 in the data dir. */
export function loadTokens(dataDir: string, env: NodeJS.ProcessEnv): TokenSet {
  const fromEnv = (name: string) => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') return null;
    if (value.length < MIN_TOKEN) throw new Error(`${name} must be at least ${MIN_TOKEN} characters`);
    return value;
  };
  const adminEnv = fromEnv('BORG_DESK_ADMIN_TOKEN');
  const viewerEnv = fromEnv('BORG_DESK_VIEWER_TOKEN');
  const adminFile = join(dataDir, 'admin-token');
  const viewerFile = join(dataDir, 'viewer-token');
  const tokens: TokenSet = {
    admin: adminEnv ?? loadOrCreate(adminFile),
    viewer: viewerEnv ?? loadOrCreate(viewerFile),
    adminFile: adminEnv === null ? adminFile : null,
    viewerFile: viewerEnv === null ? viewerFile : null,
  };
  if (tokens.admin === tokens.viewer) throw new Error('The admin and viewer tokens must differ');
  return tokens;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The role an Authorization header grants, or null. */
export function roleOf(header: string | undefined, tokens: TokenSet): Role | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return null;
  if (same(match[1], tokens.admin)) return 'admin';
  if (same(match[1], tokens.viewer)) return 'viewer';
  return null;
}
