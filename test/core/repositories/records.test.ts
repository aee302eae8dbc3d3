import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_NAME_TEMPLATE } from '../../../src-main/core/contract/repositories';
import { REPOSITORY_STORE, RepositoryRecords } from '../../../src-main/core/repositories/records';
import { confStore } from '../../../src-main/core/store/conf-store';
import { tempDir } from '../../fixtures/temp';

describe('repository records', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('records');
  });
  afterEach(() => dir.remove());

  it('migrates a 1.0.0 store: records gain the default archive name template, and custom ones stay', () => {
    mkdirSync(dir.path, { recursive: true });
    writeFileSync(
      join(dir.path, 'repositories.json'),
      JSON.stringify({
        repositories: [
          { id: 1, name: 'old', path: '/b/old' },
          { id: 2, name: 'custom', path: '/b/custom', archive_name_template: 'x-{now}' },
        ],
        next_id: 3,
        __internal__: { migrations: { version: '1.0.0' } },
      }),
    );
    const records = new RepositoryRecords(confStore(dir.path)(REPOSITORY_STORE));
    expect(records.get(1)?.archive_name_template).toBe(DEFAULT_ARCHIVE_NAME_TEMPLATE);
    expect(records.get(2)?.archive_name_template).toBe('x-{now}');
    expect(records.reserveId()).toBe(3);
  });

  it('serves reads from memory but writes every change to the file', () => {
    const open = () => new RepositoryRecords(confStore(dir.path)(REPOSITORY_STORE));
    const records = open();
    const id = records.reserveId();
    records.put({ id, name: 'a' } as never);
    const copy = records.all();
    copy.pop();
    expect(records.all()).toHaveLength(1);
    expect(open().get(id)?.name).toBe('a');
    records.remove(id);
    expect(open().all()).toEqual([]);
  });
});
