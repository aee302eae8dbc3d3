/**
 * Binds the contract to ipcMain: one handler per channel, each checking the sender frame,
 * validating, and answering an envelope. Dependencies are arguments so tests use fakes.
 */
import type { z } from 'zod';
import {
  CHANNELS,
  EVENT_NAMES,
  operations,
  type CoreOperationName,
  type Envelope,
  type EventName,
  type OperationName,
  type OperationOutput,
  type ParsedInput,
} from '../core/contract';
import type { Core } from '../core/core';
import { AppError, toErrorInfo } from '../core/errors';
import { validationError } from '../core/validation';
import { isAppUrl, isTrustedSender, type FrameLike, type RendererLocation } from './sender';

/** Operations only the desktop app answers (native dialogs). */
export type DesktopOperationName = Exclude<OperationName, CoreOperationName>;

/** Handlers for the desktop-only operations; they receive input already parsed by the contract schema. */
export type DesktopHandlers = {
  [K in DesktopOperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>>;
};

/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of Electron's BrowserWindow used here. */
export interface WindowLike {
  isDestroyed(): boolean;
  readonly webContents: {
    readonly mainFrame: FrameLike;
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };
}

export interface IpcDeps {
  ipcMain: IpcMainLike;
  core: Pick<Core, 'invoke' | 'events'>;
  desktop: DesktopHandlers;
  getWindow: () => WindowLike | null;
  renderer: RendererLocation;
  /** Where unexpected errors are reported (never to the renderer). */
  logError?: (message: string, error: unknown) => void;
}

/** The channel a push event travels on; the preload listens on the same string. */
export function eventChannel(name: EventName): string {
  return `borg-desk:event:${name}`;
}

export function isDesktopOperation(name: OperationName): name is DesktopOperationName {
  return operations[name].desktopOnly;
}

/** Registers every contract channel and forwards core events to the window; returns the undo. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const { ipcMain, core, getWindow, renderer } = deps;
  const logError = deps.logError ?? ((message, error) => console.error(message, error));

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input) => {
      const window = getWindow();
      const ownMainFrame =
        window === null || window.isDestroyed() || window.webContents.isDestroyed() ? null : window.webContents.mainFrame;
      if (!isTrustedSender(event.senderFrame, ownMainFrame, renderer)) {
        return failure(new AppError('FORBIDDEN', 'This request did not come from the Borg Desk window.'));
      }
      try {
        const value = isDesktopOperation(channel)
          ? await runDesktop(deps.desktop, channel, input)
          : await core.invoke(channel, input);
        return { ok: true, value } satisfies Envelope<unknown>;
      } catch (error) {
        if (!(error instanceof AppError)) logError(`IPC ${channel} failed unexpectedly`, error);
        return failure(error);
      }
    });
  }

  const unsubscribes = EVENT_NAMES.map((name) =>
    core.events.on(name, (payload) => {
      const window = getWindow();
      if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
      if (!isAppUrl(window.webContents.mainFrame.url, renderer)) return;
      window.webContents.send(eventChannel(name), payload);
    }),
  );

  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

async function runDesktop<K extends DesktopOperationName>(
  desktop: DesktopHandlers,
  name: K,
  input: unknown,
): Promise<OperationOutput<K>> {
  const schema: z.ZodType = operations[name].input;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const handler = desktop[name] as (input: unknown) => Promise<OperationOutput<K>>;
  return handler(parsed.data);
}

function failure(error: unknown): Envelope<never> {
  return { ok: false, error: toErrorInfo(error) };
}
