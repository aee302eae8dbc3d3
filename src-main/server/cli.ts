/**
 * Headless entry: `npm run serve -- --port 5000 --data-dir DIR [--host 127.0.0.1] [--borg PATH]`.
 * The same core as the desktop app, with REST under /api and the built UI at /.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core';
import { FileSecretStore } from '../core/secrets/file-secrets';
import { confStore } from '../core/store/conf-store';
import { createServer } from './app';
import { loadTokens } from './auth';

function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Borg Desk', 'server');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Borg Desk', 'server');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'borg-desk', 'server');
}

function appVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5000' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      borg: { type: 'string' },
      log: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // Built to out/main/serve.js: the renderer is in out/renderer, package.json two levels up.
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..', '..');
  const core = createCore({
    dataDir,
    openStore: confStore(dataDir),
    secrets: new FileSecretStore(dataDir),
    mode: 'server',
    appVersion: appVersion(root),
    borgPath: values.borg,
  });
  const tokens = loadTokens(dataDir, process.env);
  const server = await createServer({ core, tokens, rendererDir: join(root, 'out', 'renderer'), logger: values.log });
  const address = await server.listen({ port, host: values.host });
  const url = new URL(address);
  process.stdout.write(`Borg Desk server listening on ${address}\n`);
  process.stdout.write(`Data directory: ${dataDir}\n`);
  process.stdout.write(
    tokens.adminFile !== null
      ? `Admin token: in ${tokens.adminFile} (viewer token: ${tokens.viewerFile ?? 'from BORG_DESK_VIEWER_TOKEN'})\n`
      : 'Admin token: from BORG_DESK_ADMIN_TOKEN\n',
  );
  process.stdout.write(`Open ${url.origin}/ and paste the token, or open ${url.origin}/#token=<token>\n`);
  if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
    process.stdout.write('Warning: listening beyond this machine. Put it behind TLS before exposing it to a network.\n');
  }
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`borg-desk serve: ${(error as Error).message}\n`);
  process.exit(1);
});
