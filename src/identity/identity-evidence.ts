// The evidence that two identifiers belong to one person, read from a case's store: links parsers
// recorded (the WhatsApp LID mapping …), contact cards listing several identifiers, a phone-number
// WhatsApp id and that number, and a device's own identifiers (number, SIM, handset, accounts).
// Names, languages and dialling codes are never evidence: a shared name links nothing.
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { parseIdentifierKey } from '../model/identifiers.js';

export type LinkReason =
  | 'parser-link'
  | 'contact-card'
  | 'whatsapp-phone-number'
  | 'device-owner-number'
  | 'device-sim'
  | 'device-handset'
  | 'device-account'
  | 'mirrored-messages'
  | 'analyst-merge'
  | 'analyst-split';

export interface IdentityLink {
  a: string;
  b: string;
  reason: LinkReason;
  /** What the evidence says, in words an analyst reads. */
  text: string;
  confidence: number;
  /** Where it comes from (absent for links that follow from the identifiers themselves). */
  evidence?: {
    deviceId?: string;
    sourceId?: string;
    locator?: string;
    parser?: string;
    detail?: string;
  };
}

/** Identifier types that are never a person (groups, broadcast lists, shop and bank senders). */
export function isPersonIdentifier(key: string): boolean {
  const p = parseIdentifierKey(key);
  if (!p) return false;
  if (p.type === 'sender') return false;
  if (p.type === 'whatsapp' && !/@(s\.whatsapp\.net|lid)$/.test(p.value)) return false;
  return true;
}

const ROLE_LINK: Record<string, { reason: LinkReason; confidence: number; text: string }> = {
  owner: { reason: 'device-owner-number', confidence: 0.95, text: "the device's own number" },
  imsi: { reason: 'device-sim', confidence: 0.95, text: "the SIM card's IMSI in the device" },
  iccid: { reason: 'device-sim', confidence: 0.95, text: "the SIM card's ICCID in the device" },
  imei: { reason: 'device-handset', confidence: 0.9, text: "the handset's IMEI" },
  serial: { reason: 'device-handset', confidence: 0.9, text: "the handset's serial number" },
  account: {
    reason: 'device-account',
    confidence: 0.9,
    text: 'an account signed in on the device',
  },
};

/** Every identity link in a case, in a deterministic order. */
export async function readIdentityLinks(store: Store, caseId: string): Promise<IdentityLink[]> {
  const links: IdentityLink[] = [];
  const devices = new Map(
    (
      await store.db
        .selectFrom('devices')
        .select(['id', 'label'])
        .where('case_id', '=', caseId)
        .execute()
    ).map((d) => [d.id, d.label]),
  );

  for (const l of await store.db
    .selectFrom('identifier_links')
    .innerJoin('sources', 'sources.id', 'identifier_links.source_id')
    .select([
      'identifier_links.a_key',
      'identifier_links.b_key',
      'identifier_links.reason',
      'identifier_links.confidence',
      'identifier_links.source_id',
      'identifier_links.locator',
      'identifier_links.parser',
      'sources.device_id',
    ])
    .where('identifier_links.case_id', '=', caseId)
    .orderBy('identifier_links.id')
    .execute()) {
    if (!isPersonIdentifier(l.a_key) || !isPersonIdentifier(l.b_key)) continue;
    links.push({
      a: l.a_key,
      b: l.b_key,
      reason: 'parser-link',
      text: `${l.reason} (recorded by ${l.parser} on ${devices.get(l.device_id) ?? l.device_id})`,
      confidence: Math.max(0, Math.min(1, Number(l.confidence))),
      evidence: {
        deviceId: l.device_id,
        sourceId: l.source_id,
        locator: l.locator,
        parser: l.parser,
        detail: l.reason,
      },
    });
  }

  for (const c of await store.db
    .selectFrom('contacts')
    .select([
      'id',
      'device_id',
      'source_id',
      'locator',
      'parser',
      'name',
      'entries',
      'deleted',
      'app',
    ])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute()) {
    const keys = [
      ...new Set(
        (JSON.parse(c.entries) as Array<{ key: string }>)
          .map((e) => e.key)
          .filter(isPersonIdentifier),
      ),
    ].sort();
    if (keys.length < 2) continue;
    const where = devices.get(c.device_id) ?? c.device_id;
    const card = c.app ? `${c.app} contact` : 'contact card';
    for (const k of keys.slice(1))
      links.push({
        a: keys[0]!,
        b: k,
        reason: 'contact-card',
        text: `listed together on one ${card}${c.deleted ? ' (deleted, recovered)' : ''} on ${where}, saved as ${JSON.stringify(c.name ?? '')}`,
        confidence: c.deleted ? 0.75 : 0.85,
        evidence: {
          deviceId: c.device_id,
          sourceId: c.source_id,
          locator: c.locator,
          parser: c.parser,
          detail: c.name ?? undefined,
        },
      });
  }

  const ids = await store.db
    .selectFrom('identifiers')
    .select(['key', 'type', 'value'])
    .where('case_id', '=', caseId)
    .orderBy('key')
    .execute();
  const present = new Set(ids.map((i) => i.key));
  for (const i of ids) {
    const m = i.type === 'whatsapp' ? /^(\d{6,15})@s\.whatsapp\.net$/.exec(i.value) : null;
    if (m && present.has(`phone:+${m[1]}`))
      links.push({
        a: `phone:+${m[1]}`,
        b: i.key,
        reason: 'whatsapp-phone-number',
        text: 'a WhatsApp account id made of a phone number belongs to that number',
        confidence: 0.99,
      });
  }

  for (const d of await store.db
    .selectFrom('device_identifiers')
    .select(['device_id', 'key', 'role', 'source_id', 'locator'])
    .where('case_id', '=', caseId)
    .orderBy('device_id')
    .orderBy('key')
    .orderBy('role')
    .orderBy('source_id')
    .execute()) {
    const rule = ROLE_LINK[d.role];
    if (!rule || !isPersonIdentifier(d.key)) continue;
    links.push({
      a: `device:${d.device_id}`,
      b: d.key,
      reason: rule.reason,
      text: `${rule.text} on ${devices.get(d.device_id) ?? d.device_id}`,
      confidence: rule.confidence,
      evidence: {
        deviceId: d.device_id,
        sourceId: d.source_id,
        locator: d.locator,
        detail: d.role,
      },
    });
  }
  links.push(...(await mirroredOwnerLinks(store, caseId, devices)));
  return links;
}

/** Messages of one direction with enough text, in pages by `seq` (works on every dialect). */
async function* pagedMessages(store: Store, caseId: string, direction: 'incoming' | 'outgoing') {
  let after = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('messages')
      .select(['seq', 'id', 'device_id', 'sender', 'body', 'sent_at', 'received_at'])
      .where('case_id', '=', caseId)
      .where('direction', '=', direction)
      .where('seq', '>', after)
      .where(sql<number>`length(body)`, '>=', MIRROR_MIN_CHARS)
      .orderBy('seq')
      .limit(5000)
      .execute();
    yield* rows;
    if (rows.length < 5000) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** Shortest text, and widest clock difference, for two copies to count as one message. */
const MIRROR_MIN_CHARS = 12;
const MIRROR_WINDOW_MS = 10 * 60_000;
const MIRROR_MIN_MATCHES = 2;
/** A text sent more often than this in the case ("ok mate", a flare) identifies nothing. */
export const MIRROR_MAX_REPEATS = 3;

/**
 * A device's own identifier from the other side: messages sent from device A arrive on device B
 * from identifier K (same text, same minutes), so K is A's. At least two such messages are needed,
 * and only texts sent at most three times in the whole case count (common phrases prove nothing).
 */
export async function mirroredOwnerLinks(
  store: Store,
  caseId: string,
  devices: Map<string, string>,
): Promise<IdentityLink[]> {
  if (devices.size < 2) return [];
  // copies of one message share their text: index what each device sent, then look up what
  // every device received (linear in the number of messages)
  const sent = new Map<string, Array<{ device: string; at: number; id: string }>>();
  for await (const r of pagedMessages(store, caseId, 'outgoing')) {
    if (r.sent_at === null || r.body === null) continue;
    const l = sent.get(r.body) ?? sent.set(r.body, []).get(r.body)!;
    if (l.length <= MIRROR_MAX_REPEATS)
      l.push({ device: r.device_id, at: Number(r.sent_at), id: r.id });
  }
  for (const [body, l] of sent) if (l.length > MIRROR_MAX_REPEATS) sent.delete(body);
  const byPair = new Map<
    string,
    { device: string; key: string; n: number; seenOn: Set<string>; example: string }
  >();
  for await (const r of pagedMessages(store, caseId, 'incoming')) {
    if (r.sender === null) continue;
    const candidates = r.body === null ? undefined : sent.get(r.body);
    if (!candidates) continue;
    const key = r.sender!;
    if (!isPersonIdentifier(key) || key.startsWith('device:')) continue;
    const at = Number(r.received_at ?? r.sent_at);
    for (const c of candidates) {
      if (c.device === r.device_id || Math.abs(at - c.at) >= MIRROR_WINDOW_MS) continue;
      const k = `${c.device}|${key}`;
      const e = byPair.get(k) ?? { device: c.device, key, n: 0, seenOn: new Set(), example: c.id };
      e.n++;
      e.seenOn.add(devices.get(r.device_id) ?? r.device_id);
      if (c.id < e.example) e.example = c.id;
      byPair.set(k, e);
    }
  }
  return [...byPair.values()]
    .sort((x, y) => (x.device + x.key < y.device + y.key ? -1 : 1))
    .filter((e) => e.n >= MIRROR_MIN_MATCHES)
    .map((e) => ({
      a: `device:${e.device}`,
      b: e.key,
      reason: 'mirrored-messages' as const,
      text: `${e.n} messages sent from ${devices.get(e.device) ?? e.device} arrive from this identifier on ${[...e.seenOn].sort().join(', ')}`,
      confidence: e.n >= 5 ? 0.9 : 0.8,
      evidence: { deviceId: e.device, detail: `example message ${e.example}` },
    }));
}
