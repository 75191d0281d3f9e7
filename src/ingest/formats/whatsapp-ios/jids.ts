// WhatsApp JID helpers for the iOS stores: which JIDs stand for a phone number, a LID, a group,
// and the identifier-link drafts that tie a phone-number JID to its number and a LID to a JID.
import type { DraftIdentifierLink, RawIdentifier } from '../../../model/entities.js';
import { normaliseWhatsAppJid, phoneFromWhatsAppJid } from '../../../model/identifiers.js';

export const APP = 'whatsapp';

/** A JID as the app stores it, normalised (lower-case server, device suffix dropped), or null. */
export function jidOf(v: string | null | undefined): string | null {
  if (!v) return null;
  return normaliseWhatsAppJid(v);
}

export function isGroupJid(j: string | null): boolean {
  return !!j && j.endsWith('@g.us');
}

export function isLid(j: string | null): boolean {
  return !!j && j.endsWith('@lid');
}

/** `447700900123@s.whatsapp.net` → `+447700900123`, or null for other JIDs. */
export function phoneOfJid(j: string | null): string | null {
  return j ? phoneFromWhatsAppJid(j) : null;
}

export function waParty(jid: string, name?: string | null): RawIdentifier {
  return name ? { value: jid, hint: 'whatsapp', name } : { value: jid, hint: 'whatsapp' };
}

/** A LID as stored (`205690463334636@lid` or bare digits) → its JID. */
export function lidJid(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = v.trim();
  if (/^\d{6,20}$/.test(t)) return `${t}@lid`;
  const j = jidOf(t);
  return j && isLid(j) ? j : null;
}

/** A phone number as a LID table stores it (`447700900123`, `+44…` or a JID) → its phone JID. */
export function phoneJid(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = v.trim();
  if (t.includes('@')) {
    const j = jidOf(t);
    return j && phoneOfJid(j) ? j : null;
  }
  const d = t.replace(/[\s\-()+]/g, '');
  return /^\d{6,15}$/.test(d) ? `${d}@s.whatsapp.net` : null;
}

/** The link every phone-number JID carries: it is that number's WhatsApp account. */
export function jidPhoneLink(locator: string, jid: string): DraftIdentifierLink | null {
  const phone = phoneOfJid(jid);
  if (!phone) return null;
  return {
    kind: 'identifier-link',
    locator,
    a: { value: jid, hint: 'whatsapp' },
    b: { value: phone, hint: 'phone' },
    reason: 'a WhatsApp phone-number JID is the WhatsApp account of that number',
    confidence: 1,
  };
}

export function lidLink(
  locator: string,
  lid: string,
  jid: string,
  reason: string,
  confidence: number,
): DraftIdentifierLink {
  return {
    kind: 'identifier-link',
    locator,
    a: { value: lid, hint: 'whatsapp' },
    b: { value: jid, hint: 'whatsapp' },
    reason,
    confidence,
  };
}
