/**
 * Runs in its own process (node --expose-gc --import tsx): a core backs up a tree of tiny files
 * with per-file listing on (custom_flags --list) while this process samples its own RSS every
 * 50 ms. Prints one JSON line with the figures on stdout.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { borgEnv, openCore, PASSPHRASE, runBackupJob, tapRunner } from './sandbox';
import { median } from './stats';

export interface MemoryFigures {
  baseline_rss_bytes: number;
  peak_rss_bytes: number;
  growth_bytes: number;
  after_rss_bytes: number;
  baseline_heap_used_bytes: number;
  peak_heap_used_bytes: number;
  samples: number;
  job_state: string;
  nfiles: number | null;
  file_status_entries: number;
  job_log_lines: number;
  backup_ms: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const [tree, work] = process.argv.slice(2);
  if (tree === undefined || work === undefined) throw new Error('usage: memory-child.ts <tree> <work dir>');
  const env = borgEnv(join(work, 'borg-base'));
  const core = await openCore(join(work, 'app-data'), env);
  let fileStatus = 0;
  tapRunner(
    core,
    () => undefined,
    (entry) => {
      if (entry.type === 'file_status') fileStatus++;
    },
  );
  const repo = await core.invoke('repositories.create', {
    name: 'memory',
    path: join(work, 'repo'),
    encryption: 'repokey',
    passphrase: PASSPHRASE,
    source_directories: [tree],
    custom_flags: '--list',
  });

  gc();
  await sleep(200);
  gc();
  const before: number[] = [];
  let baselineHeap = 0;
  for (let i = 0; i < 10; i++) {
    const usage = process.memoryUsage();
    before.push(usage.rss);
    baselineHeap = Math.max(baselineHeap, usage.heapUsed);
    await sleep(50);
  }
  const baseline = median(before);

  let peak = baseline;
  let peakHeap = baselineHeap;
  let samples = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    samples++;
    if (usage.rss > peak) peak = usage.rss;
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
  }, 50);
  const start = performance.now();
  const { job } = await runBackupJob(core, repo.id);
  const backupMs = performance.now() - start;
  clearInterval(sampler);
  const details = await core.invoke('jobs.get', { id: job.id });
  gc();
  await sleep(100);
  const after = process.memoryUsage().rss;
  await core.close();

  const figures: MemoryFigures = {
    baseline_rss_bytes: baseline,
    peak_rss_bytes: peak,
    growth_bytes: peak - baseline,
    after_rss_bytes: after,
    baseline_heap_used_bytes: baselineHeap,
    peak_heap_used_bytes: peakHeap,
    samples,
    job_state: job.state,
    nfiles: job.result?.nfiles ?? null,
    file_status_entries: fileStatus,
    job_log_lines: details.log.length,
    backup_ms: backupMs,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
