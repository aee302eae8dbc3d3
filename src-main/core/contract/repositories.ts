import { z } from 'zod';
import { parseCustomFlags } from '../borg/custom-flags';

export const ENCRYPTION_MODES = ['repokey', 'keyfile', 'repokey-blake2', 'keyfile-blake2', 'none'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];
/** What an imported repository may report; `authenticated*` cannot be created here but can be imported. */
export type RepositoryEncryption = EncryptionMode | 'authenticated' | 'authenticated-blake2';
export const KEYFILE_MODES: readonly EncryptionMode[] = ['keyfile', 'keyfile-blake2'];

export const REPOSITORY_MODES = ['full', 'observe'] as const;
export type RepositoryMode = (typeof REPOSITORY_MODES)[number];

/** borg expands the placeholders itself when the archive is created: host and local time to the second. */
export const DEFAULT_ARCHIVE_NAME_TEMPLATE = '{hostname}-{now:%Y-%m-%dT%H:%M:%S}';

export const LIMITS = {
  nameLength: 100,
  pathLength: 4096,
  listLength: 1000,
  patternLength: 4096,
  scriptLength: 65536,
  hookTimeoutMax: 86400,
  passphraseLength: 1024,
  keyfileBytes: 64 * 1024,
  customFlagsLength: 4096,
} as const;

/** The repository record as it travels on every wire and is stored (less the secrets). */
export interface Repository {
  id: number;
  name: string;
  path: string;
  encryption: RepositoryEncryption;
  compression: string;
  source_directories: string[];
  exclude_patterns: string[];
  repository_type: 'local' | 'ssh';
  host: string | null;
  port: number | null;
  username: string | null;
  ssh_key_id: number | null;
  connection_id: number | null;
  remote_path: string | null;
  last_backup: string | null;
  last_check: string | null;
  last_compact: string | null;
  /** Deduplicated size on disk, formatted for people ("15.24 GB"); null until known. */
  total_size: string | null;
  /** The same size in bytes, the value to compute with. */
  total_size_bytes: number | null;
  archive_count: number;
  created_at: string;
  updated_at: string;
  pre_backup_script: string | null;
  post_backup_script: string | null;
  hook_timeout: number;
  pre_hook_timeout: number;
  post_hook_timeout: number;
  continue_on_hook_failure: boolean;
  mode: RepositoryMode;
  bypass_lock: boolean;
  custom_flags: string | null;
  /** How backups name their archives; borg placeholders such as {hostname} and {now:...}. */
  archive_name_template: string;
  has_running_maintenance: boolean;
  has_keyfile: boolean;
  source_ssh_connection_id: number | null;
  /** borg's own repository id (64 hex digits), pinned at create/import. */
  borg_repository_id: string | null;
  last_refresh_at: string | null;
  /** Why the last status refresh failed; null when it succeeded. */
  last_refresh_error: { code: string; message: string; at: string } | null;
}

/** Live details from borg, added by Get. */
export interface RepositoryDetails {
  repository: Repository;
  live: {
    borg_repository_id: string;
    encryption: string;
    location: string;
    total_size_bytes: number;
    total_compressed_bytes: number;
    unique_compressed_bytes: number;
    archive_count: number;
    newest_archive: { name: string; time: string } | null;
  } | null;
  live_error: { code: string; message: string } | null;
}

const trimmedName = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(LIMITS.nameLength, `name must be at most ${LIMITS.nameLength} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'name must not contain control characters');

const pathString = z
  .string({ error: 'path is required' })
  .trim()
  .min(1, 'path is required')
  .max(LIMITS.pathLength)
  .refine((s) => !s.includes('\u0000'), 'path must not contain NUL characters');

const absoluteDir = z
  .string()
  .trim()
  .min(1, 'a source directory must not be empty')
  .max(LIMITS.pathLength)
  .refine((s) => !s.includes('\u0000'), 'a source directory must not contain NUL characters')
  .refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s), 'source directories must be absolute paths');

const pattern = z
  .string()
  .min(1, 'an exclude pattern must not be empty')
  .max(LIMITS.patternLength)
  // eslint-disable-next-line no-control-regex -- NUL and newlines are exactly what is refused
  .refine((s) => !/[\u0000\n\r]/.test(s), 'an exclude pattern must be a single line');

/** lz4, zstd[,1-22], zlib[,0-9], lzma[,0-9], none, optionally wrapped in auto,... */
export const COMPRESSION_RE = /^(auto,)?(lz4|none|zstd(,([1-9]|1\d|2[0-2]))?|zlib(,\d)?|lzma(,\d)?)$/;
const compression = z
  .string()
  .trim()
  .regex(COMPRESSION_RE, 'compression must be lz4, zstd, zlib, lzma or none, optionally with a level (e.g. "zstd,10")');

const passphrase = z
  .string()
  .max(LIMITS.passphraseLength, `passphrase must be at most ${LIMITS.passphraseLength} characters`)
  .refine((s) => !s.includes('\n') && !s.includes('\u0000'), 'passphrase must not contain newlines');

const hookTimeout = z
  .number()
  .int('hook timeouts are whole seconds')
  .min(1, 'hook timeouts must be at least 1 second')
  .max(LIMITS.hookTimeoutMax, `hook timeouts must be at most ${LIMITS.hookTimeoutMax} seconds`);

const script = z.string().max(LIMITS.scriptLength).nullable();
const id = z.number().int().positive();

const customFlags = z
  .string()
  .max(LIMITS.customFlagsLength)
  .nullable()
  .superRefine((value, ctx) => {
    if (value === null || value.trim() === '') return;
    const parsed = parseCustomFlags(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

const archiveNameTemplate = z
  .string()
  .trim()
  .min(1, 'archive_name_template must not be empty')
  .max(200, 'archive_name_template must be at most 200 characters')
  .regex(/^[A-Za-z0-9._@+{}:%, -]+$/, 'archive_name_template may hold letters, digits, . _ - @ + , spaces and borg placeholders such as {hostname} or {now:%Y-%m-%d}')
  .refine((s) => !s.includes('::'), 'archive_name_template must not contain "::"')
  .refine((s) => /\{(now|utcnow|unixtime)[^}]*\}/.test(s), 'archive_name_template needs a time placeholder ({now}, {utcnow} or {unixtime}) so every backup gets its own name');

const remotePath = z
  .string()
  .trim()
  .max(LIMITS.pathLength)
  .refine((s) => s === '' || /^[^\s'"`$;&|<>\\]+$/.test(s), 'remote_path must be a plain path without spaces or shell characters')
  .nullable();

const sharedSettings = {
  compression: compression.default('lz4'),
  source_directories: z.array(absoluteDir).max(LIMITS.listLength).default([]),
  exclude_patterns: z.array(pattern).max(LIMITS.listLength).default([]),
  connection_id: id.nullable().optional(),
  remote_path: remotePath.optional(),
  mode: z.enum(REPOSITORY_MODES, { error: 'mode must be full or observe' }).default('full'),
  bypass_lock: z.boolean().default(false),
  custom_flags: customFlags.optional(),
  archive_name_template: archiveNameTemplate.default(DEFAULT_ARCHIVE_NAME_TEMPLATE),
  source_connection_id: id.nullable().optional(),
  pre_backup_script: script.optional(),
  post_backup_script: script.optional(),
  hook_timeout: hookTimeout.default(300),
  pre_hook_timeout: hookTimeout.default(300),
  post_hook_timeout: hookTimeout.default(300),
  continue_on_hook_failure: z.boolean().default(false),
};

function crossFieldRules(
  value: { mode?: RepositoryMode; bypass_lock?: boolean; source_directories?: string[] },
  ctx: z.RefinementCtx,
  requireSources: boolean,
): void {
  if (value.bypass_lock === true && value.mode !== 'observe') {
    ctx.addIssue({ code: 'custom', path: ['bypass_lock'], message: 'bypass_lock is only allowed in observe mode' });
  }
  if (requireSources && value.mode === 'full' && (value.source_directories ?? []).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['source_directories'],
      message: 'source_directories needs at least one directory in full mode (or use observe mode)',
    });
  }
}

export const CreateRepositoryInput = z
  .strictObject({
    name: trimmedName,
    path: pathString,
    encryption: z.enum(ENCRYPTION_MODES, { error: 'encryption must be repokey, keyfile, repokey-blake2, keyfile-blake2 or none' }).default('repokey'),
    passphrase: passphrase.optional(),
    ...sharedSettings,
  })
  .superRefine((value, ctx) => {
    crossFieldRules(value, ctx, true);
    if (value.encryption !== 'none' && (value.passphrase === undefined || value.passphrase === '')) {
      ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'passphrase is required unless encryption is none' });
    }
    if (value.encryption === 'none' && value.passphrase !== undefined && value.passphrase !== '') {
      ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'an unencrypted repository takes no passphrase' });
    }
  });
export type CreateRepositoryInput = z.input<typeof CreateRepositoryInput>;

export const ImportRepositoryInput = z
  .strictObject({
    name: trimmedName,
    path: pathString,
    encryption: z.enum(ENCRYPTION_MODES).optional(),
    passphrase: passphrase.optional(),
    keyfile_content: z.string().max(LIMITS.keyfileBytes, 'keyfile_content is too large to be a borg key').optional(),
    ...sharedSettings,
  })
  .superRefine((value, ctx) => crossFieldRules(value, ctx, true));
export type ImportRepositoryInput = z.input<typeof ImportRepositoryInput>;

export const RepositoryChanges = z
  .strictObject({
    name: trimmedName.optional(),
    path: pathString.optional(),
    compression: compression.optional(),
    source_directories: z.array(absoluteDir).max(LIMITS.listLength).optional(),
    exclude_patterns: z.array(pattern).max(LIMITS.listLength).optional(),
    remote_path: remotePath.optional(),
    mode: z.enum(REPOSITORY_MODES, { error: 'mode must be full or observe' }).optional(),
    bypass_lock: z.boolean().optional(),
    custom_flags: customFlags.optional(),
    archive_name_template: archiveNameTemplate.optional(),
    source_connection_id: id.nullable().optional(),
    pre_backup_script: script.optional(),
    post_backup_script: script.optional(),
    hook_timeout: hookTimeout.optional(),
    pre_hook_timeout: hookTimeout.optional(),
    post_hook_timeout: hookTimeout.optional(),
    continue_on_hook_failure: z.boolean().optional(),
    passphrase: passphrase.optional(),
    current_passphrase: passphrase.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.passphrase !== undefined && value.current_passphrase === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['current_passphrase'],
        message: 'changing the stored passphrase needs the current one (current_passphrase)',
      });
    }
  });
export type RepositoryChanges = z.input<typeof RepositoryChanges>;

export const RepositoryId = z.strictObject({ id });
export const UpdateRepositoryInput = z.strictObject({ id, changes: RepositoryChanges });
export const DeleteRepositoryInput = z.strictObject({
  id,
  /** Needed when the app holds the only copy of a keyfile: the user has exported it or accepts losing it. */
  confirm_keyfile_loss: z.boolean().optional(),
});
export const UploadKeyfileInput = z.strictObject({
  id,
  content: z.string().min(1, 'the keyfile is empty').max(LIMITS.keyfileBytes, 'the file is too large to be a borg key'),
});
export const ExportKeyfileInput = z.strictObject({ id, format: z.enum(['keyfile', 'paper']).default('keyfile') });
export const RefreshInput = z.strictObject({ id: id.optional() });

export interface KeyfileExport {
  filename: string;
  content: string;
  format: 'keyfile' | 'paper';
}
