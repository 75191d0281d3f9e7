// Helpers plots use to write conversations: times, scripted exchanges, identifier keys.
import type { Rng } from '../rng.js';
import type { Conversation, World, WorldAttachment, WorldMessage } from './world.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `2024-03-09 21:15` (UTC) → epoch ms. */
export function utc(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
}

/** Drama-range UK mobile (Ofcom 07700 900000–900999) as a phone key. */
export function phone(n: number): string {
  if (n < 0 || n > 999) throw new Error(`drama number out of range: ${n}`);
  return `phone:+447700900${String(n).padStart(3, '0')}`;
}

export function phoneJid(n: number): string {
  return `whatsapp:447700900${String(n).padStart(3, '0')}@s.whatsapp.net`;
}

export function lid(digits: string): string {
  return `whatsapp:${digits}@lid`;
}

export function email(local: string): string {
  return `email:${local}@example.org`;
}

/** IMEI with a valid Luhn check digit from a 14-digit body. */
export function imei(body14: string): string {
  if (!/^\d{14}$/.test(body14)) throw new Error(`IMEI body must be 14 digits: ${body14}`);
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = body14.charCodeAt(13 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body14 + String((10 - (sum % 10)) % 10);
}

/** One line of a scripted exchange: who says it, what, in which language, with which tags. */
export interface Line {
  from: string;
  body: string | null;
  lang: string;
  tags?: string[];
  /** Minutes after the previous line (default: a random 1–8). */
  after?: number;
  attachments?: WorldAttachment[];
  deletedOn?: string[];
  walOnlyOn?: string[];
}

/** Writes lines into a conversation from `start`, spacing them in time. Returns the messages. */
export function exchange(
  world: World,
  conv: Conversation,
  start: number,
  lines: readonly Line[],
  rng: Rng,
): WorldMessage[] {
  let t = start;
  const out: WorldMessage[] = [];
  lines.forEach((l, i) => {
    if (i > 0) t += (l.after ?? rng.int(1, 8)) * MINUTE + rng.int(0, 59) * 1000;
    out.push(
      world.message(conv, {
        at: t,
        from: l.from,
        body: l.body,
        language: l.lang,
        tags: l.tags,
        attachments: l.attachments,
        deletedOn: l.deletedOn,
        walOnlyOn: l.walOnlyOn,
      }),
    );
  });
  return out;
}

/** Background chatter: `count` messages over [from, to) alternating between two keys. */
export function chatter(
  world: World,
  conv: Conversation,
  opts: {
    from: number;
    to: number;
    count: number;
    a: string;
    b: string;
    /** Lines each side may say, with their language. */
    aLines: readonly string[];
    bLines: readonly string[];
    aLang: string;
    bLang: string;
    rng: Rng;
    /** Hours of the day (UTC) conversations happen in. */
    hours?: [number, number];
  },
): WorldMessage[] {
  const { rng } = opts;
  const [h0, h1] = opts.hours ?? [8, 22];
  const out: WorldMessage[] = [];
  const days = Math.max(1, Math.floor((opts.to - opts.from) / DAY));
  let remaining = opts.count;
  while (remaining > 0) {
    const day = opts.from + rng.int(0, days - 1) * DAY;
    let t = day + rng.int(h0, h1) * HOUR + rng.int(0, 59) * MINUTE;
    const burst = Math.min(remaining, rng.int(1, 4));
    let who = rng.chance(0.5);
    for (let i = 0; i < burst; i++) {
      const a = who;
      out.push(
        world.message(conv, {
          at: t,
          from: a ? opts.a : opts.b,
          body: rng.pick(a ? opts.aLines : opts.bLines),
          language: a ? opts.aLang : opts.bLang,
        }),
      );
      t += rng.int(1, 20) * MINUTE + rng.int(0, 59) * 1000;
      who = !who;
    }
    remaining -= burst;
  }
  return out;
}

/** Message ids grouped by tag, as the ground truth lists them. */
export function byTag(messages: readonly WorldMessage[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of messages) for (const t of m.tags) (out[t] ??= []).push(messageId(m.id));
  return out;
}

export function messageId(n: number): string {
  return `M${String(n).padStart(6, '0')}`;
}

export function threadId(n: number): string {
  return `T${String(n).padStart(3, '0')}`;
}
