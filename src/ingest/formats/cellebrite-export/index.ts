// Cellebrite Physical Analyzer / Reader exports as XLSX (one sheet per artefact type, title rows
// above the header) or CSV (one file per type): columns found by header name, never by position;
// multi-line Parties / Participants cells read with their From/To roles and owner marker, Entries
// cells (`Phone-Mobile: …`, `User ID-WhatsApp: …`) as typed identifiers. Unread sheets are listed.
import type {
  CallStatus,
  ContactEntry,
  Direction,
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftMessage,
  DraftThread,
  Party,
  RawIdentifier,
  RawTime,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import { XlsxWorkbook } from '../../../evidence/xlsx-workbook.js';
import { readLines, sniffEncoding } from '../../../evidence/text-lines.js';
import type { ParseContext, Parser, Probe } from '../../parser.js';
import { WarnLimiter } from '../shared/tabular/cell-values.js';
import { normaliseHeader, detectDelimiter } from '../shared/tabular/column-map.js';
import { csvRecords } from '../shared/tabular/csv-records.js';
import { readDuration, readTime } from '../shared/tabular/date-format.js';
import { headLines } from '../shared/tabular/table-reader.js';

type Kind = 'device' | 'contacts' | 'calls' | 'sms' | 'chats';

const SHEETS: Array<[RegExp, Kind]> = [
  [/^device info(rmation)?$/, 'device'],
  [/^contacts?$/, 'contacts'],
  [/^(call log|calls)$/, 'calls'],
  [/^(sms messages|sms|mms messages|text messages|messages)$/, 'sms'],
  [/^(chats|instant messages|chat messages)$/, 'chats'],
];

/** Header synonyms per field (compared after normalisation). */
const FIELDS: Record<Kind, Record<string, string[]>> = {
  device: { name: ['Name', 'Device', 'Property'], value: ['Value'] },
  contacts: {
    name: ['Name'],
    entries: ['Entries'],
    source: ['Source'],
    account: ['Account'],
    deleted: ['Deleted'],
    notes: ['Notes'],
    group: ['Group'],
  },
  calls: {
    type: ['Type', 'Call Type'],
    direction: ['Direction'],
    status: ['Status'],
    video: ['Video call', 'Video Call', 'Video'],
    time: ['Timestamp: Time', 'Timestamp-Time', 'Timestamp', 'Time', 'Date'],
    duration: ['Duration'],
    parties: ['Parties'],
    source: ['Source'],
    deleted: ['Deleted'],
  },
  sms: {
    folder: ['Folder'],
    status: ['Status'],
    time: ['Timestamp: Time', 'Timestamp-Time', 'Timestamp', 'Time', 'Date'],
    parties: ['Parties'],
    body: ['Body', 'Message'],
    source: ['Source'],
    deleted: ['Deleted'],
  },
  chats: {
    chat: ['Chat #', 'Chat'],
    source: ['Source'],
    participants: ['Participants'],
    time: ['Timestamp: Time', 'Timestamp-Time', 'Timestamp', 'Time', 'Date'],
    from: ['From'],
    to: ['To'],
    body: ['Body', 'Message'],
    direction: ['Direction'],
    deleted: ['Deleted'],
  },
};

/** Headers that, together, say which table a CSV file is (fields that must all be present). */
const SIGNATURES: Array<[Kind, string[]]> = [
  ['chats', ['participants', 'body']],
  ['sms', ['parties', 'body']],
  ['calls', ['parties', 'duration']],
  ['contacts', ['entries', 'name']],
  ['device', ['name', 'value']],
];

const APPS: Record<string, string> = {
  'native messages': 'sms',
  sms: 'sms',
  mms: 'mms',
  phone: 'phone',
  '': 'phone',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
  signal: 'signal',
  imessage: 'imessage',
  'facebook messenger': 'messenger',
  instagram: 'instagram',
  snapchat: 'snapchat',
};

export function kindOfSheet(name: string): Kind | null {
  const n = normaliseHeader(name);
  for (const [re, k] of SHEETS) if (re.test(n)) return k;
  return null;
}

interface Header {
  kind: Kind;
  row: number;
  cols: Map<string, number>;
  names: string[];
}

/** Find the header row of a table (within its first rows): the row naming most of the kind's fields. */
export function findHeader(
  rows: Array<{ r: number; cells: string[] }>,
  kind: Kind | null,
): Header | null {
  for (const { r, cells } of rows) {
    const norm = cells.map(normaliseHeader);
    const kinds: Kind[] = kind
      ? [kind]
      : SIGNATURES.filter(([, need]) => need.every((n) => norm.includes(n))).map(([k]) => k);
    for (const k of kinds) {
      const cols = new Map<string, number>();
      for (const [field, names] of Object.entries(FIELDS[k])) {
        const i = norm.findIndex((h) => names.some((n) => normaliseHeader(n) === h));
        if (i >= 0) cols.set(field, i);
      }
      if (cols.size >= 2 && (norm.includes('#') || norm.includes('') || cols.size >= 3))
        return { kind: k, row: r, cols, names: cells };
    }
  }
  return null;
}

const IDENT = /(\S+@\S+|\+?\d[\d\s().-]{4,}\d)/;

/** One line of a Parties / Participants cell: `From: +44 7700 900101 Alina (owner)`. */
export function parsePartyLine(line: string): { role: string | null; party: Party | null } {
  let t = line.trim();
  let role: string | null = null;
  const m = /^(from|to|cc|bcc|participant|participants|owner|sender|recipient)\s*:\s*(.*)$/i.exec(
    t,
  );
  if (m) {
    role = m[1]!.toLowerCase();
    t = m[2]!.trim();
  }
  let owner = role === 'owner';
  const mark = /\s*(\((phone )?owner\)|\*owner\*)\s*$/i;
  if (mark.test(t)) {
    owner = true;
    t = t.replace(mark, '').trim();
  }
  if (owner) return { role, party: OWNER };
  if (!t) return { role, party: null };
  const id = IDENT.exec(t);
  const value = id ? id[1]!.trim() : t.split(/\s+/)[0]!;
  const name = (id ? t.replace(id[1]!, '') : t.slice(value.length)).trim();
  const p: RawIdentifier = { value };
  if (name) p.name = name;
  return { role, party: p };
}

function lines(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function entryHint(
  category: string,
  domain: string,
  value: string,
  app: string | null,
): IdentifierHint | null {
  const c = category.toLowerCase();
  const d = domain.toLowerCase();
  if (c.startsWith('phone')) return 'phone';
  if (c.startsWith('email') || c.startsWith('e-mail')) return 'email';
  if (c.startsWith('user id') || c.startsWith('userid')) {
    if (/address book name|server|display name/.test(d)) return null;
    if (/@(s\.whatsapp\.net|c\.us|lid|g\.us)$/i.test(value) || d.includes('whatsapp'))
      return 'whatsapp';
    if (d.includes('facebook')) return 'facebook';
    if (d.includes('instagram')) return 'instagram';
    if (d.includes('telegram')) return 'telegram';
    if (d.includes('snapchat')) return 'snapchat';
    if (d.includes('signal')) return 'signal';
    if (
      app &&
      ['telegram', 'instagram', 'snapchat', 'signal', 'whatsapp', 'facebook'].includes(app)
    )
      return app as IdentifierHint;
    return 'username';
  }
  return null;
}

/** `dd/MM/yyyy HH:mm:ss(UTC+1)` and the other ways PA writes times; the offset is applied. */
export function cellebriteReadTime(
  text: string,
  zone: string | null,
): { time: RawTime | null; flags: string[] } {
  const t = text
    .trim()
    .replace(/\s*\(UTC\)\s*$/i, ' Z')
    .replace(
      /\s*\((?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)\s*$/i,
      (_, s: string, h: string, m?: string) => ` ${s}${h.padStart(2, '0')}:${m ?? '00'}`,
    );
  const r = readTime(
    t,
    ['dd/MM/yyyy HH:mm[:ss][ XXX]', 'dd/MM/yyyy h:mm[:ss] a[ XXX]', 'iso', 'excel-serial'],
    zone,
  );
  return r ? { time: r.time, flags: r.flags } : { time: null, flags: ['time-unparsed'] };
}

class TableReader {
  private readonly threads = new Set<string>();
  constructor(
    private readonly ctx: ParseContext,
    private readonly warn: WarnLimiter,
    private readonly zone: string | null,
  ) {}

  async row(h: Header, where: string, rowNo: number, cells: string[]): Promise<void> {
    const get = (f: string) => {
      const i = h.cols.get(f);
      const v = i === undefined ? undefined : cells[i];
      return v === undefined || v.trim() === '' ? null : v;
    };
    if (cells.every((c) => !c || !c.trim())) return;
    const locator = `${where}:row:${rowNo}`;
    const raw: Record<string, unknown> = {};
    h.names.forEach((n, i) => {
      if (n && cells[i]) raw[n] = cells[i];
    });
    const flags: string[] = [];
    const deleted = /^(yes|deleted|true|trash)$/i.test(get('deleted')?.trim() ?? '');
    const time = (): RawTime | null => {
      const t = get('time');
      if (!t) return null;
      const r = cellebriteReadTime(t, this.zone);
      flags.push(...r.flags);
      if (!r.time)
        this.warn.warn(
          ErrorCodes.PARSE_ERROR,
          `time ${JSON.stringify(t.slice(0, 40))} is not in a known Cellebrite format`,
          locator,
        );
      return r.time;
    };
    const app =
      APPS[(get('source') ?? '').trim().toLowerCase()] ??
      (get('source') ?? '').trim().toLowerCase().replace(/\s+/g, '-');
    const withFlags = <T extends { flags?: string[] }>(d: T): T =>
      flags.length ? { ...d, flags: [...new Set(flags)] } : d;

    switch (h.kind) {
      case 'device': {
        const name = (get('name') ?? '').trim();
        const value = (get('value') ?? '').trim();
        if (!name) return;
        const n = name.toLowerCase();
        const d: DraftDeviceInfo = {
          kind: 'device-info',
          locator,
          facts: { [name]: value },
          identifiers: [],
          raw,
        };
        if (value) {
          if (/^imei\d?$/.test(n)) d.identifiers!.push({ value, role: 'imei' });
          else if (n === 'imsi') d.identifiers!.push({ value, role: 'imsi' });
          else if (n === 'iccid') d.identifiers!.push({ value, role: 'iccid' });
          else if (/^(msisdn|phone number|own number|phone)$/.test(n))
            d.identifiers!.push({ value, hint: 'phone', role: 'owner' });
          else if (n === 'model') d.model = value;
          else if (/^(os version|operating system)$/.test(n)) d.os = value;
          else if (n === 'device name') d.name = value;
          else if (n === 'time zone') d.timezone = value;
        }
        await this.ctx.emit(d);
        return;
      }
      case 'contacts': {
        const entries: ContactEntry[] = [];
        const source = get('source') ? app : null;
        for (const l of lines(get('entries') ?? undefined)) {
          const m = /^([^:]+?)\s*:\s*(.+)$/.exec(l);
          if (!m) continue;
          const [category, domain = ''] = m[1]!.split('-', 2).map((s) => s.trim());
          const value = m[2]!.trim();
          const hint = entryHint(category!, domain, value, source);
          if (hint) entries.push({ value, hint, label: domain || category! });
        }
        const notes =
          [get('notes'), get('group') ? `group: ${get('group')}` : null]
            .filter(Boolean)
            .join('\n') || null;
        const d: DraftContact = {
          kind: 'contact',
          locator,
          app: source,
          name: get('name')?.trim() ?? null,
          entries,
          account: get('account'),
          note: notes,
          deleted,
          raw,
        };
        await this.ctx.emit(withFlags(d));
        return;
      }
      case 'calls': {
        const parties = lines(get('parties') ?? undefined).map(parsePartyLine);
        const type = (get('type') ?? '').toLowerCase();
        const dirText = (get('direction') ?? '').toLowerCase();
        const from = parties.find((p) => p.role === 'from')?.party ?? null;
        const to = parties
          .filter((p) => p.role === 'to')
          .map((p) => p.party)
          .filter((p): p is Party => !!p);
        let direction: Direction =
          dirText.startsWith('in') || /incoming|missed|rejected|received/.test(type)
            ? 'incoming'
            : dirText.startsWith('out') || /outgoing|dialed|dialled/.test(type)
              ? 'outgoing'
              : 'unknown';
        if (direction === 'unknown')
          direction = from === OWNER ? 'outgoing' : to.includes(OWNER) ? 'incoming' : 'unknown';
        const durText = get('duration');
        const durationS = durText ? readDuration(durText) : null;
        const status: CallStatus = type.includes('missed')
          ? 'missed'
          : type.includes('reject')
            ? 'rejected'
            : durationS && durationS > 0
              ? 'answered'
              : 'unknown';
        const d: DraftCall = {
          kind: 'call',
          locator,
          app: app || 'phone',
          direction,
          startedAt: time(),
          durationS,
          caller: from,
          callees: to,
          status,
          video: /^(yes|true|video)$/i.test(get('video')?.trim() ?? ''),
          deleted,
          raw,
        };
        await this.ctx.emit(withFlags(d));
        return;
      }
      case 'sms':
      case 'chats': {
        let sender: Party | null;
        let recipients: Party[];
        if (h.kind === 'sms') {
          const parties = lines(get('parties') ?? undefined).map(parsePartyLine);
          sender = parties.find((p) => p.role === 'from')?.party ?? null;
          recipients = parties
            .filter((p) => p.role === 'to')
            .map((p) => p.party)
            .filter((p): p is Party => !!p);
        } else {
          sender = get('from') ? parsePartyLine(get('from')!).party : null;
          recipients = lines(get('to') ?? undefined)
            .map((l) => parsePartyLine(l).party)
            .filter((p): p is Party => !!p);
        }
        const folder = (get('folder') ?? '').toLowerCase();
        const dirText = (get('direction') ?? '').toLowerCase();
        let direction: Direction =
          dirText.startsWith('in') || folder === 'inbox'
            ? 'incoming'
            : dirText.startsWith('out') || folder === 'sent' || folder === 'outbox'
              ? 'outgoing'
              : 'unknown';
        if (direction === 'unknown')
          direction =
            sender === OWNER ? 'outgoing' : recipients.includes(OWNER) ? 'incoming' : 'unknown';
        let threadRef: string | undefined;
        const chat = get('chat')?.trim();
        if (h.kind === 'chats' && chat) {
          threadRef = `${where}:chat:${chat}`;
          if (!this.threads.has(threadRef)) {
            this.threads.add(threadRef);
            const participants = lines(get('participants') ?? undefined)
              .map((l) => parsePartyLine(l).party)
              .filter((p): p is Party => !!p);
            const t: DraftThread = {
              kind: 'thread',
              locator: threadRef,
              app: app || 'chat',
              isGroup: participants.filter((p) => p !== OWNER).length > 1,
              participants: participants.includes(OWNER) ? participants : [OWNER, ...participants],
              raw: { 'Chat #': chat, Participants: get('participants') },
            };
            await this.ctx.emit(t);
          }
        }
        const d: DraftMessage = {
          kind: 'message',
          locator,
          app: app || (h.kind === 'sms' ? 'sms' : 'chat'),
          threadRef,
          direction,
          sentAt: time(),
          sender,
          recipients,
          body: get('body'),
          status: get('status')?.toLowerCase() ?? null,
          deleted,
          raw,
        };
        await this.ctx.emit(withFlags(d));
        return;
      }
    }
  }
}

async function parseXlsx(ctx: ParseContext, warn: WarnLimiter, reader: TableReader): Promise<void> {
  const wb = await XlsxWorkbook.open(ctx.file, { zip: await ctx.openZip() });
  let read = 0;
  for (const sheet of wb.sheets) {
    const kind = kindOfSheet(sheet.name);
    if (!kind) {
      warn.warn(
        ErrorCodes.UNSUPPORTED_FORMAT,
        `sheet "${sheet.name}" is not read (contacts, calls, SMS, chats and device information are)`,
        sheet.name,
      );
      continue;
    }
    const pending: Array<{ r: number; cells: string[] }> = [];
    let header: Header | null = null;
    await wb
      .readRows(
        sheet,
        async (row) => {
          if (!header) {
            pending.push(row);
            header = findHeader([row], kind);
            if (!header && pending.length >= 10)
              throw new AppError(
                ErrorCodes.CSV_MAPPING,
                `sheet "${sheet.name}": no header row naming its columns in the first 10 rows`,
                { file: ctx.file.path, record: `${sheet.name}!row ${pending[0]!.r}` },
              );
            return;
          }
          await reader.row(header, sheet.name, row.r, row.cells);
        },
        (message, record) => warn.warn(ErrorCodes.PARSE_ERROR, message, record),
        ctx.signal,
      )
      .catch((e: unknown) => {
        // one bad sheet is recorded; the other sheets are still read
        if (
          e instanceof AppError &&
          e.code !== ErrorCodes.ZIP_BOMB &&
          e.code !== ErrorCodes.BUDGET_EXCEEDED
        ) {
          warn.warn(e.code, e.message, String(e.details.record ?? sheet.name));
          return;
        }
        throw e;
      });
    if (header) read++;
    else if (pending.length)
      warn.warn(ErrorCodes.CSV_MAPPING, `sheet "${sheet.name}": no header row found`, sheet.name);
  }
  for (const w of wb.warnings) warn.warn(ErrorCodes.PARSE_ERROR, w);
  if (read === 0)
    throw new AppError(
      ErrorCodes.UNSUPPORTED_FORMAT,
      `no sheet of this workbook is a Cellebrite table (sheets: ${wb.sheets.map((s) => s.name).join(', ')})`,
      { file: ctx.file.path },
    );
}

async function parseCsv(ctx: ParseContext, warn: WarnLimiter, reader: TableReader): Promise<void> {
  const head = await ctx.file.head(65536);
  const sniff = sniffEncoding(head, 'auto', { file: ctx.file.path });
  const first = headLines(head).filter((l) => l.text.trim());
  const kindByName = kindOfSheet(ctx.file.name.replace(/\.(csv|txt)$/i, ''));
  const delimiter = detectDelimiter(
    first.find((l) => l.text.includes(','))?.text ?? first[0]?.text ?? ',',
  );
  const stream = await ctx.file.open();
  const where = ctx.file.name;
  let header: Header | null = null;
  let seen = 0;
  try {
    for await (const rec of csvRecords(readLines(stream, sniff, { file: ctx.file.path }), {
      delimiter,
      onIssue: (i) => warn.warn(ErrorCodes.CSV_MALFORMED, i.message, `line ${i.line}`),
    })) {
      if (!header) {
        header = findHeader([{ r: rec.line, cells: rec.fields }], kindByName);
        if (!header && ++seen >= 10)
          throw new AppError(
            ErrorCodes.CSV_MAPPING,
            'no Cellebrite header row in the first 10 records',
            { file: ctx.file.path, record: 'line 1' },
          );
        continue;
      }
      if (
        rec.fields.length > header.names.length &&
        rec.fields.slice(header.names.length).some((f) => f.trim())
      ) {
        warn.warn(
          ErrorCodes.CSV_MALFORMED,
          `row has ${rec.fields.length} fields where the header has ${header.names.length}; skipped`,
          `line ${rec.line}`,
        );
        continue;
      }
      await reader.row(header, where, rec.line, rec.fields);
    }
  } finally {
    stream.destroy();
  }
  if (!header)
    throw new AppError(ErrorCodes.CSV_MAPPING, 'no Cellebrite header row found', {
      file: ctx.file.path,
      record: 'line 1',
    });
}

async function bid(probe: Probe): Promise<number> {
  if (probe.isZip) {
    if (probe.ext !== 'xlsx') return 0;
    const entries = await probe.zipEntries();
    return entries.includes('xl/workbook.xml') ? 80 : 0;
  }
  if (probe.isSqlite || !['csv', 'txt', ''].includes(probe.ext)) return 0;
  const rows = headLines(probe.head)
    .slice(0, 10)
    .map((l) => ({
      r: l.line,
      cells: l.text.split(detectDelimiter(l.text)).map((c) => c.replace(/^"|"$/g, '')),
    }));
  const h = findHeader(rows, null);
  // a Cellebrite table has a '#' column and one of its multi-line party/entry columns
  if (!h || !h.names.some((n) => n.trim() === '#')) return 0;
  return h.cols.has('parties') ||
    h.cols.has('participants') ||
    h.cols.has('entries') ||
    h.kind === 'device'
    ? 75
    : 0;
}

export const cellebriteExportParser: Parser = {
  id: 'cellebrite-export',
  version: '1.0.0',
  label: 'Cellebrite Physical Analyzer / Reader export (XLSX or CSV)',
  artefacts: ['contacts', 'calls', 'messages', 'threads', 'device-info'],
  bid,
  async parse(ctx) {
    const warn = new WarnLimiter(ctx);
    const reader = new TableReader(ctx, warn, ctx.options?.timezone ?? null);
    try {
      const head = await ctx.file.head(4);
      if (head[0] === 0x50 && head[1] === 0x4b) await parseXlsx(ctx, warn, reader);
      else await parseCsv(ctx, warn, reader);
    } finally {
      warn.finish();
    }
  },
};
