// The timeline view's API (action timeline.view): activity over time across devices (messages and
// calls per day or per hour, by device), activity by hour of day, and the events of a time window
// in time order with keyset paging, each message linking to its conversation. Times are UTC.
import { z } from 'zod';
import { sql, type RawBuilder } from 'kysely';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { limitParam, stringList, timeParam } from '../query-schemas.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const TimelineFilter = z.object({
  device: stringList.optional(),
  app: stringList.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
});
type TimelineFilter = z.infer<typeof TimelineFilter>;

const HistogramInput = TimelineFilter.extend({
  /** Bin width: a day, an hour, or chosen from the range (hours for a week or less). */
  bucket: z.enum(['day', 'hour', 'auto']).default('auto'),
});

interface Cursor {
  t: number;
  k: string;
  i: string;
}

function checkRange(f: TimelineFilter) {
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'from must be before to', {
      fields: ['from', 'to'],
    });
}

/** WHERE conditions for one table (messages: sent_at; calls: started_at). */
function where(
  caseId: string,
  f: TimelineFilter,
  at: 'sent_at' | 'started_at',
): RawBuilder<unknown> {
  const col = sql.ref(at);
  const parts: RawBuilder<unknown>[] = [sql`case_id = ${caseId}`, sql`${col} IS NOT NULL`];
  if (f.device?.length) parts.push(sql`device_id IN (${sql.join(f.device)})`);
  if (f.app?.length) parts.push(sql`app IN (${sql.join(f.app)})`);
  if (f.from !== undefined) parts.push(sql`${col} >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`${col} < ${f.to}`);
  return sql.join(parts, sql` AND `);
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (Number.isSafeInteger(c.t) && typeof c.k === 'string' && typeof c.i === 'string') return c;
  } catch {
    // fall through
  }
  throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'invalid paging cursor', { fields: ['cursor'] });
}

export const timelineRoutes: RouteModule = (api, { app }) => {
  const db = app.store.db;

  api.get(
    '/cases/:caseId/timeline',
    { config: { access: { action: 'timeline.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(HistogramInput, req.query, 'query');
      checkRange(q);
      const range = await sql<{ first: number | null; last: number | null }>`
        SELECT MIN(t) AS first, MAX(t) AS last FROM (
          SELECT MIN(sent_at) AS t FROM messages WHERE ${where(kase.id, q, 'sent_at')}
          UNION ALL SELECT MAX(sent_at) FROM messages WHERE ${where(kase.id, q, 'sent_at')}
          UNION ALL SELECT MIN(started_at) FROM calls WHERE ${where(kase.id, q, 'started_at')}
          UNION ALL SELECT MAX(started_at) FROM calls WHERE ${where(kase.id, q, 'started_at')}
        ) r`.execute(db);
      const first = range.rows[0]?.first == null ? null : Number(range.rows[0].first);
      const last = range.rows[0]?.last == null ? null : Number(range.rows[0].last);
      const span = first === null || last === null ? 0 : last - first;
      const bucket = q.bucket === 'auto' ? (span <= 7 * DAY ? 'hour' : 'day') : q.bucket;
      const width = bucket === 'hour' ? HOUR : DAY;
      const bins = await sql<{ kind: string; device_id: string; b: number; n: number }>`
        SELECT 'message' AS kind, device_id, CAST(sent_at / ${width} AS BIGINT) AS b, COUNT(*) AS n
          FROM messages WHERE ${where(kase.id, q, 'sent_at')} GROUP BY device_id, CAST(sent_at / ${width} AS BIGINT)
        UNION ALL
        SELECT 'call' AS kind, device_id, CAST(started_at / ${width} AS BIGINT) AS b, COUNT(*) AS n
          FROM calls WHERE ${where(kase.id, q, 'started_at')} GROUP BY device_id, CAST(started_at / ${width} AS BIGINT)`.execute(
        db,
      );
      const hours = await sql<{ kind: string; h: number; n: number }>`
        SELECT 'message' AS kind, CAST((sent_at % ${DAY}) / ${HOUR} AS INTEGER) AS h, COUNT(*) AS n
          FROM messages WHERE ${where(kase.id, q, 'sent_at')} GROUP BY CAST((sent_at % ${DAY}) / ${HOUR} AS INTEGER)
        UNION ALL
        SELECT 'call' AS kind, CAST((started_at % ${DAY}) / ${HOUR} AS INTEGER) AS h, COUNT(*) AS n
          FROM calls WHERE ${where(kase.id, q, 'started_at')} GROUP BY CAST((started_at % ${DAY}) / ${HOUR} AS INTEGER)`.execute(
        db,
      );
      const undated = await sql<{ m: number; c: number }>`SELECT
          (SELECT COUNT(*) FROM messages WHERE case_id = ${kase.id} AND sent_at IS NULL) AS m,
          (SELECT COUNT(*) FROM calls WHERE case_id = ${kase.id} AND started_at IS NULL) AS c`.execute(
        db,
      );
      const devices = await db
        .selectFrom('devices')
        .select(['id', 'label', 'exhibit'])
        .where('case_id', '=', kase.id)
        .orderBy('label')
        .execute();
      const apps = await sql<{ app: string }>`
        SELECT DISTINCT app FROM messages WHERE case_id = ${kase.id}
        UNION SELECT DISTINCT app FROM calls WHERE case_id = ${kase.id} ORDER BY app`.execute(db);

      const byBin = new Map<
        number,
        { t: number; messages: number; calls: number; byDevice: Record<string, number> }
      >();
      const perDevice = new Map<string, { messages: number; calls: number }>();
      for (const r of bins.rows) {
        const b = Number(r.b);
        const n = Number(r.n);
        let bin = byBin.get(b);
        if (!bin) byBin.set(b, (bin = { t: b * width, messages: 0, calls: 0, byDevice: {} }));
        if (r.kind === 'message') bin.messages += n;
        else bin.calls += n;
        bin.byDevice[r.device_id] = (bin.byDevice[r.device_id] ?? 0) + n;
        const d = perDevice.get(r.device_id) ?? { messages: 0, calls: 0 };
        if (r.kind === 'message') d.messages += n;
        else d.calls += n;
        perDevice.set(r.device_id, d);
      }
      const hourOfDay = Array.from({ length: 24 }, (_, h) => ({ hour: h, messages: 0, calls: 0 }));
      for (const r of hours.rows) {
        const h = hourOfDay[Number(r.h)];
        if (!h) continue;
        if (r.kind === 'message') h.messages += Number(r.n);
        else h.calls += Number(r.n);
      }
      const ctx = caseAccessRequest(req);
      ctx.details = { bucket, filter: { ...q, bucket: undefined } };
      return {
        bucket,
        bucketMs: width,
        first,
        last,
        bins: [...byBin.values()].sort((a, b) => a.t - b.t),
        hourOfDay,
        devices: devices.map((d) => ({
          ...d,
          messages: perDevice.get(d.id)?.messages ?? 0,
          calls: perDevice.get(d.id)?.calls ?? 0,
        })),
        apps: apps.rows.map((r) => r.app),
        undated: {
          messages: Number(undated.rows[0]?.m ?? 0),
          calls: Number(undated.rows[0]?.c ?? 0),
        },
      };
    },
  );

  api.get(
    '/cases/:caseId/timeline/events',
    { config: { access: { action: 'timeline.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        TimelineFilter.extend({
          cursor: z.string().max(300).optional(),
          limit: limitParam(500, 100),
        }),
        req.query,
        'query',
      );
      checkRange(q);
      const c = q.cursor ? decodeCursor(q.cursor) : null;
      // keyset on (time, kind, id): stable across pages whatever else is added
      const after = (col: 'sent_at' | 'started_at', kind: string) =>
        c
          ? sql` AND (${sql.ref(col)} > ${c.t} OR (${sql.ref(col)} = ${c.t} AND (${kind} > ${c.k} OR (${kind} = ${c.k} AND id > ${c.i}))))`
          : sql``;
      const rows = await sql<{
        kind: 'message' | 'call';
        id: string;
        device_id: string;
        thread_id: string | null;
        app: string;
        direction: string;
        at: number;
        party: string | null;
        counterpart: string | null;
        preview: string | null;
        duration_s: number | null;
      }>`
        SELECT * FROM (
          SELECT 'message' AS kind, id, device_id, thread_id, app, direction, sent_at AS at,
                 sender AS party, counterpart, SUBSTR(body, 1, 160) AS preview, NULL AS duration_s
            FROM messages WHERE ${where(kase.id, q, 'sent_at')}${after('sent_at', 'message')}
            ORDER BY sent_at, id LIMIT ${q.limit + 1}
        ) m
        UNION ALL
        SELECT * FROM (
          SELECT 'call' AS kind, id, device_id, NULL AS thread_id, app, direction, started_at AS at,
                 caller AS party, counterpart, NULL AS preview, duration_s
            FROM calls WHERE ${where(kase.id, q, 'started_at')}${after('started_at', 'call')}
            ORDER BY started_at, id LIMIT ${q.limit + 1}
        ) c
        ORDER BY at, kind, id
        LIMIT ${q.limit + 1}`.execute(db);
      const more = rows.rows.length > q.limit;
      const page = rows.rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const ctx = caseAccessRequest(req);
      ctx.objects = page.map((r) => r.id);
      ctx.details = { page: c ? 'next' : 'first', events: page.length };
      return {
        events: page.map((r) => ({
          kind: r.kind,
          id: r.id,
          device: r.device_id,
          thread: r.thread_id,
          app: r.app,
          direction: r.direction,
          at: Number(r.at),
          party: r.party,
          counterpart: r.counterpart,
          preview: r.preview,
          durationS: r.duration_s === null ? null : Number(r.duration_s),
        })),
        next: more && last ? encodeCursor({ t: Number(last.at), k: last.kind, i: last.id }) : null,
      };
    },
  );
};
