#!/usr/bin/env node
// Builds what the headless server needs when it is missing or older than the sources, then runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'serve.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale =
  !existsSync(built) ||
  !existsSync(join(root, 'out', 'renderer', 'index.html')) ||
  Math.max(newest(join(root, 'src-main')), newest(join(root, 'src-renderer'))) > statSync(built).mtimeMs;
if (stale) {
  process.stderr.write('Building Borg Desk (electron-vite build)...\n');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawnSync(process.execPath, [built, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(server.status ?? 1);
