// Writes a device's address book as one .vcf the way phones export it: Android-style 2.1 cards
// (quoted-printable UTF-8 with soft line breaks), iOS-style 3.0 cards (folded at 75 octets,
// escaped text, item groups with X-ABLabel, IMPP), and 4.0 cards (tel: URIs, quoted parameters).
// Deleted contacts are not exported. Predicts exactly what the vcard parser reads back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenContact, GenDevice, WrittenFiles } from '../device-data.js';

export const VCARD_FILE = 'contacts/contacts.vcf';

function qp(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out +=
      (b >= 0x21 && b <= 0x7e && b !== 0x3d) || b === 0x20
        ? String.fromCharCode(b)
        : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A 2.1 quoted-printable property with soft line breaks at 76 characters. */
function qpLine(head: string, value: string): string {
  const enc = qp(value);
  const first = `${head};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:`;
  const lines: string[] = [];
  let cur = first;
  for (let i = 0; i < enc.length;) {
    const n = enc[i] === '=' ? 3 : 1;
    if (cur.length + n > 75) {
      lines.push(`${cur}=`);
      cur = '';
    }
    cur += enc.slice(i, i + n);
    i += n;
  }
  lines.push(cur);
  return lines.join('\r\n') + '\r\n';
}

/** Fold a content line at 75 octets (never inside a UTF-8 sequence). */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > 75) {
      out.push(cur);
      cur = ' ';
      bytes = 1;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n') + '\r\n';
}

const esc = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');

function card21(c: GenContact): string {
  let s = 'BEGIN:VCARD\r\nVERSION:2.1\r\n';
  const ascii = /^[\x20-\x7e]*$/.test(c.name);
  s += ascii
    ? `N:;${c.name};;;\r\nFN:${c.name}\r\n`
    : qpLine('N', `;${c.name};;;`) + qpLine('FN', c.name);
  for (const e of c.entries) {
    if (e.kind === 'phone') s += `TEL;${(e.label ?? 'CELL').toUpperCase()}:${e.written}\r\n`;
    else if (e.kind === 'email') s += `EMAIL;HOME:${e.written}\r\n`;
    else if (e.kind === 'whatsapp') s += `X-WHATSAPP:${e.written}\r\n`;
    else if (e.kind === 'telegram') s += `X-TELEGRAM:${e.written}\r\n`;
  }
  return s + 'END:VCARD\r\n';
}

function card30(c: GenContact): string {
  let s = 'BEGIN:VCARD\r\nVERSION:3.0\r\n';
  s += fold(`N:;${esc(c.name)};;;`) + fold(`FN:${esc(c.name)}`);
  let item = 0;
  for (const e of c.entries) {
    if (e.kind === 'phone') {
      item++;
      s += fold(`item${item}.TEL;type=pref:${e.written}`);
      s += fold(`item${item}.X-ABLabel:_$!<${e.label ?? 'Mobile'}>!$_`);
    } else if (e.kind === 'email') s += fold(`EMAIL;type=INTERNET;type=HOME:${e.written}`);
    else if (e.kind === 'whatsapp') s += fold(`IMPP;X-SERVICE-TYPE=WhatsApp:whatsapp:${e.written}`);
    else if (e.kind === 'telegram') s += fold(`IMPP;X-SERVICE-TYPE=Telegram:telegram:${e.written}`);
  }
  s += fold(`NOTE:saved as ${esc(c.name)}\\, id ${c.id}`);
  return s + 'END:VCARD\r\n';
}

function card40(c: GenContact): string {
  let s = 'BEGIN:VCARD\r\nVERSION:4.0\r\n';
  s += fold(`FN:${esc(c.name)}`);
  for (const e of c.entries) {
    if (e.kind === 'phone')
      s += fold(
        `TEL;VALUE=uri;TYPE="${(e.label ?? 'cell').toLowerCase()},voice":tel:${e.written.replace(/\s/g, '')}`,
      );
    else if (e.kind === 'email') s += fold(`EMAIL;TYPE=home:${e.written}`);
    else if (e.kind === 'whatsapp') s += fold(`IMPP;PREF=1:whatsapp:${e.written}`);
    else if (e.kind === 'telegram') s += fold(`IMPP:telegram:${e.written}`);
  }
  return s + 'END:VCARD\r\n';
}

export function vcardText(device: GenDevice): { text: string; cards: number } {
  const live = device.contacts.filter((c) => !c.deleted);
  const text = live.map((c) => [card21, card30, card40][c.id % 3]!(c)).join('');
  return { text, cards: live.length };
}

export const vcardWriter: DeviceWriter = {
  id: 'vcard',
  write(dir, device): WrittenFiles {
    const { text, cards } = vcardText(device);
    if (cards === 0) return { files: [], counts: {} };
    mkdirSync(join(dir, 'contacts'), { recursive: true });
    writeFileSync(join(dir, VCARD_FILE), text, 'utf8');
    return { files: [VCARD_FILE], counts: { contact: cards } };
  },
};
