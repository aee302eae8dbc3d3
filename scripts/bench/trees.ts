import { randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tree {
  root: string;
  files: number;
  bytes: number;
  /** Files the exclude pattern drops (`*.tmp`), not counted in `files`. */
  excluded: number;
}

const PER_DIR = 100;

/**
 * `files` files of random bytes (incompressible, so compression and dedup do not flatter
 * anyone) totalling about `totalBytes`, 100 to a folder, with a few `*.tmp` files to exclude.
 */
export function randomTree(root: string, files: number, totalBytes: number): Tree {
  const average = Math.max(1, Math.floor(totalBytes / files));
  const buffer = Buffer.alloc(average * 2);
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${String(Math.floor(i / PER_DIR)).padStart(4, '0')}`);
    if (i % PER_DIR === 0) mkdirSync(dir, { recursive: true });
    // Sizes spread from half to one and a half times the average.
    const size = Math.floor(average / 2 + ((i * 7919) % average));
    const content = buffer.subarray(0, size);
    randomFillSync(content);
    writeFileSync(join(dir, `f${i}.bin`), content);
    bytes += size;
  }
  const excluded = Math.max(1, Math.floor(files / 200));
  for (let i = 0; i < excluded; i++) writeFileSync(join(root, `d0000`, `scratch-${i}.tmp`), randomFillSync(Buffer.alloc(4096)));
  return { root, files, bytes, excluded };
}

/** Many tiny text files (the per-file listing case), 1,000 to a folder. */
export function tinyTree(root: string, files: number): Tree {
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${String(Math.floor(i / 1000)).padStart(4, '0')}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    const content = `tiny file ${i}\n`;
    writeFileSync(join(dir, `t${i}.txt`), content);
    bytes += content.length;
  }
  return { root, files, bytes, excluded: 0 };
}
