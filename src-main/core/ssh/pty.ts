import { spawn as spawnPty } from 'node-pty';

/** One prompt the program may show and how to answer it. */
export interface PromptRule {
  /** Matched against the output seen since the last answer (prompts do not end with a newline). */
  prompt: RegExp;
  /** The answer (sent with Enter), or null to stop the program: a prompt nobody may answer. */
  answer: string | null;
  /** How often this prompt may be answered; the next time stops the program (a wrong secret re-asks). */
  times?: number;
  /** Names the rule in the result. */
  name: string;
}

export interface PtyCall {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  rules: PromptRule[];
  timeoutMs: number;
  /** Called on each chunk of output; may write to the program (data after a marker). */
  onOutput?: (seen: string, write: (data: string) => void) => void;
}

export interface PtyResult {
  exitCode: number;
  /** Everything the program printed, with every answer removed (answers are secrets). */
  output: string;
  /** How often each rule (by name) was answered. */
  answered: Record<string, number>;
  /** Set when the program was stopped: a prompt asked once too often, an unanswerable prompt, or the timeout. */
  stopped: { reason: 'prompt-repeated' | 'prompt-refused' | 'timeout'; rule: string | null } | null;
}

const MAX_OUTPUT = 64 * 1024;

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Runs a program on a pseudo-terminal and answers its prompts (ssh-keygen, ssh-add, ssh asking a
 * password): the secrets never go into argv, the environment or a file. Bounded in time; on a
 * timeout or a repeated prompt the program is killed.
 */
export function runPty(call: PtyCall): Promise<PtyResult> {
  const secrets = call.rules.map((r) => r.answer).filter((a): a is string => a !== null);
  return new Promise((resolve, reject) => {
    let term: ReturnType<typeof spawnPty>;
    try {
      term = spawnPty(call.file, call.args, { name: 'dumb', cols: 400, rows: 40, env: call.env as Record<string, string> });
    } catch (error) {
      reject(error);
      return;
    }
    let output = '';
    let pending = '';
    let stopped: PtyResult['stopped'] = null;
    const answered: Record<string, number> = {};
    const stop = (reason: NonNullable<PtyResult['stopped']>['reason'], rule: string | null) => {
      if (stopped !== null) return;
      stopped = { reason, rule };
      try {
        term.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stop('timeout', null), call.timeoutMs);
    const write = (data: string) => {
      if (stopped === null) term.write(data);
    };

    term.onData((chunk) => {
      if (output.length < MAX_OUTPUT) output += chunk;
      pending += chunk;
      if (pending.length > MAX_OUTPUT) pending = pending.slice(-4096);
      for (const rule of call.rules) {
        if (!rule.prompt.test(pending)) continue;
        pending = '';
        const count = (answered[rule.name] ?? 0) + 1;
        if (rule.answer === null) {
          stop('prompt-refused', rule.name);
        } else if (count > (rule.times ?? 1)) {
          stop('prompt-repeated', rule.name);
        } else {
          answered[rule.name] = count;
          write(`${rule.answer}\r`);
        }
        return;
      }
      call.onOutput?.(output, write);
    });
    term.onExit(({ exitCode }) => {
      clearTimeout(timer);
      resolve({ exitCode, output: redact(output, secrets).replace(/\r/g, ''), answered, stopped });
    });
  });
}
