// A finding as a reader sees it: its evidence items with the text of each message (original and
// stored translation), the highlight spans cut into segments, calls with their time and duration.
// Used by the CLI (`threadline finding`) and the HTTP API.
import type { Store } from '../store/store.js';
import type { FindingDetail } from './findings-store.js';
import { isoUtc } from '../model/timestamps.js';

export interface Segment {
  text: string;
  /** True for a matched span (to be highlighted). */
  mark: boolean;
}

export interface EvidenceView {
  kind: 'message' | 'call' | 'location' | 'thread';
  id: string;
  note: string | null;
  /** Which text the highlights are in. */
  textUsed: 'original' | 'translation' | null;
  spans: Array<[number, number]>;
  /** For messages: */
  at: string | null;
  device: string | null;
  thread: string | null;
  direction: string | null;
  sender: string | null;
  text: string | null;
  translation: string | null;
  /** The text used, cut at the spans. */
  segments: Segment[];
  /** For calls: */
  durationS: number | null;
  /** False when the item is no longer in the store (the case was re-ingested differently). */
  found: boolean;
}

export function segmentsOf(text: string, spans: ReadonlyArray<[number, number]>): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (a < pos || b > text.length || a >= b) continue;
    if (a > pos) out.push({ text: text.slice(pos, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    pos = b;
  }
  if (pos < text.length || !out.length) out.push({ text: text.slice(pos), mark: false });
  return out;
}

const CHUNK = 500;

export async function evidenceView(store: Store, f: FindingDetail): Promise<EvidenceView[]> {
  const msgIds = f.evidence.filter((e) => e.kind === 'message').map((e) => e.id);
  const callIds = f.evidence.filter((e) => e.kind === 'call').map((e) => e.id);
  const msgs = new Map<
    string,
    {
      sent_at: number | null;
      device_id: string;
      thread_id: string | null;
      direction: string;
      sender: string | null;
      body: string | null;
    }
  >();
  for (let i = 0; i < msgIds.length; i += CHUNK)
    for (const m of await store.db
      .selectFrom('messages')
      .select(['id', 'sent_at', 'device_id', 'thread_id', 'direction', 'sender', 'body'])
      .where('case_id', '=', f.caseId)
      .where('id', 'in', msgIds.slice(i, i + CHUNK))
      .execute())
      msgs.set(m.id, m);
  const trans = new Map<string, string>();
  for (let i = 0; i < msgIds.length; i += CHUNK)
    for (const t of await store.db
      .selectFrom('translations')
      .select(['message_id', 'text', 'target_language'])
      .where('case_id', '=', f.caseId)
      .where('current', '=', 1)
      .where('message_id', 'in', msgIds.slice(i, i + CHUNK))
      .execute())
      if (t.target_language === 'en' || t.target_language.startsWith('en-'))
        trans.set(t.message_id, t.text);
  const calls = new Map<
    string,
    {
      started_at: number | null;
      device_id: string;
      direction: string;
      caller: string | null;
      duration_s: number | null;
    }
  >();
  for (let i = 0; i < callIds.length; i += CHUNK)
    for (const c of await store.db
      .selectFrom('calls')
      .select(['id', 'started_at', 'device_id', 'direction', 'caller', 'duration_s'])
      .where('case_id', '=', f.caseId)
      .where('id', 'in', callIds.slice(i, i + CHUNK))
      .execute())
      calls.set(c.id, c);
  return f.evidence.map((e) => {
    const spans = e.spans ?? [];
    const base: EvidenceView = {
      kind: e.kind,
      id: e.id,
      note: e.note ?? null,
      textUsed: e.textUsed ?? null,
      spans,
      at: null,
      device: null,
      thread: null,
      direction: null,
      sender: null,
      text: null,
      translation: null,
      segments: [],
      durationS: null,
      found: false,
    };
    const m = msgs.get(e.id);
    if (e.kind === 'message' && m) {
      const translation = trans.get(e.id) ?? null;
      const used = e.textUsed === 'translation' ? translation : m.body;
      return {
        ...base,
        at: m.sent_at === null ? null : isoUtc(Number(m.sent_at)),
        device: m.device_id,
        thread: m.thread_id,
        direction: m.direction,
        sender: m.sender,
        text: m.body,
        translation,
        segments: used ? segmentsOf(used, spans) : [],
        found: true,
      };
    }
    const c = calls.get(e.id);
    if (e.kind === 'call' && c)
      return {
        ...base,
        at: c.started_at === null ? null : isoUtc(Number(c.started_at)),
        device: c.device_id,
        direction: c.direction,
        sender: c.caller,
        durationS: c.duration_s === null ? null : Number(c.duration_s),
        found: true,
      };
    return base;
  });
}
