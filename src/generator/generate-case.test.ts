// The generated case family against its own ground truth, through the real ingest runner and
// store: exact counts per device and kind, the messages themselves, WAL-only rows, identifiers
// written differently on different devices, shared identifiers and decoys; and determinism.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { generateCase, storeDeviceId, type GeneratedCase } from './generate-case.js';
import { loadGroundTruthMessages, mapGroundTruthMessages } from './load-ground-truth.js';
import type { GtMessage } from './ground-truth.js';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { createCase } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';
import { ARTEFACT_TYPES } from '../model/entities.js';
import { caseStats } from '../store/queries/stats.js';
import { normaliseIdentifier } from '../model/identifiers.js';

const root = mkdtempSync(join(tmpdir(), 'tl-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const KIND_TO_ARTEFACT: Record<string, string> = {
  message: 'messages',
  call: 'calls',
  contact: 'contacts',
  thread: 'threads',
  location: 'locations',
  media: 'media',
  'device-info': 'device-info',
  'identifier-link': 'accounts',
};

describe('synthetic case generator', () => {
  let g: GeneratedCase;
  let t: TempStore;
  let messages: GtMessage[];

  beforeAll(async () => {
    g = await generateCase(join(root, 'a'), { seed: 7, family: true });
    messages = loadGroundTruthMessages(g.dir);
    t = await tempStore();
    for (const c of g.truth.cases) {
      await createCase(t.store, { ref: c.ref, title: c.title, status: c.status, createdAt: 0 });
      for (const d of c.devices) {
        if (!d.formats.length) continue;
        const r = await ingest(t.store, {
          caseRef: c.ref,
          inputs: [join(g.dir, d.dir)],
          deviceLabel: d.label,
          exhibit: d.exhibit,
          toolVersion: 'test',
          scratchParent: join(root, 'scratch'),
        });
        expect(r.deviceId).toBe(d.storeDeviceId);
      }
    }
  }, 120_000);
  afterAll(async () => t?.cleanup());

  it('has the shape the brief asks for: 6-10 live devices over Android, iOS and CDR, closed cases', () => {
    const [live, ...closed] = g.truth.cases;
    expect(live!.status).toBe('live');
    expect(live!.devices.length).toBeGreaterThanOrEqual(6);
    expect(live!.devices.length).toBeLessThanOrEqual(10);
    expect(new Set(live!.devices.map((d) => d.platform))).toEqual(
      new Set(['android', 'ios', 'operator']),
    );
    expect(closed.map((c) => c.period.from.slice(0, 4))).toEqual(['2014', '2018']);
    expect(closed.every((c) => c.status === 'closed')).toBe(true);
    for (const lang of ['en-GB', 'pl', 'ro', 'sq', 'vi', 'ur', 'ur-Latn', 'es'])
      expect(g.truth.languages['OP-KESTREL']![lang], lang).toBeGreaterThan(10);
    expect(g.truth.patterns.filter((p) => p.expectFlag).map((p) => p.type)).toEqual(
      expect.arrayContaining(['county-lines', 'grooming', 'modern-slavery', 'sextortion']),
    );
    expect(
      g.truth.patterns
        .filter((p) => !p.expectFlag)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['LA-AGENCY', 'LA-PARTY', 'LA-SHOP']);
    const voice = messages.flatMap((m) => m.attachments).find((a) => a.mime.startsWith('audio/'));
    expect(voice?.transcript).toMatch(/زین/);
  });

  it('matches its ground truth per device and kind, read back from the store', async () => {
    let devices = 0;
    for (const c of g.truth.cases)
      for (const d of c.devices) {
        if (!d.formats.length) continue;
        devices++;
        const sources = await t.store.db
          .selectFrom('sources')
          .select(['counts', 'status'])
          .where('device_id', '=', d.storeDeviceId)
          .execute();
        expect(
          sources.every((s) => ['parsed', 'companion', 'unsupported'].includes(s.status)),
          d.id,
        ).toBe(true);
        const read: Record<string, number> = {};
        for (const s of sources)
          for (const [k, v] of Object.entries(JSON.parse(s.counts) as Record<string, number>))
            read[k] = (read[k] ?? 0) + v;
        const expected = Object.fromEntries(
          Object.entries(d.counts)
            .filter(([, v]) => v > 0)
            .map(([k, v]) => [KIND_TO_ARTEFACT[k] ?? k, v]),
        );
        expect(read, `${c.ref}/${d.id}`).toEqual(expected);
        for (const table of ['messages', 'calls', 'contacts', 'media', 'locations'] as const) {
          const kind = table === 'media' ? 'media' : table.slice(0, -1);
          const n = await t.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('device_id', '=', d.storeDeviceId)
            .executeTakeFirstOrThrow();
          expect(Number(n.n), `${d.id} ${table}`).toBe(d.counts[kind] ?? 0);
        }
      }
    expect(devices).toBeGreaterThanOrEqual(8);
  });

  it('stats lists per device and artefact type what was read, and the files not supported', async () => {
    for (const c of g.truth.cases) {
      const kase = await t.store.db
        .selectFrom('cases')
        .select('id')
        .where('ref', '=', c.ref)
        .executeTakeFirstOrThrow();
      const s = await caseStats(t.store, kase.id);
      for (const d of c.devices.filter((x) => x.formats.length)) {
        const dev = s.devices.find((x) => x.deviceId === d.storeDeviceId)!;
        expect(dev.artefacts.map((a) => a.type)).toEqual(
          expect.arrayContaining([...ARTEFACT_TYPES]),
        );
        for (const a of dev.artefacts) {
          const kind =
            Object.entries(KIND_TO_ARTEFACT).find(([, v]) => v === a.type)?.[0] ?? a.type;
          expect(a.read, `${d.id} ${a.type}`).toBe(d.counts[kind] ?? 0);
          if (a.read) expect(a.parsers.length, `${d.id} ${a.type}`).toBeGreaterThan(0);
        }
        expect(
          dev.notSupported.map((n) => n.path),
          d.id,
        ).toEqual((d.unsupportedFiles ?? []).map((f) => `${d.id}/${f}`));
        expect(dev.notSupported.every((n) => /no parser recognises/.test(n.reason ?? ''))).toBe(
          true,
        );
      }
    }
  });

  it('stores exactly the planted messages of each device (time, text, WAL-only rows)', async () => {
    for (const c of g.truth.cases)
      for (const d of c.devices) {
        if (!d.formats.length) continue;
        const expected = messages
          .filter((m) => m.caseRef === c.ref)
          .flatMap((m) =>
            m.copies
              .filter((cp) => cp.device === d.id && cp.inEvidence)
              .map((cp) => ({
                // an operator's record of an SMS has its time but not its text
                key: `${Date.parse(m.at)}|${d.platform === 'operator' ? '' : (m.body ?? '')}`,
                walOnly: cp.walOnly,
              })),
          );
        const rows = await t.store.db
          .selectFrom('messages')
          .select(['sent_at', 'received_at', 'body', 'recovery'])
          .where('device_id', '=', d.storeDeviceId)
          .execute();
        const got = rows.map((r) => `${Number(r.received_at ?? r.sent_at)}|${r.body ?? ''}`).sort();
        expect(got, d.id).toEqual(expected.map((e) => e.key).sort());
        expect(rows.filter((r) => r.recovery === 'wal-only').length, `${d.id} wal-only`).toBe(
          expected.filter((e) => e.walOnly).length,
        );
      }
    const wal = messages.flatMap((m) => m.copies).filter((c) => c.walOnly && c.inEvidence);
    expect(wal.length).toBeGreaterThanOrEqual(2);
    // every copy in evidence maps to exactly one stored message id
    const map = await mapGroundTruthMessages(t.store, g.truth, messages);
    const copies = messages.flatMap((m) => m.copies.filter((c) => c.inEvidence));
    expect([...map.values()].flat()).toHaveLength(copies.length);
    expect(new Set([...map.values()].flat().map((x) => x.id)).size).toBe(copies.length);
  });

  it('writes each person’s number differently on different devices, all normalising to one key', async () => {
    const kyle = g.truth.persons.find((p) => p.id === 'kyle-marsh')!;
    const personal = kyle.identifiers.find((i) => i.key === 'phone:+447700900100')!;
    const forms = new Set(personal.written.map((w) => w.written));
    expect(forms.size).toBeGreaterThanOrEqual(3);
    let multi = 0;
    for (const p of g.truth.persons)
      for (const id of p.identifiers) {
        if (new Set(id.written.map((w) => w.written)).size > 1) multi++;
        for (const w of id.written)
          expect(
            normaliseIdentifier(w.written, id.kind === 'device' ? 'device' : id.kind)?.key,
            w.written,
          ).toBe(id.key);
      }
    expect(multi).toBeGreaterThanOrEqual(15);
    const styles = g.truth.persons.flatMap((p) =>
      p.identifiers.flatMap((i) => i.written.map((w) => w.written)),
    );
    for (const re of [
      /^07700 900\d{3}$/,
      /^\+44 7700 900\d{3}$/,
      /^00447700900\d{3}$/,
      /^447700900\d{3}@s\.whatsapp\.net$/,
    ])
      expect(
        styles.some((s) => re.test(s)),
        String(re),
      ).toBe(true);
    // and in the store each is one identifier per case
    for (const c of g.truth.cases) {
      const keys = new Set(
        (
          await t.store.db
            .selectFrom('identifiers')
            .select('key')
            .where('case_id', '=', await caseId(c.ref))
            .execute()
        ).map((r) => r.key),
      );
      const inEvidence = g.truth.persons.flatMap((p) =>
        p.identifiers.filter(
          (i) =>
            i.inEvidence &&
            i.written.some((w) => w.caseRef === c.ref) &&
            !i.key.startsWith('device:') &&
            !i.key.startsWith('imei') &&
            !i.key.startsWith('imsi') &&
            !i.key.startsWith('iccid') &&
            !i.key.startsWith('email'),
        ),
      );
      for (const i of inEvidence) {
        const evidencedHere = g.truth.pairs.some(
          (p) => p.caseRef === c.ref && (p.a === i.key || p.b === i.key),
        );
        if (evidencedHere) expect(keys.has(i.key), `${c.ref} ${i.key}`).toBe(true);
      }
      for (const k of keys) {
        // group chats have identifiers of their own (a `@g.us` JID): not a person's
        if (k.startsWith('device:') || k.endsWith('@g.us')) continue;
        expect(
          g.truth.persons.some((p) => p.identifiers.some((i) => i.key === k)),
          `${c.ref} unexpected ${k}`,
        ).toBe(true);
      }
    }
  });

  it('plants shared identifiers across cases and decoys one digit away that stay distinct', async () => {
    const byCase = async (key: string) =>
      (
        await t.store.db
          .selectFrom('identifiers')
          .innerJoin('cases', 'cases.id', 'identifiers.case_id')
          .select('cases.ref')
          .where('identifiers.key', '=', key)
          .execute()
      )
        .map((r) => r.ref)
        .sort();
    const found = g.truth.sharedIdentifiers.filter(
      (s) => new Set(s.occurrences.filter((o) => o.inEvidence).map((o) => o.caseRef)).size >= 2,
    );
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const s of found) {
      const cases = [
        ...new Set(s.occurrences.filter((o) => o.inEvidence).map((o) => o.caseRef)),
      ].sort();
      expect(await byCase(s.key), s.key).toEqual(cases);
      const forms = new Set(s.occurrences.filter((o) => o.inEvidence).map((o) => o.written));
      expect(forms.size, `${s.key} written differently`).toBeGreaterThanOrEqual(2);
    }
    for (const d of g.truth.decoys.filter((x) => x.inEvidence)) {
      expect(d.key).not.toBe(d.resembles);
      const diff = [...d.key].filter((ch, i) => ch !== d.resembles[i]).length;
      expect(diff, d.key).toBeLessThanOrEqual(2);
      expect(await byCase(d.key)).toEqual([d.caseRef]);
    }
    // no identifier other than the planted ones is in two cases
    const rows = await t.store.db
      .selectFrom('identifiers')
      .select(['key', 'case_id'])
      .where('type', '!=', 'device')
      .execute();
    const cases = new Map<string, Set<string>>();
    for (const r of rows)
      (cases.get(r.key) ?? cases.set(r.key, new Set()).get(r.key)!).add(r.case_id);
    const multi = [...cases]
      .filter(([, s]) => s.size > 1)
      .map(([k]) => k)
      .sort();
    expect(multi).toEqual(found.map((s) => s.key).sort());
  });

  it('gives byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = await generateCase(join(root, 'b'), { seed: 7, family: true });
    const a = hashTree(g.dir);
    const b = hashTree(again.dir);
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(b).toEqual(a);
    expect(Object.keys(a).some((f) => f.endsWith('-wal'))).toBe(true);
    const other = await generateCase(join(root, 'c'), { seed: 8 });
    const c = hashTree(other.dir);
    const common = Object.keys(c).filter((f) => f.endsWith('mmssms.db'));
    expect(common.length).toBeGreaterThan(0);
    expect(common.some((f) => c[f] !== a[f])).toBe(true);
  }, 60_000);

  async function caseId(ref: string): Promise<string> {
    return (
      await t.store.db
        .selectFrom('cases')
        .select('id')
        .where('ref', '=', ref)
        .executeTakeFirstOrThrow()
    ).id;
  }
  void storeDeviceId;
});
