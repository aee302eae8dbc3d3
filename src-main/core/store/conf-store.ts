import Conf from 'conf';
import type { OpenStore } from './types';

/** conf in plain Node (headless server, tests); the app passes electron-store with the same options. */
export function confStore(dataDir: string): OpenStore {
  return (options) =>
    new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: options.configName,
      projectName: 'borg-desk',
      projectVersion: options.projectVersion,
      defaults: options.defaults,
      migrations: options.migrations,
      clearInvalidConfig: false,
      configFileMode: 0o600,
    });
}
