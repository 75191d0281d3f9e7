// Grooming: an adult's one-to-one contact with a child, escalating through the documented stages
// (rapport and flattery, secrecy, gifts, isolation, sexualisation, image requests, meeting), a child
// introduced to new adults, and several adults in such contact with one child. Stages are features
// present, not a strict order. A child is known from a recorded age or the child's own words
// ("im 13", "year 8"); without a known child only sexualisation with image requests can fire.
import type { EvidenceRef, Indicator, Rule, RuleFinding } from '../rule.js';
import type { DetectMessage, PartyId, RuleContext } from '../rule-context.js';
import { DAY, addEvidence, evidenceOf, isoDay, matchMessage, type TextHit } from '../match-text.js';

const STAGES: Array<{ ind: string; id: string; label: string; weight: number }> = [
  { ind: 'rapport', id: 'G7-rapport', label: 'Rapport building', weight: 0.5 },
  { ind: 'flattery', id: 'G7-flattery', label: 'Flattery and exclusivity', weight: 0.5 },
  { ind: 'secrecy', id: 'G2-secrecy', label: 'Secrecy demands', weight: 1 },
  { ind: 'gift', id: 'G6-gifts', label: 'Gifts or inducements', weight: 1 },
  {
    ind: 'isolation',
    id: 'G2-isolation',
    label: 'Isolation and risk-assessment questions',
    weight: 1,
  },
  { ind: 'sexualisation', id: 'G3-sexualisation', label: 'Sexualised talk', weight: 1.5 },
  { ind: 'image-request', id: 'G4-image-request', label: 'Image requests', weight: 1.5 },
  { ind: 'meeting', id: 'G5-meeting', label: 'Arranging to meet', weight: 1 },
  {
    ind: 'introduction',
    id: 'N2-introduces',
    label: 'Introduces the child to another adult',
    weight: 1,
  },
];

/** Stages that distinguish grooming from ordinary adult-child contact. */
const SPECIFIC = ['isolation', 'sexualisation', 'image-request'];

interface Pair {
  adult: PartyId;
  child: PartyId;
  messages: DetectMessage[];
  stages: Map<string, TextHit[]>;
  firstAt: number | null;
}

/** The child's stated age, from their own messages ("im 13", "year 8" → 13). */
function statedAge(hits: TextHit[]): { years: number; hit: TextHit } | null {
  for (const h of hits) {
    const text = (h.textUsed === 'original' ? h.message.text : h.message.translation) ?? '';
    for (const [a, b] of h.spans) {
      const s = text.slice(a, b).toLowerCase();
      const n = Number(/\d+/.exec(s)?.[0]);
      if (!Number.isFinite(n)) continue;
      const years = s.startsWith('year') ? n + 5 : n;
      if (years < 18) return { years, hit: h };
    }
  }
  return null;
}

export const groomingEscalation: Rule = {
  id: 'grooming-escalation',
  title: 'Possible grooming of a child (staged escalation)',
  crimeType: 'grooming',
  rationale:
    "Groomers build rapport and exclusivity, demand secrecy, give gifts, isolate the child, sexualise the contact, ask for images and arrange to meet; in group-based exploitation a child is introduced to further adults. Each stage alone is ordinary; several stages in an adult's one-to-one contact with a known child is what an analyst should look at.",
  sources: [
    "O'Connell (2003) online grooming stages; Black et al. (2015) (stages present, order varies)",
    'ChatCoder codebook (isolation, approach, sexual content); Lorenzo-Dus et al. (2016; 2020)',
    'Home Office (2020) group-based CSE: introductions and several adults around one child',
    'patterns.md §2 (G1-G7, N2, N3)',
  ],
  version: 1,
  needs: ['messages', 'message-text', 'translations', 'ages'],
  knownFalsePositives: [
    'A parent or relative planning a surprise (secrecy, a hidden gift, a meeting time): no sexualisation or image requests, usually a family group',
    'Teenagers in a relationship with each other (both children: not flagged when both are known to be under 18)',
    'A coach, teacher or youth worker arranging lifts (meeting language without secrecy or sexualisation)',
  ],
  threshold: 5,
  evaluate(ctx: RuleContext): RuleFinding[] {
    const lex = ctx.lexicon('grooming');
    // stated ages from each party's own messages
    const ageHits = new Map<PartyId, TextHit[]>();
    const pairs = new Map<string, Pair>();
    for (const m of ctx.messages) {
      if (!m.from || m.to.length !== 1) continue;
      const thread = m.thread ? ctx.threads.get(m.thread) : undefined;
      if (thread?.isGroup) continue;
      const a = matchMessage(m, lex, 'age');
      if (a) (ageHits.get(m.from) ?? ageHits.set(m.from, []).get(m.from)!).push(a);
      const k = `${m.from}>${m.to[0]!}`;
      const p =
        pairs.get(k) ??
        pairs
          .set(k, {
            adult: m.from,
            child: m.to[0]!,
            messages: [],
            stages: new Map(),
            firstAt: null,
          })
          .get(k)!;
      p.messages.push(m);
      if (m.at !== null && (p.firstAt === null || m.at < p.firstAt)) p.firstAt = m.at;
    }
    const childAge = new Map<PartyId, { years: number; hit: TextHit | null }>();
    for (const [p, hits] of ageHits) {
      const s = statedAge(hits);
      if (s) childAge.set(p, s);
    }
    for (const [p, a] of ctx.ages) if (a.years < 18) childAge.set(p, { years: a.years, hit: null });
    const isChild = (p: PartyId) => childAge.has(p);
    const firstContact = (x: PartyId, y: PartyId) => {
      const t = [pairs.get(`${x}>${y}`)?.firstAt, pairs.get(`${y}>${x}`)?.firstAt].filter(
        (v): v is number => v !== null && v !== undefined,
      );
      return t.length ? Math.min(...t) : null;
    };

    const candidates: Array<
      Pair & { indicators: Indicator[]; evidence: EvidenceRef[]; strong: boolean }
    > = [];
    for (const p of [...pairs.values()].sort((a, b) =>
      a.adult + a.child < b.adult + b.child ? -1 : 1,
    )) {
      if (isChild(p.adult)) continue; // peers: both children
      for (const m of p.messages)
        for (const s of STAGES) {
          const h = matchMessage(m, lex, s.ind);
          if (h) (p.stages.get(s.ind) ?? p.stages.set(s.ind, []).get(s.ind)!).push(h);
        }
      const child = childAge.get(p.child);
      const sexual = p.stages.has('sexualisation') && p.stages.has('image-request');
      const distinct = STAGES.filter((s) => p.stages.has(s.ind)).length;
      // rapport, secrecy, gifts and meetings are ordinary between adults and children (a surprise
      // party, a coach's lifts): one of the specific stages must be there too
      const specific = SPECIFIC.some((s) => p.stages.has(s));
      const strong = (child && distinct >= 3 && specific) || (sexual && distinct >= 4);
      if (!strong && !(child && distinct >= 2)) continue;
      const indicators: Indicator[] = [];
      const evidence: EvidenceRef[] = [];
      if (child) {
        const adultAge = ctx.ages.get(p.adult);
        if (child.hit) addEvidence(evidence, evidenceOf(child.hit));
        indicators.push({
          id: 'G1-adult-child',
          label: 'Contact with a child',
          weight: adultAge && adultAge.years >= 18 ? 2.5 : 2,
          detail: `the other party is ${child.years} (${child.hit ? 'in their own words' : 'recorded for the case'})${adultAge ? `; this party is ${adultAge.years}` : "; this party's age is not known"}`,
          evidence: child.hit ? [child.hit.message.id] : [],
        });
      }
      for (const s of STAGES) {
        const hits = p.stages.get(s.ind);
        if (!hits) continue;
        for (const h of hits.slice(0, 4)) addEvidence(evidence, evidenceOf(h));
        indicators.push({
          id: s.id,
          label: s.label,
          weight: s.weight,
          detail: `${hits.length} message(s), first ${isoDay(hits[0]!.message.at)}`,
          evidence: hits.slice(0, 4).map((h) => h.message.id),
        });
      }
      candidates.push({ ...p, indicators, evidence, strong: !!strong });
    }

    // introductions: a new adult first contacts the child within 14 days of an introduction
    for (const c of candidates) {
      if (!c.strong) continue;
      const intro = c.stages.get('introduction');
      if (!intro?.length) continue;
      const t = intro[0]!.message.at;
      if (t === null) continue;
      for (const other of candidates) {
        if (other.child !== c.child || other.adult === c.adult) continue;
        const first = firstContact(other.adult, c.child);
        if (first === null || first < t || first > t + 14 * DAY) continue;
        other.strong = true;
        other.indicators.push({
          id: 'N2-introduced',
          label: 'Made contact with the child after being introduced by another adult',
          weight: 1.5,
          detail: `first contact ${isoDay(first)}, ${Math.round((first - t) / 3_600_000)} hours after the introduction`,
          evidence: [intro[0]!.message.id],
        });
        addEvidence(other.evidence, evidenceOf(intro[0]!));
      }
    }
    // several adults in such contact with one child
    const flagged = candidates.filter((c) => c.strong);
    const perChild = new Map<PartyId, number>();
    for (const c of flagged) perChild.set(c.child, (perChild.get(c.child) ?? 0) + 1);

    const findings: RuleFinding[] = [];
    for (const c of flagged) {
      const n = perChild.get(c.child) ?? 1;
      if (n >= 2)
        c.indicators.push({
          id: 'N3-many-adults',
          label: 'Several adults in such contact with the same child',
          weight: 1,
          detail: `${n} adults show grooming indicators with this child`,
          evidence: [],
        });
      const threads = [
        ...new Set(c.messages.map((m) => m.thread).filter((t): t is string => !!t)),
      ].sort();
      const adultAge = ctx.ages.get(c.adult);
      findings.push({
        title: "Possible grooming: an adult's escalating contact with a child",
        subject: { parties: [c.adult, c.child], threads },
        severity: 'low',
        indicators: c.indicators,
        evidence: c.evidence,
        benign: [
          'A parent, relative or carer (check the relationship: secrecy about a surprise, lifts, pocket money)',
          "Two young people in a relationship (check the sender's own age)",
          "Stated ages can be jokes or lies: confirm the child's age from records",
        ],
        missing: [
          ...(adultAge ? [] : ["The sender's age is not recorded"]),
          'Deleted or off-device messages (other apps) are not seen',
        ],
      });
    }
    return findings;
  },
};
