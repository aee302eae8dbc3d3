import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src-main/core/contract/channels';
import { eventChannel } from '../../src-main/ipc/handlers';
import type { BorgDeskBridge } from '../../src-preload/types';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, RendererListener[]>();
  const exposed = new Map<string, unknown>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    on: vi.fn((channel: string, listener: RendererListener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: RendererListener) => {
      const list = listeners.get(channel) ?? [];
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
      return ipcRenderer;
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      exposed.set(key, value);
    }),
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: ipcRenderer, ports: [] }, ...args);
  };
  return { ipcRenderer, contextBridge, exposed, listeners, emit };
});

vi.mock('electron', () => ({ ipcRenderer: electron.ipcRenderer, contextBridge: electron.contextBridge }));

let bridge: BorgDeskBridge;

beforeAll(async () => {
  await import('../../src-preload/index');
  bridge = electron.exposed.get('borgDesk') as BorgDeskBridge;
});

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
});

describe('the preload bridge', () => {
  it('exposes one object, window.borgDesk, and nothing else', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.exposed.keys()]).toEqual(['borgDesk']);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('has exactly one function per contract channel, plus on', () => {
    expect(Object.keys(bridge).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('never hands out ipcRenderer or any of its methods', () => {
    const values = Object.values(bridge);
    expect(values).not.toContain(electron.ipcRenderer);
    for (const method of Object.values(electron.ipcRenderer)) expect(values).not.toContain(method);
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
  });

  it('invokes the channel of the same name with only the input', async () => {
    const call = bridge['repositories.get'] as (...args: unknown[]) => Promise<unknown>;
    await expect(call({ id: 4 }, 'smuggled', { more: true })).resolves.toEqual({
      ok: true,
      value: { channel: 'repositories.get', input: { id: 4 } },
    });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('repositories.get', { id: 4 });
  });

  it('delivers an event payload, never the Electron event object, from the channel main sends on', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.on('repositories.changed', listener);
    electron.emit(eventChannel('repositories.changed'), { ids: [2] });
    expect(listener).toHaveBeenCalledOnce();
    expect(listener.mock.calls[0]).toEqual([{ ids: [2] }]);
    unsubscribe();
  });

  it('on() returns an unsubscribe that removes exactly that listener', () => {
    const kept = vi.fn();
    const removed = vi.fn();
    const stopKept = bridge.on('repositories.changed', kept);
    const stopRemoved = bridge.on('repositories.changed', removed);
    stopRemoved();
    stopRemoved();
    electron.emit(eventChannel('repositories.changed'), { ids: [1] });
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledOnce();
    stopKept();
    expect(electron.listeners.get(eventChannel('repositories.changed'))).toEqual([]);
  });

  it('refuses unknown event names and listeners that are not functions', () => {
    const on = bridge.on as (name: unknown, listener: unknown) => () => void;
    expect(() => on('ipc:anything', () => undefined)).toThrow(/Unknown event/);
    expect(() => on('repositories.changed', 'not a function')).toThrow(TypeError);
  });
});
