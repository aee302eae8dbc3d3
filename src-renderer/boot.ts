/**
 * The page's first steps, in the entry chunk, which holds nothing else (no React, no Mantine):
 * take a token link, pick the transport, and send the requests for the first screen — the token's
 * role and the repository list — while the app's chunk (index.html preloads it) is still being
 * parsed. The app then reads the answers from these requests instead of asking again.
 */
import { createTokenSession, watchTokenLinks } from './features/auth/token-session';
import type { Repository, Role } from './lib/contract';
import { selectTransport } from './transport/select-transport';

/** Requests sent before the app is there; null when there is nothing to ask (no token yet). */
export interface FirstRequests {
  /** The token they were sent with; null over IPC. */
  token: string | null;
  /** Null over IPC, where there is nothing to sign in to. */
  whoami: Promise<Role> | null;
  list: Promise<Repository[]>;
}

export const session = createTokenSession(window.sessionStorage);
export const transport = selectTransport(window, session);
// Read before anything is drawn, so the one-time link never shows in the address bar for long.
if (transport.kind === 'http') watchTokenLinks(window, session);

function sendFirstRequests(): FirstRequests | null {
  const token = transport.kind === 'http' ? session.get() : null;
  if (transport.kind === 'http' && token === null) return null;
  const requests: FirstRequests = {
    token,
    whoami: transport.kind === 'http' ? transport.whoami() : null,
    list: transport.call('repositories.list', {}),
  };
  // Their failures are the app's to show when it reads them; until then they are not "unhandled".
  for (const request of [requests.whoami, requests.list]) request?.catch(() => undefined);
  return requests;
}

export const firstRequests = sendFirstRequests();
