/**
 * Child process for the SIGKILL test: opens the real core on a data dir and writes as fast as it
 * can (repository renames through the core, secrets through the file secret store), printing a
 * line for every write once it has returned. The parent kills it with SIGKILL mid-burst.
 *
 *   node --import tsx store-writer.ts <dataDir> <borgBaseDir> <repositoryIds,comma-separated>
 */
import { createCore } from '../../../src-main/core';
import { FileSecretStore } from '../../../src-main/core/secrets/file-secrets';
import { confStore } from '../../../src-main/core/store/conf-store';

async function main(): Promise<void> {
  const [dataDir, baseDir, idList] = process.argv.slice(2);
  if (dataDir === undefined || baseDir === undefined || idList === undefined) throw new Error('usage: store-writer <dataDir> <borgBaseDir> <ids>');
  const ids = idList.split(',').map(Number);
  const secrets = new FileSecretStore(dataDir);
  const core = createCore({
    dataDir,
    openStore: confStore(dataDir),
    secrets,
    mode: 'server',
    appVersion: 'fault-test',
    env: { ...process.env, BORG_BASE_DIR: baseDir },
  });
  // stdout is a pipe: on Linux each write is synchronous, so a printed line is an acknowledged write.
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const id = ids[i % ids.length] as number;
    await core.invoke('repositories.update', { id, changes: { name: `burst-${id}-${i}` } });
    process.stdout.write(`repo ${id} ${i}\n`);
    await secrets.set(`fault:${i % 5}`, `value-${i}`);
    process.stdout.write(`secret ${i % 5} ${i}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`store-writer: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
