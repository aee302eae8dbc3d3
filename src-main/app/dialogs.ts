/**
 * The desktop-only operations: native open/save/directory dialogs. The dialog functions are
 * passed in (bound to the main window in main.ts), so this runs in tests without Electron.
 */
import { open, writeFile, chmod } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { AppError } from '../core/errors';
import type { DesktopHandlers } from '../ipc/handlers';

/** Files the renderer may read through dialog.openFile: keyfiles, scripts, pattern lists. */
export const OPEN_FILE_MAX_BYTES = 1024 * 1024;

export interface DialogDeps {
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** Where the save dialog starts (e.g. the user's Documents folder). */
  defaultDirectory?: string;
  platform?: NodeJS.Platform;
}

export function createDialogHandlers(deps: DialogDeps): DesktopHandlers {
  return {
    'dialog.openFile': async (input) => {
      const result = await deps.showOpenDialog({
        title: input.title,
        filters: input.filters,
        properties: ['openFile', 'dontAddToRecent'],
      });
      const path = result.filePaths[0];
      if (result.canceled || path === undefined) return null;
      return { name: basename(path), content: await readTextFile(path, OPEN_FILE_MAX_BYTES) };
    },

    'dialog.pickDirectory': async (input) => {
      const result = await deps.showOpenDialog({
        title: input.title,
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
      });
      const path = result.filePaths[0];
      return result.canceled || path === undefined ? null : path;
    },

    'dialog.saveFile': async (input) => {
      const name = safeFileName(input.default_name);
      const result = await deps.showSaveDialog({
        title: input.title,
        defaultPath: deps.defaultDirectory === undefined ? name : join(deps.defaultDirectory, name),
        properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
      });
      if (result.canceled || result.filePath === '') return { saved: false };
      await writePrivateFile(result.filePath, input.content, deps.platform ?? process.platform);
      return { saved: true };
    },
  };
}

/** Reads a regular UTF-8 text file of at most `maxBytes`, refusing anything else with a VALIDATION error. */
export async function readTextFile(path: string, maxBytes: number): Promise<string> {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, `Could not open ${name}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new AppError('VALIDATION', `${name} is not a regular file.`);
    if (stats.size > maxBytes) {
      throw new AppError('VALIDATION', `${name} is too large (over ${Math.round(maxBytes / 1024)} KiB) to be read here.`, {
        size: stats.size,
        limit: maxBytes,
      });
    }
    // Read one byte past the limit, in case the file grew since stat.
    const buffer = Buffer.alloc(maxBytes + 1);
    let bytesRead = 0;
    while (bytesRead < buffer.length) {
      const chunk = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
      if (chunk.bytesRead === 0) break;
      bytesRead += chunk.bytesRead;
    }
    if (bytesRead > maxBytes) throw new AppError('VALIDATION', `${name} is too large to be read here.`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } catch {
      throw new AppError('VALIDATION', `${name} is not a text file.`);
    }
  } catch (error) {
    throw error instanceof AppError ? error : fileError(error, `Could not read ${name}`);
  } finally {
    await handle.close();
  }
}

/** Writes `content` readable by the owner only (exported keys are secrets). */
export async function writePrivateFile(path: string, content: string, platform: NodeJS.Platform): Promise<void> {
  try {
    await writeFile(path, content, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    throw fileError(error, `Could not save ${basename(path)}`);
  }
  // `mode` only applies to a new file; an overwritten one keeps its old permissions otherwise.
  if (platform !== 'win32') await chmod(path, 0o600).catch(() => undefined);
}

/** A default file name without any directory part the page might have slipped in. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'untitled' : cleaned;
}

function fileError(error: unknown, prefix: string): AppError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `${prefix}: it does not exist.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('FORBIDDEN', `${prefix}: permission denied.`);
  }
  if (code === 'EISDIR') return new AppError('VALIDATION', `${prefix}: it is a directory.`);
  return new AppError('INTERNAL', `${prefix} (${code}).`);
}
