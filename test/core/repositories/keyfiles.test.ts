import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyfileVault } from '../../../src-main/core/repositories/keyfiles';
import { tempDir } from '../../fixtures/temp';

describe('keyfile vault', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('vault');
  });
  afterEach(() => dir.remove());

  it('lists the repositories holding a keyfile, and only those (not candidates, removed keys or strays)', () => {
    const vault = new KeyfileVault(dir.path);
    expect(vault.held()).toEqual(new Set());
    vault.ensureDir();
    const keys = join(dir.path, 'keys');
    for (const name of ['repository-3.key', 'repository-12.key', 'repository-4.key.candidate-99-1700000000000', 'repository-0.key', 'repository-x.key', 'notes.txt']) {
      writeFileSync(join(keys, name), 'x');
    }
    mkdirSync(join(keys, 'removed'));
    writeFileSync(join(keys, 'removed', 'repository-5.key'), 'x');
    expect(vault.held()).toEqual(new Set([3, 12]));
    expect([3, 12, 4, 5].map((id) => vault.has(id))).toEqual([true, true, false, false]);
  });
});
