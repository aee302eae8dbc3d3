import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';

const HEADER = /^BORG_KEY ([0-9a-f]{64})\r?\n/;
/** pathFor's file name; staged candidates and removed/ never match. */
const KEYFILE_NAME = /^repository-([1-9][0-9]*)\.key$/;

/** Checks that text is a borg keyfile and returns the repository id its header names. */
export function keyfileRepositoryId(content: string): string {
  const match = HEADER.exec(content);
  if (match?.[1] === undefined) {
    throw new AppError('VALIDATION', 'This is not a borg keyfile: it must start with "BORG_KEY <repository id>".', { field: 'keyfile' });
  }
  const body = content.slice(match[0].length).replace(/\r?\n/g, '');
  if (body.length < 16 || !/^[A-Za-z0-9+/]+=*$/.test(body)) {
    throw new AppError('VALIDATION', 'This borg keyfile is damaged: its key data is not valid base64.', { field: 'keyfile' });
  }
  return match[1];
}

/** App-managed keyfiles: one file per repository record, 0600, handed to borg as BORG_KEY_FILE. */
export class KeyfileVault {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'keys');
  }

  pathFor(repositoryId: number): string {
    return join(this.dir, `repository-${repositoryId}.key`);
  }

  has(repositoryId: number): boolean {
    return existsSync(this.pathFor(repositoryId));
  }

  /** The repositories with a keyfile here: one directory read rather than a stat per repository. */
  held(): Set<number> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return new Set();
    }
    const ids = new Set<number>();
    for (const name of names) {
      const match = KEYFILE_NAME.exec(name);
      if (match?.[1] !== undefined) ids.add(Number(match[1]));
    }
    return ids;
  }

  read(repositoryId: number): string {
    return readFileSync(this.pathFor(repositoryId), 'utf8');
  }

  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Writes a candidate beside the real file; `commit` moves it into place atomically. */
  stage(repositoryId: number, content: string): { path: string; commit(): void; discard(): void } {
    this.ensureDir();
    const path = join(this.dir, `repository-${repositoryId}.key.candidate-${process.pid}-${Date.now()}`);
    writeFileSync(path, content, { mode: 0o600 });
    return {
      path,
      commit: () => {
        renameSync(path, this.pathFor(repositoryId));
        chmodSync(this.pathFor(repositoryId), 0o600);
      },
      discard: () => rmSync(path, { force: true }),
    };
  }

  /** Moves a removed repository's keyfile aside instead of deleting it; returns where it went. */
  retire(repositoryId: number, borgId: string | null): string | null {
    const from = this.pathFor(repositoryId);
    if (!existsSync(from)) return null;
    const retired = join(this.dir, 'removed');
    mkdirSync(retired, { recursive: true, mode: 0o700 });
    const to = join(retired, `repository-${repositoryId}-${borgId ?? 'unknown'}-${Date.now()}.key`);
    renameSync(from, to);
    return to;
  }
}
