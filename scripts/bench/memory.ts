import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MemoryFigures } from './memory-child';
import type { Row } from './report';
import { log, type Scratch } from './sandbox';
import { mib, ms } from './stats';
import { tinyTree } from './trees';

export interface MemoryOptions {
  files: number;
  /** The repository root (cwd for `--import tsx`). */
  root: string;
}

const GROWTH_TARGET_BYTES = 50 * 1024 * 1024;

/** Section 4: peak RSS growth of a process running the core while it backs up many small files with --list. */
export async function benchMemory(scratch: Scratch, options: MemoryOptions): Promise<Row[]> {
  log(`memory: generating ${options.files} tiny files`);
  const genStart = performance.now();
  const tree = tinyTree(scratch.dir('memory-tree'), options.files);
  const generateMs = performance.now() - genStart;
  log(`memory: backing them up with --list in a child process (generated in ${ms(generateMs)})`);
  const figures = await new Promise<MemoryFigures>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(options.root, 'scripts', 'bench', 'memory-child.ts'), tree.root, scratch.dir('memory-work')], {
      cwd: options.root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`the memory child exited ${code}`));
      else resolve(JSON.parse(last) as MemoryFigures);
    });
  });
  if (figures.job_state !== 'succeeded') throw new Error(`the --list backup ended ${figures.job_state}`);
  return [
    {
      section: '4',
      measure: `memory: peak RSS growth of the core's process, backup of ${options.files.toLocaleString('en')} files with --list`,
      app: `${mib(figures.baseline_rss_bytes)} → ${mib(figures.peak_rss_bytes)}`,
      raw: '',
      figure: `+${mib(figures.growth_bytes)}`,
      target: `< ${mib(GROWTH_TARGET_BYTES)}`,
      pass: figures.growth_bytes < GROWTH_TARGET_BYTES,
      note: `${figures.file_status_entries.toLocaleString('en')} file_status lines streamed, job log kept ${figures.job_log_lines} lines; backup ${ms(figures.backup_ms)}; ${figures.samples} samples at 50 ms`,
      data: { ...figures, files: options.files, generate_ms: generateMs },
    },
  ];
}
