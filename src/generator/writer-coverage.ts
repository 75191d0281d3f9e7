// What a writer's files hold, for the ground truth: exact when the writer reports the ids it wrote
// (WrittenFiles.written), otherwise inferred from the writer id (its app family) and marked so.
import type { GenApp, GenDevice, WrittenFiles } from './device-data.js';

export interface Coverage {
  messages: Set<number>;
  calls: Set<number>;
  contacts: Set<number>;
  /** Owner identifier keys (own number, IMEI, IMSI, ICCID, accounts) the files hold. */
  owner: Set<string>;
  /** The WhatsApp LID ↔ phone mapping was written. */
  lidMap: boolean;
  /** Writers whose coverage was inferred rather than reported. */
  inferred: string[];
}

export function emptyCoverage(): Coverage {
  return {
    messages: new Set(),
    calls: new Set(),
    contacts: new Set(),
    owner: new Set(),
    lidMap: false,
    inferred: [],
  };
}

/** The apps whose messages and calls a writer family writes, by writer id. */
function familyOf(writer: string): {
  messageApps: GenApp[];
  callApps: GenApp[];
  contacts: 'phone' | 'whatsapp' | 'all' | null;
  /** Owner identifiers the family records: all, or the own line (and its SIM for call logs). */
  owner: 'all' | 'hardware' | 'sim-card' | 'line' | 'line+sim' | 'whatsapp' | null;
} {
  const id = writer.toLowerCase();
  if (id.includes('whatsapp'))
    return {
      messageApps: ['whatsapp'],
      callApps: ['whatsapp'],
      contacts: 'whatsapp',
      owner: 'whatsapp',
    };
  if (id.includes('cdr'))
    return { messageApps: ['sms'], callApps: ['phone', 'cdr'], contacts: null, owner: 'hardware' };
  // iOS CommCenter: the IMEI, and the number, ICCID and IMSI only of a SIM it knows (by ICCID)
  if (id.includes('commcenter'))
    return { messageApps: [], callApps: [], contacts: null, owner: 'sim-card' };
  if (id.includes('device-info') || id.includes('sim'))
    return { messageApps: [], callApps: [], contacts: null, owner: 'hardware' };
  if (
    id.includes('ufdr') ||
    id.includes('xry') ||
    id.includes('axiom') ||
    id.includes('cellebrite')
  )
    return {
      messageApps: ['sms', 'mms', 'imessage', 'whatsapp', 'telegram', 'signal'],
      callApps: ['phone', 'whatsapp', 'telegram', 'signal'],
      contacts: 'all',
      owner: 'all',
    };
  if (id.includes('mmssms') || id.endsWith('-sms') || id.includes('bugle'))
    return {
      messageApps: ['sms', 'mms', 'imessage'],
      callApps: [],
      contacts: null,
      owner: id.startsWith('ios') ? 'line' : null,
    };
  if (id.includes('calllog') || id.includes('callhistory'))
    return { messageApps: [], callApps: ['phone'], contacts: null, owner: 'line+sim' };
  // Android's contacts2.db also holds the raw contacts WhatsApp and Telegram sync into it
  if (id.includes('contacts2'))
    return { messageApps: [], callApps: [], contacts: 'all', owner: null };
  if (id.includes('contacts') || id.includes('addressbook') || id.includes('vcard'))
    return { messageApps: [], callApps: [], contacts: 'phone', owner: null };
  return { messageApps: [], callApps: [], contacts: null, owner: null };
}

/** Adds what one writer wrote for a device to the device's coverage. */
export function addCoverage(
  cov: Coverage,
  writer: string,
  device: GenDevice,
  out: WrittenFiles,
  allOwnerKeys: readonly string[],
): void {
  const counts = out.counts;
  if (out.written?.owner) for (const k of out.written.owner) cov.owner.add(k);
  else if ((counts['device-info'] ?? 0) > 0) {
    const fam = familyOf(writer).owner;
    const line = device.owner.msisdn.key;
    const pick = (k: string) =>
      fam === 'all' ||
      (k === line && fam !== 'sim-card') ||
      (fam === 'hardware' && /^(imei|imsi|iccid|phone):/.test(k)) ||
      (fam === 'sim-card' &&
        (k.startsWith('imei:') || (!!device.owner.iccid && /^(imsi|iccid|phone):/.test(k)))) ||
      (fam === 'line+sim' && k.startsWith('iccid:')) ||
      (fam === 'whatsapp' && k.startsWith('whatsapp:'));
    if (fam) for (const k of allOwnerKeys) if (pick(k)) cov.owner.add(k);
  }
  if ((counts['identifier-link'] ?? 0) > 0 && device.lidMap?.length) cov.lidMap = true;
  const reported = out.written;
  const fam = familyOf(writer);
  const threadOf = new Map(device.threads.map((t) => [t.id, t]));
  /**
   * Items of the writer's family; deleted ones count when the writer's own count says it wrote
   * them (some formats keep deleted rows flagged, others lose them, as phones do).
   */
  const infer = <T extends { id: number; deleted?: boolean }>(
    items: T[],
    inFamily: (x: T) => boolean,
    isDeleted: (x: T) => boolean,
    count: number,
  ): number[] => {
    const all = items.filter(inFamily);
    const live = all.filter((x) => !isDeleted(x));
    return (count === all.length && count !== live.length ? all : live).map((x) => x.id);
  };
  if (reported?.messages) for (const id of reported.messages) cov.messages.add(id);
  else if (fam.messageApps.length && (counts.message ?? 0) > 0)
    for (const id of infer(
      device.messages,
      (m) => {
        const t = threadOf.get(m.threadId);
        return !!t && fam.messageApps.includes(t.app);
      },
      (m) => !!m.deleted || !!threadOf.get(m.threadId)?.deleted,
      counts.message ?? 0,
    ))
      cov.messages.add(id);
  if (reported?.calls) for (const id of reported.calls) cov.calls.add(id);
  else if (fam.callApps.length && (counts.call ?? 0) > 0)
    for (const id of infer(
      device.calls,
      (c) => fam.callApps.includes(c.app),
      (c) => !!c.deleted,
      counts.call ?? 0,
    ))
      cov.calls.add(id);
  if (reported?.contacts) for (const id of reported.contacts) cov.contacts.add(id);
  else if (fam.contacts && (counts.contact ?? 0) > 0)
    for (const id of infer(
      device.contacts,
      (c) => fam.contacts === 'all' || (fam.contacts === 'whatsapp') === (c.app === 'whatsapp'),
      (c) => !!c.deleted,
      counts.contact ?? 0,
    ))
      cov.contacts.add(id);
  const guessed =
    ((counts.message ?? 0) > 0 && !reported?.messages) ||
    ((counts.call ?? 0) > 0 && !reported?.calls) ||
    ((counts.contact ?? 0) > 0 && !reported?.contacts) ||
    ((counts['device-info'] ?? 0) > 0 && !reported?.owner);
  if (guessed) cov.inferred.push(writer);
}
