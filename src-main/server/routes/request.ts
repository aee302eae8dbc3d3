import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';

/** A positive integer from the URL, or a VALIDATION error (never NaN into the core). */
export function positiveInt(raw: string | undefined, field: string, what = field): number {
  if (raw === undefined || !/^[1-9]\d{0,9}$/.test(raw)) throw new AppError('VALIDATION', `The ${what} must be a positive integer.`, { field });
  return Number(raw);
}

/** The path's :id as a positive integer. */
export function pathId(request: FastifyRequest, what: string): number {
  return positiveInt((request.params as { id?: string }).id, 'id', `${what} id`);
}

/** The JSON body as an object (absent: empty); arrays and scalars are refused. */
export function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
