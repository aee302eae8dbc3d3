/**
 * The sandboxed preload: exposes one frozen object, `window.borgDesk`, with one function per
 * contract channel and `on(event, listener)`. It bundles only `electron` and the dependency-free
 * channel list; ipcRenderer and Electron's event objects never reach the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES } from '../src-main/core/contract/channels';
import type { BorgDeskBridge } from './types';

// Must equal eventChannel() in src-main/ipc/handlers.ts; test/ipc/preload.test.ts pins the pair.
const EVENT_CHANNEL_PREFIX = 'borg-desk:event:';

const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

function subscribe(name: unknown, listener: unknown): () => void {
  if (typeof name !== 'string' || !eventNames.has(name)) {
    throw new TypeError(`Unknown event: ${String(name)}`);
  }
  if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
  const channel = EVENT_CHANNEL_PREFIX + name;
  const forward = (_event: IpcRendererEvent, payload: unknown): void => {
    (listener as (payload: unknown) => void)(payload);
  };
  ipcRenderer.on(channel, forward);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, forward);
  };
}

function buildBridge(): BorgDeskBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    // Only the one input argument crosses; nothing else the page passes is forwarded.
    bridge[channel] = (input?: unknown) => ipcRenderer.invoke(channel, input);
  }
  bridge.on = subscribe;
  return Object.freeze(bridge) as BorgDeskBridge;
}

contextBridge.exposeInMainWorld('borgDesk', buildBridge());
