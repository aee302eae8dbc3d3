import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const ID = /^\s*id\s*=\s*([0-9a-f]{64})\s*$/;

/**
 * The repository id a local borg repository names in its `config` file (INI: `[repository]` …
 * `id = <64 hex digits>`), or null when there is no such file or it does not say. Reading it
 * spares a `borg info` run — a second borg start, as long as the init itself — right after
 * `borg init`, when the id is all that is missing. Anything unexpected answers null, and the
 * caller asks borg instead.
 */
export function localRepositoryId(repositoryPath: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(repositoryPath, 'config'), 'utf8');
  } catch {
    return null;
  }
  let section: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const header = SECTION.exec(line);
    if (header !== null) {
      section = header[1]?.trim() ?? null;
      continue;
    }
    if (section !== 'repository') continue;
    const id = ID.exec(line);
    if (id?.[1] !== undefined) return id[1];
  }
  return null;
}
