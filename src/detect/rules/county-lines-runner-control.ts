// County lines: a runner under control. Someone who receives drop instructions (addresses,
// quantities, "text me when done") and, from the same senders, debt, threats, travel orders or
// secrecy demands. The subject is first of all a possible victim (often a child): the finding is a
// safeguarding lead as much as an investigative one.
import type { EvidenceRef, Indicator, Rule, RuleFinding } from '../rule.js';
import type { DetectMessage, PartyId, RuleContext } from '../rule-context.js';
import { addEvidence, evidenceOf, matchMessage, type TextHit } from '../match-text.js';

const INDICATORS: Array<{ id: string; ind: string; label: string; weight: number; min: number }> = [
  {
    id: 'CL5-instructions',
    ind: 'instruction',
    label: 'Drop instructions received',
    weight: 2,
    min: 2,
  },
  { id: 'CL8-debt', ind: 'debt', label: 'Debt owed to the senders', weight: 1.5, min: 1 },
  { id: 'CL8-threat', ind: 'threat', label: 'Threats from the senders', weight: 1.5, min: 1 },
  {
    id: 'CL6-travel',
    ind: 'travel',
    label: 'Sent to travel out of area ("going country")',
    weight: 1.5,
    min: 1,
  },
  {
    id: 'CL7-secrecy',
    ind: 'recruitment',
    label: 'Recruitment or secrecy demands (hide it from family)',
    weight: 1.5,
    min: 1,
  },
];

export const countyLinesRunnerControl: Rule = {
  id: 'county-lines-runner-control',
  title: 'Possible exploitation of a runner (instructions, debt, threats)',
  crimeType: 'county-lines',
  rationale:
    'Runners, often children, are sent to addresses with quantities and told to report back; they are held by debts ("you owe me" after a staged or real robbery) and threats, sent out of area and told to keep quiet. Instructions alone are not enough: debt, threats, travel or secrecy from the same senders must be present.',
  sources: [
    'Home Office county lines guidance (2017, updated 2023): signs of exploitation',
    'NCA 2019 (debt bondage of users and runners)',
    'patterns.md §1 (CL5 runner instructions, CL8 debt bondage)',
  ],
  version: 1,
  needs: ['messages', 'message-text', 'translations'],
  knownFalsePositives: [
    'Delivery or courier work ("go to 22 Oak Rd, text me when done") between an employer and a driver',
    'Friends joking about money owed',
  ],
  threshold: 3.5,
  evaluate(ctx: RuleContext): RuleFinding[] {
    const lex = ctx.lexicon('county-lines');
    // messages each party received in 1:1 contact, by sender
    const received = new Map<PartyId, Map<PartyId, DetectMessage[]>>();
    const sentTo = new Map<PartyId, DetectMessage[]>();
    for (const m of ctx.messages) {
      if (!m.from || m.to.length !== 1) continue;
      const r = m.to[0]!;
      const bySender = received.get(r) ?? received.set(r, new Map()).get(r)!;
      (bySender.get(m.from) ?? bySender.set(m.from, []).get(m.from)!).push(m);
      (sentTo.get(m.from) ?? sentTo.set(m.from, []).get(m.from)!).push(m);
    }
    const findings: RuleFinding[] = [];
    for (const [runner, bySender] of [...received].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const hits = new Map<string, TextHit[]>();
      const senders = new Set<PartyId>();
      for (const [sender, msgs] of bySender) {
        const own = new Map<string, TextHit[]>();
        for (const m of msgs)
          for (const spec of INDICATORS) {
            const h = matchMessage(m, lex, spec.ind);
            if (h) (own.get(spec.ind) ?? own.set(spec.ind, []).get(spec.ind)!).push(h);
          }
        // only those who give instructions count: debt talk from anyone else (a customer asking
        // for credit) says nothing about who controls the runner
        if (!own.has('instruction')) continue;
        senders.add(sender);
        for (const [k, v] of own) (hits.get(k) ?? hits.set(k, []).get(k)!).push(...v);
      }
      const instr = hits.get('instruction') ?? [];
      if (instr.length < 2) continue;
      const coercion = ['debt', 'threat', 'travel', 'recruitment'].some(
        (k) => (hits.get(k) ?? []).length > 0,
      );
      if (!coercion) continue;
      const indicators: Indicator[] = [];
      const evidence: EvidenceRef[] = [];
      for (const spec of INDICATORS) {
        const list = hits.get(spec.ind) ?? [];
        if (list.length < spec.min) continue;
        const shown = list.slice(0, 8);
        for (const h of shown) addEvidence(evidence, evidenceOf(h));
        indicators.push({
          id: spec.id,
          label: spec.label,
          weight: spec.weight,
          detail: `${list.length} message(s) received from ${new Set(list.map((h) => h.message.from)).size} sender(s)`,
          evidence: shown.map((h) => h.message.id),
        });
      }
      // signs the runner is a child (their own words)
      const childHits = (sentTo.get(runner) ?? [])
        .map((m) => matchMessage(m, lex, 'child'))
        .filter((h): h is TextHit => h !== null);
      const age = ctx.ages.get(runner);
      if ((age && age.years < 18) || childHits.length) {
        for (const h of childHits.slice(0, 3)) addEvidence(evidence, evidenceOf(h));
        indicators.push({
          id: 'CL-child',
          label: 'The runner may be a child',
          weight: 1,
          detail: age
            ? `age ${age.years} recorded for the case`
            : `${childHits.length} message(s) by the runner mention school, a parent or an age under 18`,
          evidence: childHits.slice(0, 3).map((h) => h.message.id),
        });
      }
      findings.push({
        title: 'Possible exploitation of a runner: instructions with debt, threats or travel',
        subject: {
          parties: [runner, ...[...senders].sort()],
          threads: [
            ...new Set(
              [...hits.values()]
                .flat()
                .map((h) => h.message.thread)
                .filter((t): t is string => t !== null),
            ),
          ].sort(),
        },
        severity: 'low',
        indicators,
        evidence,
        benign: [
          'The runner may be a victim, not an offender: consider safeguarding and a National Referral Mechanism referral before any enforcement step',
          'Lawful delivery or courier work with an employer (check for pay slips, a business, ordinary hours)',
          'Banter between friends about money',
        ],
        missing: age ? [] : ['No recorded age for the runner'],
      });
    }
    return findings;
  },
};
