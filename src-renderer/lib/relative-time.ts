const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "2 hours ago", "yesterday", "in 3 days"; "Never" for null and the raw text for a date that does not parse. */
export function formatRelativeTime(iso: string | null, now: number = Date.now(), locale?: string): string {
  if (iso === null) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    // Rounded away from zero symmetrically: 90 seconds ago is "2 minutes ago", as it is "in 2 minutes".
    if (Math.abs(seconds) >= size) return format.format(Math.sign(seconds) * Math.round(Math.abs(seconds) / size), unit);
  }
  return format.format(0, 'second');
}

/** The full local date and time, for titles next to a relative time. */
export function formatDateTime(iso: string | null, locale?: string): string {
  if (iso === null) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}
