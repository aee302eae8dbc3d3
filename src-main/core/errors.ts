/** Stable error codes shared by the core, IPC, REST and the UI. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'REPO_LOCKED',
  'PASSPHRASE_WRONG',
  'PASSPHRASE_REQUIRED',
  'KEYFILE_MISSING',
  'KEYFILE_MISMATCH',
  'REPO_NOT_FOUND',
  'NOT_A_REPOSITORY',
  'REPO_EXISTS',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  'SSH_AUTH_FAILED',
  'SSH_CONNECTION_FAILED',
  'REMOTE_BORG_MISSING',
  'BORG_MISSING',
  'BORG_FAILED',
  'JOB_RUNNING',
  'OBSERVE_MODE',
  'HOOK_FAILED',
  'TIMEOUT',
  'CANCELLED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  PASSPHRASE_REQUIRED: 400,
  KEYFILE_MISMATCH: 400,
  NOT_A_REPOSITORY: 400,
  NOT_FOUND: 404,
  REPO_NOT_FOUND: 404,
  CONFLICT: 409,
  REPO_EXISTS: 409,
  JOB_RUNNING: 409,
  OBSERVE_MODE: 409,
  HOOK_FAILED: 500,
  HOST_KEY_UNKNOWN: 409,
  HOST_KEY_CHANGED: 409,
  KEYFILE_MISSING: 409,
  REPO_LOCKED: 423,
  PASSPHRASE_WRONG: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SSH_AUTH_FAILED: 502,
  SSH_CONNECTION_FAILED: 502,
  REMOTE_BORG_MISSING: 502,
  TIMEOUT: 504,
  CANCELLED: 409,
  BORG_MISSING: 500,
  BORG_FAILED: 500,
  INTERNAL: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Any thrown value as a safe, structured error (no stack, no internals). */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toJSON();
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}
