import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender, resolveRendererLocation, rendererUrl, type FrameLike, type RendererLocation } from '../../src-main/ipc/sender';

const indexPath = '/opt/Borg Desk/resources/app.asar/out/renderer/index.html';
const packaged: RendererLocation = { kind: 'file', indexPath };
const indexUrl = pathToFileURL(indexPath).href;
const dev: RendererLocation = { kind: 'dev', url: 'http://localhost:5173/' };

function mainFrame(url: string): FrameLike {
  return { url, parent: null };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing the built renderer', () => {
    const frame = mainFrame(indexUrl);
    expect(isTrustedSender(frame, frame, packaged)).toBe(true);
  });

  it('accepts a client-side route (hash or query) of the same index.html', () => {
    const frame = mainFrame(`${indexUrl}#/repositories/3?tab=keys`);
    expect(isTrustedSender(frame, frame, packaged)).toBe(true);
  });

  it('accepts the index whatever the percent-encoding of its path', () => {
    const frame = mainFrame('file:///opt/Borg%20Desk/resources/app.asar/out/renderer/%69ndex.html');
    expect(isTrustedSender(frame, frame, packaged)).toBe(true);
  });

  it('compares Windows drive paths without case', () => {
    const windows: RendererLocation = { kind: 'file', indexPath: '/C:/Program Files/Borg Desk/out/renderer/index.html' };
    const frame = mainFrame('file:///c:/program%20files/borg%20desk/out/renderer/index.html');
    expect(isTrustedSender(frame, frame, windows)).toBe(true);
  });

  it('refuses a missing sender frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(null, mainFrame(indexUrl), packaged)).toBe(false);
    expect(isTrustedSender(undefined, mainFrame(indexUrl), packaged)).toBe(false);
  });

  it('refuses when the app has no window', () => {
    expect(isTrustedSender(mainFrame(indexUrl), null, packaged)).toBe(false);
  });

  it('refuses a frame of another window even if it shows the same URL', () => {
    expect(isTrustedSender(mainFrame(indexUrl), mainFrame(indexUrl), packaged)).toBe(false);
  });

  it('refuses a subframe of our window', () => {
    const own = mainFrame(indexUrl);
    const child: FrameLike = { url: indexUrl, parent: own };
    expect(isTrustedSender(child, own, packaged)).toBe(false);
  });

  it('refuses our main frame once it shows anything but our renderer', () => {
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      pathToFileURL('/opt/Borg Desk/resources/app.asar/out/renderer/other.html').href,
      'file://evil-host/opt/Borg%20Desk/resources/app.asar/out/renderer/index.html',
      'about:blank',
      'not a url',
    ]) {
      const frame = mainFrame(url);
      expect(isTrustedSender(frame, frame, packaged), url).toBe(false);
    }
  });

  it('in development accepts the dev server origin and nothing else', () => {
    const ok = mainFrame('http://localhost:5173/#/repositories');
    expect(isTrustedSender(ok, ok, dev)).toBe(true);
    for (const url of ['http://localhost:5174/', 'http://127.0.0.1:5173/', 'https://localhost:5173/', 'http://user:pw@localhost:5173/', indexUrl]) {
      const frame = mainFrame(url);
      expect(isTrustedSender(frame, frame, dev), url).toBe(false);
    }
  });
});

describe('resolveRendererLocation', () => {
  it('uses the dev server only in an unpackaged app', () => {
    expect(resolveRendererLocation({ devServerUrl: 'http://localhost:5173', isPackaged: false, indexPath })).toEqual({
      kind: 'dev',
      url: 'http://localhost:5173/',
    });
    expect(resolveRendererLocation({ devServerUrl: 'http://localhost:5173', isPackaged: true, indexPath })).toEqual(packaged);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(resolveRendererLocation({ devServerUrl: 'file:///tmp/x.html', isPackaged: false, indexPath })).toEqual(packaged);
    expect(resolveRendererLocation({ devServerUrl: '', isPackaged: false, indexPath })).toEqual(packaged);
  });

  it('loads a URL that the sender check then accepts', () => {
    expect(isAppUrl(rendererUrl(packaged), packaged)).toBe(true);
    expect(isAppUrl(rendererUrl(dev), dev)).toBe(true);
  });
});
