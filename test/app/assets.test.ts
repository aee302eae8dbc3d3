import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function pngSize(path: string): { width: number; height: number } {
  const data = readFileSync(join(root, path));
  expect(data.subarray(1, 4).toString('ascii'), `${path} is a PNG`).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('packaged assets', () => {
  it('has a 512x512 app icon for Linux and macOS', () => {
    expect(pngSize('assets/icon.png')).toEqual({ width: 512, height: 512 });
  });

  it('has a Windows icon that includes a 256x256 image', () => {
    const ico = readFileSync(join(root, 'assets/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toContain(256);
    expect(widths).toContain(16);
  });

  it('has every tray status icon at 22 px and @2x 44 px', () => {
    for (const status of ['idle', 'running', 'error']) {
      expect(pngSize(`assets/tray/${status}.png`)).toEqual({ width: 22, height: 22 });
      expect(pngSize(`assets/tray/${status}@2x.png`)).toEqual({ width: 44, height: 44 });
    }
  });

  it('names only asset files that exist in electron-builder.yml', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const named = [...config.matchAll(/\bassets\/[\w./@-]+\.(?:png|ico)\b/g)].map((match) => match[0]);
    expect(named.length).toBeGreaterThan(0);
    for (const path of named) expect(existsSync(join(root, path)), path).toBe(true);
  });
});
