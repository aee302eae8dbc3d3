/**
 * Channel and event names, dependency-free so the sandboxed preload can bundle them.
 * contract/index.ts fails to compile if these drift from the operations it defines.
 */
export const CHANNELS = [
  'system.info',
  'repositories.list',
  'repositories.get',
  'repositories.create',
  'repositories.import',
  'repositories.update',
  'repositories.delete',
  'repositories.uploadKeyfile',
  'repositories.exportKeyfile',
  'repositories.refresh',
  'jobs.start',
  'jobs.list',
  'jobs.get',
  'jobs.cancel',
  'dialog.openFile',
  'dialog.pickDirectory',
  'dialog.saveFile',
] as const;

export const EVENT_NAMES = ['repositories.changed', 'jobs.progress', 'jobs.updated'] as const;
