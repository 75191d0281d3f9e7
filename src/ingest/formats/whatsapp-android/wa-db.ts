// WhatsApp Android wa.db: `wa_contacts` (one row per WhatsApp account the app knows: JID, phone
// number, names, about text). Each row is a contact; a row naming both a phone-number JID or LID
// and a number proves the two identifiers are one account.
import type { ContactEntry } from '../../../model/entities.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import type { ParseContext } from '../../parser.js';
import { num, pickRaw, str } from '../shared/row-values.js';
import { isBroadcastJid, isGroupJid } from './jids.js';

const COLUMNS = [
  '_id',
  'jid',
  'is_whatsapp_user',
  'status',
  'status_timestamp',
  'number',
  'raw_contact_id',
  'display_name',
  'phone_type',
  'phone_label',
  'given_name',
  'family_name',
  'wa_name',
  'sort_name',
  'nickname',
  'company',
  'title',
];

export async function readWaDb(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const have = db.columns('wa_contacts');
  const cols = COLUMNS.filter((c) => have.has(c));
  const verified = new Map<string, string>();
  if (db.tables().has('wa_vnames') && db.columns('wa_vnames').has('verified_name')) {
    for (const r of db.iterate('SELECT jid, verified_name FROM wa_vnames', [], 'wa_vnames')) {
      const j = str(r.jid);
      const n = str(r.verified_name);
      if (j && n) verified.set(j, n);
    }
  }
  for (const r of db.iterate(
    `SELECT ${cols.join(', ')} FROM wa_contacts ORDER BY _id`,
    [],
    'wa_contacts',
  )) {
    const jid = str(r.jid)?.trim();
    // groups and broadcast lists are listed here too: they are threads, not contacts
    if (!jid || isGroupJid(jid) || isBroadcastJid(jid)) continue;
    const locator = `wa_contacts:${String(r._id)}`;
    const number = str(r.number)?.trim() || null;
    const entries: ContactEntry[] = [{ value: jid, hint: 'whatsapp', label: 'WhatsApp' }];
    const label = str(r.phone_label) ?? undefined;
    if (number) entries.push({ value: number, hint: 'phone', ...(label ? { label } : {}) });
    const name =
      str(r.display_name)?.trim() ||
      [str(r.given_name), str(r.family_name)].filter(Boolean).join(' ').trim() ||
      null;
    const raw = pickRaw(r, cols);
    const pushName = str(r.wa_name)?.trim() || null;
    const business = verified.get(jid);
    if (business) raw.verified_name = business;
    await ctx.emit({
      kind: 'contact',
      locator,
      app: 'whatsapp',
      name: name ?? pushName ?? business ?? null,
      entries,
      account: null,
      note: str(r.status)?.trim() || null,
      raw,
    });
    if (number && (jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid'))) {
      await ctx.emit({
        kind: 'identifier-link',
        locator: `${locator}:number`,
        a: { value: jid, hint: 'whatsapp', ...(name ? { name } : {}) },
        b: { value: number, hint: 'phone' },
        reason: 'WhatsApp contact row lists this JID with this phone number (wa.db wa_contacts)',
        confidence: jid.endsWith('@lid') ? 0.95 : 0.9,
        raw: { _id: r._id, jid, number, is_whatsapp_user: num(r.is_whatsapp_user) },
      });
    }
  }
}
