// A Spanish case translated end to end by apertium: a real Android mmssms.db ingested into a real
// store, languages identified, Spanish translated with provenance, the rest recorded (same language,
// undetermined, no engine, too large), search by translation, glossary, resume after a stop,
// linguist verify/correct, and the canonical export's translation fields.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { ingest } from '../ingest/runner.js';
import { LangIdPool } from './langid/langid-pool.js';
import { createRouter } from './engine-setup.js';
import { LayeredTranslationCache, MemoryTranslationCache } from './translation-cache.js';
import {
  StoreTranslationCache,
  correctTranslation,
  currentTranslations,
  translationHistory,
  verifyTranslation,
} from './translation-store.js';
import { translateCase } from './translate-case.js';
import { loadGlossary, upsertGlossaryTerms } from './glossary/glossary-store.js';
import { writeCanonicalExport } from '../report/canonical-export.js';
import { ErrorCodes } from '../model/errors.js';

const HAVE = existsSync('/usr/share/apertium/modes/spa-eng.mode');
if (!HAVE)
  console.warn(
    '[translate-case] skipped: Debian packages apertium and apertium-eng-spa are not installed (npm test installs them as root)',
  );

const DATA = join(import.meta.dirname, 'eval-data');
const spanish = readFileSync(join(DATA, 'tatoeba-spa-eng.tsv'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split('\t')[0]!)
  .slice(0, 40);

const BODIES: string[] = [
  ...spanish,
  '¿Cuántos años tiene tu tío?', // duplicate of a line above: translated once (cache)
  '¿Cuántos años tiene tu tío?',
  'Tengo comida para ti esta noche.', // glossary term "comida"
  'I will be there at eight, bring the car.', // English: nothing to do
  'Wszystko będzie dobrze, zadzwoń jutro.', // Polish: no engine in this setup
  '😂😂😂', // no letters: undetermined
  `${'Hola amigo. '.repeat(90_000)}`, // > 1 MB: too large
  'Hola \ud800 amigo, ¿dónde estás? Llámame cuando puedas.', // lone surrogate
  'Te espero en la estación a las ocho \u202bمرحبا\u202c', // Spanish with an RTL Arabic word
  '\u202bمرحبا، أين أنت؟\u202c', // Arabic (right to left, bidi controls): no engine here
];

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
let t: TempStore & { kase: CaseRecord };
let dir: string;
let langid: LangIdPool;

function routerFor(cache = true, glossary?: Awaited<ReturnType<typeof loadGlossary>>) {
  return createRouter({
    settings: { engines: {}, routes: {}, target: 'en', workers: 2 },
    networkAllowed: false,
    dataDir: dir,
    only: 'apertium',
    cache: cache
      ? new LayeredTranslationCache(
          new MemoryTranslationCache(),
          new StoreTranslationCache(t.store.db, t.kase.id),
        )
      : undefined,
    glossary,
  });
}

async function exportLines(): Promise<Array<Record<string, unknown>>> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCanonicalExport(t.store, t.kase.id, out);
  out.end();
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!HAVE)('translating a Spanish case end to end (apertium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-translate-'));
    t = await tempCase({ ref: 'OP-TRANSLATE' });
    const dev = join(dir, 'phone');
    mkdirSync(dev, { recursive: true });
    writeAndroidMmssms(join(dev, 'mmssms.db'), {
      threads: [{ id: 1, addresses: ['07700 900123'] }],
      sms: BODIES.map((body, i) => ({
        id: i + 1,
        threadId: 1,
        address: '07700 900123',
        dateMs: T0 + i * 60_000,
        type: (i % 2 ? 1 : 2) as 1 | 2,
        body,
      })),
    });
    await ingest(t.store, { caseRef: 'OP-TRANSLATE', inputs: [dev], toolVersion: 'test' });
    langid = new LangIdPool({ workers: 0 });
    await upsertGlossaryTerms(
      t.store.db,
      t.kase.id,
      [{ term: 'comida', gloss: 'drugs (county-lines code word)' }],
      'linguist-1',
      T0,
    );
  });

  afterAll(async () => {
    await langid?.close();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops when asked and a rerun finishes the job: nothing lost, nothing translated twice', async () => {
    const ac = new AbortController();
    const router1 = routerFor(true, await loadGlossary(t.store.db, t.kase.id));
    let batches = 0;
    const first = await translateCase({
      store: t.store,
      caseId: t.kase.id,
      target: 'en',
      router: router1,
      langid,
      actor: 'analyst-1',
      batchSize: 10,
      glossary: await loadGlossary(t.store.db, t.kase.id),
      onProgress: (p) => {
        if (p.phase === 'translating' && p.linesDone > 0 && ++batches === 2) ac.abort();
      },
      signal: ac.signal,
      now: () => T0,
    });
    await router1.close();
    expect(first.status).toBe('interrupted');
    expect(first.lines).toBe(20);
    const afterFirst = await t.store.db
      .selectFrom('translations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const router2 = routerFor(true, await loadGlossary(t.store.db, t.kase.id));
    const second = await translateCase({
      store: t.store,
      caseId: t.kase.id,
      target: 'en',
      router: router2,
      langid,
      actor: 'analyst-1',
      batchSize: 10,
      glossary: await loadGlossary(t.store.db, t.kase.id),
      now: () => T0,
    });
    await router2.close();
    expect(second.status).toBe('done');
    // every message with text was handled once across the two runs (failed ones are retried)
    expect(first.lines + second.lines).toBe(BODIES.length + first.errors);
    const rows = await t.store.db.selectFrom('translations').selectAll().execute();
    expect(rows.length).toBe(Number(afterFirst.n) + second.translated);
    expect(rows.every((r) => Number(r.version) === 1 && Number(r.current) === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(rows.length);

    // 40 Tatoeba lines (one, "Son grandes.", is too short to be sure: und) + 2 duplicates +
    // glossary line + lone surrogate + Spanish with an Arabic word = 44
    expect(rows.length).toBe(44);
    const und = await t.store.db
      .selectFrom('messages')
      .select('body')
      .where('language', '=', 'und')
      .orderBy('body')
      .execute();
    expect(und.map((u) => u.body)).toEqual(['Son grandes.', '😂😂😂']);
    const errors = await t.store.db
      .selectFrom('translation_errors')
      .selectAll()
      .orderBy('code')
      .execute();
    expect(errors.map((e) => e.code).sort()).toEqual([
      ErrorCodes.FIELD_TOO_LARGE,
      ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
      ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
    ]);
    expect(errors.find((e) => e.code === ErrorCodes.FIELD_TOO_LARGE)!.message).toMatch(
      /1,080,000 characters; the translation limit is 20,000/,
    );
    expect(
      errors
        .filter((e) => e.code === ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR)
        .map((e) => e.message.match(/(\w+) → en/)?.[1])
        .sort(),
    ).toEqual(['ar', 'pl']);

    // a third run has nothing left to do but the two errors (retried, still failing)
    const router3 = routerFor();
    const third = await translateCase({
      store: t.store,
      caseId: t.kase.id,
      target: 'en',
      router: router3,
      langid,
      actor: 'analyst-1',
      now: () => T0,
    });
    await router3.close();
    expect(third.translated).toBe(0);
    expect(third.lines).toBe(3);
    expect(third.errors).toBe(3);
  });

  it('stores language, confidence and provenance (engine, model, hash, source hash, who, when)', async () => {
    const msgs = await t.store.db
      .selectFrom('messages')
      .select(['id', 'body', 'language', 'language_conf'])
      .orderBy('sent_at')
      .execute();
    const byBody = new Map(msgs.map((m) => [m.body, m]));
    expect(byBody.get(spanish[0]!)!.language).toBe('es');
    expect(byBody.get('I will be there at eight, bring the car.')!.language).toBe('en');
    expect(byBody.get('Wszystko będzie dobrze, zadzwoń jutro.')!.language).toBe('pl');
    expect(byBody.get('😂😂😂')!.language).toBe('und');
    expect(Number(byBody.get(spanish[0]!)!.language_conf)).toBeGreaterThan(0.5);

    const m = byBody.get('¿Cuántos años tiene tu tío?')!;
    const tr = (await currentTranslations(t.store.db, t.kase.id, [m.id], 'en')).get(m.id)!;
    expect(tr.engine).toBe('apertium');
    expect(tr.model).toMatch(/^apertium-eng-spa .+ \(spa-eng\)$/);
    expect(tr.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tr.sourceSha256).toBe(createHash('sha256').update(m.body!, 'utf8').digest('hex'));
    expect(tr.kind).toBe('machine');
    expect(tr.createdBy).toBe('analyst-1');
    expect(tr.createdAt).toBe(T0);
    expect(tr.text.toLowerCase()).toContain('uncle');
  });

  it('translates identical text once (cache) and keeps odd text translatable', async () => {
    const cache = await t.store.db
      .selectFrom('translation_cache')
      .selectAll()
      .where('case_id', '=', t.kase.id)
      .execute();
    const uncle = cache.filter((c) => c.text.toLowerCase().includes('uncle'));
    expect(uncle).toHaveLength(1);
    const msgs = await t.store.db.selectFrom('messages').select(['id', 'body']).execute();
    const surrogate = msgs.find(
      (x) => x.body?.startsWith('Hola') && x.body.includes('amigo, ¿dónde'),
    )!;
    const tr = (await currentTranslations(t.store.db, t.kase.id, [surrogate.id], 'en')).get(
      surrogate.id,
    )!;
    expect(tr.text).toMatch(/where/i);
  });

  it('applies the case glossary and shows it to the reader', async () => {
    const msgs = await t.store.db.selectFrom('messages').select(['id', 'body']).execute();
    const m = msgs.find((x) => x.body === 'Tengo comida para ti esta noche.')!;
    const tr = (await currentTranslations(t.store.db, t.kase.id, [m.id], 'en')).get(m.id)!;
    expect(tr.text).toContain('comida [drugs (county-lines code word)]');
    expect(tr.glossary).toEqual([
      { term: 'comida', matched: 'comida', kind: 'gloss', gloss: 'drugs (county-lines code word)' },
    ]);
  });

  it('finds a Spanish message by an English word of its translation', async () => {
    const page = await t.store.searchMessages(t.kase.id, { text: 'uncle' });
    expect(page.hits.map((h) => h.body)).toEqual([
      '¿Cuántos años tiene tu tío?',
      '¿Cuántos años tiene tu tío?',
      '¿Cuántos años tiene tu tío?',
    ]);
    expect(page.hits[0]!.translationHighlight).toMatch(/\u0002uncle\u0003/i);
    expect(page.hits[0]!.language).toBe('es');
  });

  it('lets a linguist verify or correct, keeping both versions and who did it; search follows', async () => {
    const msgs = await t.store.db.selectFrom('messages').select(['id', 'body']).execute();
    const m = msgs.find((x) => x.body === spanish[1])!; // ¿Por qué no cogemos un taxi?
    const v1 = (await currentTranslations(t.store.db, t.kase.id, [m.id], 'en')).get(m.id)!;
    const verified = await verifyTranslation(t.store, t.kase.id, v1.id, 'linguist-1', T0 + 1);
    expect(verified.verifiedBy).toBe('linguist-1');
    const v2 = await correctTranslation(
      t.store,
      t.kase.id,
      v1.id,
      "Why don't we grab a cab?",
      'linguist-2',
      T0 + 2,
      'idiomatic',
    );
    expect(v2.version).toBe(2);
    expect(v2.kind).toBe('human');
    expect(v2.supersedes).toBe(v1.id);
    const hist = await translationHistory(t.store.db, t.kase.id, m.id);
    expect(hist.map((h) => [h.version, h.kind, h.current, h.createdBy])).toEqual([
      [1, 'machine', false, 'analyst-1'],
      [2, 'human', true, 'linguist-2'],
    ]);
    expect(hist[0]!.text).toBe(v1.text);
    expect(
      (await t.store.searchMessages(t.kase.id, { text: 'cab' })).hits.map((h) => h.id),
    ).toEqual([m.id]);
    await expect(verifyTranslation(t.store, t.kase.id, v1.id, 'x', T0)).rejects.toMatchObject({
      code: ErrorCodes.CONFLICT,
    });
    await expect(
      correctTranslation(t.store, t.kase.id, v2.id, '  ', 'x', T0),
    ).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
  });

  it('exports language and labelled translations, byte-identical on a second export', async () => {
    const lines = await exportLines();
    const messages = lines.filter((l) => l.kind === 'message');
    const uncle = messages.find((l) => l.body === '¿Cuántos años tiene tu tío?')!;
    expect(uncle.language).toBe('es');
    const tr = uncle.translation as Record<string, unknown>;
    expect(tr.engine).toBe('apertium');
    expect(tr.machine).toBe(true);
    expect(tr.label).toBe('machine translation');
    expect(tr.verifiedBy).toBeNull();
    const corrected = messages.find((l) => l.body === spanish[1])!.translation as Record<
      string,
      unknown
    >;
    expect(corrected).toMatchObject({
      text: "Why don't we grab a cab?",
      machine: false,
      verifiedBy: 'linguist-2',
      engine: null,
    });
    expect(
      messages.find((l) => l.body === 'I will be there at eight, bring the car.')!.translation,
    ).toBeNull();
    const again = await exportLines();
    expect(JSON.stringify(again)).toBe(JSON.stringify(lines));
  });
});
