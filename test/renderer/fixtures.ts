import type { Repository, SystemInfo } from '../../src-renderer/lib/contract';

export function makeRepository(overrides: Partial<Repository> = {}): Repository {
  const id = overrides.id ?? 1;
  return {
    id,
    name: `repo-${id}`,
    path: `/backups/repo-${id}`,
    encryption: 'repokey',
    compression: 'lz4',
    source_directories: ['/home/me'],
    exclude_patterns: [],
    repository_type: 'local',
    host: null,
    port: null,
    username: null,
    ssh_key_id: null,
    connection_id: null,
    remote_path: null,
    last_backup: null,
    last_check: null,
    last_compact: null,
    total_size: '1.50 GB',
    total_size_bytes: 1_500_000_000,
    archive_count: 3,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-02T00:00:00Z',
    pre_backup_script: null,
    post_backup_script: null,
    hook_timeout: 300,
    pre_hook_timeout: 300,
    post_hook_timeout: 300,
    continue_on_hook_failure: false,
    mode: 'full',
    bypass_lock: false,
    custom_flags: null,
    has_running_maintenance: false,
    has_keyfile: false,
    source_ssh_connection_id: null,
    borg_repository_id: 'a'.repeat(64),
    last_refresh_at: '2024-01-02T00:00:00Z',
    last_refresh_error: null,
    ...overrides,
  };
}

export function makeSystemInfo(overrides: Partial<SystemInfo['borg']> = {}): SystemInfo {
  return {
    app: { name: 'Borg Desk', version: '0.1.0' },
    borg: { available: true, path: '/usr/bin/borg', version: '1.4.0', error: null, ...overrides },
    platform: 'linux',
    mode: 'desktop',
    data_dir: '/tmp/borg-desk',
    warnings: [],
  };
}
