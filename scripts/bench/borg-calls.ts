import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { borgInfo, borgInit, borgListArchives } from '../../src-main/core/borg/commands';
import { borgTarget, NO_CONNECTIONS } from '../../src-main/core/repositories/access';
import { parseLocation } from '../../src-main/core/repositories/location';
import type { Row } from './report';
import { ARCHIVE_TEMPLATE, borgEnv, log, openCore, PASSPHRASE, rawBorg, runBackupJob, tapRunner, type Scratch } from './sandbox';
import { interleave, median, mib, ms, ratio } from './stats';
import { randomTree, type Tree } from './trees';

export interface BorgCallsOptions {
  smallRuns: number;
  /** list/info rounds: cheap, and the noisiest figures on a busy machine. */
  readRuns: number;
  backupRuns: number;
  treeFiles: number;
  treeBytes: number;
}

const SMALL_TARGET = 1.15;
const BACKUP_TARGET = 1.05;
const COMPRESSION = 'lz4';
const EXCLUDE = '*.tmp';

/**
 * A comparison row. The ratio is the median of per-round ratios: each round runs both sides back
 * to back, so pairing them cancels load that drifts between rounds (other work on the machine).
 */
function compare(section: string, measure: string, app: number[], raw: number[], target: number | null, note?: string): Row {
  const a = median(app);
  const r = median(raw);
  const paired = app.map((value, i) => value / (raw[i] as number));
  const q = median(paired);
  return {
    section,
    measure,
    app: ms(a),
    raw: ms(r),
    figure: `${ratio(q)}×`,
    target: target === null ? '—' : `≤ ${target.toFixed(2)}×`,
    pass: target === null ? null : q <= target,
    note,
    data: {
      app_median_ms: a,
      raw_median_ms: r,
      ratio: q,
      ratio_of_medians: a / r,
      paired_ratios: paired,
      app_samples_ms: app,
      raw_samples_ms: raw,
      runs: app.length,
    },
  };
}

function createInput(name: string, path: string, tree: Tree) {
  return {
    name,
    path,
    encryption: 'repokey',
    passphrase: PASSPHRASE,
    compression: COMPRESSION,
    source_directories: [tree.root],
    exclude_patterns: [EXCLUDE],
  };
}

/** Section 1: the core against the same borg command lines (init, backup, list, info). */
export async function benchBorgCalls(scratch: Scratch, options: BorgCallsOptions): Promise<Row[]> {
  const env = borgEnv(scratch.path('calls-borg-base'));
  const core = await openCore(scratch.dir('calls-app-data'), env);
  const repos = scratch.dir('calls-repos');
  const rows: Row[] = [];
  try {
    let lastCreateDone = 0;
    tapRunner(core, (args, at) => {
      if (args[0] === 'create') lastCreateDone = at;
    });

    log(`generating ${options.treeFiles} files / ${mib(options.treeBytes)} of random bytes`);
    const tree = randomTree(scratch.dir('calls-tree'), options.treeFiles, options.treeBytes);
    const small = randomTree(scratch.dir('calls-small-tree'), 200, 400 * 1024);

    // --- init ---------------------------------------------------------------------------------
    log(`init: ${options.smallRuns} rounds of repositories.create / bare borgInit / borg init`);
    const runner = core.internals.runner;
    const init = await interleave(options.smallRuns, {
      create: async (round) => {
        const path = `${repos}/init-create-${round}`;
        const start = performance.now();
        await core.invoke('repositories.create', createInput(`init-${round}`, path, small));
        return performance.now() - start;
      },
      bare: async (round) => {
        const target = await borgTarget(
          { location: parseLocation(`${repos}/init-bare-${round}`), connectionId: null, remotePath: null, keyFile: null, bypassLock: false },
          NO_CONNECTIONS,
        );
        await borgInit(runner, target, 'repokey', PASSPHRASE);
      },
      raw: async (round) => {
        await rawBorg(['init', '--encryption', 'repokey', `${repos}/init-raw-${round}`], env);
      },
    });
    rows.push(
      compare('1', 'init: bare borgInit via the core runner vs `borg init`', init.bare, init.raw, SMALL_TARGET),
      compare(
        '1',
        'init: repositories.create (what the user waits for) vs `borg init`',
        init.create,
        init.raw,
        SMALL_TARGET,
        'create = borg init, then the new repository id read from its config file (no second borg run), then one record write',
      ),
    );

    // --- backup -------------------------------------------------------------------------------
    log(`backup: warm-up, then ${options.backupRuns} rounds, each side on a fresh repository`);
    const warm = `${repos}/backup-warmup`;
    await rawBorg(['init', '--encryption', 'repokey', warm], env);
    await rawBorg(['create', '--json', '--compression', COMPRESSION, '--exclude', EXCLUDE, `${warm}::${ARCHIVE_TEMPLATE}`, tree.root], env);
    rmSync(warm, { recursive: true, force: true });

    const borgDone: number[] = [];
    const coreFiles: (number | null)[] = [];
    const rawFiles: number[] = [];
    const backup = await interleave(options.backupRuns, {
      core: async (round) => {
        const repo = await core.invoke('repositories.create', createInput(`backup-${round}`, `${repos}/backup-core-${round}`, tree));
        const start = performance.now();
        const { job, ms: total } = await runBackupJob(core, repo.id);
        if (job.state !== 'succeeded') throw new Error(`the core's backup ended ${job.state}: ${job.error?.message ?? ''}`);
        borgDone.push(lastCreateDone - start);
        coreFiles.push(job.result?.nfiles ?? null);
        rmSync(`${repos}/backup-core-${round}`, { recursive: true, force: true });
        return total;
      },
      raw: async (round) => {
        const path = `${repos}/backup-raw-${round}`;
        await rawBorg(['init', '--encryption', 'repokey', path], env);
        const result = await rawBorg(['create', '--json', '--compression', COMPRESSION, '--exclude', EXCLUDE, `${path}::${ARCHIVE_TEMPLATE}`, tree.root], env);
        const stats = (JSON.parse(result.stdout) as { archive: { stats: { nfiles: number } } }).archive.stats;
        rawFiles.push(stats.nfiles);
        rmSync(path, { recursive: true, force: true });
        return result.ms;
      },
    });
    const sameWork = [...coreFiles, ...rawFiles].every((n) => n === tree.files);
    // What the job does after borg has exited (the status refresh) until it reports itself finished.
    const tail = median(backup.core.map((total, i) => total - (borgDone[i] as number)));
    const backupNote = [
      `${tree.files} files, ${mib(tree.bytes)}, lz4, exclude ${EXCLUDE}`,
      `the job reports its end ${ms(tail)} after borg exits (median): the status refresh (borg info + borg list) follows in the job’s queue slot`,
      ...(sameWork ? [] : [`FILE COUNTS DIFFER: core ${coreFiles.join(',')} raw ${rawFiles.join(',')}`]),
    ].join('; ');
    const full = compare('1', 'backup: jobs.start → final jobs.updated vs `borg create --json`', backup.core, backup.raw, BACKUP_TARGET, backupNote);
    const part = compare('1', 'backup: jobs.start → borg create exits (the borg part of the job)', borgDone, backup.raw, BACKUP_TARGET);
    full.data.nfiles = { core: coreFiles, raw: rawFiles };
    full.data.after_borg_exit_median_ms = tail;
    full.data.tree = { files: tree.files, bytes: tree.bytes, excluded: tree.excluded };
    rows.push(full, part);

    // --- list and info ------------------------------------------------------------------------
    const listRepo = await core.invoke('repositories.create', createInput('list-info', `${repos}/list-info`, small));
    const archives = 5;
    log(`list/info: ${archives} archives, then ${options.readRuns} rounds`);
    for (let i = 0; i < archives; i++) {
      await rawBorg(['create', '--compression', COMPRESSION, `${repos}/list-info::bench-${i}`, small.root], env);
    }
    const service = core.internals.repositories;
    const record = service.record(listRepo.id);
    const coreList = async () => borgListArchives(runner, await service.target(record, true), await service.passphraseOf(record.id));
    const coreInfo = async () => borgInfo(runner, await service.target(record, true), await service.passphraseOf(record.id));
    const rawList = () => rawBorg(['list', '--json', `${repos}/list-info`], env);
    const rawInfo = () => rawBorg(['info', '--json', `${repos}/list-info`], env);
    // Warm both sides once (borg's cache for this repository, the secret store's key).
    if ((await coreList()).length !== archives) throw new Error('the core lists a different number of archives');
    await Promise.all([coreInfo(), rawList(), rawInfo()].map((p) => p.then(() => undefined)));
    const reads = await interleave(options.readRuns, {
      coreList: async () => void (await coreList()),
      rawList: async () => void (await rawList()),
      coreInfo: async () => void (await coreInfo()),
      rawInfo: async () => void (await rawInfo()),
      coreGet: async () => {
        const details = await core.invoke('repositories.get', { id: listRepo.id });
        if (details.live_error !== null) throw new Error(`repositories.get failed: ${details.live_error.message}`);
      },
      rawInfoList: async () => {
        await rawInfo();
        await rawList();
      },
    });
    rows.push(
      compare('1', `list: borgListArchives (core runner, ${archives} archives) vs \`borg list --json\``, reads.coreList, reads.rawList, SMALL_TARGET),
      compare('1', 'info: borgInfo (core runner) vs `borg info --json`', reads.coreInfo, reads.rawInfo, SMALL_TARGET),
      compare('1', 'repositories.get (info, then list) vs `borg info` then `borg list`', reads.coreGet, reads.rawInfoList, SMALL_TARGET),
    );
    return rows;
  } finally {
    await core.close();
  }
}
