/**
 * The tray icon and its menu; what they show and what the items do comes from tray-menu.ts.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayOverallState } from '../core/jobs/tray-model';
import type { NotificationContent } from './notifications';
import { runTrayAction, watchTrayMenu, type TrayAction, type TrayCore, type TrayMenuItem } from './tray-menu';

export interface AppTray {
  destroy(): void;
}

export interface TrayDeps {
  core: TrayCore;
  /** The assets folder (tray icons live in assets/tray). */
  assetsDir: string;
  onOpen(): void;
  onQuit(): void;
  /** Shows a failed "Back up now" or "Cancel" to the user. */
  notify(content: NotificationContent): void;
}

export function createTray(deps: TrayDeps): AppTray {
  const icon = (state: TrayOverallState) => nativeImage.createFromPath(join(deps.assetsDir, 'tray', `${state}.png`));
  let shownIcon: TrayOverallState = 'idle';
  let shownTooltip = 'Borg Desk';
  const tray = new Tray(icon(shownIcon));
  tray.setToolTip(shownTooltip);
  // Windows and most Linux trays: a click opens the window; the menu is on right click.
  tray.on('click', () => deps.onOpen());

  const run = (action: TrayAction): void => {
    void runTrayAction(action, { core: deps.core, open: deps.onOpen, quit: deps.onQuit, notify: deps.notify });
  };

  const stop = watchTrayMenu(
    deps.core,
    (view) => {
      if (tray.isDestroyed()) return;
      if (view.icon !== shownIcon) {
        shownIcon = view.icon;
        tray.setImage(icon(view.icon));
      }
      if (view.tooltip !== shownTooltip) {
        shownTooltip = view.tooltip;
        tray.setToolTip(view.tooltip);
      }
      tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(view.items, run)));
    },
    { platform: process.platform },
  );

  return {
    destroy: () => {
      stop();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

export function toMenuTemplate(items: TrayMenuItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'submenu':
        return { label: item.label, submenu: toMenuTemplate(item.items, run) };
      case 'action':
        return {
          label: item.label,
          enabled: item.enabled ?? true,
          ...(item.id === undefined ? {} : { id: item.id }),
          ...(item.toolTip === undefined ? {} : { toolTip: item.toolTip }),
          click: () => run(item.action),
        };
    }
  });
}
