import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from '../../../src-renderer/lib/relative-time';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [10, 'now'],
    [90, '2 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
    [14 * 86400, '2 weeks ago'],
    [65 * 86400, '2 months ago'],
    [800 * 86400, '2 years ago'],
  ])('%i seconds ago reads "%s"', (seconds, text) => {
    expect(formatRelativeTime(ago(seconds), NOW, 'en')).toBe(text);
  });

  it('says Never for no date and keeps text it cannot parse', () => {
    expect(formatRelativeTime(null, NOW, 'en')).toBe('Never');
    expect(formatRelativeTime('soon', NOW, 'en')).toBe('soon');
  });
});
