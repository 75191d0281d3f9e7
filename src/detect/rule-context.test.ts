// Guard-rail tests: a rule cannot read names, language, nationality, ethnicity or dialling codes,
// parties are opaque, and rule files import nothing that could hand them such data.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildRuleContext } from './case-data.js';
import { evaluateRules } from './runner.js';
import { ScenarioBuilder, T0, num } from './eval/scenario-builder.js';
import type { Rule } from './rule.js';
import type { DetectMessage, RuleContext } from './rule-context.js';
import { isAppError } from '../model/errors.js';

function sample() {
  const b = new ScenarioBuilder('case_guard');
  b.device('dev_a', num(1));
  b.msg('dev_a', num(1), num(2), T0, 'hello there');
  b.msg('dev_a', num(2), num(1), T0 + 1000, 'hi');
  b.call('dev_a', num(1), num(3), T0 + 2000);
  b.age(num(2), 13);
  return b.build();
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
}

describe('rule context guard-rails', () => {
  it('has no names, language, nationality or dialling-code fields in its types', () => {
    const { ctx } = buildRuleContext(sample());
    const m: DetectMessage = ctx.messages[0]!;
    // @ts-expect-error a message has no language
    expect(() => m.language).toThrow();
    // @ts-expect-error the context has no names
    expect(() => ctx.names).toThrow();
  });

  it('throws RULE_FORBIDDEN_DATA on any attempt to read a forbidden field at run time', () => {
    const { ctx } = buildRuleContext(sample());
    const any = (x: unknown) => x as Record<string, unknown>;
    const m = ctx.messages[0]!;
    const thread = [...ctx.threads.values()][0]!;
    for (const [what, read] of [
      ['message.language', () => any(m).language],
      ['message.lang', () => any(m).lang],
      ['message.name', () => any(m).name],
      ['message.countryCode', () => any(m).countryCode],
      ['call.callingCode', () => any(ctx.calls[0]).callingCode],
      ['thread.name', () => any(thread).name],
      ['thread.label', () => any(thread).label],
      ['context.nationality', () => any(ctx).nationality],
      ['context.ethnicity', () => any(ctx).ethnicity],
      ['graph.names', () => any(ctx.graph).names],
      ['messages.language', () => any(ctx.messages).language],
      ['age.name', () => any(ctx.ages.values().next().value).name],
      ['"language" in message', () => 'language' in m],
    ] as const)
      expect(codeOf(read), what).toBe('RULE_FORBIDDEN_DATA');
    // permitted reads still work
    expect(m.text).toBe('hello there');
    expect(ctx.threads.size).toBe(1);
    expect(ctx.messages.filter((x) => x.text === 'hi')).toHaveLength(1);
  });

  it('is read-only', () => {
    const { ctx } = buildRuleContext(sample());
    expect(() => {
      (ctx.messages[0] as { text: string | null }).text = 'changed';
    }).toThrow(TypeError);
    expect(ctx.messages[0]!.text).toBe('hello there');
  });

  it('names parties by opaque ids: no number, no country code', () => {
    const built = buildRuleContext(sample());
    const parties = new Set<string>();
    for (const m of built.ctx.messages) {
      if (m.from) parties.add(m.from);
      for (const t of m.to) parties.add(t);
    }
    expect(parties.size).toBe(2);
    for (const p of parties) {
      expect(p).toMatch(/^pty_[0-9a-f]{16}$/);
      expect(p).not.toContain('44');
      expect(built.keyOf(p)).toMatch(/^phone:\+447700900/);
    }
    // stable within a case, different across cases
    const again = buildRuleContext(sample());
    expect(again.partyOf(num(1))).toBe(built.partyOf(num(1)));
    const other = buildRuleContext({ ...sample(), caseId: 'case_other' });
    expect(other.partyOf(num(1))).not.toBe(built.partyOf(num(1)));
  });

  it('stops a rule that tries to read a forbidden field, with the typed error', () => {
    const nosy: Rule = {
      id: 'nosy',
      title: 'reads what it must not',
      crimeType: 'grooming',
      rationale: 'test',
      sources: ['test'],
      version: 1,
      needs: ['messages'],
      knownFalsePositives: [],
      threshold: 0,
      evaluate(ctx: RuleContext) {
        const langs = ctx.messages.map((m) => (m as unknown as { language: string }).language);
        return langs.length ? [] : [];
      },
    };
    expect(codeOf(() => evaluateRules(sample(), [nosy]))).toBe('RULE_FORBIDDEN_DATA');
  });

  it('rule files import only the rule contract and text helpers', () => {
    const dir = fileURLToPath(new URL('./rules', import.meta.url));
    const allowed = new Set(['../rule.js', '../rule-context.js', '../match-text.js']);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const src = readFileSync(join(dir, f), 'utf8');
      const imports = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const i of imports)
        if (f === 'index.ts')
          expect(i.startsWith('./') || i === '../rule.js', `${f}: ${i}`).toBe(true);
        else expect(allowed.has(i), `${f} imports ${i}`).toBe(true);
      // no rule mentions the sensitive attributes or their proxies as fields
      expect(src).not.toMatch(/\.(language|nationality|ethnicity|countryCode|callingCode|name)\b/);
    }
  });
});
