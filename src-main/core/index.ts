import { mkdirSync } from 'node:fs';
import { detectBorg } from './borg/detect';
import { BorgRunner } from './borg/runner';
import { operations, type CoreOperationName, type OperationOutput, type ParsedInput } from './contract';
import type { Core, CoreDeps } from './core';
import { AppError } from './errors';
import { EventBus } from './events/emitter';
import { JOB_STORE, JobHistory } from './jobs/history';
import { JobService } from './jobs/service';
import type { RemoteConnections } from './repositories/access';
import { RepositoryActivity } from './repositories/activity';
import { KeyfileVault } from './repositories/keyfiles';
import { REPOSITORY_STORE, RepositoryRecords } from './repositories/records';
import { RepositoryService } from './repositories/service';
import { SSH_STORE } from './ssh/records';
import { SshService } from './ssh/service';
import { openStoreWithRecovery } from './store/open';
import { systemInfo } from './system/info';
import type { BorgInfo } from './contract';
import { validationError } from './validation';

export type { Core, CoreDeps } from './core';

type Handlers = { [K in CoreOperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>> | OperationOutput<K> };

export interface CoreInternals {
  repositories: RepositoryService;
  jobs: JobService;
  ssh: SshService;
  activity: RepositoryActivity;
  runner: BorgRunner;
  env: NodeJS.ProcessEnv;
}

/** Wires the core from its injected side effects; both front doors call `invoke`. */
/** `remote` replaces the SSH module as the repositories' connection source (tests). */
export function createCore(deps: CoreDeps, remote?: RemoteConnections): Core & { internals: CoreInternals } {
  mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
  const env = deps.env ?? process.env;
  const warnings: string[] = [];
  const opened = openStoreWithRecovery(deps.openStore, REPOSITORY_STORE, deps.dataDir);
  if (opened.recovered) {
    warnings.push(`The repository list could not be read and was kept aside as ${opened.recovered.brokenFile}; Borg Desk started with an empty list.`);
  }
  if (deps.secrets.recovered) {
    warnings.push(`The stored passphrases could not be read and were kept aside as ${deps.secrets.recovered.brokenFile}; enter each repository's passphrase again.`);
  }
  if (!deps.secrets.persistent) {
    warnings.push('No system keyring is available: passphrases are kept in memory only and must be entered again after a restart.');
  }
  const events = new EventBus();
  let borg: Promise<BorgInfo> = detectBorg(env, deps.borgPath);
  const runner = new BorgRunner({ borgPath: deps.borgPath ?? 'borg', env });
  void borg.then((found) => {
    if (found.path !== null) runner.useBinary(found.path);
  });
  const activity = new RepositoryActivity();
  const sshStore = openStoreWithRecovery(deps.openStore, SSH_STORE, deps.dataDir);
  if (sshStore.recovered) {
    warnings.push(`The SSH keys and connections list could not be read and was kept aside as ${sshStore.recovered.brokenFile}.`);
  }
  // Bound late: the repository service below needs this one as its connection source.
  const ssh: SshService = new SshService({ dataDir: deps.dataDir, store: sshStore.store, secrets: deps.secrets, env, repositories: () => repositories.list() });
  const repositories: RepositoryService = new RepositoryService({
    records: new RepositoryRecords(opened.store),
    secrets: deps.secrets,
    vault: new KeyfileVault(deps.dataDir),
    runner,
    connections: remote ?? ssh,
    activity,
    events,
  });
  const jobHistory = openStoreWithRecovery(deps.openStore, JOB_STORE, deps.dataDir);
  if (jobHistory.recovered) {
    warnings.push(`The job history could not be read and was kept aside as ${jobHistory.recovered.brokenFile}.`);
  }
  const jobs = new JobService({ repositories, activity, runner, events, history: new JobHistory(jobHistory.store), env });

  const handlers: Handlers = {
    'system.info': async () => {
      const found = await borg;
      // Look again if borg was missing: the user may have installed it since.
      if (!found.available) borg = detectBorg(env, deps.borgPath);
      return systemInfo(await borg, { appVersion: deps.appVersion, mode: deps.mode, dataDir: deps.dataDir, warnings });
    },
    'repositories.list': () => repositories.list(),
    'repositories.get': (input) => repositories.get(input.id),
    'repositories.create': (input) => repositories.create(input),
    'repositories.import': (input) => repositories.import(input),
    'repositories.update': (input) => repositories.update(input.id, input.changes),
    'repositories.delete': (input) => repositories.delete(input.id, input.confirm_keyfile_loss === true),
    'repositories.uploadKeyfile': (input) => repositories.uploadKeyfile(input.id, input.content),
    'repositories.exportKeyfile': (input) => repositories.exportKeyfile(input.id, input.format),
    'repositories.refresh': (input) => repositories.refresh(input.id),
    'jobs.start': (input) => jobs.start(input),
    'jobs.list': (input) => jobs.list(input),
    'jobs.get': (input) => jobs.get(input.id),
    'jobs.cancel': (input) => jobs.cancel(input.id),
    'ssh.keys.list': () => ssh.listKeys(),
    'ssh.keys.generate': (input) => ssh.generateKey(input),
    'ssh.keys.import': (input) => ssh.importKey(input),
    'ssh.keys.unlock': (input) => ssh.unlockKey(input.id, input.passphrase),
    'ssh.keys.delete': (input) => ssh.deleteKey(input.id),
    'ssh.keys.deploy': (input) => ssh.deployKey(input.connection_id, input.password),
    'ssh.connections.list': () => ssh.listConnections(),
    'ssh.connections.get': (input) => ssh.getConnection(input.id),
    'ssh.connections.create': (input) => ssh.createConnection(input),
    'ssh.connections.update': (input) => ssh.updateConnection(input.id, input.changes),
    'ssh.connections.delete': (input) => ssh.deleteConnection(input.id),
    'ssh.connections.test': (input) => ssh.testConnection(input.id),
    'ssh.hostKeys.get': (input) => ssh.hostKey(input.connection_id),
    'ssh.hostKeys.confirm': (input) => ssh.confirmHostKey(input.connection_id, input.fingerprint),
  };

  return {
    events,
    internals: { repositories, jobs, ssh, activity, runner, env },
    async invoke<K extends CoreOperationName>(op: K, rawInput: unknown): Promise<OperationOutput<K>> {
      const operation = operations[op];
      if (operation === undefined || operation.desktopOnly) throw new AppError('NOT_FOUND', `Unknown operation ${String(op)}.`);
      const parsed = operation.input.safeParse(rawInput ?? undefined);
      if (!parsed.success) throw validationError(parsed.error);
      const handler = handlers[op] as (input: unknown) => Promise<OperationOutput<K>> | OperationOutput<K>;
      return handler(parsed.data);
    },
    async close() {
      // Stops running jobs (their whole process groups) so no borg keeps a lock after exit.
      await jobs.close();
      await runner.stopAll();
      // The app's ssh-agent (keys with a passphrase) ends with the core.
      await ssh.close();
    },
  };
}
