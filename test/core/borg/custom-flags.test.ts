import { describe, expect, it } from 'vitest';
import { parseCustomFlags } from '../../../src-main/core/borg/custom-flags';

describe('parseCustomFlags', () => {
  it('splits quoted values without a shell', () => {
    expect(parseCustomFlags('--stats --comment "two words" --exclude-if-present=.nobackup -x')).toEqual({
      ok: true,
      args: ['--stats', '--comment', 'two words', '--exclude-if-present=.nobackup', '-x'],
    });
  });

  it.each([
    ['--rsh "ssh -p 2"', /own field/],
    ['--remote-path=/opt/borg', /own field/],
    ['--paths-from-command -- find /', /not an option/],
    ['--stats | tee /tmp/x', /shell syntax/],
    ['--stats $(id)', /shell syntax|not one/],
    ['/etc/passwd', /only hold options/],
    ['--comment', /needs a value/],
    ['--stats=yes', /takes no value/],
    ['--bypass-lock', /not an option/],
  ])('refuses %s', (input, message) => {
    const result = parseCustomFlags(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
