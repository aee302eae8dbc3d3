/**
 * Which frames may call the IPC handlers: only the main frame of our own window,
 * showing our own renderer (the packaged index.html, or the dev server in development).
 * Pure, so it is tested without Electron.
 */
import { pathToFileURL } from 'node:url';

/** The part of Electron's WebFrameMain this check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** Where our renderer is loaded from. */
export type RendererLocation =
  | { kind: 'file'; indexPath: string }
  | { kind: 'dev'; url: string };

/** The renderer location for this run: the dev server when electron-vite gives one (unpackaged only), else the built file. */
export function resolveRendererLocation(options: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  indexPath: string;
}): RendererLocation {
  if (!options.isPackaged && options.devServerUrl !== undefined && options.devServerUrl !== '') {
    const parsed = safeUrl(options.devServerUrl);
    if (parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      return { kind: 'dev', url: parsed.href };
    }
  }
  return { kind: 'file', indexPath: options.indexPath };
}

/** The URL the window loads. */
export function rendererUrl(location: RendererLocation): string {
  return location.kind === 'dev' ? location.url : pathToFileURL(location.indexPath).href;
}

/**
 * True when `url` is our renderer: the same file (any hash or query, for client-side routes)
 * or, in development, the same origin as the dev server.
 */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  const parsed = safeUrl(url);
  if (parsed === null) return false;
  if (location.kind === 'dev') {
    const dev = new URL(location.url);
    return parsed.origin === dev.origin && parsed.username === '' && parsed.password === '';
  }
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
  return comparablePath(parsed) === comparablePath(pathToFileURL(location.indexPath));
}

// Chromium and Node may percent-encode a path differently, and Windows drive paths ignore case.
function comparablePath(url: URL): string {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded form; it then simply will not match
  }
  return /^\/[A-Za-z]:\//.test(path) ? path.toLowerCase() : path;
}

/**
 * The check every IPC handler runs first: the sender must be the main frame of our window
 * (not a subframe, not another window, not a frame that navigated elsewhere).
 */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  ownMainFrame: FrameLike | null | undefined,
  location: RendererLocation,
): boolean {
  if (frame === null || frame === undefined) return false;
  if (ownMainFrame === null || ownMainFrame === undefined) return false;
  if (frame !== ownMainFrame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, location);
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
