import { describe, expect, it } from 'vitest';
import { LogLineParser, type BorgLogEntry } from '../../../src-main/core/borg/log-parser';

describe('LogLineParser', () => {
  it('joins a JSON line split across reads instead of logging garbage', () => {
    const entries: BorgLogEntry[] = [];
    const parser = new LogLineParser((e) => entries.push(e));
    parser.push('{"type": "archive_progress", "nfiles": 3, "fini');
    parser.push('shed": false}\n{"type": "log_message", "levelname": "ERROR", "message": "x", "msgid": "LockTimeout"}');
    expect(entries).toHaveLength(1);
    parser.end();
    expect(entries).toEqual([
      { type: 'archive_progress', nfiles: 3, finished: false },
      { type: 'log_message', levelname: 'ERROR', message: 'x', msgid: 'LockTimeout' },
    ]);
  });

  it('keeps non-JSON lines as text and drops blank ones', () => {
    const entries: BorgLogEntry[] = [];
    const parser = new LogLineParser((e) => entries.push(e));
    parser.push('Permission denied (publickey).\r\n\n{not json}\n');
    expect(entries).toEqual([
      { type: 'text', message: 'Permission denied (publickey).' },
      { type: 'text', message: '{not json}' },
    ]);
  });
});
