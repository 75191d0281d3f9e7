// The timeline view's API on a real SQLite store with known messages and calls: bins by day and by
// hour with per-device counts, hour of day, filters, the events of a window in time order with
// keyset paging across messages and calls, conversation links, errors and the audit record.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON responses are checked by value */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms, type CommItem } from '../../graph/synthetic-comms.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const D0 = Date.UTC(2024, 2, 4); // a Monday, 00:00 UTC
const H = 3_600_000;
const DAY = 24 * H;

let t: TempStore & { kase: CaseRecord };
let dev: Map<string, string>;
let server: FastifyInstance;
let audit: MemoryAuditSink;
let base: string;

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-TIME' });
  const m = (device: string, at: number, app = 'sms'): CommItem => ({
    kind: 'message',
    device,
    from: 'owner',
    to: [P(9)],
    at,
    app,
  });
  const items: CommItem[] = [
    m('D1', D0 + 1 * H),
    m('D1', D0 + 1 * H + 60_000),
    m('D1', D0 + 23 * H),
    m('D2', D0 + 1 * H, 'whatsapp'),
    m('D2', D0 + 10 * DAY + 5 * H),
    { kind: 'call', device: 'D1', from: 'owner', to: [P(9)], at: D0 + 1 * H, durationS: 30 },
    { kind: 'message', device: 'D1', from: 'owner', to: [P(9)], at: null },
  ];
  ({ devices: dev } = await writeComms(t.store, t.kase.id, {
    devices: [
      { label: 'D1', owners: [P(1)] },
      { label: 'D2', owners: [P(2)] },
    ],
    items,
  }));
  await sql`UPDATE messages SET thread_id = 'thr_1', body = 'hello there' WHERE device_id = ${dev.get('D1')!}`.execute(
    t.store.db,
  );
  const app = testApp(t.store, t.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  base = `/api/cases/${t.kase.id}/timeline`;
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

async function get(url: string, status = 200): Promise<any> {
  const r = await server.inject({ url });
  if (r.statusCode !== status) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}

describe('GET /timeline', () => {
  it('counts messages and calls per day by device, by hour of day, and the undated ones', async () => {
    const r = await get(base);
    expect(r.bucket).toBe('day');
    expect(r.first).toBe(D0 + H);
    expect(r.last).toBe(D0 + 10 * DAY + 5 * H);
    const d1 = dev.get('D1')!;
    const d2 = dev.get('D2')!;
    expect(r.bins).toEqual([
      { t: D0, messages: 4, calls: 1, byDevice: { [d1]: 4, [d2]: 1 } },
      { t: D0 + 10 * DAY, messages: 1, calls: 0, byDevice: { [d2]: 1 } },
    ]);
    expect(r.hourOfDay[1]).toEqual({ hour: 1, messages: 3, calls: 1 });
    expect(r.hourOfDay[23]).toEqual({ hour: 23, messages: 1, calls: 0 });
    expect(r.hourOfDay[5]).toEqual({ hour: 5, messages: 1, calls: 0 });
    expect(r.hourOfDay.reduce((n: number, h: any) => n + h.messages + h.calls, 0)).toBe(6);
    expect(r.undated).toEqual({ messages: 1, calls: 0 });
    expect(r.devices.find((d: any) => d.id === d1)).toMatchObject({ messages: 3, calls: 1 });
    expect(r.apps).toEqual(['phone', 'sms', 'whatsapp']);
    expect(audit.events.at(-1)).toMatchObject({ action: 'timeline.view', outcome: 'success' });
  });

  it('zooms: hourly bins for a short range, and filters by device and app', async () => {
    const r = await get(`${base}?from=${D0}&to=${D0 + DAY}`);
    expect(r.bucket).toBe('hour');
    expect(r.bins.map((b: any) => [b.t, b.messages, b.calls])).toEqual([
      [D0 + H, 3, 1],
      [D0 + 23 * H, 1, 0],
    ]);
    const wa = await get(`${base}?app=whatsapp&bucket=day`);
    expect(wa.bins).toEqual([{ t: D0, messages: 1, calls: 0, byDevice: { [dev.get('D2')!]: 1 } }]);
    const d2 = await get(`${base}?device=${dev.get('D2')}`);
    expect(d2.bins.map((b: any) => b.messages)).toEqual([1, 1]);
    expect((await get(`${base}?from=${D0 + DAY}&to=${D0}`, 400)).error.code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('GET /timeline/events', () => {
  it('lists messages and calls of a window in time order, paged by keyset', async () => {
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await get(`${base}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...r.events);
      cursor = r.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((e) => [e.at, e.kind])).toEqual([
      [D0 + H, 'call'],
      [D0 + H, 'message'],
      [D0 + H, 'message'],
      [D0 + H + 60_000, 'message'],
      [D0 + 23 * H, 'message'],
      [D0 + 10 * DAY + 5 * H, 'message'],
    ]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(6);
    const d1msg = seen.find((e) => e.kind === 'message' && e.device === dev.get('D1'));
    expect(d1msg).toMatchObject({ thread: 'thr_1', preview: 'hello there' });
    expect(seen[0]).toMatchObject({ kind: 'call', durationS: 30, thread: null });
    expect(audit.events.at(-1)!.objects).toEqual([seen[4].id, seen[5].id]);
  });

  it('keeps to the window and the filters, and refuses a forged cursor', async () => {
    const r = await get(`${base}/events?from=${D0 + 2 * H}&to=${D0 + DAY}`);
    expect(r.events.map((e: any) => e.at)).toEqual([D0 + 23 * H]);
    expect(r.next).toBeNull();
    const calls = await get(`${base}/events?app=phone`);
    expect(calls.events.map((e: any) => e.kind)).toEqual(['call']);
    expect((await get(`${base}/events?cursor=bm9wZQ`, 400)).error.code).toBe('INVALID_ARGUMENT');
  });
});
