/**
 * The Electron app's lifecycle: one instance, the core created once the app is ready, IPC,
 * the window, the tray, job notifications, and a clean shutdown that lets the core stop its borg processes.
 */
import { join } from 'node:path';
import { Notification, app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron';
import { createCore } from '../core';
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { registerIpcHandlers } from '../ipc/handlers';
import { resolveRendererLocation } from '../ipc/sender';
import { createDialogHandlers } from './dialogs';
import { openElectronStore, openSecretsFile } from './electron-store';
import { createNotifier, watchJobNotifications } from './notifications';
import { createSafeStorageSecrets } from './safe-storage-secrets';
import { createTray, type AppTray } from './tray';
import { createMainWindow, hardenAllWebContents, hardenSession } from './windows';

export interface AppPaths {
  /** The folder of the built main entry (out/main); preload and renderer sit beside it. */
  mainDir: string;
}

// How long quitting waits for the core to stop its children before giving up.
const CLOSE_TIMEOUT_MS = 15_000;

export function runApp(paths: AppPaths): void {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId('app.borgdesk.desktop');

  const renderer = resolveRendererLocation({
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    isPackaged: app.isPackaged,
    indexPath: join(paths.mainDir, '../renderer/index.html'),
  });
  const preloadPath = join(paths.mainDir, '../preload/index.cjs');
  const assetsDir = join(app.getAppPath(), 'assets');
  hardenAllWebContents(app, renderer);

  let mainWindow: BrowserWindow | null = null;
  let core: Core | null = null;
  let tray: AppTray | null = null;
  let stopNotifications: (() => void) | null = null;
  let disposeIpc: (() => void) | null = null;
  let shutdown: 'running' | 'closing' | 'closed' = 'running';

  const getWindow = (): BrowserWindow | null => (mainWindow === null || mainWindow.isDestroyed() ? null : mainWindow);

  const showWindow = (): void => {
    if (!app.isReady() || core === null || shutdown !== 'running') return;
    const existing = getWindow();
    if (existing !== null) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    const created = createMainWindow({ preloadPath, renderer, iconPath: join(assetsDir, 'icon.png') });
    created.on('closed', () => {
      if (mainWindow === created) mainWindow = null;
    });
    mainWindow = created;
  };

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // With a tray the app keeps running when its window closes (reopen from the tray or by launching again).
  app.on('window-all-closed', () => {
    if (tray === null && process.platform !== 'darwin') app.quit();
  });

  const closeEverything = async (): Promise<void> => {
    // First, so jobs cancelled by the shutdown itself do not notify.
    stopNotifications?.();
    stopNotifications = null;
    tray?.destroy();
    tray = null;
    disposeIpc?.();
    disposeIpc = null;
    if (core !== null) await withTimeout(core.close(), CLOSE_TIMEOUT_MS);
    core = null;
  };

  app.on('will-quit', (event) => {
    if (shutdown === 'closed') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    closeEverything()
      .catch((error: unknown) => console.error('Borg Desk did not shut down cleanly', error))
      .finally(() => {
        shutdown = 'closed';
        app.quit();
      });
  });

  const start = async (): Promise<void> => {
    hardenSession(session.defaultSession, renderer);
    const secrets = await createSafeStorageSecrets({
      safeStorage,
      store: openSecretsFile(app.getPath('userData'), (message) => console.warn(`[secrets] ${message}`)),
      platform: process.platform,
      warn: (message) => console.warn(`[secrets] ${message}`),
    });
    const created = await createCore({
      dataDir: app.getPath('userData'),
      openStore: openElectronStore,
      secrets,
      mode: 'desktop',
      appVersion: app.getVersion(),
    });
    if (shutdown !== 'running') {
      await created.close();
      return;
    }
    core = created;
    disposeIpc = registerIpcHandlers({
      ipcMain,
      core: created,
      desktop: createDialogHandlers({
        showOpenDialog: (options) => {
          const window = getWindow();
          return window === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(window, options);
        },
        showSaveDialog: (options) => {
          const window = getWindow();
          return window === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(window, options);
        },
        defaultDirectory: app.getPath('documents'),
      }),
      getWindow,
      renderer,
    });
    showWindow();
    const notifier = createNotifier(Notification, {
      platform: process.platform,
      onClick: showWindow,
      iconPath: join(assetsDir, 'icon.png'),
    });
    stopNotifications = watchJobNotifications({ core: created, notifier });
    try {
      tray = createTray({
        core: created,
        assetsDir,
        onOpen: showWindow,
        onQuit: () => app.quit(),
        notify: (content) => {
          if (!notifier.show(content)) console.warn(`[tray] ${content.title}: ${content.body}`);
        },
      });
    } catch (error) {
      console.warn('Borg Desk runs without a tray icon', error);
    }
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Borg Desk could not start', error);
      const detail = error instanceof AppError || error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Borg Desk could not start', detail);
      app.exit(1);
    });
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`Borg Desk stopped waiting for background work after ${ms / 1000} s`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
