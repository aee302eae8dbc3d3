const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Building an Intl formatter costs far more than using one, and a list formats many dates: keep one per locale.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = relativeFormats.get(key);
  if (format === undefined) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(key, format);
  }
  return format;
}

function dateTimeFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** "2 hours ago", "yesterday", "in 3 days"; "Never" for null and the raw text for a date that does not parse. */
export function formatRelativeTime(iso: string | null, now: number = Date.now(), locale?: string): string {
  if (iso === null) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const format = relativeFormat(locale);
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
  return dateTimeFormat(locale).format(time);
}
