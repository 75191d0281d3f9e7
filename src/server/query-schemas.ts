// Shared zod pieces for request input: repeated query parameters, times, ids and paging.
import { z } from 'zod';

/** A query parameter given once or repeated (`?device=a&device=b`), as a list. */
export const stringList = z
  .union([z.string().max(300), z.array(z.string().max(300)).max(100)])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

/** A time as epoch milliseconds or an ISO-8601 date/time (UTC unless it says otherwise). */
export const timeParam = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const n = /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'expected epoch ms or an ISO-8601 time' });
      return z.NEVER;
    }
    return n;
  });

export const limitParam = (max: number, dflt: number) =>
  z.coerce.number().int().min(1).max(max).default(dflt);

export const idParam = z.string().min(1).max(200);

export const caseParams = z.object({ caseId: idParam });
