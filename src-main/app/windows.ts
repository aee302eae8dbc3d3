/**
 * The main window and the rules every web contents follows: isolated and sandboxed, a strict CSP,
 * no navigation away from our renderer, no new windows, no permissions, no webviews.
 */
import { BrowserWindow, shell, type App, type Session, type WebContents } from 'electron';
import { isAppUrl, rendererUrl, type RendererLocation } from '../ipc/sender';
import { contentSecurityPolicy, decideNavigation, handleWindowOpen, withContentSecurityPolicy } from './navigation';

export interface MainWindowOptions {
  preloadPath: string;
  renderer: RendererLocation;
  /** Window icon (Linux and Windows; macOS uses the bundle icon). */
  iconPath: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Borg Desk',
    icon: options.iconPath,
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void load(window, options.renderer);
  return window;
}

async function load(window: BrowserWindow, renderer: RendererLocation): Promise<void> {
  try {
    if (renderer.kind === 'dev') await window.loadURL(rendererUrl(renderer));
    else await window.loadFile(renderer.indexPath);
  } catch (error) {
    console.error('Borg Desk could not load its window', error);
  }
}

/** Permissions and the CSP header for the session the window uses. */
export function hardenSession(session: Session, renderer: RendererLocation): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const policy = contentSecurityPolicy(renderer);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}

/** Navigation, window-open and webview rules for every web contents the app ever creates. */
export function hardenAllWebContents(app: App, renderer: RendererLocation): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, renderer));
}

function guardWebContents(contents: WebContents, renderer: RendererLocation): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url, (target) => shell.openExternal(target)));
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, renderer);
    if (decision.kind === 'allow') return;
    event.preventDefault();
    if (decision.kind === 'open-external') void shell.openExternal(decision.url).catch(() => undefined);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url, renderer)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, renderer)) event.preventDefault();
  });
}
