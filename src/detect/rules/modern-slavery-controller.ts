// Modern slavery: one controller reaching many workers who barely talk to anyone else, with work
// orders (shifts, early pick-ups) and the language that separates exploitation from lawful work
// (debts and deductions, documents held, accommodation, control, threats), and phones that workers
// share or may only use under control. Lexicons in several languages carry equal weights.
import type { EvidenceRef, Indicator, Rule, RuleFinding } from '../rule.js';
import type { DetectMessage, PartyId, RuleContext } from '../rule-context.js';
import { addEvidence, evidenceOf, hourOf, matchMessage, type TextHit } from '../match-text.js';

const WORK = ['shift', 'transport', 'accommodation', 'control', 'documents'];
const TEXT: Array<{ ind: string; id: string; label: string; weight: number }> = [
  { ind: 'debt', id: 'MS4-debt', label: 'Debts and deductions from pay', weight: 1.5 },
  { ind: 'documents', id: 'MS4-documents', label: 'Identity documents held', weight: 1.5 },
  {
    ind: 'accommodation',
    id: 'MS3-accommodation',
    label: 'Accommodation controlled by the sender',
    weight: 1,
  },
  { ind: 'control', id: 'MS2-control', label: 'Movement or contact controlled', weight: 1.5 },
  {
    ind: 'threat',
    id: 'MS4-threat',
    label: 'Threats (to the worker or their family)',
    weight: 1.5,
  },
  { ind: 'shift', id: 'MS1-shifts', label: 'Shift orders', weight: 0.5 },
];
const MIN_WORKERS = 4;

/** A self-identification at the start or end of a message ("this is X", "X here", "em là X"). */
const SIGNATURE =
  /(?:^|[.!?]\s+)(?:(?:[Ee]m là|[Ee]m|[Tt]his is|[Ii]t's|[Ii]t is|[Ss]oy|[Jj]am)\s+(\p{Lu}\p{Ll}+)|(\p{Lu}\p{Ll}+)\s+(?:đây|here))|(?:\.\s*(\p{Lu}\p{Ll}+)\.?\s*$)/gu;

export const modernSlaveryController: Rule = {
  id: 'modern-slavery-controller',
  title: 'Possible labour or sexual exploitation controller',
  crimeType: 'modern-slavery',
  rationale:
    'A controller sends schedules, pick-up times and addresses to many workers whose phones show few other contacts; debts and deductions, documents held, controlled accommodation and restricted contact distinguish exploitation from lawful gangmasters and agencies. Workers may share one phone they may only use when called.',
  sources: [
    'Modern Slavery Act 2015 statutory guidance; Home Office spot-the-signs',
    'UKFIU/NCA MSHT financial indicators',
    'patterns.md §3 (MS1 controller star, MS2 controlled phones, MS3 co-residence, MS4 debt and documents)',
  ],
  version: 1,
  needs: ['messages', 'message-text', 'translations', 'calls', 'graph'],
  knownFalsePositives: [
    'A lawful staffing agency or gangmaster sending shifts to many workers (pay rates, payslips, free to decline; no debts, documents or control)',
    'A team leader co-ordinating colleagues; a family sharing one phone',
  ],
  threshold: 5,
  evaluate(ctx: RuleContext): RuleFinding[] {
    const lex = ctx.lexicon('modern-slavery');
    const sent = new Map<PartyId, Map<PartyId, DetectMessage[]>>();
    const traffic = new Map<PartyId, Map<PartyId, number>>();
    const count = (a: PartyId, b: PartyId) => {
      const m = traffic.get(a) ?? traffic.set(a, new Map()).get(a)!;
      m.set(b, (m.get(b) ?? 0) + 1);
    };
    for (const m of ctx.messages) {
      if (!m.from) continue;
      for (const r of m.to) {
        const by = sent.get(m.from) ?? sent.set(m.from, new Map()).get(m.from)!;
        (by.get(r) ?? by.set(r, []).get(r)!).push(m);
        count(m.from, r);
        count(r, m.from);
      }
    }
    for (const c of ctx.calls)
      if (c.from)
        for (const r of c.to) {
          count(c.from, r);
          count(r, c.from);
        }
    const shareWith = (w: PartyId, p: PartyId) => {
      const t = traffic.get(w);
      if (!t) return 0;
      let all = 0;
      for (const v of t.values()) all += v;
      return all ? (t.get(p) ?? 0) / all : 0;
    };

    const findings: RuleFinding[] = [];
    for (const [boss, byRecipient] of [...sent].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const workers: PartyId[] = [];
      const hits = new Map<string, TextHit[]>();
      const workHits: TextHit[] = [];
      for (const [w, msgs] of byRecipient) {
        if (msgs.length < 3) continue;
        const own = msgs
          .flatMap((m) => WORK.map((i) => matchMessage(m, lex, i)))
          .filter((h): h is TextHit => h !== null);
        if (!own.length) continue;
        // a worker: reached with work language, and most of their traffic is with this sender
        if (shareWith(w, boss) < 0.5 || ctx.graph.degree(w) > 4) continue;
        workers.push(w);
        workHits.push(...own);
      }
      if (workers.length < MIN_WORKERS) continue;
      for (const w of workers)
        for (const m of byRecipient.get(w) ?? [])
          for (const t of TEXT) {
            const h = matchMessage(m, lex, t.ind);
            if (h) (hits.get(t.ind) ?? hits.set(t.ind, []).get(t.ind)!).push(h);
          }
      // the sender's other one-to-one contacts: a manager may hear the same language
      for (const [r, msgs] of byRecipient) {
        if (workers.includes(r)) continue;
        for (const m of msgs)
          for (const t of TEXT) {
            if (t.ind === 'shift') continue;
            const h = matchMessage(m, lex, t.ind);
            if (h) (hits.get(t.ind) ?? hits.set(t.ind, []).get(t.ind)!).push(h);
          }
      }
      const exploitative = ['debt', 'documents', 'control', 'threat'].filter((k) => hits.has(k));
      if (!exploitative.length) continue;

      const indicators: Indicator[] = [];
      const evidence: EvidenceRef[] = [];
      for (const h of workHits.slice(0, 6)) addEvidence(evidence, evidenceOf(h));
      indicators.push({
        id: 'MS1-controller-star',
        label: 'One sender reaching many workers who have few other contacts',
        weight: 2,
        detail: `${workers.length} recipients of work messages each have at most four contacts, and at least half their messages and calls are with this sender`,
        evidence: workHits.slice(0, 6).map((h) => h.message.id),
      });
      for (const t of TEXT) {
        const list = hits.get(t.ind);
        if (!list?.length) continue;
        const shown = list.slice(0, 6);
        for (const h of shown) addEvidence(evidence, evidenceOf(h));
        indicators.push({
          id: t.id,
          label: t.label,
          weight: t.weight,
          detail: `${list.length} message(s) from this sender`,
          evidence: shown.map((h) => h.message.id),
        });
      }
      // early-morning contact with the workers (pick-ups before dawn)
      const early = [
        ...workers.flatMap((w) =>
          (byRecipient.get(w) ?? []).map((m) => ({ id: m.id, at: m.at, kind: 'message' as const })),
        ),
        ...ctx.calls
          .filter((c) => c.from === boss && c.to.some((r) => workers.includes(r)))
          .map((c) => ({ id: c.id, at: c.at, kind: 'call' as const })),
      ].filter((x) => x.at !== null && hourOf(x.at) >= 3 && hourOf(x.at) < 6);
      const earlyDays = new Set(early.map((x) => Math.floor(x.at! / 86_400_000)));
      if (earlyDays.size >= 5) {
        for (const e of early.slice(0, 5))
          addEvidence(evidence, {
            kind: e.kind,
            id: e.id,
            note: 'contact between 03:00 and 06:00 UTC',
          });
        indicators.push({
          id: 'MS3-early-pickups',
          label: 'Contact with workers before dawn',
          weight: 1,
          detail: `messages or calls to workers between 03:00 and 06:00 UTC on ${earlyDays.size} days`,
          evidence: early.slice(0, 5).map((e) => e.id),
        });
      }
      // controlled or shared phones among those the sender writes to
      const controlled: PartyId[] = [];
      const phoneHits: TextHit[] = [];
      for (const [r, msgs] of byRecipient) {
        const control = msgs
          .map((m) => matchMessage(m, lex, 'control'))
          .filter((h): h is TextHit => h !== null);
        const own = ctx.messages.filter((m) => m.from === r);
        const names = new Set<string>();
        for (const m of own)
          for (const x of (m.text ?? '').matchAll(SIGNATURE))
            names.add((x[1] ?? x[2] ?? x[3] ?? '').toLowerCase());
        names.delete('');
        if (control.length && names.size >= 2) {
          controlled.push(r);
          phoneHits.push(...control);
        }
      }
      if (controlled.length) {
        for (const h of phoneHits.slice(0, 4)) addEvidence(evidence, evidenceOf(h));
        indicators.push({
          id: 'MS2-shared-phone',
          label: 'A phone shared by several people, used under control',
          weight: 1.5,
          detail: `${controlled.length} number(s) the sender controls are written from by several people who identify themselves differently`,
          evidence: phoneHits.slice(0, 4).map((h) => h.message.id),
        });
      }
      findings.push({
        title: 'Possible exploitation controller: many workers, with debts, documents or control',
        subject: {
          parties: [boss, ...workers.sort(), ...controlled.sort()],
          devices: [...new Set([...byRecipient.values()].flat().map((m) => m.device))].sort(),
        },
        severity: 'low',
        indicators,
        evidence,
        benign: [
          'A lawful employer, agency or gangmaster (check licensing, pay slips, whether workers may decline)',
          'Family or friends sharing housing and a phone',
          'The workers are possible victims: consider the National Referral Mechanism',
        ],
        missing: [
          'Payment records (wages paid into one account) are not in the data',
          'Location data to show co-residence and travel to work sites is not used yet',
        ],
      });
    }
    return findings;
  },
};
