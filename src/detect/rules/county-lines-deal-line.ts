// County lines: a deal line. Structural indicators carry the score (daily broadcast "flares" to
// many recipients, a hub of customers who contact only it, a late-night ordering profile, customers
// kept across a change of number or handset); text (runner instructions, debt, slang) only adds to
// a line that is already structurally suspicious. See docs/detection.md.
import type { EvidenceRef, Indicator, Rule, RuleFinding } from '../rule.js';
import type { DetectMessage, PartyId, RuleContext } from '../rule-context.js';
import { DAY, addEvidence, evidenceOf, hourOf, isoDay, matchMessage } from '../match-text.js';

/** Least distinct recipients of one burst of identical outgoing messages to count as a broadcast. */
const MIN_BROADCAST = 20;
/** Longest gap between consecutive messages of one broadcast. */
const BURST_GAP = 5 * 60_000;
/** Least customers (spokes) who each contacted the line at least three times. */
const MIN_SPOKES = 15;

interface Broadcast {
  at: number;
  recipients: Set<PartyId>;
  messages: DetectMessage[];
}

function broadcastsOf(sent: DetectMessage[]): Broadcast[] {
  const out: Broadcast[] = [];
  let cur: Broadcast | null = null;
  let lastAt = -Infinity;
  const flush = () => {
    if (!cur || cur.recipients.size < MIN_BROADCAST) return;
    // one text to all (or no text at all, as in operator records)
    const texts = new Map<string, number>();
    for (const m of cur.messages) texts.set(m.text ?? '', (texts.get(m.text ?? '') ?? 0) + 1);
    const top = Math.max(...texts.values());
    if (top / cur.messages.length >= 0.8) out.push(cur);
  };
  for (const m of sent) {
    if (m.at === null) continue;
    if (!cur || m.at - lastAt > BURST_GAP) {
      flush();
      cur = { at: m.at, recipients: new Set(), messages: [] };
    }
    for (const r of m.to) cur.recipients.add(r);
    cur.messages.push(m);
    lastAt = m.at;
  }
  flush();
  return out;
}

export const countyLinesDealLine: Rule = {
  id: 'county-lines-deal-line',
  title: 'Possible county-lines deal line',
  crimeType: 'county-lines',
  rationale:
    'County-lines "deal lines" advertise to their customer base with bulk outgoing texts ("flares"), take orders from many customers who contact only the line, trade late into the night, and are kept (with their customers) when a handset or number changes. Structural indicators are scored; slang and instructions only add to them.',
  sources: [
    'Home Office county lines guidance (2017, updated 2023)',
    'NCA county lines assessments 2017-2019 (mass-marketing texts, brand lines kept for years)',
    'Met Operation Orochi (line holders, 500 texts in seconds)',
    'patterns.md §1 (CL1 flare, CL2 hub-and-spoke, CL3 operating hours, CL4 line swap, CL8 debt, CL9 slang)',
  ],
  version: 1,
  needs: ['messages', 'message-text', 'translations', 'calls', 'graph'],
  knownFalsePositives: [
    "A shop's or club's broadcast offers (weekly rather than daily, daytime hours, few customers replying repeatedly)",
    'A taxi or takeaway number taking many late orders (no broadcasts, no runner instructions)',
    'Community or school group announcements sent one by one',
  ],
  threshold: 4,
  evaluate(ctx: RuleContext): RuleFinding[] {
    const lex = ctx.lexicon('county-lines');
    const sentBy = new Map<PartyId, DetectMessage[]>();
    const inbound = new Map<
      PartyId,
      Map<PartyId, Array<{ at: number | null; id: string; kind: 'message' | 'call' }>>
    >();
    const addIn = (
      to: PartyId,
      from: PartyId,
      at: number | null,
      id: string,
      kind: 'message' | 'call',
    ) => {
      const m = inbound.get(to) ?? inbound.set(to, new Map()).get(to)!;
      (m.get(from) ?? m.set(from, []).get(from)!).push({ at, id, kind });
    };
    for (const m of ctx.messages) {
      if (!m.from) continue;
      (sentBy.get(m.from) ?? sentBy.set(m.from, []).get(m.from)!).push(m);
      if (m.to.length === 1) addIn(m.to[0]!, m.from, m.at, m.id, 'message');
    }
    for (const c of ctx.calls)
      if (c.from && c.to.length === 1) addIn(c.to[0]!, c.from, c.at, c.id, 'call');

    // candidate lines: parties with broadcasts or many inbound customers
    interface LineFacts {
      party: PartyId;
      broadcasts: Broadcast[];
      spokes: PartyId[];
      inboundAt: number[];
      inboundEvidence: Array<{ id: string; kind: 'message' | 'call' }>;
    }
    const facts = new Map<PartyId, LineFacts>();
    const parties = new Set<PartyId>([...sentBy.keys(), ...inbound.keys()]);
    for (const p of [...parties].sort()) {
      const broadcasts = broadcastsOf(sentBy.get(p) ?? []);
      const spokes: PartyId[] = [];
      const inboundAt: number[] = [];
      const inboundEvidence: Array<{ id: string; kind: 'message' | 'call' }> = [];
      for (const [from, list] of inbound.get(p) ?? []) {
        // a spoke contacts the line repeatedly and has few other contacts
        if (list.length >= 3 && ctx.graph.degree(from) <= 3) {
          spokes.push(from);
          for (const x of list) {
            if (x.at !== null) inboundAt.push(x.at);
            if (inboundEvidence.length < 30) inboundEvidence.push({ id: x.id, kind: x.kind });
          }
        }
      }
      if (broadcasts.length >= 3 || spokes.length >= MIN_SPOKES)
        facts.set(p, { party: p, broadcasts, spokes: spokes.sort(), inboundAt, inboundEvidence });
    }

    // a line and the number it moved to are one line
    const groupOf = new Map<PartyId, PartyId[]>();
    for (const p of facts.keys()) groupOf.set(p, [p]);
    const swapsOf = new Map<PartyId, (typeof ctx.graph.lineSwaps)[number][]>();
    for (const s of ctx.graph.lineSwaps) {
      if (!facts.has(s.old) && !facts.has(s.new)) continue;
      for (const p of [s.old, s.new]) (swapsOf.get(p) ?? swapsOf.set(p, []).get(p)!).push(s);
      const a = groupOf.get(s.old) ?? [s.old];
      const b = groupOf.get(s.new) ?? [s.new];
      if (a === b) continue;
      const merged = [...new Set([...a, ...b])].sort();
      for (const p of merged) groupOf.set(p, merged);
    }
    const groups = [...new Set([...groupOf.values()])].filter((g) => g.some((p) => facts.has(p)));

    const findings: RuleFinding[] = [];
    for (const group of groups) {
      const members = group.filter((p) => facts.has(p));
      const indicators: Indicator[] = [];
      const evidence: EvidenceRef[] = [];
      const missing: string[] = [];
      const benign: string[] = [];
      const add = (e: EvidenceRef) => addEvidence(evidence, e);

      // CL1: flares
      const broadcasts = members.flatMap((p) => facts.get(p)!.broadcasts);
      if (broadcasts.length >= 3) {
        const days = new Set(broadcasts.map((b) => Math.floor(b.at / DAY)));
        const first = Math.min(...broadcasts.map((b) => b.at));
        const last = Math.max(...broadcasts.map((b) => b.at));
        const span = Math.max(1, Math.round((last - first) / DAY) + 1);
        const sample = broadcasts.slice(0, 3).concat(broadcasts.slice(-2));
        const ids: string[] = [];
        for (const b of sample)
          for (const m of b.messages.slice(0, 5)) {
            const hit = matchMessage(m, lex, 'flare');
            add(
              hit
                ? evidenceOf(hit)
                : {
                    kind: 'message',
                    id: m.id,
                    note: `broadcast to ${b.recipients.size} recipients`,
                  },
            );
            ids.push(m.id);
          }
        const maxR = Math.max(...broadcasts.map((b) => b.recipients.size));
        indicators.push({
          id: 'CL1-flare',
          label: 'Bulk "flare" broadcasts to many recipients',
          weight: 2,
          detail: `${broadcasts.length} bursts of the same outgoing text to up to ${maxR} recipients within minutes, between ${isoDay(first)} and ${isoDay(last)}`,
          evidence: ids,
        });
        if (days.size / span >= 0.5)
          indicators.push({
            id: 'CL1-daily',
            label: 'Broadcasts on most days',
            weight: 1,
            detail: `broadcasts on ${days.size} of ${span} days (daily marketing, not a weekly offer)`,
            evidence: ids.slice(0, 3),
          });
        else
          benign.push(
            `Broadcasts are occasional (${days.size} days in ${span}): consistent with a business's offers`,
          );
        if (broadcasts.every((b) => b.messages.every((m) => m.text === null)))
          missing.push(
            'Broadcast texts are not in evidence (operator records only): content unknown',
          );
      }

      // CL2: hub and spoke
      const spokes = [...new Set(members.flatMap((p) => facts.get(p)!.spokes))].sort();
      const inboundAt = members.flatMap((p) => facts.get(p)!.inboundAt);
      const inEv = members.flatMap((p) => facts.get(p)!.inboundEvidence);
      if (spokes.length >= MIN_SPOKES) {
        for (const e of inEv.slice(0, 15))
          add({ kind: e.kind, id: e.id, note: 'customer contact' });
        indicators.push({
          id: 'CL2-hub-spoke',
          label: 'Hub of customers who contact only this number',
          weight: 2,
          detail: `${spokes.length} parties contacted it at least three times each and have at most three contacts in the data`,
          evidence: inEv.slice(0, 15).map((e) => e.id),
        });
      }

      // CL3: operating hours (late-night orders)
      if (inboundAt.length >= 30) {
        const late = inboundAt.filter((t) => {
          const h = hourOf(t);
          return h >= 22 || h < 3;
        }).length;
        const hours = new Set(inboundAt.map(hourOf)).size;
        if (late / inboundAt.length >= 0.2 && hours >= 12)
          indicators.push({
            id: 'CL3-hours',
            label: 'Orders around the clock, late into the night',
            weight: 1,
            detail: `${Math.round((late / inboundAt.length) * 100)}% of ${inboundAt.length} customer contacts between 22:00 and 03:00 UTC, over ${hours} different hours of the day`,
            evidence: [],
          });
      }

      // CL4: line kept across a change of number or handset
      const swaps = [...new Set(members.flatMap((p) => swapsOf.get(p) ?? []))];
      if (swaps.length) {
        const s = swaps[0]!;
        indicators.push({
          id: 'CL4-line-swap',
          label: 'Customers kept across a change of number or handset',
          weight: 2,
          detail: `${s.shared.length} of the ${s.oldContacts} contacts of the old number (${Math.round(s.overlap * 100)}%) moved to the new number after ${isoDay(s.oldLastAt)}; the new number was first used ${isoDay(s.newFirstAt)}`,
          evidence: [],
        });
      }

      // text from the line: instructions, debt and threats, slang (only with structure above)
      const structural = indicators.length > 0;
      const textOf = (ind: string) => {
        const hits = members.flatMap((p) =>
          (sentBy.get(p) ?? []).map((m) => matchMessage(m, lex, ind)).filter((h) => h !== null),
        );
        return hits;
      };
      if (structural) {
        const instr = textOf('instruction');
        if (instr.length >= 2) {
          for (const h of instr.slice(0, 10)) add(evidenceOf(h));
          indicators.push({
            id: 'CL5-runner-instructions',
            label: 'Instructions to runners (addresses, quantities, report back)',
            weight: 1.5,
            detail: `${instr.length} outgoing messages with drop instructions`,
            evidence: instr.slice(0, 10).map((h) => h.message.id),
          });
        }
        const debt = [...textOf('debt'), ...textOf('threat')];
        if (debt.length >= 1) {
          for (const h of debt.slice(0, 10)) add(evidenceOf(h));
          indicators.push({
            id: 'CL8-debt-threat',
            label: 'Debt or threats',
            weight: 1,
            detail: `${debt.length} outgoing messages about debt ("tick", owing) or threats`,
            evidence: debt.slice(0, 10).map((h) => h.message.id),
          });
        }
        const slang = textOf('slang');
        if (slang.length >= 3) {
          for (const h of slang.slice(0, 5)) add(evidenceOf(h));
          indicators.push({
            id: 'CL9-slang',
            label: 'Drug-market slang (weak; counted only beside structural indicators)',
            weight: 0.5,
            detail: `${slang.length} outgoing messages with terms from the county-lines lexicon`,
            evidence: slang.slice(0, 5).map((h) => h.message.id),
          });
        }
      }
      // a line is structural: flares or a customer hub must be there
      if (!indicators.some((i) => i.id === 'CL1-flare' || i.id === 'CL2-hub-spoke')) continue;
      if (!indicators.some((i) => i.id === 'CL1-daily' || i.id === 'CL2-hub-spoke'))
        benign.push('No customer hub: the broadcasts alone are what a business sends');
      benign.push(
        'A business or venue that markets by text and takes orders late (check who the number is registered to and what the texts say)',
      );
      if (!ctx.calls.length) missing.push('No call records: order calls not seen');
      findings.push({
        title: `Possible deal line: ${indicators.map((i) => i.label.toLowerCase()).join('; ')}`,
        subject: {
          parties: group,
          devices: [
            ...new Set(members.flatMap((p) => (sentBy.get(p) ?? []).map((m) => m.device))),
          ].sort(),
        },
        severity: 'low',
        indicators,
        evidence,
        benign,
        missing,
      });
    }
    return findings;
  },
};
