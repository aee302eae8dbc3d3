import type { Row } from './report';
import { borgEnv, inParallel, log, openCore, PASSPHRASE, rawBorg, type Scratch } from './sandbox';
import { interleave, median, ms, ratio } from './stats';
import { tinyTree } from './trees';

export interface RefreshOptions {
  repositories: number;
  runs: number;
}

/** Section 3: `repositories.refresh {}` (bounded-parallel in the core) against borg info + list, one repository after another. */
export async function benchRefresh(scratch: Scratch, options: RefreshOptions): Promise<Row[]> {
  const env = borgEnv(scratch.path('refresh-borg-base'));
  const core = await openCore(scratch.dir('refresh-app-data'), env);
  try {
    const source = tinyTree(scratch.dir('refresh-tree'), 20);
    const repos = scratch.dir('refresh-repos');
    log(`refresh: creating ${options.repositories} small repositories with one archive each`);
    const paths = Array.from({ length: options.repositories }, (_, i) => `${repos}/repo-${String(i).padStart(2, '0')}`);
    await inParallel(paths, 2, async (path, i) => {
      await core.invoke('repositories.create', {
        name: `refresh-${i}`,
        path,
        encryption: 'repokey',
        passphrase: PASSPHRASE,
        source_directories: [source.root],
      });
      await rawBorg(['create', `${path}::first`, source.root], env);
    });
    // No separate warm-up: create already ran borg info and list on every repository (its cache exists).

    log(`refresh: ${options.runs} rounds`);
    const samples = await interleave(options.runs, {
      core: async () => {
        const refreshed = await core.invoke('repositories.refresh', {});
        const bad = refreshed.filter((r) => r.last_refresh_error !== null || r.archive_count !== 1);
        if (refreshed.length !== options.repositories || bad.length > 0) {
          throw new Error(`refresh gave ${refreshed.length} records, ${bad.length} wrong: ${JSON.stringify(bad[0]?.last_refresh_error)}`);
        }
      },
      raw: async () => {
        for (const path of paths) {
          await rawBorg(['info', '--json', path], env);
          await rawBorg(['list', '--json', path], env);
        }
      },
    });
    const a = median(samples.core);
    const r = median(samples.raw);
    const q = median(samples.core.map((value, i) => value / (samples.raw[i] as number)));
    return [
      {
        section: '3',
        measure: `refresh ${options.repositories} repositories: repositories.refresh {} vs sequential \`borg info\` + \`borg list\` each`,
        app: ms(a),
        raw: ms(r),
        figure: `${ratio(q)}× (${(1 / q).toFixed(2)}× faster)`,
        target: '—',
        pass: null,
        note: `the core runs 4 repositories at a time (${options.repositories * 2} borg processes either way)`,
        data: { app_median_ms: a, raw_median_ms: r, ratio: q, ratio_of_medians: a / r, app_samples_ms: samples.core, raw_samples_ms: samples.raw, runs: options.runs },
      },
    ];
  } finally {
    await core.close();
  }
}
