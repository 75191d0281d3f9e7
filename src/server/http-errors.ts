// The one place where typed errors become HTTP statuses. Clients get `{ error: { code, message } }`
// and never a stack trace; unexpected errors are logged by id and reported as INTERNAL.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCodes, type ErrorCode } from '../model/errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  CONFIG_INVALID: 500,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_FORMAT: 415,
  UNSUPPORTED_LANGUAGE_PAIR: 422,
  ENGINE_UNAVAILABLE: 503,
  NETWORK_DISABLED: 503,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  MFA_REQUIRED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  LOCKED_OUT: 429,
  RATE_LIMITED: 429,
  PURPOSE_REQUIRED: 428,
  REASON_REQUIRED: 400,
  FIELD_TOO_LARGE: 413,
};

export function statusFor(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: Record<string, unknown> };
}

/** Fastify's own errors (bad JSON, body too large, unsupported media type) mapped to our codes. */
function fromFastify(e: FastifyError): AppError | null {
  const sc = e.statusCode ?? 0;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || sc === 413)
    return new AppError(ErrorCodes.FIELD_TOO_LARGE, 'request body too large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || sc === 415)
    return new AppError(ErrorCodes.UNSUPPORTED_FORMAT, 'request body must be application/json');
  if (sc >= 400 && sc < 500)
    return new AppError(ErrorCodes.INVALID_ARGUMENT, e.message.replace(/\s+/g, ' ').slice(0, 200));
  return null;
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const known =
    err instanceof AppError
      ? err
      : err && typeof err === 'object' && 'statusCode' in err
        ? fromFastify(err as FastifyError)
        : null;
  if (!known) {
    // never send internals to the client; log them with the request id (no case content: the
    // message of an unexpected error is logged, not the request body or query)
    req.log.error({ err }, 'unexpected error');
    const body: ErrorBody = {
      error: { code: 'INTERNAL', message: 'internal error', requestId: String(req.id) },
    };
    return reply.code(500).send(body);
  }
  const status = statusFor(known.code);
  if (status >= 500) req.log.error({ code: known.code }, known.message);
  const body: ErrorBody = {
    error: { code: known.code, message: known.message, requestId: String(req.id) },
  };
  // details may name files or fields, never case content; only pass through plain field names
  if (known.code === 'INVALID_ARGUMENT' && Array.isArray(known.details.fields))
    body.error.details = { fields: known.details.fields };
  return reply.code(status).send(body);
}
