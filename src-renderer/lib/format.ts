import prettyBytes from 'pretty-bytes';

/** Bytes for people; borg reports decimal units (GB), so do we. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  return prettyBytes(bytes);
}
