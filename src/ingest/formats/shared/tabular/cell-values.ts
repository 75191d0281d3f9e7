// Reading mapped cells: the value of a field in a record, directions and statuses from the words
// exports use (with a profile's own words merged in), yes/no flags, lists of identifiers, and a
// cap on repeated warnings so one bad column cannot flood a source's anomaly list.
import type { CallStatus, Direction } from '../../../../model/entities.js';
import type { ErrorCode } from '../../../../model/errors.js';
import type { ParseContext } from '../../../parser.js';
import type { ColumnMap, MappedColumn } from './column-map.js';
import type { Profile } from './profile-schema.js';

const DIRECTION_WORDS: Record<'incoming' | 'outgoing', string[]> = {
  incoming: [
    'incoming',
    'in',
    'inbound',
    'received',
    'receive',
    'inbox',
    'mt',
    'rx',
    'missed',
    'rejected',
    'from',
  ],
  outgoing: [
    'outgoing',
    'out',
    'outbound',
    'sent',
    'send',
    'outbox',
    'mo',
    'tx',
    'dialled',
    'dialed',
    'draft',
    'to',
  ],
};

const STATUS_WORDS: Record<CallStatus, string[]> = {
  answered: ['answered', 'incoming', 'outgoing', 'received', 'dialled', 'dialed', 'connected'],
  missed: ['missed', 'missed call', 'no answer', 'unanswered'],
  rejected: ['rejected', 'declined', 'refused'],
  blocked: ['blocked'],
  voicemail: ['voicemail', 'voice mail'],
  unknown: [],
};

function norm(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ');
}

export class Cells {
  constructor(
    readonly map: ColumnMap,
    readonly fields: readonly string[],
  ) {}

  /** The trimmed text of the field's first column, or null when unmapped or empty. */
  get(field: string): string | null {
    const col = this.map.fields.get(field)?.[0];
    if (!col) return null;
    const v = this.fields[col.index];
    return v === undefined || v.trim() === '' ? null : v.trim();
  }

  /** Every mapped column of the field with its (non-empty) value. */
  all(field: string): Array<{ col: MappedColumn; value: string }> {
    const out: Array<{ col: MappedColumn; value: string }> = [];
    for (const col of this.map.fields.get(field) ?? []) {
      const v = this.fields[col.index];
      if (v !== undefined && v.trim() !== '') out.push({ col, value: v.trim() });
    }
    return out;
  }

  column(field: string): MappedColumn | undefined {
    return this.map.fields.get(field)?.[0];
  }
}

export function readDirection(text: string | null, profile: Profile): Direction | null {
  if (!text) return null;
  const t = norm(text);
  const own = profile.values.direction;
  if (own?.incoming?.some((w) => norm(w) === t)) return 'incoming';
  if (own?.outgoing?.some((w) => norm(w) === t)) return 'outgoing';
  if (DIRECTION_WORDS.incoming.includes(t)) return 'incoming';
  if (DIRECTION_WORDS.outgoing.includes(t)) return 'outgoing';
  if (/\b(incoming|received|inbound)\b/.test(t)) return 'incoming';
  if (/\b(outgoing|dial+ed|sent|outbound)\b/.test(t)) return 'outgoing';
  return null;
}

export function readCallStatus(text: string | null, profile: Profile): CallStatus | null {
  if (!text) return null;
  const t = norm(text);
  for (const [status, words] of Object.entries(profile.values.status ?? {}))
    if (words.some((w) => norm(w) === t)) return status as CallStatus;
  for (const [status, words] of Object.entries(STATUS_WORDS))
    if (words.includes(t)) return status as CallStatus;
  if (t.includes('missed')) return 'missed';
  if (t.includes('reject') || t.includes('declin')) return 'rejected';
  return null;
}

/** yes/no, true/false, 1/0, deleted/… → boolean; null when the cell is empty or unclear. */
export function readBool(text: string | null): boolean | null {
  if (!text) return null;
  const t = norm(text);
  if (['yes', 'y', 'true', '1', 'deleted', 'x', 'read', 'video'].includes(t)) return true;
  if (['no', 'n', 'false', '0', 'intact', 'live', 'unread', 'audio', 'voice'].includes(t))
    return false;
  return null;
}

/** Split a cell holding several identifiers (`07700 900101; 07700 900102`, one per line). */
export function splitList(text: string | null, separator: string): string[] {
  if (!text) return [];
  return text
    .split(new RegExp(`[\\n${separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}]`))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Forwards warnings to the parse context, at most `limit` per code, then one summary at the end. */
export class WarnLimiter {
  private readonly counts = new Map<string, number>();
  constructor(
    private readonly ctx: Pick<ParseContext, 'warn'>,
    private readonly limit = 50,
  ) {}

  warn(code: ErrorCode, message: string, record?: string): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.limit) this.ctx.warn(code, message, record);
  }

  /** Record how many warnings of each code were not listed. */
  finish(): void {
    for (const [code, n] of this.counts)
      if (n > this.limit)
        this.ctx.warn(
          code as ErrorCode,
          `${n - this.limit} more ${code} problems not listed (${n} in all)`,
        );
  }

  count(code: ErrorCode): number {
    return this.counts.get(code) ?? 0;
  }
}
