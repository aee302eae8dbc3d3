import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from '../../../src-renderer/lib/relative-time';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [-10, 'just now'],
    [-44, 'just now'],
    [-50, '1 minute ago'],
    [-90, '2 minutes ago'],
    [-3600, '1 hour ago'],
    [-2 * 3600, '2 hours ago'],
    [-26 * 3600, 'yesterday'],
    [-3 * 86400, '3 days ago'],
    [-8 * 86400, 'last week'],
    [-14 * 86400, '2 weeks ago'],
    [-35 * 86400, 'last month'],
    [-65 * 86400, '2 months ago'],
    [-400 * 86400, 'last year'],
    [-800 * 86400, '2 years ago'],
    [90, 'in 2 minutes'],
    [26 * 3600, 'tomorrow'],
    [3 * 86400, 'in 3 days'],
  ])('%i seconds from now reads "%s"', (seconds, text) => {
    expect(formatRelativeTime(at(seconds), NOW)).toBe(text);
  });

  it('says Never for no date and keeps text it cannot parse', () => {
    expect(formatRelativeTime(null, NOW)).toBe('Never');
    expect(formatRelativeTime('soon', NOW)).toBe('soon');
  });
});
