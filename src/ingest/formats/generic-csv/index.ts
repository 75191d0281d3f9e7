// Generic CSV import of messages, calls or contacts: columns are mapped by header name through a
// profile (built-in or the examiner's own, auto-matched on the header or named with --csv-profile),
// times read in the profile's formats and zones, one item per row with its line as locator.
import type {
  ContactEntry,
  Direction,
  DraftCall,
  DraftContact,
  DraftMessage,
  Party,
  RawIdentifier,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { IdentifierNormaliser, type IdentifierHint } from '../../../model/identifiers.js';
import type { ParseContext, Parser } from '../../parser.js';
import {
  readBool,
  readCallStatus,
  readDirection,
  splitList,
} from '../shared/tabular/cell-values.js';
import { readDuration } from '../shared/tabular/date-format.js';
import type { Profile } from '../shared/tabular/profile-schema.js';
import { openForParse, tableBid } from '../shared/tabular/table-parser.js';
import { rowTime, tableRow, type TableRow } from '../shared/tabular/table-row.js';

const ENTRY_HINTS: Record<string, IdentifierHint> = {
  phone: 'phone',
  email: 'email',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
};

/** Recognises the device owner's own number in sender/recipient columns. */
class OwnerMatcher {
  private key: string | null = null;
  private raw: string | null = null;
  private readonly normaliser: IdentifierNormaliser;
  constructor(region: string) {
    this.normaliser = new IdentifierNormaliser(region, 50_000);
  }
  set(value: string | null): void {
    if (!value || value === this.raw) return;
    this.raw = value;
    this.key = this.normaliser.normalise(value, 'auto')?.key ?? null;
  }
  is(value: string): boolean {
    return !!this.key && this.normaliser.normalise(value, 'auto')?.key === this.key;
  }
}

function party(value: string | null, name: string | null, owner: OwnerMatcher): Party | null {
  if (!value) return null;
  if (owner.is(value)) return OWNER;
  const p: RawIdentifier = { value };
  if (name) p.name = name;
  return p;
}

function appOf(row: TableRow, profile: Profile, fallback: string): string {
  return (row.cells.get('app') ?? profile.app ?? fallback).toLowerCase().replace(/\s+/g, '-');
}

async function emitMessage(
  ctx: ParseContext,
  row: TableRow,
  profile: Profile,
  owner: OwnerMatcher,
  sentAt: DraftMessage['sentAt'],
): Promise<void> {
  const c = row.cells;
  owner.set(c.get('owner'));
  let direction: Direction = readDirection(c.get('direction'), profile) ?? 'unknown';
  let sender: Party | null;
  let recipients: Party[];
  const other = c.get('party');
  if (other) {
    const p = party(other, c.get('partyName'), owner);
    if (direction === 'incoming') [sender, recipients] = [p, [OWNER]];
    else if (direction === 'outgoing') [sender, recipients] = [OWNER, p ? [p] : []];
    else [sender, recipients] = [null, p ? [p] : []];
  } else {
    sender = party(c.get('sender'), c.get('senderName'), owner);
    recipients = splitList(c.get('recipients'), profile.listSeparator)
      .map((v) => party(v, null, owner))
      .filter((p): p is Party => !!p);
    if (direction === 'unknown') {
      if (sender === OWNER) direction = 'outgoing';
      else if (recipients.includes(OWNER)) direction = 'incoming';
    }
    if (direction === 'outgoing' && !sender) sender = OWNER;
    if (direction === 'incoming' && recipients.length === 0) recipients = [OWNER];
  }
  const draft: DraftMessage = {
    kind: 'message',
    locator: row.locator,
    app: appOf(row, profile, 'sms'),
    direction,
    sentAt,
    sender,
    recipients,
    body: c.get('body'),
    subject: c.get('subject'),
    status: c.get('status'),
    type: c.get('type'),
    deleted: readBool(c.get('deleted')) ?? false,
    raw: row.raw,
  };
  if (row.flags.length) draft.flags = [...new Set(row.flags)];
  await ctx.emit(draft);
}

async function emitCall(
  ctx: ParseContext,
  row: TableRow,
  profile: Profile,
  owner: OwnerMatcher,
  startedAt: DraftCall['startedAt'],
): Promise<void> {
  const c = row.cells;
  owner.set(c.get('owner'));
  const typeText = c.get('callType');
  let direction: Direction =
    readDirection(c.get('direction'), profile) ?? readDirection(typeText, profile) ?? 'unknown';
  const status = readCallStatus(typeText, profile) ?? readCallStatus(c.get('status'), profile);
  let caller: Party | null;
  let callees: Party[];
  const other = c.get('party');
  if (other) {
    const p = party(other, c.get('partyName'), owner);
    if (direction === 'incoming') [caller, callees] = [p, [OWNER]];
    else if (direction === 'outgoing') [caller, callees] = [OWNER, p ? [p] : []];
    else [caller, callees] = [null, p ? [p] : []];
  } else {
    caller = party(c.get('caller'), null, owner);
    callees = splitList(c.get('callee'), profile.listSeparator)
      .map((v) => party(v, null, owner))
      .filter((p): p is Party => !!p);
    if (direction === 'unknown') {
      if (caller === OWNER) direction = 'outgoing';
      else if (callees.includes(OWNER)) direction = 'incoming';
    }
  }
  const durationText = c.get('duration');
  const durationS = durationText ? readDuration(durationText) : null;
  if (durationText && durationS === null) row.flags.push('duration-unparsed');
  const draft: DraftCall = {
    kind: 'call',
    locator: row.locator,
    app: appOf(row, profile, 'phone'),
    direction,
    startedAt,
    durationS,
    caller,
    callees,
    status: status ?? (durationS && durationS > 0 ? 'answered' : 'unknown'),
    video: readBool(c.get('video')) ?? false,
    deleted: readBool(c.get('deleted')) ?? false,
    raw: row.raw,
  };
  if (row.flags.length) draft.flags = [...new Set(row.flags)];
  await ctx.emit(draft);
}

async function emitContact(ctx: ParseContext, row: TableRow, profile: Profile): Promise<void> {
  const c = row.cells;
  const entries: ContactEntry[] = [];
  for (const field of ['phone', 'email', 'whatsapp', 'telegram']) {
    for (const { col, value } of c.all(field))
      for (const v of splitList(value, profile.listSeparator))
        entries.push({ value: v, hint: ENTRY_HINTS[field]!, label: col.label ?? field });
  }
  const name =
    c.get('name') ?? ([c.get('firstName'), c.get('lastName')].filter(Boolean).join(' ') || null);
  const group = c.get('group');
  const note = [c.get('note'), group ? `group: ${group}` : null].filter(Boolean).join('\n') || null;
  const draft: DraftContact = {
    kind: 'contact',
    locator: row.locator,
    app: c.get('app')?.toLowerCase() ?? profile.app ?? null,
    name,
    entries,
    account: c.get('account'),
    note,
    deleted: readBool(c.get('deleted')) ?? false,
    raw: row.raw,
  };
  if (row.flags.length) draft.flags = [...new Set(row.flags)];
  await ctx.emit(draft);
}

export const genericCsvParser: Parser = {
  id: 'generic-csv',
  version: '1.0.0',
  label: 'CSV import of messages, calls or contacts (header-mapped profiles)',
  artefacts: ['messages', 'calls', 'contacts'],

  bid: (probe) => tableBid(probe, 'generic-csv', { matched: 55, named: 90, fallback: 12 }),

  async parse(ctx) {
    const { table, warn } = await openForParse(ctx, 'generic-csv');
    const owner = new OwnerMatcher(ctx.region);
    const zone = ctx.options?.timezone ?? null;
    const kind = table.profile.kind;
    try {
      for await (const rec of table.records) {
        if (ctx.signal.aborted) break;
        const row = tableRow(table, rec, warn);
        if (!row) continue;
        if (kind === 'contacts') await emitContact(ctx, row, table.profile);
        else {
          const at = rowTime(row, table, zone, warn);
          if (kind === 'messages') await emitMessage(ctx, row, table.profile, owner, at);
          else await emitCall(ctx, row, table.profile, owner, at);
        }
      }
    } finally {
      table.close();
      warn.finish();
    }
  },
};
