/**
 * "5 minutes ago", "yesterday", "in 2 hours": how long ago a time was, in the English the rest of
 * the interface speaks. Shared by the tray (core) and the renderer, so both say the same thing.
 * Written out rather than Intl.RelativeTimeFormat: building that formatter costs a page about
 * 15 ms of locale data on first use, more than a screenful of repository rows.
 * Dependency-free, so the renderer can bundle it without pulling in the contract's schemas.
 */

const UNITS: ReadonlyArray<readonly [unit: string, seconds: number, last: string, next: string]> = [
  ['year', 365 * 86_400, 'last year', 'next year'],
  ['month', 30 * 86_400, 'last month', 'next month'],
  ['week', 7 * 86_400, 'last week', 'next week'],
  ['day', 86_400, 'yesterday', 'tomorrow'],
  ['hour', 3_600, '1 hour ago', 'in 1 hour'],
  ['minute', 60, '1 minute ago', 'in 1 minute'],
];

/** Under this many seconds either way, it is "just now". */
const JUST_NOW_SECONDS = 45;

/** `then` relative to `now` (both ms since the epoch) in words. */
export function relativeTimeWords(then: number, now: number): string {
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < JUST_NOW_SECONDS) return 'just now';
  for (const [unit, size, last, next] of UNITS) {
    // Rounded away from zero alike both ways: 90 seconds ago is "2 minutes ago", as it is "in 2 minutes".
    if (abs < size && unit !== 'minute') continue;
    const count = Math.max(1, Math.round(abs / size));
    if (count === 1) return seconds < 0 ? last : next;
    return seconds < 0 ? `${count} ${unit}s ago` : `in ${count} ${unit}s`;
  }
  return 'just now';
}
