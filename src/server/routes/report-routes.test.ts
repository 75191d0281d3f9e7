// The HTML report through the API on a real SQLite store: bookmarks, a whole conversation and a
// finding, each item with its provenance; the marking at top and bottom; hostile evidence text
// escaped; the purpose required and recorded with the items in the audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms, type CommItem } from '../../graph/synthetic-comms.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';
import { saveFindings } from '../../detect/findings-store.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const T0 = Date.UTC(2024, 0, 10, 12);

let t: TempStore & { kase: CaseRecord };
let server: FastifyInstance;
let audit: MemoryAuditSink;
let base: string;
let ids: string[];

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-REPORT' });
  const items: CommItem[] = [0, 1, 2].map((i) => ({
    kind: 'message',
    device: 'D1',
    from: 'owner',
    to: [P(2)],
    at: T0 + i * 60_000,
  }));
  items.push({ kind: 'call', device: 'D1', from: 'owner', to: [P(3)], at: T0, durationS: 42 });
  await writeComms(t.store, t.kase.id, { devices: [{ label: 'D1', exhibit: 'JS/1' }], items });
  ids = (
    await t.store.db
      .selectFrom('messages')
      .select('id')
      .where('case_id', '=', t.kase.id)
      .orderBy('sent_at')
      .execute()
  ).map((r) => r.id);
  await sql`UPDATE messages SET thread_id = 'thr_r', body = 'meet <script>alert(1)</script> & bring it'`.execute(
    t.store.db,
  );
  await t.store.db
    .insertInto('threads')
    .values({
      id: 'thr_r',
      case_id: t.kase.id,
      device_id: (await t.store.db.selectFrom('devices').select('id').executeTakeFirstOrThrow()).id,
      source_id: (await t.store.db.selectFrom('sources').select('id').executeTakeFirstOrThrow()).id,
      locator: 'threads:1',
      parser: 'test-comms@1',
      app: 'sms',
      name: 'Chat with Gaz',
      participants: JSON.stringify([P(2)]),
    } as never)
    .execute();
  await saveFindings(
    t.store,
    t.kase.id,
    [
      {
        id: 'fnd_1',
        caseId: t.kase.id,
        ruleId: 'test-rule',
        ruleVersion: 1,
        crimeType: 'county-lines',
        title: 'Deal line pattern',
        severity: 'high',
        score: 0.8,
        subject: { identifiers: [P(2)], threads: [], devices: [] },
        indicators: [
          {
            id: 'x',
            label: 'Bulk texts',
            weight: 0.8,
            detail: '3 in 2 minutes',
            evidence: [ids[0]!],
          },
        ],
        benign: ['A shop sending offers'],
        missing: ['Cell site data'],
        evidenceHash: '',
        evidence: [{ kind: 'message', id: ids[0]! }],
      },
    ] as never,
    T0,
    ['test-rule'],
  );
  const app = testApp(t.store, t.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  base = `/api/cases/${t.kase.id}`;
  const r = await server.inject({
    method: 'POST',
    url: `${base}/annotations`,
    payload: { targetId: ids[1], targetKind: 'message', kind: 'bookmark' },
  });
  expect(r.statusCode).toBe(201);
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

const report = (payload: unknown, purpose: string | null = 'charging advice file') =>
  server.inject({
    method: 'POST',
    url: `${base}/reports`,
    payload: payload as Record<string, unknown>,
    headers: purpose ? { 'x-threadline-purpose': encodeURIComponent(purpose) } : {},
  });

describe('POST /reports', () => {
  it('refuses without a stated purpose, and an empty selection', async () => {
    const r = await report({ bookmarks: true }, null);
    expect(r.statusCode).toBe(428);
    expect(r.json().error.code).toBe('PURPOSE_REQUIRED');
    const e = await report({});
    expect(e.statusCode).toBe(400);
    expect((await report({ threads: ['thr_nope'] })).statusCode).toBe(404);
  });

  it('produces one HTML file with the marking, items, provenance and escaped text', async () => {
    const r = await report({
      title: 'Exhibit review',
      bookmarks: true,
      threads: ['thr_r'],
      findings: ['fnd_1'],
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="OP-REPORT-report.html"');
    const html = r.body;
    expect(html).toContain(
      '<header class="marking top" data-marking="top">OFFICIAL-SENSITIVE</header>',
    );
    expect(html).toContain(
      '<footer class="marking bottom" data-marking="bottom">OFFICIAL-SENSITIVE</footer>',
    );
    expect(html).toContain('<h1>Exhibit review</h1>');
    expect(html).toContain('charging advice file');
    expect(html).not.toContain('<script>');
    expect(html).toContain('meet &lt;script&gt;alert(1)&lt;/script&gt; &amp; bring it');
    // bookmark (1) + conversation (3) + finding evidence (1): every message with its provenance
    expect(html.match(/<div class="item"/g)).toHaveLength(5);
    expect(html.match(/<dt>SHA-256<\/dt><dd class="mono">[0-9a-f]{64}<\/dd>/g)).toHaveLength(5);
    expect(html).toContain('Chat with Gaz');
    expect(html).toContain('JS/1');
    expect(html).toContain('Deal line pattern');
    expect(html).toContain('A shop sending offers');
    expect(html).toContain('Cell site data');
    const ev = audit.events.at(-1)!;
    expect(ev).toMatchObject({
      action: 'export.write',
      purpose: 'charging advice file',
      outcome: 'success',
    });
    expect(ev.objects).toEqual(expect.arrayContaining(['thr_r', 'fnd_1', ...ids]));
    expect(ev.details).toMatchObject({ format: 'html', threads: 1, findings: 1 });
  });
});
