import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy,
  decideNavigation,
  externalUrl,
  handleWindowOpen,
  withContentSecurityPolicy,
} from '../../src-main/app/navigation';
import type { RendererLocation } from '../../src-main/ipc/sender';

const packaged: RendererLocation = { kind: 'file', indexPath: '/app/out/renderer/index.html' };
const dev: RendererLocation = { kind: 'dev', url: 'http://localhost:5173/' };

function directive(policy: string, name: string): string {
  return policy.split('; ').find((part) => part.startsWith(`${name} `)) ?? '';
}

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts in the built app', () => {
    const policy = contentSecurityPolicy(packaged);
    expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    expect(directive(policy, 'object-src')).toBe("object-src 'none'");
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('lets the dev server run its preamble and hot-reload socket, and nothing more', () => {
    const policy = contentSecurityPolicy(dev);
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'unsafe-inline'");
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' ws://localhost:5173 wss://localhost:5173");
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any policy the response carried, whatever its header case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' }, "default-src 'self'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('adds the policy to a response without headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('decideNavigation', () => {
  it('allows our renderer, including client-side routes', () => {
    expect(decideNavigation(`${pathToFileURL(packaged.indexPath).href}#/repositories`, packaged)).toEqual({ kind: 'allow' });
    expect(decideNavigation('http://localhost:5173/settings', dev)).toEqual({ kind: 'allow' });
  });

  it('sends https links to the browser instead', () => {
    expect(decideNavigation('https://borgbackup.readthedocs.io/', packaged)).toEqual({
      kind: 'open-external',
      url: 'https://borgbackup.readthedocs.io/',
    });
  });

  it('blocks every other destination', () => {
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', '']) {
      expect(decideNavigation(url, packaged), url).toEqual({ kind: 'block' });
    }
  });
});

describe('handleWindowOpen', () => {
  it('never opens a window, and opens only https links externally', async () => {
    const open = vi.fn(async () => undefined);
    expect(handleWindowOpen('https://example.com/docs', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('http://example.com/', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('file:///etc/passwd', open)).toEqual({ action: 'deny' });
    expect(open.mock.calls).toEqual([['https://example.com/docs']]);
  });

  it('survives an opener that fails', () => {
    expect(handleWindowOpen('https://example.com/', () => Promise.reject(new Error('no browser')))).toEqual({ action: 'deny' });
  });

  it('normalises what it hands out', () => {
    expect(externalUrl('HTTPS://Example.com')).toBe('https://example.com/');
    expect(externalUrl('not a url')).toBeNull();
  });
});
