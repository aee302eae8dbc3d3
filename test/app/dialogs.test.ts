import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenDialogReturnValue, SaveDialogReturnValue } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPEN_FILE_MAX_BYTES, createDialogHandlers, safeFileName } from '../../src-main/app/dialogs';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'borg-desk-dialogs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function handlers(open: Partial<OpenDialogReturnValue>, save: Partial<SaveDialogReturnValue> = {}) {
  const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [], ...open }));
  const showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: '', ...save }));
  return { showOpenDialog, showSaveDialog, ...createDialogHandlers({ showOpenDialog, showSaveDialog, defaultDirectory: '/home/me/Documents', platform: 'linux' }) };
}

describe('dialog.openFile', () => {
  it('returns the chosen file name and its text', async () => {
    const path = join(dir, 'repo.key');
    await writeFile(path, 'BORG_KEY 1234\nabcd\n');
    const h = handlers({ filePaths: [path] });
    await expect(h['dialog.openFile']({ title: 'Keyfile', filters: [{ name: 'Keys', extensions: ['key'] }] })).resolves.toEqual({
      name: 'repo.key',
      content: 'BORG_KEY 1234\nabcd\n',
    });
    expect(h.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Keyfile', filters: [{ name: 'Keys', extensions: ['key'] }], properties: expect.arrayContaining(['openFile']) }),
    );
  });

  it('returns null when the dialog is cancelled', async () => {
    await expect(handlers({ canceled: true, filePaths: [] })['dialog.openFile']({})).resolves.toBeNull();
  });

  it('refuses a file over 1 MiB with VALIDATION', async () => {
    const path = join(dir, 'big.txt');
    await writeFile(path, 'x'.repeat(OPEN_FILE_MAX_BYTES + 1));
    await expect(handlers({ filePaths: [path] })['dialog.openFile']({})).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('reads a file of exactly 1 MiB', async () => {
    const path = join(dir, 'limit.txt');
    await writeFile(path, 'y'.repeat(OPEN_FILE_MAX_BYTES));
    const opened = await handlers({ filePaths: [path] })['dialog.openFile']({});
    expect(opened?.content.length).toBe(OPEN_FILE_MAX_BYTES);
  });

  it('refuses a file that is not UTF-8 text', async () => {
    const path = join(dir, 'binary.bin');
    await writeFile(path, Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    await expect(handlers({ filePaths: [path] })['dialog.openFile']({})).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('answers NOT_FOUND for a file that vanished', async () => {
    await expect(handlers({ filePaths: [join(dir, 'gone')] })['dialog.openFile']({})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('dialog.pickDirectory', () => {
  it('asks for a directory, allowing a new one, and returns its path', async () => {
    const h = handlers({ filePaths: ['/backups/new'] });
    await expect(h['dialog.pickDirectory']({ title: 'Repository folder' })).resolves.toBe('/backups/new');
    expect(h.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Repository folder', properties: expect.arrayContaining(['openDirectory', 'createDirectory']) }),
    );
  });

  it('returns null when cancelled', async () => {
    await expect(handlers({ canceled: true })['dialog.pickDirectory']({})).resolves.toBeNull();
  });
});

describe('dialog.saveFile', () => {
  it('writes the content readable by the owner only', async () => {
    const target = join(dir, 'exported.key');
    const h = handlers({}, { filePath: target });
    await expect(h['dialog.saveFile']({ default_name: 'exported.key', content: 'BORG_KEY 99' })).resolves.toEqual({ saved: true });
    expect(await readFile(target, 'utf8')).toBe('BORG_KEY 99');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(h.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '/home/me/Documents/exported.key' }));
  });

  it('tightens the permissions of a file it overwrites', async () => {
    const target = join(dir, 'old.key');
    await writeFile(target, 'old');
    await chmod(target, 0o644);
    await handlers({}, { filePath: target })['dialog.saveFile']({ default_name: 'old.key', content: 'new' });
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('writes nothing when cancelled', async () => {
    const h = handlers({}, { canceled: true, filePath: '' });
    await expect(h['dialog.saveFile']({ default_name: 'x', content: 'y' })).resolves.toEqual({ saved: false });
  });

  it('offers only a file name, never a directory the page chose', async () => {
    const h = handlers({}, { canceled: true });
    await h['dialog.saveFile']({ default_name: '../../etc/cron.d/evil', content: '' });
    expect(h.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '/home/me/Documents/evil' }));
    expect(safeFileName('..\\..\\win.ini')).toBe('win.ini');
    expect(safeFileName('..')).toBe('untitled');
    expect(safeFileName('a\u0000b\n')).toBe('ab');
  });
});
