// The API on the generator's synthetic case (Operation Kestrel), checked against its ground truth:
// every written device and message is in the overview; planted messages are found by searching
// their words (with diacritics folded) and open in their conversation at the right place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { kestrelCase, type KestrelCase } from '../testkit/kestrel-case.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';
import { loadGroundTruthMessages, mapGroundTruthMessages } from '../generator/load-ground-truth.js';
import type { GtMessage } from '../generator/ground-truth.js';

let k: KestrelCase;
let server: FastifyInstance;
let messages: GtMessage[];
let ids: Map<string, Array<{ device: string; id: string }>>;
let base: string;

beforeAll(async () => {
  k = await kestrelCase();
  ({ server } = await createServer(testApp(k.store, k.dir), {
    log: { level: 'silent' },
    webRoot: null,
  }));
  messages = loadGroundTruthMessages(k.caseDir).filter((m) => m.caseRef === k.kase.ref);
  ids = await mapGroundTruthMessages(k.store, k.truth, messages);
  base = `/api/cases/${k.kase.id}`;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await k?.cleanup();
});

async function get<T>(url: string): Promise<T> {
  const r = await server.inject({ url });
  if (r.statusCode !== 200) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

/** Words of a body that the full-text index keeps (letters and digits), for a phrase query. */
function phraseOf(body: string): string {
  const words = body.match(/[\p{L}\p{N}]+/gu) ?? [];
  return `"${words.slice(0, 6).join(' ')}"`;
}

describe('API on the Kestrel case', () => {
  it('shows every written device with the ground truth counts', async () => {
    const truthCase = k.truth.cases[0]!;
    const written = truthCase.devices.filter((d) => d.formats.length > 0);
    const o = await get<{
      devices: Array<{ id: string; label: string; stats: { counts: { messages: number } } }>;
      totals: { messages: number };
    }>(base);
    expect(o.devices.map((d) => d.label).sort()).toEqual(written.map((d) => d.label).sort());
    for (const d of written) {
      const got = o.devices.find((x) => x.id === d.storeDeviceId)!;
      expect(got.stats.counts.messages, d.label).toBe(d.counts.message ?? 0);
    }
    expect(o.totals.messages).toBe(written.reduce((n, d) => n + (d.counts.message ?? 0), 0));
  });

  it('finds planted messages by their words, in every language, and opens them in context', async () => {
    // copies held only as call data records carry no text: search finds the copies that do
    const withText = new Set(
      (
        await k.store.db
          .selectFrom('messages')
          .select('id')
          .where('case_id', '=', k.kase.id)
          .where('body', 'is not', null)
          .execute()
      ).map((r) => r.id),
    );
    const planted = messages.filter(
      (m) =>
        m.tags.length > 0 &&
        m.body &&
        (m.body.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 4 &&
        (ids.get(m.id) ?? []).some((x) => withText.has(x.id)),
    );
    const sample = [
      ...new Map(planted.map((m) => [m.language, m])).values(), // one per language
      ...planted.filter((_, i) => i % Math.ceil(planted.length / 8) === 0),
    ];
    expect(sample.length).toBeGreaterThanOrEqual(6);
    for (const m of sample) {
      const want = ids
        .get(m.id)!
        .map((x) => x.id)
        .filter((id) => withText.has(id));
      // broadcasts repeat the same words hundreds of times: narrow to the day it was sent
      const at = Date.parse(m.at);
      const r = await get<{ hits: Array<{ id: string; threadId: string; bodyHighlight: string }> }>(
        `${base}/search?q=${encodeURIComponent(phraseOf(m.body!))}&from=${at - 86_400_000}&to=${at + 86_400_000}&limit=200`,
      );
      const got = r.hits.map((h) => h.id);
      expect(got.length, m.id).toBeLessThan(200);
      for (const id of want) expect(got, `${m.id} ${m.language}: ${m.body}`).toContain(id);
      const hit = r.hits.find((h) => h.id === want[0])!;
      expect(hit.bodyHighlight).toContain('\u0002');
      const page = await get<{ messages: Array<{ id: string; body: string }> }>(
        `${base}/threads/${hit.threadId}/messages?around=${hit.id}&limit=20`,
      );
      expect(page.messages.map((x) => x.id)).toContain(hit.id);
      expect(page.messages.find((x) => x.id === hit.id)!.body).toBe(m.body);
    }
  });

  it('folds diacritics: a Polish or Romanian word is found typed without them', async () => {
    const m = messages.find(
      (x) =>
        (x.language === 'pl' || x.language === 'ro') &&
        ids.has(x.id) &&
        /[ąćęłńóśźżăâîșț]/i.test(x.body ?? ''),
    )!;
    expect(m).toBeDefined();
    const word = (m.body!.match(/[\p{L}]*[ąćęłńóśźżăâîșț][\p{L}]*/iu) ?? [''])[0];
    const plain = word
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L');
    const r = await get<{ hits: Array<{ id: string }> }>(
      `${base}/search?q=${encodeURIComponent(plain)}&limit=200`,
    );
    expect(r.hits.map((h) => h.id)).toContain(ids.get(m.id)![0]!.id);
  });
});
