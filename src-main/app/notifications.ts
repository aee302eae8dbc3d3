/**
 * Native notifications when a job ends. The decision (which jobs, what text, whether it stays)
 * is plain data from `jobNotification`; Electron's Notification class is passed in by main.ts,
 * so nothing here loads Electron.
 */
import type { NotificationConstructorOptions } from 'electron';
import prettyBytes from 'pretty-bytes';
import type { Core } from '../core/core';
import type { Job, JobKind } from '../core/contract/jobs';

export interface NotificationContent {
  title: string;
  body: string;
  /** Stays until dismissed (failures), where the platform allows it. */
  persistent: boolean;
  urgency: 'low' | 'normal' | 'critical';
}

const NOUN: Record<JobKind, string> = { backup: 'Backup', check: 'Check', compact: 'Compaction' };

/** What to tell the user about a job, or null when it has not ended (queued, running). */
export function jobNotification(job: Job, repositoryName: string): NotificationContent | null {
  const subject = `${NOUN[job.kind]} of ${repositoryName}`;
  switch (job.state) {
    case 'queued':
    case 'running':
      return null;
    case 'succeeded':
      return { title: `${subject} finished`, body: resultText(job), persistent: false, urgency: 'normal' };
    case 'succeeded_with_warnings': {
      const [first, ...rest] = job.warnings;
      const body = first === undefined ? resultText(job) : rest.length > 0 ? `${first} (and ${rest.length} more)` : first;
      return { title: `${subject} finished with warnings`, body, persistent: false, urgency: 'normal' };
    }
    case 'failed':
      return {
        title: `${subject} failed`,
        body: job.error?.message ?? 'See the job log in Borg Desk.',
        persistent: true,
        urgency: 'critical',
      };
    case 'cancelled':
      return { title: `${subject} cancelled`, body: job.error?.message ?? '', persistent: false, urgency: 'low' };
  }
}

function resultText(job: Job): string {
  const result = job.result;
  if (result === null) return '';
  if (job.kind === 'backup' && result.nfiles !== null && result.deduplicated_size !== null) {
    return `${result.nfiles.toLocaleString('en')} files, ${prettyBytes(result.deduplicated_size)} new data.`;
  }
  if (job.kind === 'check') return 'No problems found.';
  return '';
}

/** Electron options for the content: persistence is a timeout on Linux and Windows, urgency only matters on Linux. */
export function nativeNotificationOptions(
  content: NotificationContent,
  platform: NodeJS.Platform,
  iconPath?: string,
): NotificationConstructorOptions {
  return {
    title: content.title,
    body: content.body,
    timeoutType: content.persistent ? 'never' : 'default',
    ...(platform === 'linux' ? { urgency: content.urgency } : {}),
    ...(iconPath === undefined || platform === 'darwin' ? {} : { icon: iconPath }),
  };
}

/** The part of Electron's Notification this module uses. */
export interface NativeNotification {
  show(): void;
  on(event: 'click', listener: () => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'failed', listener: () => void): this;
}

export interface NativeNotificationClass {
  new (options: NotificationConstructorOptions): NativeNotification;
  isSupported(): boolean;
}

export interface Notifier {
  /** Shows it; false when the system has no notifications. */
  show(content: NotificationContent): boolean;
}

export interface NotifierOptions {
  platform: NodeJS.Platform;
  /** Clicking a notification: focus the main window. */
  onClick(): void;
  iconPath?: string;
}

export function createNotifier(NativeClass: NativeNotificationClass, options: NotifierOptions): Notifier {
  // Held until closed: a collected notification loses its click handler.
  const live = new Set<NativeNotification>();
  return {
    show(content) {
      if (!NativeClass.isSupported()) return false;
      const notification = new NativeClass(nativeNotificationOptions(content, options.platform, options.iconPath));
      live.add(notification);
      notification.on('click', () => options.onClick());
      notification.on('close', () => live.delete(notification));
      notification.on('failed', () => live.delete(notification));
      notification.show();
      return true;
    },
  };
}

export interface JobNotificationDeps {
  core: Pick<Core, 'invoke' | 'events'>;
  notifier: Notifier;
}

// How many finished job ids are remembered to avoid notifying twice.
const REMEMBERED_JOBS = 500;

/** Notifies once per job when it ends. Returns the stop function. */
export function watchJobNotifications(deps: JobNotificationDeps): () => void {
  const notified = new Set<string>();
  let stopped = false;

  const repositoryName = async (id: number): Promise<string> => {
    try {
      const found = (await deps.core.invoke('repositories.list', {})).find((r) => r.id === id);
      if (found !== undefined) return found.name;
    } catch {
      // Fall through to a name without the store.
    }
    return `repository ${id}`;
  };

  const onUpdated = async (job: Job): Promise<void> => {
    if (job.state === 'queued' || job.state === 'running' || notified.has(job.id)) return;
    // Marked before the name lookup, so a second event for the same job during it is dropped too.
    notified.add(job.id);
    if (notified.size > REMEMBERED_JOBS) notified.delete(notified.values().next().value as string);
    const content = jobNotification(job, await repositoryName(job.repository_id));
    if (content !== null && !stopped) deps.notifier.show(content);
  };

  const off = deps.core.events.on('jobs.updated', (job) => void onUpdated(job));
  return () => {
    stopped = true;
    off();
  };
}
