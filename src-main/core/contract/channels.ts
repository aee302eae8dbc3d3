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
  'ssh.keys.list',
  'ssh.keys.generate',
  'ssh.keys.import',
  'ssh.keys.unlock',
  'ssh.keys.delete',
  'ssh.keys.deploy',
  'ssh.connections.list',
  'ssh.connections.get',
  'ssh.connections.create',
  'ssh.connections.update',
  'ssh.connections.delete',
  'ssh.connections.test',
  'ssh.hostKeys.get',
  'ssh.hostKeys.confirm',
  'dialog.openFile',
  'dialog.pickDirectory',
  'dialog.saveFile',
] as const;

export const EVENT_NAMES = ['repositories.changed', 'jobs.progress', 'jobs.updated'] as const;
