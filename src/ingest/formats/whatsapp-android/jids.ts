// WhatsApp JIDs as msgstore.db stores them (the `jid` table: user, server, device, raw_string)
// and as parties of drafts; display names come from wa.db when the extraction has it.
import type { RawIdentifier } from '../../../model/entities.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { num, str } from '../shared/row-values.js';

export interface Jid {
  /** The JID text: raw_string, or user@server. */
  text: string;
  server: string;
  /** The party for drafts (no display name: names are attached once, on threads and contacts). */
  party: RawIdentifier;
}

export function isGroupJid(text: string): boolean {
  return text.endsWith('@g.us');
}

export function isBroadcastJid(text: string): boolean {
  return text.endsWith('@broadcast');
}

export function jidParty(text: string, name?: string | null): RawIdentifier {
  return name ? { value: text, hint: 'whatsapp', name } : { value: text, hint: 'whatsapp' };
}

/** Every row of the `jid` table by _id. */
export function loadJids(db: EvidenceDb): Map<string, Jid> {
  const out = new Map<string, Jid>();
  if (!db.tables().has('jid')) return out;
  const cols = db.columns('jid');
  const select = ['_id', 'user', 'server', ...(cols.has('raw_string') ? ['raw_string'] : [])];
  for (const r of db.iterate(`SELECT ${select.join(', ')} FROM jid`, [], 'jid')) {
    const user = str(r.user) ?? '';
    const server = str(r.server) ?? '';
    const text = str(r.raw_string) ?? (server ? `${user}@${server}` : null);
    if (!text) continue;
    out.set(String(r._id), { text, server, party: jidParty(text) });
  }
  return out;
}

/** Display names by JID text from wa.db (wa_contacts and, when present, wa_vnames). */
export function loadWaNames(wa: EvidenceDb | null): Map<string, string> {
  const names = new Map<string, string>();
  if (!wa) return names;
  const tables = wa.tables();
  if (tables.has('wa_vnames') && wa.columns('wa_vnames').has('verified_name')) {
    for (const r of wa.iterate('SELECT jid, verified_name FROM wa_vnames', [], 'wa_vnames')) {
      const jid = str(r.jid);
      const name = str(r.verified_name)?.trim();
      if (jid && name) names.set(jid, name);
    }
  }
  if (tables.has('wa_contacts')) {
    const cols = wa.columns('wa_contacts');
    const pick = ['display_name', 'wa_name'].filter((c) => cols.has(c));
    if (pick.length) {
      for (const r of wa.iterate(
        `SELECT jid, ${pick.join(', ')} FROM wa_contacts ORDER BY _id`,
        [],
        'wa_contacts',
      )) {
        const jid = str(r.jid);
        const name = (str(r.display_name) ?? str(r.wa_name))?.trim();
        if (jid && name) names.set(jid, name);
      }
    }
  }
  return names;
}

/** A base64 SHA-256 (WhatsApp's file_hash / media_hash) as hex, or null when it is not one. */
export function sha256FromBase64(v: unknown): string | null {
  const s = str(v);
  if (!s || !/^[A-Za-z0-9+/]{43}=$/.test(s)) return null;
  const b = Buffer.from(s, 'base64');
  return b.length === 32 ? b.toString('hex') : null;
}

/** An integer column as a boolean flag (non-zero). */
export function flag(v: unknown): boolean {
  return (num(v) ?? 0) !== 0;
}
