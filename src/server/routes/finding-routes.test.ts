// The findings API on the Kestrel case after detection: listing with filters and paging, a finding
// with its evidence text and highlight segments, reviews that need a reason, outsiders refused,
// and every call audited through the case-access seam.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { kestrelCase, type KestrelCase } from '../../testkit/kestrel-case.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import { runDetection } from '../../detect/runner.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';

let k: KestrelCase;
let server: FastifyInstance;
let outsider: FastifyInstance;
let audit: MemoryAuditSink;
let base: string;

beforeAll(async () => {
  k = await kestrelCase();
  await runDetection(k.store, k.kase.id, { now: 1 });
  const app = testApp(k.store, k.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  ({ server: outsider } = await createServer(
    testApp(k.store, k.dir, {
      access: {
        decide: async () => ({ allowed: false, reason: 'not a member' }),
        visibleCases: async () => [],
      },
    }),
    { log: { level: 'silent' }, webRoot: null },
  ));
  base = `/api/cases/${k.kase.id}/findings`;
}, 180_000);
afterAll(async () => {
  await server?.close();
  await outsider?.close();
  await k?.cleanup();
});

interface Summary {
  id: string;
  ruleId: string;
  crimeType: string;
  status: string;
  score: number;
  subject: { identifiers: string[] };
}

describe('findings API', () => {
  it('lists findings with filters and paging, saying they are indicators', async () => {
    const all = (await server.inject({ url: `${base}?status=new` })).json() as {
      findings: Summary[];
      total: number;
      notice: string;
    };
    expect(all.total).toBe(6);
    expect(all.notice).toMatch(/not a conclusion/);
    const scores = all.findings.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const gr = (await server.inject({ url: `${base}?crimeType=grooming` })).json() as {
      findings: Summary[];
    };
    expect(gr.findings.map((f) => f.ruleId)).toEqual([
      'grooming-escalation',
      'grooming-escalation',
    ]);
    const page = (await server.inject({ url: `${base}?limit=2&offset=2` })).json() as {
      findings: Summary[];
      total: number;
    };
    expect(page.total).toBe(6);
    expect(page.findings.map((f) => f.id)).toEqual(all.findings.slice(2, 4).map((f) => f.id));
    const bad = await server.inject({ url: `${base}?status=maybe` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_ARGUMENT');
  });

  it('shows a finding with its evidence text and highlighted matches', async () => {
    const list = (await server.inject({ url: `${base}?rule=grooming-escalation` })).json() as {
      findings: Summary[];
    };
    const lee = list.findings.find((f) => f.subject.identifiers.includes('phone:+447700900160'))!;
    const res = await server.inject({ url: `${base}/${lee.id}` });
    expect(res.statusCode).toBe(200);
    const f = res.json().finding as {
      indicators: Array<{ id: string }>;
      evidence: Array<{
        id: string;
        found: boolean;
        text: string | null;
        textUsed: string | null;
        spans: Array<[number, number]>;
        segments: Array<{ text: string; mark: boolean }>;
      }>;
      notice: string;
    };
    expect(f.indicators.map((i) => i.id)).toContain('G2-secrecy');
    const secret = f.evidence.find((e) => e.text === 'delete our chats yeah? our secret x')!;
    expect(secret.found).toBe(true);
    expect(secret.textUsed).toBe('original');
    expect(secret.segments.filter((s) => s.mark).map((s) => s.text)).toEqual(
      expect.arrayContaining(['our secret']),
    );
    expect(secret.segments.map((s) => s.text).join('')).toBe(secret.text);
    const missing = await server.inject({ url: `${base}/fnd_nosuchfinding` });
    expect(missing.statusCode).toBe(404);
  });

  it('records a review only with a reason, and the queue reflects it', async () => {
    const list = (await server.inject({ url: `${base}?rule=sextortion-script` })).json() as {
      findings: Summary[];
    };
    const id = list.findings[0]!.id;
    const url = `${base}/${id}/review`;
    const noReason = await server.inject({ method: 'POST', url, payload: { decision: 'accept' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('REASON_REQUIRED');
    const badDecision = await server.inject({
      method: 'POST',
      url,
      payload: { decision: 'maybe', reason: 'x' },
    });
    expect(badDecision.statusCode).toBe(400);
    const ok = await server.inject({
      method: 'POST',
      url,
      payload: { decision: 'accept', reason: 'script matches; victim spoke to his father' },
    });
    expect(ok.statusCode).toBe(200);
    const f = ok.json().finding as {
      status: string;
      reviews: Array<{ decision: string; actorId: string }>;
    };
    expect(f.status).toBe('accepted');
    expect(f.reviews).toEqual([expect.objectContaining({ decision: 'accept', actorId: 'local' })]);
    const accepted = (await server.inject({ url: `${base}?status=accepted` })).json() as {
      total: number;
    };
    expect(accepted.total).toBe(1);
    const events = audit.events.filter((e) => e.action === 'finding.review');
    expect(events.map((e) => e.outcome)).toEqual(['error', 'error', 'success']);
    expect(events[2]!.objects).toEqual([id]);
  });

  it('counts findings in the case overview and filters search to finding evidence', async () => {
    const o = (await server.inject({ url: `/api/cases/${k.kase.id}` })).json() as {
      findings: { available: boolean; new: number; accepted: number; rejected: number };
    };
    expect(o.findings).toMatchObject({ available: true });
    expect(o.findings.new + o.findings.accepted + o.findings.rejected).toBe(6);
    const all = (await server.inject({ url: base })).json() as { findings: Summary[] };
    const evidence = new Set<string>();
    for (const f of all.findings) {
      const d = (await server.inject({ url: `${base}/${f.id}` })).json() as {
        finding: { evidence: Array<{ kind: string; id: string }> };
      };
      for (const e of d.finding.evidence) if (e.kind === 'message') evidence.add(e.id);
    }
    const r = (
      await server.inject({ url: `/api/cases/${k.kase.id}/search?q=owe&finding=any&limit=200` })
    ).json() as { hits: Array<{ id: string; body: string }> };
    expect(r.hits.length).toBeGreaterThan(0);
    for (const h of r.hits) expect(evidence.has(h.id), h.body).toBe(true);
    const plain = (
      await server.inject({ url: `/api/cases/${k.kase.id}/search?q=owe&limit=200` })
    ).json() as { hits: unknown[] };
    expect(plain.hits.length).toBeGreaterThanOrEqual(r.hits.length);
  });

  it('refuses an outsider on every findings route', async () => {
    const list = (await server.inject({ url: base })).json() as { findings: Summary[] };
    const id = list.findings[0]!.id;
    for (const [method, url] of [
      ['GET', base],
      ['GET', `${base}/${id}`],
      ['POST', `${base}/${id}/review`],
    ] as const) {
      const r = await outsider.inject({
        method,
        url,
        ...(method === 'POST' ? { payload: { decision: 'reject', reason: 'x' } } : {}),
      });
      expect(r.statusCode, url).toBe(403);
      expect(r.body).not.toContain('phone:');
    }
  });
});
