// Streams a Magnet AXIOM XML report export into drafts: every Hit of a known Artifact becomes a
// message, call, contact, location or device fact, mapped by Fragment (column) name, never by
// position. Date columns carry their zone and date order in their names. Unknown artifacts are
// counted and reported as not read.
import type { Readable } from 'node:stream';
import type {
  ContactEntry,
  DeviceIdentifierRole,
  DraftCall,
  DraftMedia,
  DraftMessage,
  Party,
  RawTime,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import {
  deepText,
  readXmlStream,
  type XmlLimits,
  type XmlRecordEvent,
} from '../../../evidence/xml-stream.js';
import type { ParseContext } from '../../parser.js';
import {
  FingerprintSet,
  WarningLimiter,
  mimeFromName,
  problemFlags,
} from '../shared/xml-report.js';
import { axiomDateColumn, axiomDurationSeconds, axiomTimeToIso } from './axiom-time.js';

export interface AxiomParseOptions {
  xml?: Partial<XmlLimits>;
  /** Hash attachment files found beside the report. Default true. */
  hashFiles?: boolean;
  maxWarningsPerCode?: number;
}

export interface AxiomFileResolver {
  /** An attachment named in the report, looked up in the Attachments folder beside it. */
  resolve(name: string): Promise<{ path: string; size: number; sha256: string | null } | null>;
}

type ArtifactKind =
  | 'device'
  | 'sim'
  | 'wa-account'
  | 'sms'
  | 'chat'
  | 'call'
  | 'contact'
  | 'cell'
  | 'wifi'
  | 'location';

/** What an artifact holds, from its name (formats.md §1.5 lists the names AXIOM uses). */
export function classifyArtifact(name: string): ArtifactKind | null {
  const n = name.toLowerCase();
  if (/device information/.test(n)) return 'device';
  if (/^sim card activity/.test(n)) return 'sim';
  if (/whatsapp accounts? information/.test(n)) return 'wa-account';
  if (/call (logs?|history)|\bcalls\b/.test(n)) return 'call';
  if (/cell tower/.test(n)) return 'cell';
  if (/wi-?fi locations?/.test(n)) return 'wifi';
  if (/locations?\b|location history/.test(n)) return 'location';
  if (/contacts?\b/.test(n)) return 'contact';
  if (/\bsms\b|\bmms\b|imessage/.test(n)) return 'sms';
  if (/messages|\bchats?\b|direct messages/.test(n)) return 'chat';
  return null;
}

const APPS: Array<[RegExp, string]> = [
  [/whatsapp/i, 'whatsapp'],
  [/telegram/i, 'telegram'],
  [/signal/i, 'signal'],
  [/snapchat/i, 'snapchat'],
  [/instagram/i, 'instagram'],
  [/messenger/i, 'facebook-messenger'],
  [/facebook/i, 'facebook'],
  [/skype/i, 'skype'],
  [/viber/i, 'viber'],
  [/wechat/i, 'wechat'],
  [/tiktok/i, 'tiktok'],
  [/discord/i, 'discord'],
  [/kik/i, 'kik'],
  [/line\b/i, 'line'],
];

function appOfArtifact(name: string, fallback: string): string {
  for (const [re, app] of APPS) if (re.test(name)) return app;
  return fallback;
}

function hintFor(app: string, value: string): IdentifierHint {
  const v = value.trim();
  if (/@(s\.whatsapp\.net|c\.us|lid|g\.us)$/i.test(v)) return 'whatsapp';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'email';
  const phoneLike = /^\+?[\d\s().-]{7,}$/.test(v);
  if (phoneLike && app !== 'telegram') return 'phone';
  switch (app) {
    case 'whatsapp':
      return 'whatsapp';
    case 'telegram':
      return /^\d{5,12}$/.test(v) || !phoneLike ? 'telegram' : 'phone';
    case 'snapchat':
    case 'instagram':
    case 'facebook':
      return app;
    case 'facebook-messenger':
      return 'facebook';
    case 'sms':
    case 'mms':
    case 'imessage':
    case 'phone':
      return 'auto';
    default:
      return 'username';
  }
}

/** Split a multi-party cell (`a, b`, `a; b`, one per line). */
function splitParties(v: string | null): string[] {
  if (!v) return [];
  return v
    .split(/[\n;,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function digits(v: string): string {
  return v.replace(/\D/g, '').slice(-10);
}

interface Artifact {
  name: string;
  kind: ArtifactKind | null;
  app: string;
  base: string;
  hits: number;
  threads: Map<
    string,
    {
      locator: string;
      name: string | null;
      participants: Map<string, Party>;
      isGroup: boolean;
      app: string;
    }
  >;
}

export async function readAxiomReport(
  ctx: ParseContext,
  stream: Readable,
  file: string,
  resolver: AxiomFileResolver,
  opts: AxiomParseOptions = {},
): Promise<void> {
  const warn = new WarningLimiter(ctx, opts.maxWarningsPerCode ?? 100);
  const seen = new FingerprintSet();
  const unsupported = new Map<string, number>();
  const artifactNames = new Map<string, number>();
  const ownerDigits = new Set<string>();
  let current: Artifact | null = null;
  let sawArtifact = false;

  const fragments = (e: XmlRecordEvent): Map<string, string> => {
    const m = new Map<string, string>();
    for (const f of e.node.children) {
      if (f.name !== 'Fragment') continue;
      const name = f.attrs.name?.trim();
      if (!name || m.has(name)) continue;
      m.set(name, (f.attrs.value ?? deepText(f)).trim());
    }
    return m;
  };
  const get = (fr: Map<string, string>, ...names: string[]): string | null => {
    for (const n of names) {
      const v = fr.get(n);
      if (v) return v;
    }
    // case-insensitive fallback (AXIOM versions differ in capitalisation)
    const lower = names.map((n) => n.toLowerCase());
    for (const [k, v] of fr) if (v && lower.includes(k.toLowerCase())) return v;
    return null;
  };
  /** The first date column whose prefix is one of `prefixes` (or any date column when none given). */
  const time = (
    fr: Map<string, string>,
    prefixes: string[],
  ): { time: RawTime | null; raw: string | null; column: string | null } => {
    const cols: Array<{
      name: string;
      value: string;
      prefix: string;
      col: ReturnType<typeof axiomDateColumn>;
    }> = [];
    for (const [name, value] of fr) {
      const col = axiomDateColumn(name);
      if (col && value) cols.push({ name, value, prefix: col.prefix.toLowerCase(), col });
    }
    const pick =
      prefixes.map((p) => cols.find((c) => c.prefix === p.toLowerCase())).find(Boolean) ??
      (prefixes.length ? undefined : cols[0]);
    if (!pick) return { time: null, raw: null, column: null };
    const iso = axiomTimeToIso(pick.value, pick.col);
    return {
      time: { value: iso ?? pick.value, encoding: 'iso' },
      raw: pick.value,
      column: pick.name,
    };
  };

  const locatorFor = (e: XmlRecordEvent, a: Artifact): string => {
    const id = e.node.attrs.id?.trim();
    if (id && id.length <= 100 && seen.add(`${a.base}\u0000${id}`))
      return `${a.base}/Hit[@id="${id}"]`;
    return `${a.base}/Hit[${e.ordinal}]`;
  };

  const rawOf = (fr: Map<string, string>, skip: string[] = []): Record<string, unknown> => {
    const raw: Record<string, unknown> = {};
    for (const [k, v] of fr)
      if (!skip.includes(k)) raw[k] = v.length > 2000 ? `${v.slice(0, 2000)}…` : v;
    return raw;
  };

  const recoveryOf = (fr: Map<string, string>) => {
    const rm = get(fr, 'Recovery Method') ?? '';
    const deleted =
      /carv|deleted|unalloc/i.test(rm) || /^(yes|true|deleted)$/i.test(get(fr, 'Deleted') ?? '');
    return {
      deleted,
      recovery: /carv/i.test(rm)
        ? ('carved' as const)
        : deleted
          ? ('deleted-flag' as const)
          : ('live' as const),
    };
  };

  const flagsOf = (e: XmlRecordEvent) => {
    const f = problemFlags(e.problems);
    return f.length ? { flags: f } : {};
  };

  const vet = (e: XmlRecordEvent, locator: string) => {
    for (const p of e.problems) warn.warn(p.code, p.message, locator);
    return e.complete && !e.problems.some((p) => p.code === ErrorCodes.XML_LIMIT);
  };

  const isOwner = (v: string) =>
    ownerDigits.size > 0 && v.length >= 7 && ownerDigits.has(digits(v));

  const onMessage = async (
    e: XmlRecordEvent,
    a: Artifact,
    locator: string,
    fr: Map<string, string>,
  ) => {
    const type = get(fr, 'Type', 'Message Type');
    const app =
      a.kind === 'sms'
        ? /imessage/i.test(type ?? '')
          ? 'imessage'
          : /mms/i.test(type ?? '')
            ? 'mms'
            : 'sms'
        : a.app;
    const dirText =
      get(fr, 'Direction', 'Message Direction') ??
      (/^(sent|received|inbox|outbox|incoming|outgoing)/i.test(type ?? '') ? type : null);
    const status = get(fr, 'Message Status', 'Status');
    const senderV = get(fr, 'Sender', 'From', 'Sender Name');
    const senderName = get(fr, 'Sender Name');
    const partner = get(fr, 'Partner', 'Partner(s)', 'Participant Information');
    let direction: DraftMessage['direction'] = 'unknown';
    if (dirText)
      direction = /^(incoming|received|inbox)/i.test(dirText)
        ? 'incoming'
        : /^(outgoing|sent|outbox)/i.test(dirText)
          ? 'outgoing'
          : 'unknown';
    else if (status && /^(sent|delivered|sending|failed)$/i.test(status)) direction = 'outgoing';
    else if (status && /^(read|unread|received)$/i.test(status)) direction = 'incoming';
    else if (senderV && isOwner(senderV)) direction = 'outgoing';
    const party = (v: string, name?: string | null): Party => ({
      value: v,
      hint: hintFor(app, v),
      ...(name && name !== v ? { name } : {}),
    });
    const recipientsV = splitParties(
      get(fr, 'Receiver', 'Recipient', 'Recipient(s)', 'Recipients', 'To'),
    );
    let sender: Party | null;
    let recipients: Party[];
    if (direction === 'incoming') {
      const v = senderV && senderV !== senderName ? senderV : (partner ?? senderV);
      sender = v ? party(v, senderName ?? get(fr, 'Partner Name')) : null;
      recipients = [OWNER];
    } else if (direction === 'outgoing') {
      sender = OWNER;
      const list = recipientsV.length ? recipientsV : splitParties(partner);
      recipients = list
        .filter((v) => !isOwner(v))
        .map((v) =>
          party(
            v,
            list.length === 1 ? get(fr, 'Receiver Name', 'Recipient Name', 'Partner Name') : null,
          ),
        );
    } else {
      sender = senderV ? (isOwner(senderV) ? OWNER : party(senderV, senderName)) : null;
      recipients = recipientsV.map((v) => (isOwner(v) ? OWNER : party(v)));
    }
    const t = time(fr, [
      'Message Sent Date/Time',
      'Sent Date/Time',
      'Message Date/Time',
      'Received Date/Time',
      'Message Received Date/Time',
      'Date/Time',
      'Created Date/Time',
      'Timestamp Date/Time',
    ]);
    const bodyKey = ['Message', 'Message Body', 'Text', 'Body'].find((k) => fr.has(k));
    const key = get(
      fr,
      'Chat ID',
      'Conversation ID',
      'Thread ID',
      'Conversation Name',
      'Conversation',
    );
    let threadRef: string | undefined;
    if (key) {
      let th = a.threads.get(key);
      if (!th) {
        th = {
          locator: `${a.base}/conversation[${key.slice(0, 200)}]`,
          name: get(fr, 'Conversation Name', 'Chat Name', 'Group Name'),
          participants: new Map(),
          isGroup: /@g\.us$/.test(key),
          app,
        };
        a.threads.set(key, th);
      }
      for (const p of [sender, ...recipients])
        if (p && p !== OWNER) th.participants.set(p.value, p);
      threadRef = th.locator;
    }
    const rec = recoveryOf(fr);
    const raw = rawOf(fr, bodyKey ? [bodyKey] : []);
    if (t.column) raw.timeColumn = t.column;
    const d: DraftMessage = {
      kind: 'message',
      locator,
      app,
      ...(threadRef ? { threadRef } : {}),
      direction,
      sentAt: t.time,
      sender,
      recipients,
      body: bodyKey ? (fr.get(bodyKey) ?? null) || null : null,
      status: status ? status.toLowerCase() : null,
      type: type ? type.toLowerCase() : null,
      ...rec,
      raw,
      ...flagsOf(e),
    };
    await ctx.emit(d);
    const names = splitParties(
      get(fr, 'Attachment', 'Attachments', 'Attachment(s)', 'Attachment Name(s)'),
    );
    let i = 0;
    for (const name of names) {
      i++;
      const m: DraftMedia = {
        kind: 'media',
        locator: `${locator}/attachment[${i}]`,
        messageRef: locator,
        filename: name.split(/[\\/]/).pop() ?? name,
        mime: mimeFromName(name),
        path: null,
        deleted: rec.deleted,
        raw: { reported: name },
      };
      const found = await resolver.resolve(name).catch(() => null);
      if (found) {
        m.path = found.path;
        m.size = found.size;
        m.sha256 = found.sha256;
      } else {
        m.flags = ['file-missing'];
        warn.warn(
          ErrorCodes.NOT_FOUND,
          `attachment ${name} is not in the Attachments folder beside the report`,
          m.locator,
        );
      }
      await ctx.emit(m);
    }
  };

  const onCall = async (
    e: XmlRecordEvent,
    a: Artifact,
    locator: string,
    fr: Map<string, string>,
  ) => {
    const app = a.app === 'unknown' ? 'phone' : a.app;
    const dir = (get(fr, 'Direction', 'Call Direction', 'Type') ?? '').toLowerCase();
    const statusText = `${dir} ${get(fr, 'Call Status', 'Status') ?? ''}`.toLowerCase();
    let direction: DraftCall['direction'] = 'unknown';
    if (/outgoing|dialed|dialled/.test(dir)) direction = 'outgoing';
    else if (/incoming|received|missed|rejected|declined|blocked/.test(dir)) direction = 'incoming';
    const durationS = axiomDurationSeconds(
      get(fr, 'Call Duration', 'Duration', 'Call Duration (Seconds)'),
    );
    let status: DraftCall['status'] = 'unknown';
    if (/missed/.test(statusText)) status = 'missed';
    else if (/reject|declin/.test(statusText)) status = 'rejected';
    else if (/block/.test(statusText)) status = 'blocked';
    else if (/voicemail/.test(statusText)) status = 'voicemail';
    else if ((durationS ?? 0) > 0 || /answered|connected/.test(statusText)) status = 'answered';
    const partners = splitParties(
      get(fr, 'Partner', 'Partner(s)', 'Partners', 'Number', 'Phone Number'),
    );
    const name = get(fr, 'Partner Name', 'Contact Name');
    const others: Party[] = partners.map((v) => ({
      value: v,
      hint: hintFor(app, v),
      ...(name && partners.length === 1 ? { name } : {}),
    }));
    const t = time(fr, ['Call Date/Time', 'Start Date/Time', 'Date/Time', 'Created Date/Time']);
    const rec = recoveryOf(fr);
    const raw = rawOf(fr);
    if (t.column) raw.timeColumn = t.column;
    await ctx.emit({
      kind: 'call',
      locator,
      app,
      direction,
      startedAt: t.time,
      durationS,
      caller: direction === 'outgoing' ? OWNER : (others[0] ?? null),
      callees: direction === 'outgoing' ? others : direction === 'incoming' ? [OWNER] : [],
      status,
      video: /video/i.test(get(fr, 'Call Type', 'Type') ?? ''),
      ...rec,
      raw,
      ...flagsOf(e),
    });
  };

  const onContact = async (e: XmlRecordEvent, locator: string, fr: Map<string, string>) => {
    const first = get(fr, 'First Name');
    const last = get(fr, 'Last Name');
    const name =
      get(fr, 'Display Name', 'Name', 'Contact Name') ??
      ([first, last].filter(Boolean).join(' ') || null);
    const entries: ContactEntry[] = [];
    for (const line of (
      get(fr, 'Phone Number(s)', 'Phone Numbers', 'Phone Number', 'Phone') ?? ''
    ).split(/\r?\n|;/)) {
      const m = /^\s*(?:([^:]{1,40}):\s*)?(.+?)\s*$/.exec(line);
      if (!m || !m[2]) continue;
      entries.push({ value: m[2], hint: 'phone', ...(m[1] ? { label: m[1].trim() } : {}) });
    }
    for (const line of (
      get(fr, 'Email(s)', 'Email Address(es)', 'Email Addresses', 'Email') ?? ''
    ).split(/\r?\n|;|,/)) {
      const v = line.replace(/^[^:@]{1,40}:\s*/, '').trim();
      if (v) entries.push({ value: v, hint: 'email' });
    }
    const rec = recoveryOf(fr);
    await ctx.emit({
      kind: 'contact',
      locator,
      app: null,
      name,
      entries,
      ...rec,
      raw: rawOf(fr),
      ...flagsOf(e),
    });
    const distinct = entries.filter(
      (en, i) => entries.findIndex((x) => x.value === en.value) === i,
    );
    for (let i = 1; i < distinct.length; i++)
      await ctx.emit({
        kind: 'identifier-link',
        locator: `${locator}/link[${i}]`,
        a: { value: distinct[0]!.value, hint: distinct[0]!.hint ?? 'auto' },
        b: { value: distinct[i]!.value, hint: distinct[i]!.hint ?? 'auto' },
        reason: `one contact card${name ? ` ("${name}")` : ''} lists both ${distinct[0]!.value} and ${distinct[i]!.value}`,
        confidence: 0.7,
      });
  };

  const onLocation = async (
    e: XmlRecordEvent,
    a: Artifact,
    locator: string,
    fr: Map<string, string>,
  ) => {
    const num = (v: string | null) =>
      v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
    const lat = num(get(fr, 'Latitude'));
    const lon = num(get(fr, 'Longitude'));
    const ok = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    let accuracy: number | null = null;
    for (const [k, v] of fr) if (/accuracy/i.test(k) && num(v) !== null) accuracy ??= num(v);
    const t = time(fr, []);
    const raw = rawOf(fr);
    if (t.column) raw.timeColumn = t.column;
    const cell = a.kind === 'cell';
    await ctx.emit({
      kind: 'location',
      locator,
      at: t.time,
      lat: ok ? lat : null,
      lon: ok ? lon : null,
      accuracyM: accuracy,
      origin: cell ? 'cell' : a.kind === 'wifi' ? 'wifi' : 'gps',
      label: get(fr, 'Location Name', 'Name', 'Address'),
      ...(cell
        ? {
            cell: {
              mcc: get(fr, 'Mobile Country Code', 'MCC') ?? undefined,
              mnc: get(fr, 'Mobile Network Code', 'MNC') ?? undefined,
              lac: get(fr, 'Location Area Code', 'LAC') ?? undefined,
              cid: get(fr, 'CellID', 'Cell ID', 'CID') ?? undefined,
            },
          }
        : {}),
      deleted: recoveryOf(fr).deleted,
      raw,
      ...flagsOf(e),
    });
  };

  const ROLES: Record<string, DeviceIdentifierRole> = {
    imei: 'imei',
    imsi: 'imsi',
    iccid: 'iccid',
    'serial number': 'serial',
    'phone number': 'owner',
    msisdn: 'owner',
  };
  const onDevice = async (
    e: XmlRecordEvent,
    a: Artifact,
    locator: string,
    fr: Map<string, string>,
  ) => {
    const identifiers: Array<{ value: string; role: DeviceIdentifierRole; hint?: IdentifierHint }> =
      [];
    const facts: Record<string, string> = {};
    for (const [k, v] of fr) {
      if (!v) continue;
      const role = ROLES[k.toLowerCase()];
      if (a.kind === 'wa-account' && k.toLowerCase() === 'phone number') {
        identifiers.push({ value: v, role: 'account', hint: 'whatsapp' });
        ownerDigits.add(digits(v));
      } else if (role) {
        identifiers.push({ value: v, role });
        if (role === 'owner') ownerDigits.add(digits(v));
      }
      if (!/^(source|location|recovery method)$/i.test(k))
        facts[`${a.name}: ${k}`] = v.slice(0, 2000);
    }
    await ctx.emit({
      kind: 'device-info',
      locator,
      identifiers,
      model: a.kind === 'device' ? get(fr, 'Model ID', 'Model', 'Device Model') : null,
      os: a.kind === 'device' ? get(fr, 'OS Version', 'Operating System') : null,
      name: a.kind === 'device' ? get(fr, 'Device Name') : null,
      facts,
      raw: rawOf(fr),
      ...flagsOf(e),
    });
  };

  const closeArtifact = async (a: Artifact) => {
    for (const th of a.threads.values()) {
      const participants = [...th.participants.values()];
      await ctx.emit({
        kind: 'thread',
        locator: th.locator,
        app: th.app,
        name: th.name,
        isGroup: th.isGroup || participants.length > 1,
        participants: [OWNER, ...participants],
      });
    }
    a.threads.clear();
  };

  await readXmlStream(stream, {
    file,
    limits: opts.xml,
    signal: ctx.signal,
    onProgress: (b) => ctx.progress(b),
    decide(name, _attrs, depth, path) {
      const parent = (path[path.length - 1] ?? '').replace(/\[\d+\]$/, '');
      if (name === 'Hit' && (parent === 'Hits' || parent === 'Artifact')) return 'record';
      if (name === 'Artifact' || name === 'Hits') return 'enter';
      return depth <= 3 ? 'enter' : 'skip';
    },
    onWarning: (p, where) => warn.warn(p.code, p.message, where),
    async onEvent(ev) {
      if (ev.kind === 'open') {
        if (ev.name === 'Artifact') {
          sawArtifact = true;
          const name = ev.attrs.name ?? `(unnamed ${ev.ordinal})`;
          const n = (artifactNames.get(name) ?? 0) + 1;
          artifactNames.set(name, n);
          const kind = classifyArtifact(name);
          current = {
            name,
            kind,
            app: appOfArtifact(name, kind === 'call' ? 'phone' : 'unknown'),
            base: `Artifact[@name="${name.slice(0, 200)}"]${n > 1 ? `[${n}]` : ''}`,
            hits: 0,
            threads: new Map(),
          };
        }
        return;
      }
      if (ev.kind === 'close') {
        if (ev.name === 'Artifact' && current) {
          const a = current;
          current = null;
          if (!a.kind && a.hits) unsupported.set(a.name, (unsupported.get(a.name) ?? 0) + a.hits);
          await closeArtifact(a);
        }
        return;
      }
      const a = current;
      if (!a) return;
      a.hits++;
      if (!a.kind) return;
      const locator = locatorFor(ev, a);
      if (!vet(ev, locator)) return;
      const fr = fragments(ev);
      switch (a.kind) {
        case 'sms':
        case 'chat':
          return onMessage(ev, a, locator, fr);
        case 'call':
          return onCall(ev, a, locator, fr);
        case 'contact':
          return onContact(ev, locator, fr);
        case 'cell':
        case 'wifi':
        case 'location':
          return onLocation(ev, a, locator, fr);
        default:
          return onDevice(ev, a, locator, fr);
      }
    },
  });
  if (!sawArtifact)
    warn.warn(ErrorCodes.UNSUPPORTED_FORMAT, 'the report has no Artifact elements', '(document)');
  if (unsupported.size)
    warn.warn(
      ErrorCodes.UNSUPPORTED_FORMAT,
      `artifacts not read: ${[...unsupported].map(([n, c]) => `${n} (${c} hits)`).join(', ')}`,
      '(document)',
    );
  warn.finish();
}
