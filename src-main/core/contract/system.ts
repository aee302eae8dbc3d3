import { z } from 'zod';

export interface BorgInfo {
  available: boolean;
  path: string | null;
  version: string | null;
  /** Why borg could not be used, with how to install it; null when available. */
  error: { code: 'BORG_MISSING' | 'BORG_FAILED'; message: string } | null;
}

export interface SystemInfo {
  app: { name: string; version: string };
  borg: BorgInfo;
  platform: string;
  mode: 'desktop' | 'server';
  data_dir: string;
  /** Things the user should know: a store kept aside as corrupt, secrets only in memory. */
  warnings: string[];
}

export const Empty = z.strictObject({}).optional().default({});

export const FileFilter = z.strictObject({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) });
export const OpenFileInput = z.strictObject({
  title: z.string().max(200).optional(),
  filters: z.array(FileFilter).max(10).optional(),
});
export const PickDirectoryInput = z.strictObject({ title: z.string().max(200).optional() });
export const SaveFileInput = z.strictObject({
  title: z.string().max(200).optional(),
  default_name: z.string().max(255),
  content: z.string().max(1024 * 1024),
});

export interface OpenedFile {
  name: string;
  content: string;
}
