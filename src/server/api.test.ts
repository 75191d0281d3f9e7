// The JSON API against a real SQLite store holding an ingested synthetic case: overview, search
// (highlights, filters, keyset paging, counts), conversations (paging around a hit), provenance,
// annotations, saved searches and watch-lists, and the audit record each of them leaves.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON responses are checked by value */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildWorkbenchCase, type WorkbenchCase } from '../testkit/workbench-case.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';
import type { MemoryAuditSink } from '../security/audit-sink.js';

let wb: WorkbenchCase;
let server: FastifyInstance;
let audit: MemoryAuditSink;
let base: string;

beforeAll(async () => {
  wb = await buildWorkbenchCase();
  const app = testApp(wb.store, wb.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  base = `/api/cases/${wb.kase.id}`;
});
afterAll(async () => {
  await server?.close();
  await wb?.cleanup();
});

async function get<T = Record<string, any>>(url: string): Promise<T> {
  const r = await server.inject({ url });
  if (r.statusCode !== 200) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

describe('case overview', () => {
  it('lists the case with its devices', async () => {
    const r = await get('/api/cases');
    expect(r.cases).toHaveLength(1);
    expect(r.cases[0]).toMatchObject({ ref: 'OP-TEST', marking: 'OFFICIAL-SENSITIVE', devices: 2 });
  });

  it('gives per-device counts, sources read, identifiers and ingests', async () => {
    const r = await get(base);
    expect(r.case.ref).toBe('OP-TEST');
    expect(r.devices.map((d: any) => d.label)).toEqual(['JS-1 Samsung', 'JS-2 Motorola']);
    const d1 = r.devices[0];
    expect(d1.exhibit).toBe('JS/1');
    expect(d1.stats.counts.messages).toBe(158);
    expect(d1.stats.counts.media).toBe(1);
    expect(d1.stats.sources.parsed).toBe(1);
    expect(Array.isArray(d1.identifiers)).toBe(true);
    expect(r.devices[1].stats.counts.messages).toBe(3);
    expect(r.totals.messages).toBe(161);
    expect(r.ingests).toHaveLength(2);
    expect(r.ingests[0]).toMatchObject({ status: 'committed', toolVersion: 'test' });
    expect(r.translation.available).toBe(false);
    expect(r.findings.available).toBe(false);
    const sources = await get(`${base}/sources`);
    expect(sources.sources).toHaveLength(2);
    expect(sources.sources[0]).toMatchObject({
      status: 'parsed',
      parser: expect.stringContaining('android-mmssms'),
    });
    expect(sources.sources[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports languages honestly before identification has run', async () => {
    const r = await get(`${base}/languages`);
    expect(r.identified).toBe(false);
    expect(r.languages).toEqual([{ language: null, messages: 161 }]);
    expect(r.hint).toMatch(/threadline translate/);
  });
});

describe('search', () => {
  it('finds words with highlight markers, counts and the audit of the query', async () => {
    const before = audit.events.length;
    const r = await get(`${base}/search?q=station`);
    expect(r.hits.map((h: any) => h.body).sort()).toEqual([
      'meet me at the station tonight',
      'package ready at the station',
      'the station is closed ZZCANARY',
    ]);
    expect(r.count).toEqual({ count: 3, capped: false });
    expect(r.total).toBe(3);
    const hit = r.hits.find((h: any) => h.body.startsWith('meet'));
    expect(hit.bodyHighlight).toBe('meet me at the \u0002station\u0003 tonight');
    expect(hit.deviceLabel).toBe('JS-1 Samsung');
    expect(hit.thread.id).toBe(hit.threadId);
    const ev = audit.events.slice(before);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      action: 'search.query',
      caseId: wb.kase.id,
      outcome: 'success',
      details: { query: { q: 'station' }, hits: 3 },
    });
    expect(ev[0]!.objects).toEqual(r.hits.map((h: any) => h.id));
  });

  it('applies device, direction, party and time filters', async () => {
    const byDevice = await get(`${base}/search?q=station&device=${wb.deviceIds.D2}`);
    expect(byDevice.hits.map((h: any) => h.body)).toEqual(['package ready at the station']);
    expect(byDevice.total).toBeNull();
    expect(byDevice.count).toEqual({ count: 1, capped: false });
    const outgoing = await get(`${base}/search?q=way&direction=outgoing`);
    expect(outgoing.hits.map((h: any) => h.body)).toEqual(['ok on my way']);
    const party = await get(`${base}/search?party=${encodeURIComponent('phone:+447700900103')}`);
    expect(party.hits.map((h: any) => h.body)).toEqual(['Ku je? Më telefono']);
    // incoming SMS carry the sender's time, a second before the writer's receipt time
    const first = Date.UTC(2024, 4, 1, 9, 0, 0) - 5000;
    const window = await get(
      `${base}/search?from=${first}&to=${new Date(first + 2 * 3_600_000).toISOString()}&sort=oldest`,
    );
    expect(window.hits.map((h: any) => h.body)).toEqual([
      'meet me at the station tonight',
      'package ready at the station',
      'ok on my way',
      'coming now',
    ]);
  });

  it('pages through every hit with a keyset cursor, without repeats', async () => {
    const seen: string[] = [];
    let url = `${base}/search?q=routine&sort=newest&limit=40`;
    let pages = 0;
    for (;;) {
      const r = await get(url);
      pages++;
      seen.push(...r.hits.map((h: any) => h.id));
      if (pages === 1) expect(r.count).toEqual({ count: 150, capped: false });
      else expect(r.count).toBeNull();
      if (!r.next) break;
      url = `${base}/search?q=routine&limit=40&cursor=${r.next}`;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(150);
    const times = [];
    for (const id of seen.slice(0, 3))
      times.push((await get(`${base}/messages/${id}`)).message.sentAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('pages relevance-ranked hits by offset', async () => {
    const a = await get(`${base}/search?q=routine&limit=100`);
    expect(a.sort).toBe('relevance');
    const b = await get(`${base}/search?q=routine&limit=100&cursor=${a.next}`);
    expect(b.hits).toHaveLength(50);
    expect(b.next).toBeNull();
    expect(new Set([...a.hits, ...b.hits].map((h: any) => h.id)).size).toBe(150);
  });

  it('rejects malformed input with a typed error naming the field', async () => {
    const r = await server.inject({ url: `${base}/search?q=x&direction=sideways` });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fields: ['direction'] },
    });
    const c = await server.inject({ url: `${base}/search?q=x&cursor=garbage` });
    expect(c.statusCode).toBe(400);
    const f = await server.inject({ url: `${base}/search?q=x&from=yesterday` });
    expect(f.json().error.details.fields).toEqual(['from']);
  });

  it('says plainly that the has-finding filter needs findings', async () => {
    const r = await get(`${base}/search?q=station&finding=any`);
    expect(r.hits).toEqual([]);
    expect(r.notice).toMatch(/threadline analyse/);
  });
});

describe('conversations', () => {
  it('lists threads with counts, most recent first', async () => {
    const r = await get(`${base}/threads`);
    expect(r.total).toBe(4);
    expect(r.threads.map((t: any) => t.messages)).toEqual([153, 5, 1, 2]);
    const d2 = await get(`${base}/threads?device=${wb.deviceIds.D2}`);
    expect(d2.threads).toHaveLength(2);
  });

  it('pages a long thread both ways and opens around a message', async () => {
    const threads = (await get(`${base}/threads`)).threads;
    const long = threads[0];
    const first = await get(`${base}/threads/${long.id}/messages?limit=60`);
    expect(first.messages).toHaveLength(60);
    expect(first.before).toBeNull();
    expect(first.after).not.toBeNull();
    const second = await get(`${base}/threads/${long.id}/messages?limit=60&after=${first.after}`);
    expect(second.messages[0].seq).not.toBe(first.messages[59].seq);
    const third = await get(`${base}/threads/${long.id}/messages?limit=60&after=${second.after}`);
    expect(third.messages).toHaveLength(33);
    expect(third.after).toBeNull();
    const all = [...first.messages, ...second.messages, ...third.messages];
    expect(new Set(all.map((m: any) => m.id)).size).toBe(153);
    const sorted = all.map((m: any) => m.sentAt);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    const back = await get(`${base}/threads/${long.id}/messages?limit=60&before=${third.before}`);
    expect(back.messages.map((m: any) => m.id)).toEqual(all.slice(60, 120).map((m: any) => m.id));
    const target = all[100];
    const around = await get(`${base}/threads/${long.id}/messages?limit=20&around=${target.id}`);
    expect(around.messages.map((m: any) => m.id)).toEqual(all.slice(90, 110).map((m: any) => m.id));
    const photo = all.find((m: any) => m.body === 'photo attached');
    expect(photo.attachments).toHaveLength(1);
    expect(photo.attachments[0]).toMatchObject({ mime: 'image/jpeg' });
  });

  it('gives a message with its provenance: file, hash, record, parser, raw values', async () => {
    const hit = (await get(`${base}/search?q=tonight`)).hits[0];
    const r = await get(`${base}/messages/${hit.id}`);
    const sources = (await get(`${base}/sources`)).sources;
    const src = sources.find((s: any) => s.id === r.message.provenance.sourceId);
    expect(r.message.provenance).toMatchObject({
      sha256: src.sha256,
      path: src.path,
      locator: expect.stringMatching(/^sms:\d+$/),
      parser: expect.stringContaining('android-mmssms'),
      deviceLabel: 'JS-1 Samsung',
      exhibit: 'JS/1',
    });
    expect(r.message.sentEncoding).toBe('unix-ms');
    expect(Object.keys(r.message.raw).length).toBeGreaterThan(0);
    const missing = await server.inject({ url: `${base}/messages/msg_nope` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});

describe('annotations, saved searches and watch-lists', () => {
  it('adds, lists and removes tags, notes and bookmarks (bookmarks once per item)', async () => {
    const hit = (await get(`${base}/search?q=package`)).hits[0];
    const post = (payload: object) =>
      server.inject({ method: 'POST', url: `${base}/annotations`, payload });
    const tag = await post({
      targetId: hit.id,
      targetKind: 'message',
      kind: 'tag',
      value: 'drugs',
    });
    expect(tag.statusCode).toBe(201);
    const b1 = (await post({ targetId: hit.id, targetKind: 'message', kind: 'bookmark' })).json();
    const b2 = (await post({ targetId: hit.id, targetKind: 'message', kind: 'bookmark' })).json();
    expect(b2.annotation.id).toBe(b1.annotation.id);
    const emptyNote = await post({
      targetId: hit.id,
      targetKind: 'message',
      kind: 'note',
      value: ' ',
    });
    expect(emptyNote.statusCode).toBe(400);
    const foreign = await post({
      targetId: 'msg_other',
      targetKind: 'message',
      kind: 'tag',
      value: 'x',
    });
    expect(foreign.statusCode).toBe(404);
    const list = await get(`${base}/annotations`);
    expect(list.annotations.map((a: any) => a.kind).sort()).toEqual(['bookmark', 'tag']);
    expect(audit.events.at(-1)).toMatchObject({ action: 'case.view' });
    const del = await server.inject({
      method: 'DELETE',
      url: `${base}/annotations/${tag.json().annotation.id}`,
    });
    expect(del.statusCode).toBe(200);
    expect(audit.events.at(-1)).toMatchObject({
      action: 'annotation.write',
      objects: [tag.json().annotation.id, hit.id],
      details: { removed: 'tag' },
    });
    expect((await get(`${base}/annotations?kind=bookmark`)).annotations).toHaveLength(1);
    const thread = await get(`${base}/threads/${hit.threadId}/messages?around=${hit.id}`);
    expect(thread.annotations.map((a: any) => a.targetId)).toContain(hit.id);
  });

  it('saves a search (validated) and lists it', async () => {
    const r = await server.inject({
      method: 'POST',
      url: `${base}/saved-searches`,
      payload: {
        name: 'station talk',
        query: { q: 'station', direction: 'incoming', cursor: 'x' },
      },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().savedSearch.query).toEqual({ q: 'station', direction: 'incoming' });
    const bad = await server.inject({
      method: 'POST',
      url: `${base}/saved-searches`,
      payload: { name: 'bad', query: { direction: 'sideways' } },
    });
    expect(bad.statusCode).toBe(400);
    expect((await get(`${base}/saved-searches`)).savedSearches.map((s: any) => s.name)).toEqual([
      'station talk',
    ]);
  });

  it('watches identifiers and terms with hit counts, and clears new hits once checked', async () => {
    const add = (payload: object) =>
      server.inject({ method: 'POST', url: `${base}/watchlist`, payload });
    const alice = await add({ kind: 'identifier', value: '07700 900101', label: 'Alice' });
    expect(alice.statusCode).toBe(201);
    expect(alice.json().entry).toMatchObject({
      value: 'phone:+447700900101',
      hits: { messages: { count: 7, capped: false }, newMessages: { count: 7 }, devices: 2 },
    });
    expect((await add({ kind: 'identifier', value: '+447700900101' })).statusCode).toBe(409);
    const term = await add({ kind: 'term', value: 'station' });
    expect(term.json().entry.hits.messages.count).toBe(3);
    expect((await add({ kind: 'term', value: '***' })).statusCode).toBe(400);
    const checked = await server.inject({
      method: 'POST',
      url: `${base}/watchlist/${alice.json().entry.id}/checked`,
    });
    expect(checked.json().entry.hits.newMessages.count).toBe(0);
    expect(checked.json().entry.hits.messages.count).toBe(7);
    const list = await get(`${base}/watchlist`);
    expect(list.entries.map((e: any) => e.value)).toEqual(['phone:+447700900101', 'station']);
  });
});
