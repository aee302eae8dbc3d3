#!/usr/bin/env node
/**
 * Electron security scan: electronegativity over the built app (out/main, out/preload,
 * out/renderer) and the Electron-facing sources (src-main/app, src-preload).
 *
 *   npm run scan:electron
 *
 * Exit 0: no HIGH or MEDIUM finding beyond the reviewed ones in REVIEWED below.
 * Exit 1: a HIGH/MEDIUM finding, or a file electronegativity could not parse (an unscanned file is
 *         a blind spot, not a pass).
 * Exit 2: out/ is missing; run `npm run build` first.
 *
 * The files are copied to a staging folder first, because electronegativity (1.10) only reads .js,
 * .ts, .html and .json (the preload is .cjs), and its AST walker does not know syntax newer than
 * ES2021 (class private fields in the renderer bundle): such files are lowered with esbuild, which
 * keeps the calls and object literals the checks look at.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Findings that were reviewed and are not vulnerabilities here, matched by check, file and the code
 * the finding quotes (so the same check on new code is reported again). Each says why.
 */
const REVIEWED = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: /^(out\/main\/index\.js|src-main\/app\/windows\.ts)$/,
    sample: /preload: options\.preloadPath/,
    why:
      'A "review the preload" reminder, not a finding. The preload is sandboxed and context-isolated and exposes one frozen object with one invoke function per contract channel plus on(); ipcRenderer never reaches the page (src-preload/index.ts, test/ipc/preload.test.ts), and every handler checks the sender frame (src-main/ipc/sender.ts).',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^(out\/main\/index\.js|src-main\/app\/windows\.ts)$/,
    sample: /handleWindowOpen\(url, \(target\) => shell\.openExternal\(target\)\)|shell\.openExternal\(decision\.url\)/,
    why:
      'Both calls only ever receive the output of externalUrl() (src-main/app/navigation.ts): an https: URL without credentials, or nothing; file:, smb:, javascript: and custom schemes never reach openExternal (test/app/navigation.test.ts).',
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: /^(out\/main\/index\.js|src-main\/app\/windows\.ts)$/,
    sample: /new BrowserWindow\(\{/,
    why:
      'Middle-click on a link opens a new window through the same path as target=_blank, which setWindowOpenHandler answers with deny for every URL (https ones go to the system browser); will-navigate blocks leaving the renderer. Setting disableBlinkFeatures: "Auxclick" in the window would let this entry go.',
  },
];

/**
 * Checks left out entirely. Only for checks that cannot run here, never to silence a finding.
 * AvailableSecurityFixesGlobalCheck downloads Electron's release list; these machines are offline
 * and the check would only report "no connectivity". The Electron version is pinned in
 * package-lock.json and kept current with the dependencies.
 */
const NOT_RUN = ['AvailableSecurityFixesGlobalCheck'];

const TARGETS = [
  { from: 'out/main', required: 'out/main/index.js' },
  { from: 'out/preload', required: 'out/preload/index.cjs' },
  { from: 'out/renderer', required: 'out/renderer/index.html' },
  { from: 'src-main/app' },
  { from: 'src-preload' },
];

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function stage() {
  const missing = TARGETS.filter((t) => t.required !== undefined && !existsSync(join(root, t.required)));
  if (missing.length > 0) {
    console.error(`electron-scan: the built app is missing (${missing.map((t) => t.required).join(', ')}). Run \`npm run build\` first.`);
    process.exit(2);
  }
  const staging = mkdtempSync(join(tmpdir(), 'borg-desk-electron-scan-'));
  for (const target of TARGETS) cpSync(join(root, target.from), join(staging, target.from), { recursive: true });
  // Lets the package.json checks (custom Electron flags in scripts, the Electron version) run too.
  cpSync(join(root, 'package.json'), join(staging, 'package.json'));
  for (const file of walk(staging)) {
    if (extname(file) === '.cjs' || extname(file) === '.mjs') renameSync(file, file.replace(/\.[cm]js$/, '.js'));
  }
  return staging;
}

/** The same parse and walk electronegativity does per file; throws where it would fail. */
function probe(file) {
  const { Parser } = require('@doyensec/electronegativity/dist/parser/parser.js');
  const [, data] = new Parser(false, true).parse(file, readFileSync(file));
  if (data !== null && data !== undefined && typeof data.astParser?.traverseTree === 'function') {
    data.astParser.traverseTree(data, { enter() {} });
  }
}

async function lowerWhereNeeded(staging) {
  const { transform } = await import('esbuild');
  const lowered = [];
  for (const file of walk(staging).filter((f) => extname(f) === '.js')) {
    try {
      probe(file);
    } catch {
      const source = readFileSync(file, 'utf8');
      const { code } = await transform(source, { loader: 'js', target: 'es2020', format: 'esm', legalComments: 'none' });
      writeFileSync(file, code);
      lowered.push(relative(staging, file));
    }
  }
  return lowered;
}

function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

async function main() {
  const staging = stage();
  try {
    const lowered = await lowerWhereNeeded(staging);
    for (const file of lowered) console.log(`lowered to ES2020 for the scanner: ${file}`);

    const run = require('@doyensec/electronegativity');
    const version = electronVersion();
    const result = await run({
      input: staging,
      isRelative: true,
      electronVersionOverride: version,
      excludeFromScan: NOT_RUN,
    });

    const unscanned = result.errors.filter((e) => !e.tolerable);
    const rows = result.issues.map((issue) => {
      const file = relative(staging, join(staging, issue.file)).split('\\').join('/');
      const sample = String(issue.sample ?? '').replace(/\s+/g, ' ').trim();
      const reviewed = REVIEWED.find((r) => r.check === issue.id && r.file.test(file) && r.sample.test(sample));
      return { id: issue.id, severity: issue.severity.name, confidence: issue.confidence.name, where: `${file}:${issue.location.line}:${issue.location.column}`, sample, reviewed };
    });
    const blocking = rows.filter((r) => (r.severity === 'HIGH' || r.severity === 'MEDIUM') && r.reviewed === undefined);

    console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version}, Electron ${version}: ${result.globalChecks} global and ${result.atomicChecks} atomic checks over ${TARGETS.map((t) => t.from).join(', ')}`);
    for (const row of rows) {
      const mark = row.reviewed !== undefined ? 'reviewed' : row.severity === 'HIGH' || row.severity === 'MEDIUM' ? 'FAIL' : 'info';
      console.log(`[${mark}] ${row.id} ${row.severity}/${row.confidence} ${row.where}${row.sample === '' ? '' : `\n        ${row.sample.slice(0, 160)}`}`);
      if (row.reviewed !== undefined) console.log(`        why this is fine: ${row.reviewed.why}`);
    }
    for (const entry of REVIEWED) {
      if (!rows.some((r) => r.reviewed === entry)) console.warn(`note: the reviewed entry for ${entry.check} matched nothing; remove it if the code it covers is gone.`);
    }
    for (const error of unscanned) console.error(`[FAIL] could not scan ${relative(staging, error.file)}: ${error.message}`);

    if (blocking.length > 0 || unscanned.length > 0) {
      console.error(`electron-scan: ${blocking.length} HIGH/MEDIUM finding(s), ${unscanned.length} file(s) not scanned.`);
      return 1;
    }
    console.log(`electron-scan: no HIGH or MEDIUM findings (${rows.filter((r) => r.reviewed).length} reviewed, ${rows.length} in all).`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`electron-scan: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
