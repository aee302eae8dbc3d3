import type { BorgInfo, SystemInfo } from '../contract';

export function systemInfo(borg: BorgInfo, options: { appVersion: string; mode: 'desktop' | 'server'; dataDir: string; warnings: string[] }): SystemInfo {
  return {
    app: { name: 'Borg Desk', version: options.appVersion },
    borg,
    platform: process.platform,
    mode: options.mode,
    data_dir: options.dataDir,
    warnings: options.warnings,
  };
}
