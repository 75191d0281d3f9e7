// Validates request input (query, params, body) against a zod schema; a failure is a typed
// INVALID_ARGUMENT naming the fields, never an echo of the input.
import type { z } from 'zod';
import { AppError, ErrorCodes } from '../model/errors.js';

export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => i.path.join('.') || '(root)');
  const first = r.error.issues[0];
  throw new AppError(
    ErrorCodes.INVALID_ARGUMENT,
    `invalid ${what}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'malformed'}`,
    { fields },
  );
}
