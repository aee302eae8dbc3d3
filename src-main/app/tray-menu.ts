/**
 * The tray menu as plain data, and the small loop that keeps it current. No Electron here:
 * tray.ts turns the model into a Menu.
 */

export type TrayAction = { kind: 'open' } | { kind: 'open-repository'; id: number } | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; label: string; action: TrayAction };

export interface TrayRepository {
  id: number;
  name: string;
}

export type TrayRepositories =
  | { state: 'loading' }
  | { state: 'loaded'; repositories: TrayRepository[] }
  | { state: 'failed' };

export interface TrayMenuInput {
  /** One line about running jobs; null means none run. */
  jobStatus: string | null;
  repositories: TrayRepositories;
  platform: NodeJS.Platform;
}

export const TRAY_MAX_REPOSITORIES = 15;
export const TRAY_LABEL_MAX = 48;

export function buildTrayMenuModel(input: TrayMenuInput): TrayMenuItem[] {
  const label = (text: string): string => menuLabel(text, input.platform);
  const items: TrayMenuItem[] = [{ type: 'label', label: label(input.jobStatus ?? 'No jobs running') }, { type: 'separator' }];

  const repos = input.repositories;
  if (repos.state === 'loading') {
    items.push({ type: 'label', label: 'Loading repositories…' });
  } else if (repos.state === 'failed') {
    items.push({ type: 'label', label: 'Repositories unavailable' });
  } else if (repos.repositories.length === 0) {
    items.push({ type: 'label', label: 'No repositories yet' });
  } else {
    const sorted = [...repos.repositories].sort((a, b) => a.name.localeCompare(b.name));
    for (const repository of sorted.slice(0, TRAY_MAX_REPOSITORIES)) {
      items.push({ type: 'action', label: label(repository.name), action: { kind: 'open-repository', id: repository.id } });
    }
    const hidden = sorted.length - TRAY_MAX_REPOSITORIES;
    if (hidden > 0) items.push({ type: 'action', label: `${hidden} more…`, action: { kind: 'open' } });
  }

  items.push(
    { type: 'separator' },
    { type: 'action', label: 'Open Borg Desk', action: { kind: 'open' } },
    { type: 'action', label: 'Quit', action: { kind: 'quit' } },
  );
  return items;
}

/**
 * A menu label from user text: one line, shortened, and with `&` doubled where Electron would
 * otherwise read it as a mnemonic marker (Windows and Linux).
 */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- control characters would break the menu line
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const chars = Array.from(oneLine);
  const short = chars.length > TRAY_LABEL_MAX ? `${chars.slice(0, TRAY_LABEL_MAX - 1).join('')}…` : oneLine;
  return platform === 'darwin' ? short : short.replace(/&/g, '&&');
}

export interface TrayMenuSource {
  listRepositories(): Promise<TrayRepository[]>;
  /** Calls back when the repository list may have changed; returns the unsubscribe. */
  onRepositoriesChanged(listener: () => void): () => void;
}

/**
 * Renders the menu now and again after every repository change. A slow answer never
 * overwrites a newer one. Returns the stop function.
 */
export function watchTrayMenu(
  source: TrayMenuSource,
  render: (model: TrayMenuItem[]) => void,
  platform: NodeJS.Platform,
): () => void {
  let latest = 0;
  let stopped = false;
  let repositories: TrayRepositories = { state: 'loading' };

  const draw = (): void => render(buildTrayMenuModel({ jobStatus: null, repositories, platform }));
  const refresh = async (): Promise<void> => {
    const ticket = ++latest;
    let next: TrayRepositories;
    try {
      next = { state: 'loaded', repositories: await source.listRepositories() };
    } catch {
      next = { state: 'failed' };
    }
    if (stopped || ticket !== latest) return;
    repositories = next;
    draw();
  };

  draw();
  void refresh();
  const unsubscribe = source.onRepositoriesChanged(() => void refresh());
  return () => {
    stopped = true;
    unsubscribe();
  };
}
