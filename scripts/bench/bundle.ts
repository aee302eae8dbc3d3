import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './report';
import { kib } from './stats';

/** The scripts index.html loads before anything lazy: the module entry and its modulepreload links. */
export function initialScripts(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag) && attr('type') === 'module' && attr('src') !== undefined) urls.push(attr('src') as string);
    if (/^<link/i.test(tag) && attr('rel') === 'modulepreload' && attr('href') !== undefined) urls.push(attr('href') as string);
  }
  return [...new Set(urls)];
}

/** Section 5: the renderer's initial JavaScript, each file gzipped (zlib default level 6) and summed. */
export function benchBundle(rendererDir: string, note?: string): Row[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const files = initialScripts(html).map((url) => {
    const path = join(rendererDir, url.replace(/^\.?\//, ''));
    const content = readFileSync(path);
    return { file: relative(rendererDir, path), bytes: content.length, gzip_bytes: gzipSync(content).length };
  });
  if (files.length === 0) throw new Error('index.html references no module script');
  const raw = files.reduce((sum, f) => sum + f.bytes, 0);
  const gzip = files.reduce((sum, f) => sum + f.gzip_bytes, 0);
  return [
    {
      section: '5',
      measure: `renderer initial JS (${files.length} file${files.length === 1 ? '' : 's'}: entry + modulepreload), gzipped`,
      app: `${kib(raw)} raw`,
      raw: '',
      figure: `${kib(gzip)} gzip`,
      target: '—',
      pass: null,
      note: [`lazy chunks and CSS not counted`, note].filter((n) => n !== undefined).join('; '),
      data: { files, bytes: raw, gzip_bytes: gzip },
    },
  ];
}
