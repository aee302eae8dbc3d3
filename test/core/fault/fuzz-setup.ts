import type { CoreOperationName, OperationName } from '../../../src-main/core/contract';
import type { CoreSandbox } from '../../fixtures/core';
import { safeInput, type FuzzContext } from './fuzz-kit';

/** Seeds a sandboxed core with one repository, one SSH key and one connection for the fuzzers to aim at. */
export async function seedFuzzContext(sb: CoreSandbox): Promise<FuzzContext> {
  const sourceDir = sb.borg.tree('fuzz-source', 2);
  const repository = await sb.core.invoke('repositories.create', {
    name: 'fuzz-fixture',
    path: sb.borg.path('fuzz-fixture-repo'),
    encryption: 'none',
    source_directories: [sourceDir],
  });
  const key = await sb.core.invoke('ssh.keys.generate', { name: 'fuzz-fixture-key' });
  const connection = await sb.core.invoke('ssh.connections.create', {
    name: 'fuzz-fixture-connection',
    host: 'backup.invalid',
    username: 'borg',
    ssh_key_id: key.id,
  });
  return {
    repositoryId: repository.id,
    repositoryPath: repository.path,
    repositoryName: repository.name,
    keyId: key.id,
    keyName: key.name,
    connectionId: connection.id,
    sourceDir,
  };
}

/** The real core's invoke behind the guard that keeps valid fuzz inputs fast and local (see SAFE_REWRITES). */
export function guardedInvoke(sb: CoreSandbox, ctx: () => FuzzContext, seen?: Set<string>) {
  // Bound now: the REST suite puts this function in the core's own `invoke` slot.
  const invoke = sb.core.invoke.bind(sb.core);
  return (op: CoreOperationName, input: unknown): Promise<unknown> => {
    seen?.add(op);
    return invoke(op, safeInput(op as OperationName, input, ctx()));
  };
}
