import type { z } from 'zod';
import { AppError } from './errors';

/** A zod failure as one VALIDATION error: the first message up front, every issue in details. */
export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message,
  }));
  const first = issues[0];
  const message = first === undefined ? 'The input is not valid.' : first.path === '' ? first.message : `${first.path}: ${first.message}`;
  return new AppError('VALIDATION', message, { issues });
}
