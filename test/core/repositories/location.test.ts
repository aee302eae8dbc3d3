import { describe, expect, it } from 'vitest';
import { formatLocation, locationKey, parseLocation } from '../../../src-main/core/repositories/location';

describe('repository locations', () => {
  it('folds the ways one local path can be written', () => {
    const keys = ['/backups/repo', '/backups/repo/', '/backups//repo', '/backups/./repo', '/backups/x/../repo', 'file:///backups/repo'].map((p) =>
      locationKey(parseLocation(p)),
    );
    expect(new Set(keys)).toEqual(new Set(['local:/backups/repo']));
  });

  it('keeps the port of an ssh location and folds host case and the default port', () => {
    expect(formatLocation(parseLocation('ssh://me@NAS.local/backups/repo/'))).toBe('ssh://me@nas.local:22/backups/repo');
    expect(locationKey(parseLocation('ssh://me@nas.local:22/backups/repo'))).toBe(locationKey(parseLocation('ssh://me@NAS.LOCAL/backups/repo')));
    expect(formatLocation(parseLocation('ssh://me@host:2222/~/repo'))).toBe('ssh://me@host:2222/~/repo');
  });

  it('brackets an IPv6 host so the port survives', () => {
    const location = parseLocation('ssh://me@[::1]:2222/srv/repo');
    expect(location).toMatchObject({ kind: 'ssh', host: '::1', port: 2222 });
    expect(formatLocation(location)).toBe('ssh://me@[::1]:2222/srv/repo');
  });

  it.each(['relative/repo', './repo', '~/repo', 'me@host:repo', 'host:repo', 'ssh://me@host/', ''])('refuses %j', (input) => {
    expect(() => parseLocation(input)).toThrow();
  });
});
