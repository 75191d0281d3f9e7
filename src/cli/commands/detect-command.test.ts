// The detection commands end to end on the Kestrel case: analyse, findings, finding (highlights),
// review (reason required, typed error), re-analysis keeping the decision, and the canonical export
// carrying findings and decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kestrelCase, type KestrelCase } from '../../testkit/kestrel-case.js';
import { runCli } from '../../testkit/run-cli.js';

let k: KestrelCase;
let data: string;
let ref: string;

beforeAll(async () => {
  k = await kestrelCase();
  await k.store.close();
  data = join(k.dir, 'store');
  ref = k.kase.ref;
}, 180_000);
afterAll(async () => {
  await k?.cleanup().catch(() => undefined);
});

const cli = (...args: string[]) => runCli(['--data', data, ...args]);

describe('threadline analyse / findings / finding / review', () => {
  it('analyses, lists, shows, reviews with a reason and keeps the decision', () => {
    const a = cli('--json', 'analyse', ref);
    expect(a.status, a.stderr).toBe(0);
    const ar = a.json<{ findings: Array<{ id: string; ruleId: string }>; notice: string }>();
    expect(ar.findings).toHaveLength(6);
    expect(ar.notice).toMatch(/not a conclusion/);

    const l = cli('--json', 'findings', ref, '--status', 'new');
    expect(l.status, l.stderr).toBe(0);
    expect(l.json<{ total: number }>().total).toBe(6);

    const groom = ar.findings.find((f) => f.ruleId === 'grooming-escalation')!;
    const show = cli('finding', ref, groom.id);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain('not a conclusion');
    expect(show.stdout).toMatch(/\[\[[^\]]+\]\]/);
    expect(show.stdout).toContain('G1-adult-child');

    const noReason = cli('review', groom.id, '--reject');
    expect(noReason.status).not.toBe(0);
    expect(noReason.stderr).toContain('REASON_REQUIRED');
    const both = cli('review', groom.id, '--reject', '--accept', '--reason', 'x');
    expect(both.stderr).toContain('INVALID_ARGUMENT');

    const rev = cli('--json', 'review', groom.id, '--reject', '--reason', 'test: checked, benign');
    expect(rev.status, rev.stderr).toBe(0);
    expect(rev.json<{ status: string }>().status).toBe('rejected');

    const again = cli('--json', 'analyse', ref);
    expect(again.json<{ saved: { stillRejected: number; new: number } }>().saved).toMatchObject({
      stillRejected: 1,
      new: 5,
    });
    const rejected = cli('--json', 'findings', ref, '--status', 'rejected');
    expect(rejected.json<{ findings: Array<{ id: string }> }>().findings.map((f) => f.id)).toEqual([
      groom.id,
    ]);

    const out = join(k.dir, 'export.jsonl');
    const ex = cli('export', ref, '--format', 'jsonl', '--out', out, '--purpose', 'test');
    expect(ex.status, ex.stderr).toBe(0);
    const findings = readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            kind: string;
            id: string;
            reviews?: Array<{ decision: string; reason: string }>;
          },
      )
      .filter((o) => o.kind === 'finding');
    expect(findings).toHaveLength(6);
    expect(findings.map((f) => f.id)).toEqual([...findings.map((f) => f.id)].sort());
    const g = findings.find((f) => f.id === groom.id)!;
    expect(g.reviews).toEqual([
      expect.objectContaining({ decision: 'reject', reason: 'test: checked, benign' }),
    ]);
  }, 240_000);
});
