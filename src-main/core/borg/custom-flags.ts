import { parse } from 'shell-quote';

/**
 * Options `borg create` may take from the user's custom_flags, and whether each takes a value.
 * An allow-list, not a deny-list: anything that changes how borg connects (--rsh, --remote-path),
 * what it runs (--content-from-command, --paths-from-command), what it reads from stdin, or an
 * option the app sets itself (--json, --log-json, --progress, --bypass-lock) is refused, and a bare
 * word can never slip in as an extra repository or source.
 */
const CREATE_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['--stats', false], ['-s', false],
  ['--list', false],
  ['--filter', true],
  ['--dry-run', false], ['-n', false],
  ['--comment', true],
  ['--timestamp', true],
  ['--checkpoint-interval', true], ['-c', true],
  ['--chunker-params', true],
  ['--exclude', true], ['-e', true],
  ['--exclude-from', true],
  ['--pattern', true],
  ['--patterns-from', true],
  ['--exclude-caches', false],
  ['--exclude-if-present', true],
  ['--keep-exclude-tags', false],
  ['--exclude-nodump', false],
  ['--one-file-system', false], ['-x', false],
  ['--numeric-owner', false], ['--numeric-ids', false],
  ['--noatime', false], ['--atime', false],
  ['--noctime', false], ['--nobirthtime', false],
  ['--nobsdflags', false], ['--noflags', false],
  ['--noacls', false], ['--noxattrs', false],
  ['--sparse', false],
  ['--files-cache', true],
  ['--read-special', false],
  ['--upload-ratelimit', true],
  ['--upload-buffer', true],
  ['--lock-wait', true],
  ['--info', false], ['-v', false], ['--verbose', false],
  ['--debug', false], ['--warning', false], ['--error', false], ['--critical', false],
  ['--show-rc', false], ['--show-version', false],
]);

export type ParsedFlags = { ok: true; args: string[] } | { ok: false; error: string };

/** Splits custom_flags without a shell and keeps only options borg create may safely take. */
export function parseCustomFlags(input: string): ParsedFlags {
  const tokens = parse(input, (name) => `$${name}`);
  const args: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') {
      return { ok: false, error: 'custom_flags must not contain shell syntax (pipes, redirects, globs or comments)' };
    }
    if (token.includes('\u0000')) return { ok: false, error: 'custom_flags must not contain NUL characters' };
    args.push(token);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) {
      return { ok: false, error: `custom_flags may only hold options; "${arg}" is not one` };
    }
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--rsh' || flag === '--remote-path') {
      return { ok: false, error: `${flag} is not allowed in custom_flags: set it in its own field (remote_path, SSH connection)` };
    }
    const takesValue = CREATE_OPTIONS.get(flag);
    if (takesValue === undefined) {
      return { ok: false, error: `${flag} is not an option Borg Desk passes to borg create` };
    }
    if (takesValue && inlineValue === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
        return { ok: false, error: `${flag} needs a value` };
      }
      i++;
    } else if (!takesValue && inlineValue !== undefined) {
      return { ok: false, error: `${flag} takes no value` };
    }
  }
  return { ok: true, args };
}
