// MSAB XRY text export (one UTF-16LE .txt per report type): a five-line header whose third line names
// the report, then entities separated by blank lines, each a title line and `Key:<tab>value` lines,
// with From / To / Participant lines setting the party a following Tel belongs to. Long SMS split
// over several entities (Reference Number, Segment Number, Segments) are joined in segment order.
import type {
  CallStatus,
  Direction,
  Draft,
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftMessage,
  Party,
  RawIdentifier,
  RawTime,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { readLines, type EncodingSniff, type TextLine } from '../../../evidence/text-lines.js';
import type { ParseContext, Parser } from '../../parser.js';
import { WarnLimiter } from '../shared/tabular/cell-values.js';
import { readDuration, readTime } from '../shared/tabular/date-format.js';

type Report = 'calls' | 'messages' | 'contacts' | 'device';

const KEYS: Record<Report, string[]> = {
  calls: [
    'name (matched)',
    'time',
    'direction',
    'call type',
    'number',
    'tel',
    'to',
    'from',
    'deleted',
    'duration',
    'storage',
    'index',
    'type',
    'name',
    'network',
  ],
  messages: [
    'deleted',
    'direction',
    'message',
    'name (matched)',
    'text',
    'time',
    'service center',
    'from',
    'to',
    'storage',
    'number',
    'type',
    'tel',
    'folder',
    'name',
    'index',
    'status',
    'reference number',
    'segment number',
    'segments',
    'subject',
  ],
  contacts: [
    'name',
    'tel',
    'storage',
    'mobile',
    'home',
    'work',
    'email',
    'e-mail',
    'index',
    'deleted',
    'note',
    'company',
    'group',
  ],
  device: ['data', 'attribute'],
};
const NAMESPACES = new Set(['from', 'to', 'participant']);
const MULTILINE = new Set(['text', 'message', 'note']);
/** Open segment groups kept while waiting for their other parts. */
const MAX_OPEN_SEGMENTS = 10_000;

export interface XryPair {
  key: string;
  value: string;
  namespace: string | null;
  line: number;
}

export interface XryEntity {
  title: string;
  number: string | null;
  line: number;
  pairs: XryPair[];
}

export function reportOf(type: string): Report | null {
  const t = type.trim().toLowerCase().replace(/-/g, '/');
  if (t === 'calls' || t.startsWith('calls/') || t === 'call log') return 'calls';
  if (t.startsWith('messages')) return 'messages';
  if (t.startsWith('contacts')) return 'contacts';
  if (t.startsWith('device/general')) return 'device';
  return null;
}

/** Parse an entity's lines (title first) into key/value pairs with their From/To namespace. */
export function parseEntity(
  lines: TextLine[],
  report: Report,
  warn: (msg: string, line: number) => void,
): XryEntity {
  const title = lines[0]!.text.trim();
  const m = /#\s*(\d+)\s*$/.exec(title);
  const known = new Set(KEYS[report]);
  const pairs: XryPair[] = [];
  let ns: string | null = null;
  for (const l of lines.slice(1)) {
    const t = l.text;
    const bare = t.trim().toLowerCase();
    if (NAMESPACES.has(bare)) {
      ns = bare;
      continue;
    }
    const colon = t.indexOf(':');
    const key = colon > 0 ? t.slice(0, colon).trim().toLowerCase() : '';
    if (colon > 0 && known.has(key)) {
      // text keeps its trailing spaces: a long SMS may be split right after one
      const value = t.slice(colon + 1).replace(/^[\t ]+/, '');
      pairs.push({
        key,
        value: MULTILINE.has(key) ? value : value.trimEnd(),
        namespace: ns,
        line: l.line,
      });
      continue;
    }
    const prev = pairs[pairs.length - 1];
    if (prev && MULTILINE.has(prev.key)) {
      prev.value += `\n${t}`;
      continue;
    }
    if (colon > 0 && /^[a-z][a-z0-9 ()/.-]{0,40}$/.test(key)) {
      // a key this report does not list: kept raw, reported once per key
      pairs.push({ key, value: t.slice(colon + 1).trim(), namespace: ns, line: l.line });
      warn(
        `key "${t.slice(0, colon).trim()}" is not one XRY ${report} reports are known to use; kept as a raw value`,
        l.line,
      );
      continue;
    }
    warn(
      'line is neither a key/value pair, a From/To/Participant line nor a continuation; ignored',
      l.line,
    );
  }
  return { title, number: m ? m[1]! : null, line: lines[0]!.line, pairs };
}

const get = (e: XryEntity, key: string, ns?: string | null) =>
  e.pairs.find((p) => p.key === key && (ns === undefined || p.namespace === ns))?.value ?? null;

/**
 * XRY time `M/d/yyyy h:mm:ss AM [UTC±N] (Device|Network)`: the suffix says whose clock it is (kept as a
 * flag), the offset is applied when present, else the device's zone, else flagged time-zone-unknown.
 */
export function xryTime(
  text: string,
  zone: string | null,
): { time: RawTime | null; flags: string[] } {
  const flags: string[] = [];
  let t = text.trim();
  const clock = /\((device|network)\)\s*$/i.exec(t);
  if (clock) {
    flags.push(`clock-${clock[1]!.toLowerCase()}`);
    t = t.slice(0, clock.index).trim();
  }
  t = t
    .replace(/\s+(?:UTC|GMT)\s*$/i, ' Z')
    .replace(
      /\s+(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$/i,
      (_, s: string, h: string, mm?: string) => ` ${s}${h.padStart(2, '0')}:${mm ?? '00'}`,
    );
  const r = readTime(t, ['M/d/yyyy h:mm[:ss] a[ XXX]', 'M/d/yyyy H:mm[:ss][ XXX]', 'iso'], zone);
  if (!r) return { time: null, flags: [...flags, 'time-unparsed'] };
  return { time: r.time, flags: [...flags, ...r.flags] };
}

function party(e: XryEntity, ns: string): RawIdentifier | null {
  const value =
    get(e, 'tel', ns) ??
    get(e, 'number', ns) ??
    (ns === 'from' || ns === 'to' ? get(e, ns, null) : null);
  if (!value) return null;
  const name = get(e, 'name (matched)', ns) ?? get(e, 'name', ns);
  return name ? { value, name } : { value };
}

function yes(v: string | null): boolean {
  return !!v && /^(yes|true|deleted)$/i.test(v.trim());
}

function rawOf(entities: XryEntity[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const e of entities) {
    for (const p of e.pairs) {
      const k = p.namespace ? `${p.namespace}.${p.key}` : p.key;
      const key = entities.length > 1 ? `${e.title}: ${k}` : k;
      raw[key] = raw[key] === undefined ? p.value : ([] as unknown[]).concat(raw[key], p.value);
    }
  }
  return raw;
}

class XryReader {
  private readonly segments = new Map<string, XryEntity[]>();
  constructor(
    private readonly ctx: ParseContext,
    private readonly report: Report,
    private readonly warn: WarnLimiter,
    private readonly zone: string | null,
  ) {}

  private time(e: XryEntity, flags: string[]): RawTime | null {
    const t = get(e, 'time');
    if (!t) return null;
    const r = xryTime(t, this.zone);
    flags.push(...r.flags);
    if (!r.time)
      this.warn.warn(
        ErrorCodes.PARSE_ERROR,
        `time ${JSON.stringify(t)} is not in XRY's format`,
        `line ${e.line}`,
      );
    return r.time;
  }

  private locator(e: XryEntity): string {
    return e.number ? `entity:${e.number}@line:${e.line}` : `line:${e.line}`;
  }

  async entity(e: XryEntity): Promise<void> {
    if (this.report === 'messages') {
      const ref = get(e, 'reference number');
      const total = Number(get(e, 'segments') ?? 1);
      if (ref && total > 1) {
        const group = this.segments.get(ref) ?? [];
        group.push(e);
        this.segments.set(ref, group);
        if (group.length >= total) await this.flushSegments(ref);
        else if (this.segments.size > MAX_OPEN_SEGMENTS)
          await this.flushSegments(this.segments.keys().next().value!);
        return;
      }
      return this.emit(this.message([e]));
    }
    if (this.report === 'calls') return this.emit(this.call(e));
    if (this.report === 'contacts') return this.emit(this.contact(e));
    return this.emit(this.device(e));
  }

  private async emit(d: Draft): Promise<void> {
    await this.ctx.emit(d);
  }

  async flushSegments(ref: string): Promise<void> {
    const group = this.segments.get(ref);
    this.segments.delete(ref);
    if (group) await this.emit(this.message(group));
  }

  async finish(): Promise<void> {
    for (const ref of [...this.segments.keys()]) await this.flushSegments(ref);
  }

  private message(parts: XryEntity[]): DraftMessage {
    const flags: string[] = [];
    const seg = (e: XryEntity) => Number(get(e, 'segment number') ?? 0);
    const ordered = [...parts].sort((a, b) => seg(a) - seg(b) || a.line - b.line);
    const first = ordered[0]!;
    const total = Number(get(first, 'segments') ?? 1);
    if (parts.length > 1 || total > 1) {
      flags.push('segments-joined');
      const have = new Set(ordered.map(seg));
      const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !have.has(n));
      if (missing.length) {
        flags.push('segments-missing');
        this.warn.warn(
          ErrorCodes.PARSE_ERROR,
          `long SMS (reference ${get(first, 'reference number')}) lacks segment(s) ${missing.join(', ')} of ${total}; the parts present are joined`,
          `line ${first.line}`,
        );
      }
    }
    const body = ordered.map((e) => get(e, 'text') ?? get(e, 'message') ?? '').join('') || null;
    const type = (get(first, 'type') ?? '').toLowerCase();
    const folder = (get(first, 'folder') ?? '').toLowerCase();
    const dirText = (get(first, 'direction') ?? '').toLowerCase();
    let direction: Direction =
      dirText === 'incoming' || type === 'deliver' || folder === 'inbox'
        ? 'incoming'
        : dirText === 'outgoing' || type === 'submit' || folder === 'sent' || folder === 'outbox'
          ? 'outgoing'
          : 'unknown';
    const from = party(first, 'from');
    const to = party(first, 'to');
    const participant = party(first, 'participant');
    if (direction === 'unknown' && from && !to) direction = 'incoming';
    if (direction === 'unknown' && to && !from) direction = 'outgoing';
    let sender: Party | null = from;
    let recipients: Party[] = to ? [to] : [];
    if (direction === 'incoming') {
      sender = from ?? participant;
      recipients = [OWNER];
    } else if (direction === 'outgoing') {
      sender = OWNER;
      recipients = to ? [to] : participant ? [participant] : [];
    } else if (participant) recipients = [participant];
    const status = get(first, 'status');
    const d: DraftMessage = {
      kind: 'message',
      locator: this.locator(first),
      app: 'sms',
      direction,
      sentAt: this.time(first, flags),
      sender,
      recipients,
      body,
      status: status?.toLowerCase() ?? null,
      type: type || 'sms',
      deleted: yes(get(first, 'deleted')) || status?.toLowerCase() === 'deleted',
      raw: rawOf(ordered),
    };
    if (flags.length) d.flags = [...new Set(flags)];
    return d;
  }

  private call(e: XryEntity): DraftCall {
    const flags: string[] = [];
    const ct = (get(e, 'call type') ?? get(e, 'type') ?? '').toLowerCase();
    const dirText = (get(e, 'direction') ?? '').toLowerCase();
    const from = party(e, 'from');
    const to = party(e, 'to');
    let direction: Direction =
      dirText === 'incoming' || /received|missed|rejected|incoming/.test(ct)
        ? 'incoming'
        : dirText === 'outgoing' || /dial|outgoing/.test(ct)
          ? 'outgoing'
          : from && !to
            ? 'incoming'
            : to && !from
              ? 'outgoing'
              : 'unknown';
    if (!dirText && !ct && !from && !to) direction = 'unknown';
    const durText = get(e, 'duration');
    const durationS = durText ? readDuration(durText) : null;
    const status: CallStatus = ct.includes('missed')
      ? 'missed'
      : ct.includes('reject')
        ? 'rejected'
        : durationS && durationS > 0
          ? 'answered'
          : 'unknown';
    const other = direction === 'incoming' ? from : direction === 'outgoing' ? to : (from ?? to);
    const d: DraftCall = {
      kind: 'call',
      locator: this.locator(e),
      app: 'phone',
      direction,
      startedAt: this.time(e, flags),
      durationS,
      caller: direction === 'incoming' ? other : direction === 'outgoing' ? OWNER : null,
      callees: direction === 'incoming' ? [OWNER] : other ? [other] : [],
      status,
      deleted: yes(get(e, 'deleted')),
      raw: rawOf([e]),
    };
    if (flags.length) d.flags = [...new Set(flags)];
    return d;
  }

  private contact(e: XryEntity): DraftContact {
    const entries = e.pairs
      .filter((p) => ['tel', 'mobile', 'home', 'work', 'email', 'e-mail'].includes(p.key))
      .map((p) => ({
        value: p.value,
        hint: p.key.includes('mail') ? ('email' as const) : ('phone' as const),
        label: p.key === 'tel' ? (get(e, 'storage') ?? 'tel') : p.key,
      }));
    return {
      kind: 'contact',
      locator: this.locator(e),
      app: null,
      name: get(e, 'name'),
      entries,
      note: get(e, 'note'),
      deleted: yes(get(e, 'deleted')),
      raw: rawOf([e]),
    };
  }

  private device(e: XryEntity): DraftDeviceInfo {
    const attr = (get(e, 'attribute') ?? '').trim();
    const data = (get(e, 'data') ?? '').trim();
    const a = attr.toLowerCase();
    const d: DraftDeviceInfo = {
      kind: 'device-info',
      locator: this.locator(e),
      facts: attr ? { [attr]: data } : {},
      identifiers: [],
      raw: rawOf([e]),
    };
    if (!data) return d;
    if (/\bimei\b/.test(a)) d.identifiers!.push({ value: data, role: 'imei' });
    else if (/\bimsi\b/.test(a)) d.identifiers!.push({ value: data, role: 'imsi' });
    else if (/\biccid\b/.test(a)) d.identifiers!.push({ value: data, role: 'iccid' });
    else if (/msisdn|own number|phone number/.test(a))
      d.identifiers!.push({ value: data, hint: 'phone', role: 'owner' });
    else if (a === 'model' || a === 'device model') d.model = data;
    else if (/operating system|^os$/.test(a)) d.os = data;
    return d;
  }
}

function sniffXry(head: Buffer): EncodingSniff | null {
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', bomBytes: 2, source: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', bomBytes: 2, source: 'bom' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomBytes: 3, source: 'bom' };
  return null;
}

function headType(head: Buffer): string | null {
  const s = sniffXry(head);
  if (!s) return null;
  const text = new TextDecoder(s.encoding, { fatal: false, ignoreBOM: true }).decode(
    head.subarray(s.bomBytes),
  );
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() !== '');
  if (i < 0 || lines[i]!.trim().toLowerCase() !== 'xry export') return null;
  return lines[i + 2]?.trim() ?? null;
}

async function parseXry(ctx: ParseContext): Promise<void> {
  const head = await ctx.file.head(4096);
  const sniff = sniffXry(head);
  if (!sniff)
    throw new AppError(
      ErrorCodes.ENCODING_INVALID,
      'an XRY text export is UTF-16LE with a byte-order mark; this file has none',
      { file: ctx.file.path, record: 'line 1' },
    );
  const warn = new WarnLimiter(ctx);
  const stream = await ctx.file.open();
  let bytes = 0;
  const lines = readLines(stream, sniff, {
    file: ctx.file.path,
    onBytes: (n) => ctx.progress((bytes += n)),
  });
  let header: TextLine[] = [];
  let report: Report | null = null;
  let reader: XryReader | null = null;
  let entity: TextLine[] = [];
  const flush = async () => {
    if (!entity.length || !reader || !report) return;
    const e = parseEntity(entity, report, (m, line) =>
      warn.warn(ErrorCodes.PARSE_ERROR, m, `line ${line}`),
    );
    entity = [];
    await reader.entity(e);
  };
  try {
    for await (const l of lines) {
      if (ctx.signal.aborted) break;
      if (l.flags?.length)
        warn.warn(
          ErrorCodes.ENCODING_INVALID,
          `not valid ${sniff.encoding}: kept with replacement characters`,
          `line ${l.line}`,
        );
      if (!report) {
        if (header.length === 0 && l.text.trim() === '') continue;
        header.push(l);
        if (header.length === 1 && header[0]!.text.trim().toLowerCase() !== 'xry export')
          throw new AppError(
            ErrorCodes.PARSE_ERROR,
            `not an XRY text export: first line is ${JSON.stringify(l.text.slice(0, 40))}, not "XRY Export"`,
            { file: ctx.file.path, record: `line ${l.line}` },
          );
        if (header.length === 5) {
          const type = header[2]!.text.trim();
          report = reportOf(type);
          if (!report)
            throw new AppError(
              ErrorCodes.UNSUPPORTED_FORMAT,
              `XRY report type "${type}" is not read (calls, messages, contacts and device information are)`,
              { file: ctx.file.path, record: `line ${header[2]!.line}` },
            );
          reader = new XryReader(ctx, report, warn, ctx.options?.timezone ?? null);
          header = [];
        }
        continue;
      }
      if (l.text.trim() === '') await flush();
      else entity.push(l);
    }
    if (!report)
      throw new AppError(
        ErrorCodes.PARSE_ERROR,
        'file ends inside the XRY header (five lines expected)',
        { file: ctx.file.path, record: 'line 1' },
      );
    await flush();
    await reader!.finish();
  } finally {
    stream.destroy();
    warn.finish();
  }
}

export const xryExportParser: Parser = {
  id: 'xry-export',
  version: '1.0.0',
  label: 'MSAB XRY text export (calls, SMS, contacts, device information)',
  artefacts: ['calls', 'messages', 'contacts', 'device-info'],

  bid(probe) {
    if (probe.isSqlite || probe.isZip) return 0;
    const type = headType(probe.head);
    if (type === null) return 0;
    return probe.ext === 'txt' ? 90 : 75;
  },

  parse: parseXry,
};
