/**
 * The tray icon and its menu; the menu's content comes from tray-menu.ts.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/core';
import { watchTrayMenu, type TrayAction, type TrayMenuItem } from './tray-menu';

export type TrayStatus = 'idle' | 'running' | 'error';

export interface AppTray {
  setStatus(status: TrayStatus): void;
  destroy(): void;
}

export interface TrayDeps {
  core: Pick<Core, 'invoke' | 'events'>;
  /** The assets folder (tray icons live in assets/tray). */
  assetsDir: string;
  onOpen(): void;
  onQuit(): void;
}

export function createTray(deps: TrayDeps): AppTray {
  const icon = (status: TrayStatus) => nativeImage.createFromPath(join(deps.assetsDir, 'tray', `${status}.png`));
  const tray = new Tray(icon('idle'));
  tray.setToolTip('Borg Desk');
  // Windows and most Linux trays: a click opens the window; the menu is on right click.
  tray.on('click', () => deps.onOpen());

  const run = (action: TrayAction): void => {
    if (action.kind === 'quit') deps.onQuit();
    else deps.onOpen();
  };

  const stop = watchTrayMenu(
    {
      listRepositories: async () =>
        (await deps.core.invoke('repositories.list', {})).map(({ id, name }) => ({ id, name })),
      onRepositoriesChanged: (listener) => deps.core.events.on('repositories.changed', listener),
    },
    (model) => {
      if (!tray.isDestroyed()) tray.setContextMenu(Menu.buildFromTemplate(model.map((item) => toMenuItem(item, run))));
    },
    process.platform,
  );

  return {
    setStatus: (status) => {
      if (!tray.isDestroyed()) tray.setImage(icon(status));
    },
    destroy: () => {
      stop();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

function toMenuItem(item: TrayMenuItem, run: (action: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, click: () => run(item.action) };
  }
}
