import type { Job, JobDetails, JobProgress, OperationOutput, Repository, SystemInfo } from '../../src-renderer/lib/contract';
import { repositoryRecord } from '../fixtures/records';

/** A repository as the renderer tests like it: some archives and a size, so rows have something to show. */
export function makeRepository(overrides: Partial<Repository> = {}): Repository {
  const id = overrides.id ?? 1;
  return repositoryRecord(id, `repo-${id}`, {
    path: `/backups/repo-${id}`,
    source_directories: ['/home/me'],
    total_size: '1.50 GB',
    total_size_bytes: 1_500_000_000,
    archive_count: 3,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-02T00:00:00Z',
    borg_repository_id: 'a'.repeat(64),
    last_refresh_at: '2024-01-02T00:00:00Z',
    ...overrides,
  });
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

export function makeJob(overrides: Partial<Job> = {}): Job {
  const state = overrides.state ?? 'running';
  const finished = state !== 'queued' && state !== 'running';
  return {
    id: 'job-1',
    repository_id: 1,
    kind: 'backup',
    state,
    created_at: '2024-05-01T10:00:00Z',
    started_at: state === 'queued' ? null : '2024-05-01T10:00:01Z',
    finished_at: finished ? '2024-05-01T10:05:01Z' : null,
    cancel_requested: false,
    progress: null,
    result: null,
    error: null,
    warnings: [],
    log_lines: 0,
    ...overrides,
  };
}

export function makeProgress(overrides: Partial<JobProgress> = {}): JobProgress {
  return {
    message: null,
    nfiles: null,
    original_size: null,
    compressed_size: null,
    deduplicated_size: null,
    path: null,
    current: null,
    total: null,
    percent: null,
    rate_bytes_per_second: null,
    eta_seconds: null,
    estimated_total_size: null,
    updated_at: '2024-05-01T10:01:00Z',
    ...overrides,
  };
}

export function makeJobDetails(overrides: Partial<JobDetails> = {}): JobDetails {
  const { log = [], ...rest } = overrides;
  return { ...makeJob(rest), log, log_lines: log.length };
}

type SshKey = OperationOutput<'ssh.keys.list'>[number];
type SshConnection = OperationOutput<'ssh.connections.list'>[number];

export const FINGERPRINT_A = 'SHA256:' + 'A'.repeat(43);
export const FINGERPRINT_B = 'SHA256:' + 'B'.repeat(43);

export function makeSshKey(overrides: Partial<SshKey> = {}): SshKey {
  const id = overrides.id ?? 1;
  return {
    id,
    name: `key-${id}`,
    key_type: 'ssh-ed25519',
    public_key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${'k'.repeat(43)} borg-desk:key-${id}`,
    fingerprint: 'SHA256:' + 'k'.repeat(43),
    origin: 'generated',
    has_passphrase: false,
    passphrase_stored: false,
    created_at: '2024-01-01T00:00:00Z',
    connection_ids: [],
    ...overrides,
  };
}

export function makeConnection(overrides: Partial<SshConnection> = {}): SshConnection {
  const id = overrides.id ?? 1;
  return {
    id,
    name: null,
    host: 'nas.local',
    port: 22,
    username: 'backup',
    ssh_key_id: 1,
    default_path: null,
    remote_path: null,
    host_key_fingerprint: null,
    last_test: null,
    repository_ids: [],
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}
