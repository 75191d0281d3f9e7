// Structured request logs without case content: method, route path (never the query string, which
// carries search terms), status, timing and ids. Error objects keep their type and code only.
import type { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

export interface LogOptions {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where JSON log lines go (default stdout). */
  stream?: Writable;
}

/** Path of a URL without its query string or fragment. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const i = url.search(/[?#]/);
  return i === -1 ? url : url.slice(0, i);
}

export function loggerOptions(o: LogOptions): FastifyServerOptions['logger'] {
  if (o.level === 'silent') return false;
  return {
    level: o.level,
    ...(o.stream ? { stream: o.stream } : {}),
    serializers: {
      req(req: { method?: string; url?: string; id?: string; ip?: string }) {
        return { method: req.method, path: pathOnly(req.url), id: req.id, ip: req.ip };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
      err(err: { name?: string; code?: string; message?: string; stack?: string }) {
        // messages of our own errors are written to be safe; the stack is kept for operators
        return {
          type: err.name ?? 'Error',
          code: err.code,
          message: err.message ?? '',
          stack: err.stack ?? '',
        };
      },
    },
  };
}
