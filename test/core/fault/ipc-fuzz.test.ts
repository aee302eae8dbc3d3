/**
 * Every IPC channel, driven through the real handler registration (fake ipcMain, a sender that
 * passes the frame check, the real core), with thousands of arbitrary and near-valid payloads.
 */
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, operations, type OperationName } from '../../../src-main/core/contract';
import type { Core as CoreApi } from '../../../src-main/core/core';
import { registerIpcHandlers, type DesktopHandlers, type InvokeEventLike, type IpcMainLike, type WindowLike } from '../../../src-main/ipc/handlers';
import type { FrameLike, RendererLocation } from '../../../src-main/ipc/sender';
import { coreSandbox, type CoreSandbox } from '../../fixtures/core';
import {
  anyIpcPayload,
  assertAsync,
  fieldPaths,
  nearValid,
  prototypeIsClean,
  snapshotDiff,
  snapshotDir,
  structuredErrorProblem,
  validSamples,
  type FuzzContext,
} from './fuzz-kit';
import { guardedInvoke, seedFuzzContext } from './fuzz-setup';

// Seeded so a failure replays; FUZZ_SEED / FUZZ_RUNS explore further locally.
const SEED = Number(process.env.FUZZ_SEED ?? 42);
// Per channel: RUNS arbitrary payloads and RUNS near-valid ones, 2,000 in all by default.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

const renderer: RendererLocation = { kind: 'file', indexPath: '/opt/borg-desk/out/renderer/index.html' };
const mainFrame: FrameLike = { url: pathToFileURL('/opt/borg-desk/out/renderer/index.html').href, parent: null };

let sb: CoreSandbox;
let ctx: FuzzContext;
const handlers = new Map<string, Listener>();
const logged: unknown[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const desktop: DesktopHandlers = {
  'dialog.openFile': async () => ({ name: 'key.txt', content: 'BORG_KEY 00' }),
  'dialog.pickDirectory': async () => '/backups',
  'dialog.saveFile': async () => ({ saved: true }),
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  sb = coreSandbox();
  ctx = await seedFuzzContext(sb);
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  const window: WindowLike = {
    isDestroyed: () => false,
    webContents: { mainFrame, isDestroyed: () => false, send: () => undefined },
  };
  const core = { events: sb.core.events, invoke: guardedInvoke(sb, () => ctx) } as unknown as Pick<CoreApi, 'invoke' | 'events'>;
  registerIpcHandlers({ ipcMain, core, desktop, getWindow: () => window, renderer, logError: (message, error) => logged.push([message, error]) });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await sb?.remove();
});

/** One invoke as Electron delivers it: the argument structured-cloned, the reply structured-cloned back. */
async function invoke(channel: string, input: unknown, frame: FrameLike = mainFrame): Promise<unknown> {
  const handler = handlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  const reply = await handler({ senderFrame: frame }, structuredClone(input));
  return structuredClone(reply);
}

/** The properties every reply to a fuzzed payload must have. */
async function checkCall(channel: OperationName, input: unknown): Promise<void> {
  logged.length = 0;
  const before = snapshotDir(sb.dataDir);
  const reply = (await invoke(channel, input)) as { ok?: unknown; value?: unknown; error?: unknown };
  expect(typeof reply).toBe('object');
  expect(reply.ok === true || reply.ok === false).toBe(true);
  if (reply.ok === false) {
    expect(structuredErrorProblem(reply.error), JSON.stringify(reply.error)).toBeNull();
    expect(snapshotDiff(before, snapshotDir(sb.dataDir)), `a rejected ${channel} changed stored files`).toEqual([]);
  }
  expect(prototypeIsClean()).toBe(true);
  expect(logged).toEqual([]);
  expect(unhandled).toEqual([]);
}

describe('IPC fuzz', () => {
  it('registers a handler for every contract operation, so each is fuzzed below', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(operations).sort()).toEqual([...CHANNELS].sort());
  });

  it('mutates valid samples: each passes its operation schema, so one broken field is the only fault', () => {
    const samples = validSamples(ctx);
    for (const op of Object.keys(operations) as OperationName[]) {
      const parsed = operations[op].input.safeParse(samples[op]);
      expect(parsed.success, `${op}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
  });

  for (const op of Object.keys(operations) as OperationName[]) {
    it(`${op}: answers arbitrary payloads with an envelope and leaves the stores alone when it refuses`, async () => {
      await assertAsync(anyIpcPayload, (input) => checkCall(op, input), { seed: SEED, numRuns: RUNS });
    });

    it(`${op}: answers near-valid payloads (one field wrong) with a structured error or a value`, async () => {
      const base = validSamples(ctx)[op];
      await assertAsync(nearValid(base, fieldPaths(operations[op].input, base)), (input) => checkCall(op, input), { seed: SEED, numRuns: RUNS });
    });
  }

  it('refuses every channel from a frame that is not our main frame, whatever it sends', async () => {
    const frames = fc.record({
      url: fc.oneof(fc.webUrl(), fc.constant(mainFrame.url), fc.string(), fc.constant('file:///etc/passwd')),
      parent: fc.constantFrom<FrameLike | null>(null, mainFrame),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS), frames, anyIpcPayload, async (channel, frame, input) => {
        const before = snapshotDir(sb.dataDir);
        const reply = (await invoke(channel, input, frame)) as { ok: boolean; error?: { code: string } };
        expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(snapshotDiff(before, snapshotDir(sb.dataDir))).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('IPC edge cases the fuzzer found', () => {
  it('refuses text that is no SSH private key without using up a key id', async () => {
    const before = snapshotDir(sb.dataDir);
    const reply = await invoke('ssh.keys.import', { name: 'not-a-key', private_key: 'garbage' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshotDiff(before, snapshotDir(sb.dataDir))).toEqual([]);
  });

  it('refuses an import whose keyfile is no borg keyfile without using up a repository id', async () => {
    const before = snapshotDir(sb.dataDir);
    const reply = await invoke('repositories.import', {
      name: 'bad-keyfile',
      path: `${ctx.repositoryPath}-elsewhere`,
      passphrase: 'x',
      keyfile_content: 'this is not a borg key',
      mode: 'observe',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshotDiff(before, snapshotDir(sb.dataDir))).toEqual([]);
  });
});
