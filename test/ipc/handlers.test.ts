import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, operations, type CoreOperationName } from '../../src-main/core/contract';
import type { Core } from '../../src-main/core/core';
import { AppError } from '../../src-main/core/errors';
import { EventBus } from '../../src-main/core/events/emitter';
import { validationError } from '../../src-main/core/validation';
import {
  eventChannel,
  registerIpcHandlers,
  type DesktopHandlers,
  type InvokeEventLike,
  type IpcMainLike,
  type WindowLike,
} from '../../src-main/ipc/handlers';
import type { FrameLike, RendererLocation } from '../../src-main/ipc/sender';

const renderer: RendererLocation = { kind: 'file', indexPath: '/app/out/renderer/index.html' };
const appUrl = pathToFileURL('/app/out/renderer/index.html').href;

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

function fakeWindow(url = appUrl) {
  const mainFrame: FrameLike & { url: string } = { url, parent: null };
  let destroyed = false;
  const send = vi.fn<(channel: string, ...args: unknown[]) => void>();
  const window: WindowLike = {
    isDestroyed: () => destroyed,
    webContents: { mainFrame, isDestroyed: () => destroyed, send },
  };
  return { window, mainFrame, send, destroy: () => (destroyed = true) };
}

/** A core whose invoke validates with the real contract schemas, then answers from stubs. */
function fakeCore(stubs: Partial<Record<CoreOperationName, (input: unknown) => unknown>>) {
  const events = new EventBus();
  const invoke = vi.fn(async (op: CoreOperationName, input: unknown) => {
    const parsed = operations[op].input.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error);
    const stub = stubs[op];
    if (stub === undefined) throw new Error(`no stub for ${op}`);
    return stub(parsed.data);
  });
  return { core: { invoke, events } as unknown as Pick<Core, 'invoke' | 'events'>, invoke, events };
}

function fakeDesktop(): DesktopHandlers & { [K in keyof DesktopHandlers]: ReturnType<typeof vi.fn> } {
  return {
    'dialog.openFile': vi.fn(async () => ({ name: 'key', content: 'BORG_KEY 00' })),
    'dialog.pickDirectory': vi.fn(async () => '/backups'),
    'dialog.saveFile': vi.fn(async () => ({ saved: true })),
  };
}

function setup(stubs: Partial<Record<CoreOperationName, (input: unknown) => unknown>> = {}) {
  const ipcMain = new FakeIpcMain();
  const win = fakeWindow();
  const { core, invoke, events } = fakeCore(stubs);
  const desktop = fakeDesktop();
  const logError = vi.fn();
  let current: WindowLike | null = win.window;
  const dispose = registerIpcHandlers({ ipcMain, core, desktop, getWindow: () => current, renderer, logError });
  const call = async (channel: string, input?: unknown, frame: FrameLike | null = win.mainFrame) => {
    const handler = ipcMain.handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frame }, input);
  };
  return { ipcMain, win, invoke, events, desktop, logError, dispose, call, closeWindow: () => (current = null) };
}

afterEach(() => vi.restoreAllMocks());

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers a core operation with an ok envelope holding its value', async () => {
    const { call, invoke } = setup({ 'repositories.list': () => [{ id: 1, name: 'home' }] });
    await expect(call('repositories.list')).resolves.toEqual({ ok: true, value: [{ id: 1, name: 'home' }] });
    expect(invoke).toHaveBeenCalledWith('repositories.list', undefined);
  });

  it('refuses a sender that is not the main frame of our window, without running anything', async () => {
    const { call, invoke, win } = setup({ 'repositories.list': () => [] });
    const stranger: FrameLike = { url: appUrl, parent: null };
    const subframe: FrameLike = { url: appUrl, parent: win.mainFrame };
    for (const frame of [stranger, subframe, null]) {
      const reply = await call('repositories.list', {}, frame);
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses our own frame once it has navigated away from the renderer', async () => {
    const { call, win, invoke } = setup({ 'repositories.list': () => [] });
    win.mainFrame.url = 'https://example.com/';
    await expect(call('repositories.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses every call when the window is gone', async () => {
    const { call, closeWindow } = setup({ 'repositories.list': () => [] });
    closeWindow();
    await expect(call('repositories.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers bad input to a core operation with a VALIDATION envelope naming the field', async () => {
    const { call } = setup({ 'repositories.get': () => ({}) });
    const reply = await call('repositories.get', { id: -1 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/^id:/);
  });

  it('validates desktop-only input with the contract schema before opening any dialog', async () => {
    const { call, desktop } = setup();
    const reply = await call('dialog.saveFile', { content: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(desktop['dialog.saveFile']).not.toHaveBeenCalled();
    await expect(call('dialog.pickDirectory', { title: 'x', extra: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(desktop['dialog.pickDirectory']).not.toHaveBeenCalled();
  });

  it('runs desktop-only operations in the app, never in the core', async () => {
    const { call, desktop, invoke } = setup();
    await expect(call('dialog.pickDirectory', { title: 'Where?' })).resolves.toEqual({ ok: true, value: '/backups' });
    expect(desktop['dialog.pickDirectory']).toHaveBeenCalledWith({ title: 'Where?' });
    await expect(call('dialog.saveFile', { default_name: 'key.txt', content: 'BORG_KEY' })).resolves.toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('passes an AppError through as a structured error with code, message and details', async () => {
    const { call, logError } = setup({
      'repositories.get': () => {
        throw new AppError('NOT_FOUND', 'Repository 7 does not exist.', { id: 7 });
      },
    });
    const reply = await call('repositories.get', { id: 7 });
    expect(reply).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Repository 7 does not exist.', details: { id: 7 } } });
    // What crosses IPC is structured-cloned: the envelope must survive that unchanged.
    expect(structuredClone(reply)).toEqual(reply);
    expect(logError).not.toHaveBeenCalled();
  });

  it('turns any other error into INTERNAL without leaking its message, and logs it in main', async () => {
    const { call, logError } = setup({
      'repositories.list': () => {
        throw new Error('ENOENT /home/alice/.config/secret-path');
      },
    });
    const reply = await call('repositories.list', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret-path');
    expect(logError).toHaveBeenCalledOnce();
  });

  it('forwards core events to the window on the event channel', () => {
    const { events, win } = setup();
    events.emit('repositories.changed', { ids: [3] });
    expect(win.send).toHaveBeenCalledWith(eventChannel('repositories.changed'), { ids: [3] });
  });

  it('sends no event to a destroyed window or one showing another page', () => {
    const first = setup();
    first.win.destroy();
    first.events.emit('repositories.changed', { ids: [1] });
    expect(first.win.send).not.toHaveBeenCalled();

    const second = setup();
    second.win.mainFrame.url = 'https://example.com/';
    second.events.emit('repositories.changed', { ids: [1] });
    expect(second.win.send).not.toHaveBeenCalled();
  });

  it('removes its handlers and stops forwarding events when disposed', () => {
    const { ipcMain, events, win, dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    events.emit('repositories.changed', { ids: [1] });
    expect(win.send).not.toHaveBeenCalled();
  });
});
