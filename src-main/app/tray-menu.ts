/**
 * The tray menu as plain data, what its items do, and the small loop that keeps it current.
 * No Electron here: tray.ts turns the data into a Menu and an icon.
 */
import type { Core } from '../core/core';
import type { Job } from '../core/contract/jobs';
import type { Repository } from '../core/contract/repositories';
import {
  trayModel,
  type TrayJobAction,
  type TrayModel,
  type TrayOverallState,
  type TrayRepositoryLine,
} from '../core/jobs/tray-model';
import type { NotificationContent } from './notifications';

export type TrayAction = TrayJobAction | { kind: 'open' } | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | {
      type: 'action';
      label: string;
      action: TrayAction;
      /** Absent means enabled. */
      enabled?: boolean;
      /** Stable menu item id. */
      id?: string;
      /** Shown on hover where the platform can (macOS); other platforms get a label line too. */
      toolTip?: string;
    }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

export type TrayData = { state: 'loading' } | { state: 'failed' } | { state: 'loaded'; model: TrayModel };

/** Everything the tray shows: the menu, which icon, and the tooltip. */
export interface TrayView {
  items: TrayMenuItem[];
  icon: TrayOverallState;
  tooltip: string;
}

export const TRAY_MAX_REPOSITORIES = 15;
export const TRAY_LABEL_MAX = 48;
/** Repository names are shortened on their own so the state after them stays readable. */
export const TRAY_NAME_MAX = 24;
/** Explanations (why "Back up now" is disabled) are app sentences, allowed a little longer. */
export const TRAY_NOTE_MAX = 72;

export function buildTrayMenuModel(data: TrayData, platform: NodeJS.Platform): TrayMenuItem[] {
  const label = (text: string, max = TRAY_LABEL_MAX): string => menuLabel(text, platform, max);
  const items: TrayMenuItem[] = [];

  if (data.state === 'loading') {
    items.push({ type: 'label', label: 'Loading repositories…' });
  } else if (data.state === 'failed') {
    items.push({ type: 'label', label: 'Repositories unavailable' });
  } else {
    const { model } = data;
    if (model.running.length === 0) items.push({ type: 'label', label: label(statusLine(model)) });
    for (const [index, job] of model.running.entries()) {
      if (index > 0) items.push({ type: 'separator' });
      items.push(
        { type: 'label', label: label(withShortName(job.label, job.repository_name)) },
        {
          type: 'action',
          label: job.cancel.label,
          action: job.cancel.action,
          enabled: job.cancel.enabled,
          id: job.cancel.id,
        },
      );
    }
    items.push({ type: 'separator' });

    if (model.repositories.length === 0) {
      items.push({ type: 'label', label: 'No repositories yet' });
    } else {
      for (const line of model.repositories.slice(0, TRAY_MAX_REPOSITORIES)) items.push(repositoryItem(line, label));
      const hidden = model.repositories.length - TRAY_MAX_REPOSITORIES;
      if (hidden > 0) items.push({ type: 'action', label: `${hidden} more…`, action: { kind: 'open' } });
    }
  }

  items.push(
    { type: 'separator' },
    { type: 'action', label: 'Open Borg Desk', action: { kind: 'open' } },
    { type: 'action', label: 'Quit', action: { kind: 'quit' } },
  );
  return items;
}

function statusLine(model: TrayModel): string {
  if (model.state !== 'error') return 'No jobs running';
  const failed = model.repositories.filter((r) => r.state === 'failed').map((r) => r.name);
  // A failed repository with a new job waiting is "queued" in its line but still counts for the icon.
  return failed.length > 0 ? `Last job failed: ${failed.join(', ')}` : 'A recent job failed';
}

const STATE_NOTE: Partial<Record<TrayRepositoryLine['state'], string>> = {
  failed: 'Last job failed',
  warning: 'Last job finished with warnings',
};

function repositoryItem(line: TrayRepositoryLine, label: (text: string, max?: number) => string): TrayMenuItem {
  const main = withShortName(line.label, line.name) + (line.state === 'warning' ? ' (warnings)' : '');
  const note = STATE_NOTE[line.state];
  const reason = line.backup_now.disabled_reason;
  const items: TrayMenuItem[] = [{ type: 'label', label: label(line.last_backup_text) }];
  if (note !== undefined) items.push({ type: 'label', label: note });
  items.push({ type: 'separator' });
  items.push({
    type: 'action',
    label: line.backup_now.label,
    action: line.backup_now.action,
    enabled: line.backup_now.enabled,
    id: line.backup_now.id,
    ...(reason === null ? {} : { toolTip: reason }),
  });
  if (reason !== null) items.push({ type: 'label', label: label(reason, TRAY_NOTE_MAX) });
  return { type: 'submenu', label: label(main), items };
}

/** The model's label with the repository name in it shortened, so "— 5 minutes ago" survives a long name. */
function withShortName(text: string, name: string): string {
  const chars = Array.from(name);
  if (chars.length <= TRAY_NAME_MAX) return text;
  const short = `${chars.slice(0, TRAY_NAME_MAX - 1).join('')}…`;
  // A function replacement: a name may contain `$&` and friends.
  return text.replace(name, () => short);
}

/**
 * A menu label from text: one line, shortened, and with `&` doubled where Electron would
 * otherwise read it as a mnemonic marker (Windows and Linux).
 */
export function menuLabel(text: string, platform: NodeJS.Platform, max = TRAY_LABEL_MAX): string {
  // eslint-disable-next-line no-control-regex -- control characters would break the menu line
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const chars = Array.from(oneLine);
  const short = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : oneLine;
  return platform === 'darwin' ? short : short.replace(/&/g, '&&');
}

export function trayView(data: TrayData, platform: NodeJS.Platform): TrayView {
  return {
    items: buildTrayMenuModel(data, platform),
    icon: data.state === 'loaded' ? data.model.state : 'idle',
    tooltip:
      data.state === 'loaded' ? data.model.tooltip : data.state === 'failed' ? 'Borg Desk — status unavailable' : 'Borg Desk',
  };
}

export type TrayCore = Pick<Core, 'invoke' | 'events'>;

export interface TrayActionDeps {
  core: Pick<Core, 'invoke'>;
  open(): void;
  quit(): void;
  /** How a failed start or cancel reaches the user (a notification); never a crash. */
  notify(content: NotificationContent): void;
}

/** Does what a tray item says. Starting and cancelling report their errors through `notify`. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  switch (action.kind) {
    case 'open':
      deps.open();
      return;
    case 'quit':
      deps.quit();
      return;
    case 'backup':
      try {
        await deps.core.invoke('jobs.start', { repository_id: action.repository_id, kind: 'backup' });
      } catch (error) {
        deps.notify(actionFailed('The backup did not start', error));
      }
      return;
    case 'cancel':
      try {
        await deps.core.invoke('jobs.cancel', { id: action.job_id });
      } catch (error) {
        deps.notify(actionFailed('The job could not be cancelled', error));
      }
      return;
  }
}

function actionFailed(title: string, error: unknown): NotificationContent {
  return { title, body: error instanceof Error ? error.message : String(error), persistent: false, urgency: 'normal' };
}

export interface WatchTrayOptions {
  platform: NodeJS.Platform;
  now?: () => Date;
  /** Progress events rebuild the menu at most this often. */
  progressIntervalMs?: number;
  /** Relative times ("5 minutes ago") are redrawn this often even when nothing happens. */
  clockIntervalMs?: number;
}

/**
 * Renders the tray now and again after every repository or job change, and at most once a
 * second while progress arrives. A slow answer never overwrites a newer one. Returns the stop
 * function.
 */
export function watchTrayMenu(core: TrayCore, render: (view: TrayView) => void, options: WatchTrayOptions): () => void {
  const now = options.now ?? (() => new Date());
  const progressInterval = options.progressIntervalMs ?? 1000;
  let latest = 0;
  let stopped = false;
  let data: { state: 'loading' } | { state: 'failed' } | { state: 'loaded'; repositories: Repository[]; jobs: Job[] } = {
    state: 'loading',
  };

  const draw = (): void => {
    const shown: TrayData = data.state === 'loaded' ? { state: 'loaded', model: trayModel(data.repositories, data.jobs, now()) } : data;
    render(trayView(shown, options.platform));
  };

  const refresh = async (): Promise<void> => {
    const ticket = ++latest;
    let next: typeof data;
    try {
      const [repositories, jobs] = await Promise.all([
        core.invoke('repositories.list', {}),
        core.invoke('jobs.list', { limit: 100 }),
      ]);
      next = { state: 'loaded', repositories, jobs };
    } catch {
      next = { state: 'failed' };
    }
    if (stopped || ticket !== latest) return;
    data = next;
    draw();
  };

  // Leading and trailing: the first progress event redraws at once, the last one of a burst is never lost.
  let throttle: NodeJS.Timeout | null = null;
  let progressPending = false;
  const onProgress = (): void => {
    if (throttle !== null) {
      progressPending = true;
      return;
    }
    void refresh();
    throttle = setTimeout(() => {
      throttle = null;
      if (progressPending && !stopped) {
        progressPending = false;
        onProgress();
      }
    }, progressInterval);
  };

  draw();
  void refresh();
  const unsubscribe = [
    core.events.on('repositories.changed', () => void refresh()),
    core.events.on('jobs.updated', () => void refresh()),
    core.events.on('jobs.progress', onProgress),
  ];
  const clock = setInterval(() => {
    if (data.state === 'loaded') draw();
  }, options.clockIntervalMs ?? 60_000);

  return () => {
    stopped = true;
    for (const off of unsubscribe) off();
    clearInterval(clock);
    if (throttle !== null) clearTimeout(throttle);
  };
}
