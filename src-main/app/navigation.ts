/**
 * Where the window may go: only our renderer. Anything else is blocked, and https links are
 * handed to the system browser. Pure; the opener is passed in.
 */
import { isAppUrl, type RendererLocation } from '../ipc/sender';

export type NavigationDecision = { kind: 'allow' } | { kind: 'open-external'; url: string } | { kind: 'block' };

/** Only plain https links leave the app (no credentials in the URL). */
export function externalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

export function decideNavigation(url: string, location: RendererLocation): NavigationDecision {
  if (isAppUrl(url, location)) return { kind: 'allow' };
  const external = externalUrl(url);
  return external === null ? { kind: 'block' } : { kind: 'open-external', url: external };
}

/** For window.open and target=_blank: never a new window; an https link opens in the browser. */
export function handleWindowOpen(url: string, openExternal: (url: string) => Promise<void>): { action: 'deny' } {
  const external = externalUrl(url);
  if (external !== null) void openExternal(external).catch(() => undefined);
  return { action: 'deny' };
}

/**
 * The renderer's Content-Security-Policy. In development the Vite dev server needs its inline
 * React-refresh preamble and its HMR websocket; the built app needs neither.
 */
export function contentSecurityPolicy(location: RendererLocation): string {
  const dev = location.kind === 'dev';
  const devOrigin = dev ? new URL(location.url) : null;
  const hmr = devOrigin === null ? '' : ` ws://${devOrigin.host} wss://${devOrigin.host}`;
  return [
    "default-src 'self'",
    `script-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    // Component libraries set style attributes; no script can be injected through them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${hmr}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

/** Response headers with our CSP in place of any the response carried. */
export function withContentSecurityPolicy(
  headers: Record<string, string[] | string> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
