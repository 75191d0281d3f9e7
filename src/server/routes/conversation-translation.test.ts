// Translations in the conversation API on a real SQLite store: the current translation of each
// message beside it, and the linguist's verify and correct actions (recorded, versioned).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms } from '../../graph/synthetic-comms.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';
import { insertMachineTranslations } from '../../language/translation-store.js';

let t: TempStore & { kase: CaseRecord };
let server: FastifyInstance;
let audit: MemoryAuditSink;
let ids: string[];
let base: string;

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-TR' });
  await writeComms(t.store, t.kase.id, {
    devices: [{ label: 'D1' }],
    items: [0, 1].map((i) => ({
      kind: 'message' as const,
      device: 'D1',
      from: 'owner',
      to: ['phone:+447700900002'],
      at: Date.UTC(2024, 0, 1) + i * 1000,
    })),
  });
  await sql`UPDATE messages SET thread_id = 'thr_t', body = 'Hace un frío horrible hoy.'`.execute(
    t.store.db,
  );
  ids = (await t.store.db.selectFrom('messages').select('id').orderBy('sent_at').execute()).map(
    (r) => r.id,
  );
  await insertMachineTranslations(
    t.store.db,
    t.kase.id,
    [
      {
        messageId: ids[0]!,
        sourceText: 'Hace un frío horrible hoy.',
        sourceLanguage: 'es',
        targetLanguage: 'en',
        text: 'It is horribly cold today.',
        engine: 'apertium',
        model: 'spa-eng',
        modelHash: null,
        glossaryHash: null,
        glossary: [],
        warnings: [],
      },
    ],
    { actor: 'test', at: 1, jobId: null },
  );
  const app = testApp(t.store, t.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  base = `/api/cases/${t.kase.id}`;
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

describe('translations in conversations', () => {
  it('shows the current translation beside each translated message', async () => {
    const r = (await server.inject({ url: `${base}/threads/thr_t/messages` })).json();
    expect(Object.keys(r.translations)).toEqual([ids[0]]);
    expect(r.translations[ids[0]!]).toMatchObject({
      text: 'It is horribly cold today.',
      engine: 'apertium',
      sourceLanguage: 'es',
      status: 'machine',
      verifiedBy: null,
    });
  });

  it('lets a linguist verify and correct it, each recorded', async () => {
    const url = `${base}/messages/${ids[0]}/translation`;
    const v = await server.inject({ method: 'POST', url, payload: { action: 'verify' } });
    expect(v.statusCode).toBe(200);
    expect(v.json().translation).toMatchObject({ status: 'verified', verifiedBy: 'local' });
    expect(audit.events.at(-1)).toMatchObject({ action: 'translation.review', outcome: 'success' });
    const c = await server.inject({
      method: 'POST',
      url,
      payload: { action: 'correct', text: 'It is terribly cold today.' },
    });
    expect(c.json().translation).toMatchObject({ status: 'corrected', version: 2 });
    const r = (await server.inject({ url: `${base}/threads/thr_t/messages` })).json();
    expect(r.translations[ids[0]!].text).toBe('It is terribly cold today.');
    const empty = await server.inject({
      method: 'POST',
      url,
      payload: { action: 'correct', text: ' ' },
    });
    expect(empty.statusCode).toBe(400);
    const none = await server.inject({
      method: 'POST',
      url: `${base}/messages/${ids[1]}/translation`,
      payload: { action: 'verify' },
    });
    expect(none.statusCode).toBe(404);
  });
});
