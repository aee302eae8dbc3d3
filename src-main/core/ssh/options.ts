import { quote } from 'shell-quote';
import { AppError } from '../errors';

export interface SshIdentity {
  /** The private key file (`-i`). */
  keyFile: string;
  /** The app's ssh-agent socket for a key with a passphrase; null: no agent at all. */
  agentSocket: string | null;
}

/** ssh expands %tokens and ${VARS} in file options; a literal % is %%, and ${ cannot be escaped. */
function literalPath(path: string): string {
  if (path.includes('${')) {
    throw new AppError('INTERNAL', `The path ${path} contains "\${", which ssh would expand; move the Borg Desk data folder elsewhere.`);
  }
  return path.replace(/%/g, '%%');
}

/** A file path as the value of `-o Option=value`: ssh splits such values at spaces unless quoted. */
function configValue(path: string): string {
  const literal = literalPath(path);
  if (!/[\s"'\\]/.test(literal)) return literal;
  return `"${literal.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The options of every non-interactive ssh call: no user config, no prompts, only the app's pinned
 * host keys, only this connection's key. Without -p and destination (borg appends its own).
 */
export function batchSshOptions(knownHostsFile: string, identity: SshIdentity): string[] {
  return [
    '-F', '/dev/null',
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${configValue(knownHostsFile)}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'CheckHostIP=no',
    '-o', 'UpdateHostKeys=no',
    '-o', 'IdentitiesOnly=yes',
    '-o', `IdentityAgent=${identity.agentSocket === null ? 'none' : configValue(identity.agentSocket)}`,
    '-o', 'PasswordAuthentication=no',
    '-o', 'KbdInteractiveAuthentication=no',
    '-o', 'ConnectTimeout=15',
    '-o', 'ServerAliveInterval=30',
    '-o', 'ServerAliveCountMax=4',
    // Not `-i`: ssh checks -i's path before expanding %tokens in it, so no spelling of a literal % works there.
    '-o', `IdentityFile=${configValue(identity.keyFile)}`,
  ];
}

/** The options of the one interactive call (deploying a key with a password): still only pinned host keys. */
export function passwordSshOptions(knownHostsFile: string): string[] {
  return [
    '-F', '/dev/null',
    '-T',
    '-o', 'BatchMode=no',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${configValue(knownHostsFile)}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'CheckHostIP=no',
    '-o', 'UpdateHostKeys=no',
    '-o', 'IdentityAgent=none',
    '-o', 'PubkeyAuthentication=no',
    '-o', 'PreferredAuthentications=keyboard-interactive,password',
    '-o', 'NumberOfPasswordPrompts=1',
    '-o', 'ConnectTimeout=15',
  ];
}

/**
 * Keeps ssh's stderr readable before borg sees its stdout close. borg reads stdout first when both
 * are ready, so a quick failure ("Permission denied", "borg: not found") often lost the only line
 * saying why (measured: 4 in 10 auth failures). The script is constant; ssh and every argument
 * reach it as "$@", never as text for the shell to parse.
 */
const STDERR_FIRST = '"$@"; rc=$?; [ "$rc" -eq 0 ] || sleep 0.2; exit "$rc"';

/** BORG_RSH for borg: borg splits it with shlex and appends `-p PORT user@host borg serve ...`. */
export function borgRsh(knownHostsFile: string, identity: SshIdentity): string {
  return quote(['sh', '-c', STDERR_FIRST, 'sh', 'ssh', ...batchSshOptions(knownHostsFile, identity)]);
}

/** The environment for ssh children: nothing that could make ssh ask someone or use another agent. */
export function sshEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SSH_AUTH_SOCK', 'BORG_RSH']) delete env[name];
  return { ...env, LC_ALL: 'C', LANG: 'C' };
}
