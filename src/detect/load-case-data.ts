// Reads what detection needs from the store: messages (paged by seq) with their current English
// translation and image count, calls, threads, address-book entries, device owners, case-supplied
// ages, lexicon overrides and line swaps in the communication graph. Device-owner pseudo-keys are replaced by
// the device's own number, as the link graph does. Names, language columns and device labels are
// not selected at all.
import type { Store } from '../store/store.js';
import { NodeResolver } from '../graph/node-resolver.js';
import { lineSwapsOf } from './line-swaps.js';
import type { CaseData, RawCall, RawMessage, RawThread } from './case-data.js';
import type { LexiconOverride } from './lexicon.js';

const PAGE = 5000;

function parseList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function dir(d: string): RawMessage['direction'] {
  return d === 'incoming' || d === 'outgoing' ? d : 'unknown';
}

export interface LoadProgress {
  (step: string, done: number, total: number): void;
}

export async function loadCaseData(
  store: Store,
  caseId: string,
  onProgress: LoadProgress = () => undefined,
): Promise<CaseData> {
  const db = store.db;
  const resolver = await NodeResolver.load(store, caseId, 'identifier');
  const id = (k: string) => resolver.identifierOf(k);

  const total = Number(
    (
      await db
        .selectFrom('messages')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirst()
    )?.n ?? 0,
  );

  const translations = new Map<string, string>();
  for (const t of await db
    .selectFrom('translations')
    .select(['message_id', 'text', 'target_language'])
    .where('case_id', '=', caseId)
    .where('current', '=', 1)
    .execute())
    if (t.target_language === 'en' || t.target_language.startsWith('en-'))
      translations.set(t.message_id, t.text);

  const images = new Map<string, number>();
  for (const m of await db
    .selectFrom('media')
    .select(['message_id', 'mime'])
    .where('case_id', '=', caseId)
    .where('message_id', 'is not', null)
    .execute())
    if (m.mime && /^(image|video)\//.test(m.mime))
      images.set(m.message_id!, (images.get(m.message_id!) ?? 0) + 1);

  const messages: RawMessage[] = [];
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('messages')
      .select([
        'seq',
        'id',
        'thread_id',
        'device_id',
        'app',
        'direction',
        'sent_at',
        'sender',
        'recipients',
        'body',
        'deleted',
      ])
      .where('case_id', '=', caseId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows)
      messages.push({
        id: r.id,
        thread: r.thread_id,
        device: r.device_id,
        app: r.app,
        direction: dir(r.direction),
        at: r.sent_at === null ? null : Number(r.sent_at),
        from: r.sender === null ? null : id(r.sender),
        to: parseList(r.recipients).map(id),
        text: r.body,
        translation: translations.get(r.id) ?? null,
        deleted: Number(r.deleted) === 1,
        images: images.get(r.id) ?? 0,
      });
    onProgress('messages', messages.length, total);
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.seq);
  }

  const calls: RawCall[] = (
    await db
      .selectFrom('calls')
      .select([
        'id',
        'device_id',
        'direction',
        'started_at',
        'caller',
        'callees',
        'duration_s',
        'status',
      ])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute()
  ).map((c) => ({
    id: c.id,
    device: c.device_id,
    direction: dir(c.direction),
    at: c.started_at === null ? null : Number(c.started_at),
    from: c.caller === null ? null : id(c.caller),
    to: parseList(c.callees).map(id),
    durationS: c.duration_s === null ? null : Number(c.duration_s),
    answered: c.status !== 'missed' && c.status !== 'rejected' && Number(c.duration_s ?? 0) > 0,
  }));

  const threads: RawThread[] = (
    await db
      .selectFrom('threads')
      .select(['id', 'device_id', 'app', 'is_group', 'participants'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute()
  ).map((t) => ({
    id: t.id,
    device: t.device_id,
    app: t.app,
    isGroup: Number(t.is_group) === 1,
    parties: parseList(t.participants).map(id),
  }));

  const owners = new Map<string, string>();
  for (const d of await db
    .selectFrom('devices')
    .select('id')
    .where('case_id', '=', caseId)
    .execute())
    owners.set(d.id, id(`device:${d.id}`));

  const saved = (
    await db
      .selectFrom('item_parties')
      .select(['device_id', 'key'])
      .where('case_id', '=', caseId)
      .where('item_kind', '=', 'contact')
      .distinct()
      .execute()
  ).map((s) => ({ device: s.device_id, key: id(s.key) }));

  const ages = new Map<string, number>();
  for (const a of await db
    .selectFrom('detect_ages')
    .select(['key', 'years'])
    .where('case_id', '=', caseId)
    .execute())
    ages.set(id(a.key), Number(a.years));

  const overrides: LexiconOverride[] = (
    await db
      .selectFrom('detect_lexicon_terms')
      .select(['crime', 'indicator', 'term', 'action'])
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((o) => ({
    crime: o.crime,
    indicator: o.indicator,
    term: o.term,
    action: o.action === 'remove' ? 'remove' : 'add',
  }));

  onProgress('graph', 0, 1);
  const swaps = lineSwapsOf({ caseId, messages, calls });
  onProgress('graph', 1, 1);

  return { caseId, messages, calls, threads, owners, saved, ages, swaps, overrides };
}
