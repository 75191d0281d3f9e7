// Financially motivated sexual extortion: the documented script, followed across a move to another
// app or number on the same phone: new contact, flirting, a request to switch platform, an image
// sent first, an image request, the victim's image, a threat (often naming followers and family),
// a payment demand (gift cards, payment apps) and a countdown. Threat and payment demand must both
// be present; speed (first contact to threat within a day) adds weight.
import type { EvidenceRef, Indicator, Rule, RuleFinding } from '../rule.js';
import type { DetectMessage, PartyId, RuleContext } from '../rule-context.js';
import {
  HOUR,
  addEvidence,
  evidenceOf,
  isoDay,
  matchMessage,
  type TextHit,
} from '../match-text.js';

const STEPS: Array<{ ind: string; id: string; label: string; weight: number }> = [
  {
    ind: 'new-contact',
    id: 'F1-new-contact',
    label: 'A new contact opens the conversation',
    weight: 0.5,
  },
  { ind: 'flirt', id: 'F1-flirt', label: 'Fast flirting', weight: 0.5 },
  {
    ind: 'platform-switch',
    id: 'F1-platform-switch',
    label: 'Asks to move to another app or number',
    weight: 1,
  },
  { ind: 'image-request', id: 'F1-image-request', label: 'Asks for an image', weight: 1 },
  {
    ind: 'threat',
    id: 'F1-threat',
    label: 'Threatens to share the image (followers, family)',
    weight: 2,
  },
  {
    ind: 'payment',
    id: 'F3-payment-demand',
    label: 'Demands payment (gift cards, payment apps)',
    weight: 2,
  },
  { ind: 'countdown', id: 'F5-countdown', label: 'Countdown or urgency', weight: 1 },
];

interface Conv {
  thread: string;
  device: string;
  app: string;
  other: PartyId;
  messages: DetectMessage[];
}

export const sextortionScript: Rule = {
  id: 'sextortion-script',
  title: 'Possible sextortion (the extortion script)',
  crimeType: 'sextortion',
  rationale:
    "Financially motivated sexual extortion follows a script: a new contact flirts, moves the victim to another app, sends an image first, asks for one back, then threatens to send it to the victim's followers and family unless paid (often in gift cards), with a countdown - sometimes within an hour. The victim is usually a teenage boy; the finding is a safeguarding alert as well as a lead.",
  sources: [
    'NCA/CEOP alert to education professionals (29 Apr 2024)',
    'Thorn/NCMEC, Trends in Financial Sextortion (June 2024)',
    "The Children's Society, Financially motivated sexual extortion explained",
    'patterns.md §4 (F1 script, F2 speed, F3 payment, F5 countdown)',
  ],
  version: 1,
  needs: ['messages', 'message-text', 'translations', 'attachments'],
  knownFalsePositives: [
    'Friends joking ("pay me £5 or I show everyone that pic")',
    'Non-financial sextortion or image abuse between people who know each other (still serious: routed differently)',
  ],
  threshold: 5,
  evaluate(ctx: RuleContext): RuleFinding[] {
    const lex = ctx.lexicon('sextortion');
    const convs = new Map<string, Conv>();
    const contactTimes = new Map<string, number>();
    const pairKey = (a: PartyId, b: PartyId) => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const note = (a: PartyId | null, bs: readonly PartyId[], at: number | null) => {
      if (!a || at === null) return;
      for (const b of bs) {
        const k = pairKey(a, b);
        const t = contactTimes.get(k);
        if (t === undefined || at < t) contactTimes.set(k, at);
      }
    };
    for (const m of ctx.messages) {
      note(m.from, m.to, m.at);
      if (!m.thread || !m.from) continue;
      const th = ctx.threads.get(m.thread);
      if (th?.isGroup) continue;
      let c = convs.get(m.thread);
      if (!c) {
        // the other party: whoever in the conversation is not the phone's owner
        const owner = ctx.deviceOwner(m.device);
        const other =
          owner !== null
            ? m.from !== owner
              ? m.from
              : m.to.length === 1
                ? m.to[0]!
                : null
            : m.direction === 'incoming'
              ? m.from
              : m.to.length === 1
                ? m.to[0]!
                : null;
        if (!other) continue;
        c = { thread: m.thread, device: m.device, app: m.app, other, messages: [] };
        convs.set(m.thread, c);
      }
      c.messages.push(m);
    }
    for (const c of ctx.calls) note(c.from, c.to, c.at);

    const findings: RuleFinding[] = [];
    const list = [...convs.values()].sort((a, b) => (a.thread < b.thread ? -1 : 1));
    const hitsOf = (conv: Conv) => {
      const hits = new Map<string, TextHit[]>();
      for (const m of conv.messages) {
        if (m.from !== conv.other) continue;
        for (const s of STEPS) {
          const h = matchMessage(m, lex, s.ind);
          if (h) (hits.get(s.ind) ?? hits.set(s.ind, []).get(s.ind)!).push(h);
        }
      }
      return hits;
    };
    const convHits = new Map(list.map((c) => [c, hitsOf(c)]));
    // a move to another app or number on the same phone: the next conversation with someone else
    // that starts after this one did, from an hour before the request (app clocks and stored times
    // disagree) to three hours after it
    const nextOf = new Map<Conv, Conv>();
    const prevOf = new Map<Conv, Conv>();
    for (const c of list) {
      const sw = convHits.get(c)!.get('platform-switch')?.[0];
      const t = sw?.message.at;
      if (t === null || t === undefined) continue;
      const next = list
        .filter((o) => {
          const at = o.messages[0]?.at;
          return (
            o !== c &&
            o.device === c.device &&
            o.other !== c.other &&
            !prevOf.has(o) &&
            at !== null &&
            at !== undefined &&
            at >= (c.messages[0]?.at ?? t) &&
            at >= t - HOUR &&
            at <= t + 3 * HOUR
          );
        })
        .sort((a, b) => a.messages[0]!.at! - b.messages[0]!.at!)[0];
      if (next) {
        nextOf.set(c, next);
        prevOf.set(next, c);
      }
    }
    for (const root of list) {
      if (prevOf.has(root)) continue;
      const c = root;
      const chain: Conv[] = [];
      for (let x: Conv | undefined = root; x && !chain.includes(x); x = nextOf.get(x))
        chain.push(x);
      const hits = new Map<string, TextHit[]>();
      for (const x of chain)
        for (const [k, v] of convHits.get(x)!) (hits.get(k) ?? hits.set(k, []).get(k)!).push(...v);
      if (!hits.has('threat') || !hits.has('payment')) continue;
      const all = chain.flatMap((x) => x.messages);
      const indicators: Indicator[] = [];
      const evidence: EvidenceRef[] = [];
      const victim =
        ctx.deviceOwner(c.device) ?? all.find((m) => m.direction === 'outgoing')?.from ?? null;
      // new contact: they had no contact more than a week before the threat
      const first = c.messages[0]!;
      const threatAt = hits.get('threat')![0]!.message.at;
      const before = victim ? contactTimes.get(pairKey(victim, c.other)) : undefined;
      const isNew =
        threatAt !== null && (before === undefined || before >= threatAt - 7 * 24 * HOUR);
      // people who have long known each other joking: a countdown is still alarming, otherwise skip
      if (!isNew && !hits.has('countdown')) continue;
      for (const s of STEPS) {
        const h = hits.get(s.ind);
        if (!h) {
          if (s.ind === 'new-contact' && isNew) {
            indicators.push({
              id: s.id,
              label: s.label,
              weight: s.weight,
              detail: `no contact between them before ${isoDay(first.at)}`,
              evidence: [first.id],
            });
            addEvidence(evidence, { kind: 'message', id: first.id, note: 'first contact' });
          }
          continue;
        }
        for (const x of h.slice(0, 4)) addEvidence(evidence, evidenceOf(x));
        indicators.push({
          id: s.id,
          label: s.label,
          weight: s.weight,
          detail: `${h.length} message(s), first ${isoDay(h[0]!.message.at)}`,
          evidence: h.slice(0, 4).map((x) => x.message.id),
        });
        if (s.ind === 'platform-switch' && chain.length > 1)
          indicators[indicators.length - 1]!.detail +=
            `; the conversation continues on ${chain[1]!.app} with another number`;
      }
      const sentImg = all.filter((m) => m.direction === 'incoming' && m.images > 0);
      const gotImg = all.filter((m) => m.direction === 'outgoing' && m.images > 0);
      if (sentImg.length) {
        for (const m of sentImg.slice(0, 2))
          addEvidence(evidence, { kind: 'message', id: m.id, note: 'image sent to the victim' });
        indicators.push({
          id: 'F1-image-sent',
          label: 'Sends an image first',
          weight: 0.5,
          detail: `${sentImg.length} image message(s) received`,
          evidence: sentImg.slice(0, 2).map((m) => m.id),
        });
      }
      if (gotImg.length) {
        for (const m of gotImg.slice(0, 2))
          addEvidence(evidence, { kind: 'message', id: m.id, note: 'image sent by the victim' });
        indicators.push({
          id: 'F1-image-received',
          label: 'The victim sends an image',
          weight: 0.5,
          detail: `${gotImg.length} image message(s) sent`,
          evidence: gotImg.slice(0, 2).map((m) => m.id),
        });
      }
      if (first.at !== null && threatAt !== null && threatAt - first.at <= 24 * HOUR) {
        const mins = Math.round((threatAt - first.at) / 60_000);
        indicators.push({
          id: 'F2-speed',
          label: 'From first contact to threat within a day',
          weight: 1,
          detail: `${mins} minutes from first contact to the first threat${mins <= 60 ? ' (under an hour)' : ''}`,
          evidence: [first.id, hits.get('threat')![0]!.message.id],
        });
      }
      findings.push({
        title: 'Possible sextortion: threat and payment demand after an image exchange',
        subject: {
          parties: [...new Set([...chain.map((x) => x.other), ...(victim ? [victim] : [])])].sort(),
          threads: chain.map((x) => x.thread).sort(),
          devices: [c.device],
        },
        severity: 'low',
        indicators,
        evidence,
        benign: [
          'A joke between friends who know each other (check for earlier contact and the tone of replies)',
          'The person on this phone is a likely victim: safeguarding first (do not pay, keep evidence, report)',
        ],
        missing: [
          'Image content is not examined (only that images were exchanged)',
          'Payment records (gift-card codes sent, transfers) are not in the data',
        ],
      });
    }
    return findings;
  },
};
