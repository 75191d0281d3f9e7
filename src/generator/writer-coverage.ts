// What a writer's files hold, for the ground truth: exact when the writer reports the ids it wrote
// (WrittenFiles.written), otherwise inferred from the writer id (its app family) and marked so.
import type { GenApp, GenDevice, WrittenFiles } from './device-data.js';

export interface Coverage {
  messages: Set<number>;
  calls: Set<number>;
  contacts: Set<number>;
  /** Owner identifiers (own number, IMEI, IMSI, ICCID, accounts) were written. */
  deviceInfo: boolean;
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
    deviceInfo: false,
    lidMap: false,
    inferred: [],
  };
}

/** The apps whose messages and calls a writer family writes, by writer id. */
function familyOf(writer: string): {
  messageApps: GenApp[];
  callApps: GenApp[];
  contacts: 'phone' | 'whatsapp' | 'all' | null;
} {
  const id = writer.toLowerCase();
  if (id.includes('whatsapp'))
    return { messageApps: ['whatsapp'], callApps: ['whatsapp'], contacts: 'whatsapp' };
  if (id.includes('cdr')) return { messageApps: ['cdr'], callApps: ['cdr'], contacts: null };
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
    };
  if (id.includes('mmssms') || id.endsWith('-sms') || id.includes('bugle'))
    return { messageApps: ['sms', 'mms', 'imessage'], callApps: [], contacts: null };
  if (id.includes('calllog') || id.includes('callhistory'))
    return { messageApps: [], callApps: ['phone'], contacts: null };
  if (id.includes('contacts') || id.includes('addressbook') || id.includes('vcard'))
    return { messageApps: [], callApps: [], contacts: 'phone' };
  return { messageApps: [], callApps: [], contacts: null };
}

/** Adds what one writer wrote for a device to the device's coverage. */
export function addCoverage(
  cov: Coverage,
  writer: string,
  device: GenDevice,
  out: WrittenFiles,
): void {
  const counts = out.counts;
  if ((counts['device-info'] ?? 0) > 0) cov.deviceInfo = true;
  if ((counts['identifier-link'] ?? 0) > 0 && device.lidMap?.length) cov.lidMap = true;
  const reported = out.written;
  const fam = familyOf(writer);
  const threadApp = new Map(device.threads.map((t) => [t.id, t]));
  if (reported?.messages) for (const id of reported.messages) cov.messages.add(id);
  else if (fam.messageApps.length && (counts.message ?? 0) > 0) {
    for (const m of device.messages) {
      const t = threadApp.get(m.threadId);
      if (t && fam.messageApps.includes(t.app) && !m.deleted && !t.deleted) cov.messages.add(m.id);
    }
  }
  if (reported?.calls) for (const id of reported.calls) cov.calls.add(id);
  else if (fam.callApps.length && (counts.call ?? 0) > 0) {
    for (const c of device.calls)
      if (fam.callApps.includes(c.app) && !c.deleted) cov.calls.add(c.id);
  }
  if (reported?.contacts) for (const id of reported.contacts) cov.contacts.add(id);
  else if (fam.contacts && (counts.contact ?? 0) > 0) {
    for (const c of device.contacts) {
      if (c.deleted) continue;
      const isWa = c.app === 'whatsapp';
      if (fam.contacts === 'all' || (fam.contacts === 'whatsapp') === isWa) cov.contacts.add(c.id);
    }
  }
  const guessed =
    ((counts.message ?? 0) > 0 && !reported?.messages) ||
    ((counts.call ?? 0) > 0 && !reported?.calls) ||
    ((counts.contact ?? 0) > 0 && !reported?.contacts);
  if (guessed) cov.inferred.push(writer);
}
