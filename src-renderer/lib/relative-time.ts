import { relativeTimeWords } from '../../src-main/core/contract/relative-time';

// Building an Intl formatter costs far more than using one: keep one per locale.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

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
export function formatRelativeTime(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return 'Never';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : relativeTimeWords(time, now);
}

/** The full local date and time, for titles next to a relative time. */
export function formatDateTime(iso: string | null, locale?: string): string {
  if (iso === null) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return dateTimeFormat(locale).format(time);
}
