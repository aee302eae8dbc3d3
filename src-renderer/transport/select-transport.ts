import type { TokenSession } from '../features/auth/token-session';
import { createHttpTransport } from './http';
import { createIpcTransport, type BorgDeskBridge } from './ipc';
import type { Transport } from './types';

/** Electron's preload defines window.borgDesk; anything else is a browser talking to the headless server. */
export function selectTransport(win: { borgDesk?: BorgDeskBridge }, session: TokenSession): Transport {
  if (win.borgDesk !== undefined) return createIpcTransport(win.borgDesk);
  return createHttpTransport({ getToken: () => session.get(), onUnauthorized: () => session.clear() });
}
