import type { ErrorCode } from '../lib/contract';

/** Codes the renderer adds to the contract's: the server could not be reached at all. */
export type TransportErrorCode = ErrorCode | 'NETWORK';

/** A failed operation, rebuilt from the `{ ok: false, error }` envelope or a REST error body. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: TransportErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}
