/**
 * The browser's access token. sessionStorage, not localStorage: it dies with the tab,
 * so a token left on a shared machine does not outlive the visit.
 */
export const TOKEN_STORAGE_KEY = 'borg-desk.token';

/** Why the token went: the server refused it, or the user signed out. */
export type ClearReason = 'rejected' | 'signed-out';

export interface TokenSession {
  get(): string | null;
  set(token: string): void;
  clear(reason?: ClearReason): void;
  /** The reason given to the last clear(), so the login screen can say what happened. */
  lastClearReason(): ClearReason | null;
  /** Notifies on every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function createTokenSession(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TokenSession {
  const listeners = new Set<() => void>();
  // Cached so useSyncExternalStore sees a stable value between changes.
  let token = safeRead(storage);
  let clearReason: ClearReason | null = null;
  const notify = (): void => listeners.forEach((l) => l());
  return {
    get: () => token,
    set: (value) => {
      token = value;
      try {
        storage.setItem(TOKEN_STORAGE_KEY, value);
      } catch {
        // Storage disabled (private mode): the token still works for this page.
      }
      notify();
    },
    clear: (reason = 'rejected') => {
      if (token === null) return;
      token = null;
      clearReason = reason;
      try {
        storage.removeItem(TOKEN_STORAGE_KEY);
      } catch {
        // Nothing stored to remove.
      }
      notify();
    },
    lastClearReason: () => clearReason,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safeRead(storage: Pick<Storage, 'getItem'>): string | null {
  try {
    const value = storage.getItem(TOKEN_STORAGE_KEY);
    return value === null || value === '' ? null : value;
  } catch {
    return null;
  }
}

/**
 * Takes a one-time sign-in link (`/#token=XYZ`) into the session and strips it from the
 * address bar, so the token is not left in history, bookmarks or screenshots.
 * Returns true when a token was found.
 */
export function consumeTokenLink(
  win: { location: Pick<Location, 'hash' | 'pathname' | 'search'>; history: Pick<History, 'replaceState' | 'state'> },
  session: TokenSession,
): boolean {
  const hash = win.location.hash.replace(/^#/, '');
  if (hash === '') return false;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (token === null) return false;
  params.delete('token');
  const rest = params.toString();
  win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + (rest === '' ? '' : `#${rest}`));
  if (token.trim() === '') return false;
  session.set(token.trim());
  return true;
}

/**
 * Takes the link now and whenever the hash changes: pasting the link into a tab that already
 * shows the login screen changes only the hash, and the page does not reload.
 */
export function watchTokenLinks(win: Window, session: TokenSession): () => void {
  consumeTokenLink(win, session);
  const onHashChange = (): void => void consumeTokenLink(win, session);
  win.addEventListener('hashchange', onHashChange);
  return () => win.removeEventListener('hashchange', onHashChange);
}
