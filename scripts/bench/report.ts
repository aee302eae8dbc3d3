import { execFileSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the table. `data` keeps the raw samples and medians for the JSON file. */
export interface Row {
  section: string;
  /** Section and letter (1a, 1b ...), given when the table is assembled. */
  id?: string;
  measure: string;
  /** The app side (core, REST, renderer), formatted. */
  app: string;
  /** The raw borg side when this is a comparison, formatted. */
  raw: string;
  /** The figure the target applies to (a ratio, a time, a size). */
  figure: string;
  target: string;
  /** null: no target, reported only. */
  pass: boolean | null;
  note?: string;
  data: Record<string, unknown>;
}

export interface Report {
  started_at: string;
  finished_at: string;
  duration_seconds: number;
  quick: boolean;
  /** os.loadavg() at start and end: other work on the machine shows here. */
  load_average: { before: number[]; after: number[] };
  machine: { cpus: number; cpu_model: string; memory_gib: number; kernel: string; node: string; borg: string; git_commit: string | null };
  rows: Row[];
  errors: { section: string; message: string }[];
}

export function machine(): Report['machine'] {
  const borg = (() => {
    try {
      return execFileSync('borg', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'not found';
    }
  })();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  })();
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    borg,
    git_commit: commit,
  };
}

const COLUMNS: { title: string; cell: (r: Row) => string }[] = [
  { title: '#', cell: (r) => r.id ?? r.section },
  { title: 'Measure', cell: (r) => r.measure },
  { title: 'App', cell: (r) => r.app },
  { title: 'Raw borg', cell: (r) => r.raw },
  { title: 'Figure', cell: (r) => r.figure },
  { title: 'Target', cell: (r) => r.target },
  { title: 'Result', cell: (r) => (r.pass === null ? '—' : r.pass ? 'PASS' : 'FAIL') },
];

/** The table as aligned text (also valid Markdown). */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(COLUMNS.map((c) => c.title)), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Names rows 1a, 1b, 2a ... so notes can refer to them. */
export function numberRows(rows: Row[]): void {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const n = counts.get(row.section) ?? 0;
    counts.set(row.section, n + 1);
    row.id = `${row.section}${String.fromCharCode(97 + n)}`;
  }
}

/** Writes bench-results/bench-<timestamp>.json and bench-results/latest.json; answers the first path. */
export function writeReport(dir: string, report: Report): string {
  mkdirSync(dir, { recursive: true });
  const stamp = report.started_at.replace(/[:.]/g, '-');
  const file = join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
