/**
 * `npm run bench` — how much the app costs over raw borg, and how it copes with many repositories
 * and many files. Prints one table, writes it to bench-results/. Not part of `npm test`: timings
 * depend on the machine, so nothing here is an assertion.
 *
 *   npm run bench                 full run (about 4–5 minutes on 2 idle cores, up to 8 when busy)
 *   npm run bench -- --quick      fewer runs, smaller trees (about 2–3 minutes)
 *   npm run bench -- --only=1,5   some sections only (1 borg calls, 2 1,000 repositories,
 *                                 3 refresh, 4 memory, 5 bundle)
 *   npm run bench -- --build      rebuild out/renderer first (otherwise only when missing)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { benchBorgCalls } from './bench/borg-calls';
import { benchBundle, initialScripts } from './bench/bundle';
import { benchList } from './bench/list-1000';
import { benchMemory } from './bench/memory';
import { benchRefresh } from './bench/refresh';
import { formatTable, machine, numberRows, writeReport, type Report, type Row } from './bench/report';
import { log, Scratch, stopRawBorg } from './bench/sandbox';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = join(ROOT, 'out', 'renderer');

interface Flags {
  quick: boolean;
  build: boolean;
  only: Set<string> | null;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { quick: false, build: false, only: null };
  for (const arg of argv) {
    if (arg === '--quick') flags.quick = true;
    else if (arg === '--build') flags.build = true;
    else if (arg.startsWith('--only=')) flags.only = new Set(arg.slice('--only='.length).split(',').map((s) => s.trim()));
    else throw new Error(`Unknown option ${arg} (use --quick, --build, --only=1,2,3,4,5)`);
  }
  return flags;
}

function newestFile(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds out/renderer when missing (or asked); answers a note when the build is older than the sources. */
function ensureRenderer(force: boolean): string | undefined {
  const index = join(RENDERER, 'index.html');
  if (force || !existsSync(index)) {
    log('building the renderer (npx electron-vite build)');
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error(`electron-vite build failed (exit ${build.status})`);
  }
  const sources = join(ROOT, 'src-renderer');
  if (existsSync(sources) && newestFile(sources) > statSync(index).mtimeMs) {
    return 'out/renderer is older than src-renderer (run with --build to measure the current code)';
  }
  return undefined;
}

/**
 * Copies out/renderer into the scratch dir so a build running meanwhile (npm test builds) cannot
 * swap files under the page; retries while a build is half-written.
 */
async function snapshotRenderer(scratch: Scratch): Promise<string> {
  const target = scratch.path('renderer');
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      rmSync(target, { recursive: true, force: true });
      cpSync(RENDERER, target, { recursive: true });
      const html = readFileSync(join(target, 'index.html'), 'utf8');
      if (initialScripts(html).every((url) => existsSync(join(target, url.replace(/^\.?\//, ''))))) return target;
    } catch {
      // Half-written build: try again shortly.
    }
    await sleep(3000);
  }
  throw new Error('out/renderer stayed incomplete (a build running?)');
}

interface Section {
  id: string;
  title: string;
  run: (scratch: Scratch, renderer: { dir: string; note?: string }) => Promise<Row[]> | Row[];
}

function sections(quick: boolean): Section[] {
  return [
    {
      id: '1',
      title: 'core vs raw borg: init, backup, list, info',
      run: (scratch) =>
        benchBorgCalls(scratch, quick ? { smallRuns: 5, readRuns: 5, backupRuns: 3, treeFiles: 2_000, treeBytes: 30e6 } : { smallRuns: 9, readRuns: 15, backupRuns: 7, treeFiles: 10_000, treeBytes: 150e6 }),
    },
    {
      id: '2',
      title: '1,000 repositories: core, REST, renderer',
      run: (scratch, renderer) =>
        benchList(scratch, { repositories: 1_000, calls: quick ? 100 : 200, pageLoads: quick ? 5 : 9, rendererDir: renderer.dir, rendererNote: renderer.note }),
    },
    { id: '3', title: 'refresh 20 repositories', run: (scratch) => benchRefresh(scratch, { repositories: 20, runs: quick ? 1 : 3 }) },
    { id: '4', title: 'memory during a --list backup', run: (scratch) => benchMemory(scratch, { files: quick ? 20_000 : 100_000, root: ROOT }) },
    { id: '5', title: 'renderer initial JS', run: (_scratch, renderer) => benchBundle(renderer.dir, renderer.note) },
  ];
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg();
  const t0 = performance.now();
  const chosen = sections(flags.quick).filter((s) => flags.only === null || flags.only.has(s.id));
  const needsRenderer = chosen.some((s) => s.id === '2' || s.id === '5');
  const rendererNote = needsRenderer ? ensureRenderer(flags.build) : undefined;

  const scratch = new Scratch();
  const onSignal = () => {
    stopRawBorg();
    scratch.remove();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const rows: Row[] = [];
  const errors: Report['errors'] = [];
  try {
    const renderer = { dir: needsRenderer ? await snapshotRenderer(scratch) : RENDERER, note: rendererNote };
    for (const section of chosen) {
      log(`section ${section.id}: ${section.title}`);
      const sectionStart = performance.now();
      try {
        rows.push(...(await section.run(scratch, renderer)));
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        errors.push({ section: section.id, message });
        log(`section ${section.id} failed: ${message}`);
      }
      log(`section ${section.id} took ${((performance.now() - sectionStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    scratch.remove();
  }

  numberRows(rows);
  const loadAfter = loadavg();
  const report: Report = {
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    duration_seconds: Math.round((performance.now() - t0) / 100) / 10,
    quick: flags.quick,
    machine: machine(),
    load_average: { before: loadBefore, after: loadAfter },
    rows,
    errors,
  };
  const file = writeReport(join(ROOT, 'bench-results'), report);

  const m = report.machine;
  process.stdout.write(`\nBorg Desk benchmark${flags.quick ? ' (--quick)' : ''} — ${m.cpus} × ${m.cpu_model}, ${m.memory_gib} GiB, node ${m.node}, ${m.borg}\n`);
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(`Load average (1/5/15 min) before ${load(report.load_average.before)}, after ${load(report.load_average.after)}: other work on the machine widens the spread.\n\n`);
  process.stdout.write(`${formatTable(rows)}\n\n`);
  for (const row of rows) if (row.note !== undefined) process.stdout.write(`  ${row.id}: ${row.note}\n`);
  for (const error of errors) process.stdout.write(`\nSection ${error.section} FAILED: ${error.message.split('\n')[0]}\n`);
  process.stdout.write(`\nApp = Borg Desk's core / server / renderer; times are medians, ratios the median of per-round app/raw ratios. ${report.duration_seconds} s in all. Written to ${file} and bench-results/latest.json\n`);
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
