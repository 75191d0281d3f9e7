// End to end on the generator's case family: the 2014 case's UFDR holds a voice note whose content
// is a recorded LibriVox clip (Debian pocketsphinx-testdata); `transcribeCase` decodes it from inside
// the .ufdr, transcribes it with pocketsphinx, stores the transcript with its provenance, threads it
// back into the conversation, and the search index finds it. Bad audio gets a recorded error.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createServer } from '../server/create-server.js';
import { testApp } from '../testkit/test-app.js';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCase } from '../generator/generate-case.js';
import { DEVICE_WRITERS } from '../generator/writers/index.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { threadMessages } from '../store/queries/conversations.js';
import { ErrorCodes } from '../model/errors.js';
import { pocketsphinxEngine } from './engines/pocketsphinx/index.js';
import { transcribeCase } from './transcribe-case.js';
import { correctTranscript } from './transcript-store.js';
import type { Transcriber } from './transcriber.js';

const SAMPLES = '/usr/share/pocketsphinx/test/data/librivox';
const engine = pocketsphinxEngine.create({ options: {}, networkAllowed: false });
const why = existsSync(SAMPLES) ? await engine.unavailable() : 'pocketsphinx-testdata missing';
if (why) console.warn(`[skip] voice-note transcription end to end: ${why}`);

let t: TempStore;
let kase: CaseRecord;

describe.skipIf(why !== null)('transcribing a case', () => {
  beforeAll(async () => {
    t = await tempStore();
    const dir = join(t.dir, 'gen');
    const g = await generateCase(dir, {
      seed: 7,
      family: true,
      voiceSamples: SAMPLES,
      writers: DEVICE_WRITERS.filter((w) => w.id === 'cellebrite-ufdr'),
    });
    const c = g.truth.cases.find((x) => x.ref === 'OP-HARRIER-2014')!;
    kase = await createCase(t.store, {
      ref: c.ref,
      title: c.title,
      status: c.status,
      createdAt: 0,
    });
    const d = c.devices.find((x) => x.formats.some((f) => f.writer === 'cellebrite-ufdr'))!;
    await ingest(t.store, {
      caseRef: c.ref,
      inputs: [join(dir, d.dir)],
      deviceLabel: d.label,
      exhibit: d.exhibit,
      timezone: 'Europe/London',
      toolVersion: 'test',
      scratchParent: join(t.dir, 'scratch'),
    });
  }, 180_000);
  afterAll(async () => t?.cleanup());

  it('transcribes the voice note, shows it in its conversation, and search finds it', async () => {
    const r = await transcribeCase({
      store: t.store,
      caseId: kase.id,
      engines: [engine],
      actor: 'tester',
    });
    // the note's file is listed twice by the UFDR (the message's attachment, and taggedFiles):
    // both rows get the transcript, the audio is transcribed once
    expect(r.candidates).toBe(2);
    expect(r.transcribed).toBe(2);
    expect(r.failed).toBe(0);
    expect(r.audioSeconds).toBeCloseTo(2.99, 1);
    const tr = await t.store.db
      .selectFrom('transcripts')
      .selectAll()
      .where('case_id', '=', kase.id)
      .execute();
    expect(tr).toHaveLength(2);
    expect(new Set(tr.map((x) => x.text)).size).toBe(1);
    const row = tr.find((x) => x.message_id !== null)!;
    expect(row.engine).toBe('pocketsphinx');
    expect(row.model_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.current).toBe(1);
    expect(row.text).toMatch(/\byoung man\b/);
    const media = await t.store.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', row.media_id)
      .executeTakeFirstOrThrow();
    expect(row.audio_sha256).toBe(media.sha256);
    expect(row.message_id).toBe(media.message_id);

    // threaded back into the conversation under the voice note
    const msg = await t.store.db
      .selectFrom('messages')
      .select(['thread_id'])
      .where('id', '=', row.message_id!)
      .executeTakeFirstOrThrow();
    const page = await threadMessages(t.store, kase.id, msg.thread_id!, { limit: 50 });
    const shown = page.messages.find((m) => m.id === row.message_id)!;
    expect(shown.attachments[0]!.transcript!.text).toBe(row.text);
    expect(shown.attachments[0]!.contentUrl).toBe(
      `/api/cases/${kase.id}/media/${media.id}/content`,
    );

    // the API serves the note's bytes (read from inside the .ufdr) for playback
    const { server } = await createServer(testApp(t.store, t.dir), {
      log: { level: 'silent' },
      webRoot: null,
    });
    try {
      const res = await server.inject({ url: shown.attachments[0]!.contentUrl! });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(media.sha256);
      const none = await server.inject({
        url: `/api/cases/${kase.id}/media/med_000000000000000000000000/content`,
      });
      expect(none.statusCode).toBe(404);
    } finally {
      await server.close();
    }

    // and found by search
    const hits = await t.store.searchMessages(kase.id, { text: '"young man"', limit: 10 });
    expect(hits.hits.map((h) => h.id)).toContain(row.message_id);

    // a re-run does nothing twice
    const again = await transcribeCase({
      store: t.store,
      caseId: kase.id,
      engines: [engine],
      actor: 'tester',
    });
    expect(again.transcribed).toBe(0);
    expect(again.alreadyDone).toBe(2);
  }, 120_000);

  it('records a per-item error for audio that cannot be decoded, and carries on', async () => {
    // a corrupt copy of the note's media row pointing at a non-audio entry of the same .ufdr
    const media = await t.store.db
      .selectFrom('media')
      .selectAll()
      .where('case_id', '=', kase.id)
      .where('message_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const report = media.path!.replace(/!\/.*$/, '!/report.xml');
    await t.store.db
      .insertInto('media')
      .values({
        ...media,
        id: `${media.id}x`,
        path: report,
        sha256: null,
        filename: 'broken.opus',
        mime: 'audio/ogg',
      })
      .execute();
    const failing: Transcriber = {
      ...engine,
      id: 'pocketsphinx',
      unavailable: () => engine.unavailable(),
      transcribe: (a, o) => engine.transcribe(a, o),
    };
    const r = await transcribeCase({
      store: t.store,
      caseId: kase.id,
      engines: [failing],
      actor: 'tester',
    });
    expect(r.candidates).toBe(3);
    expect(r.alreadyDone).toBe(2);
    expect(r.failed).toBe(1);
    expect(r.errors[0]).toMatchObject({
      mediaId: `${media.id}x`,
      code: ErrorCodes.AUDIO_DECODE_FAILED,
    });
    const errs = await t.store.db
      .selectFrom('transcription_errors')
      .selectAll()
      .where('case_id', '=', kase.id)
      .execute();
    expect(errs.map((e) => e.code)).toEqual([ErrorCodes.AUDIO_DECODE_FAILED]);
    expect(errs[0]!.message).toContain('report.xml');
    // a re-run skips the recorded failure (and says so) unless asked to retry it
    const again = await transcribeCase({
      store: t.store,
      caseId: kase.id,
      engines: [failing],
      actor: 'tester',
    });
    expect(again).toMatchObject({ alreadyDone: 2, failedBefore: 1, failed: 0, transcribed: 0 });
  }, 60_000);

  it("keeps a linguist's correction as a new current version; the conversation and search follow it", async () => {
    const cur = await t.store.db
      .selectFrom('transcripts')
      .selectAll()
      .where('case_id', '=', kase.id)
      .where('message_id', 'is not', null)
      .where('current', '=', 1)
      .executeTakeFirstOrThrow();
    await expect(
      correctTranscript(t.store, kase.id, cur.id, '  ', 'linguist', 5),
    ).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    const r = await correctTranscript(
      t.store,
      kase.id,
      cur.id,
      'he was not an ill disposed young man',
      'linguist',
      5,
    );
    expect(r).toMatchObject({ version: 2, kind: 'human', supersedes: cur.id });
    await expect(
      correctTranscript(t.store, kase.id, cur.id, 'again', 'linguist', 6),
    ).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
    const versions = await t.store.db
      .selectFrom('transcripts')
      .select(['version', 'kind', 'current', 'text'])
      .where('media_id', '=', cur.media_id)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => [v.version, v.kind, v.current])).toEqual([
      [1, 'machine', 0],
      [2, 'human', 1],
    ]);
    expect(versions[0]!.text).toBe(cur.text);
    const hits = await t.store.searchMessages(kase.id, { text: 'disposed', limit: 10 });
    expect(hits.hits.map((h) => h.id)).toContain(cur.message_id);
    const msg = await t.store.db
      .selectFrom('messages')
      .select(['thread_id'])
      .where('id', '=', cur.message_id!)
      .executeTakeFirstOrThrow();
    const page = await threadMessages(t.store, kase.id, msg.thread_id!, { limit: 50 });
    const shown = page.messages.find((m) => m.id === cur.message_id)!;
    expect(shown.attachments[0]!.transcript).toMatchObject({
      text: 'he was not an ill disposed young man',
      kind: 'human',
      version: 2,
    });
  }, 60_000);
});
