// Signal Android signal.db (org.thoughtcrime.securesms/databases). On the phone it is SQLCipher-
// encrypted: a file with that name and no SQLite header is claimed and reported as a typed
// ENCRYPTED_DATABASE error naming the file, never skipped silently. A decrypted copy (as some
// extraction tools export it) is read: `message` (date_sent/date_received ms, type & 0x1F: 20
// incoming, 21–24 outgoing, 27 draft), `recipient` (e164, aci, username, group_id, names) and
// `thread`. Layout: ALEAPP scripts/artifacts/signalAndroid.py, docs/formats.md §2.1. The older
// schema (`sms`/`mms` tables) is not read.
import type { Direction, Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { Parser, Probe } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';

const DB_NAME = 'signal.db';
const APP_DIR = 'org.thoughtcrime.securesms/databases/';

/** MessageTypes base types (the low 5 bits of `type`). */
const BASE: Record<number, { direction: Direction; status: string }> = {
  20: { direction: 'incoming', status: 'received' },
  21: { direction: 'outgoing', status: 'outbox' },
  22: { direction: 'outgoing', status: 'sending' },
  23: { direction: 'outgoing', status: 'sent' },
  24: { direction: 'outgoing', status: 'failed' },
  27: { direction: 'outgoing', status: 'draft' },
};

function isSignalPath(probe: Pick<Probe, 'file'>): boolean {
  return probe.file.name === DB_NAME || probe.file.path.replace(/\\/g, '/').includes(APP_DIR);
}

const RECIPIENT_COLS = [
  '_id',
  'type',
  'e164',
  'phone',
  'aci',
  'uuid',
  'username',
  'group_id',
  'system_joined_name',
  'profile_joined_name',
];
const MESSAGE_COLS = [
  '_id',
  'date_sent',
  'date_received',
  'thread_id',
  'from_recipient_id',
  'to_recipient_id',
  'type',
  'read',
  'remote_deleted',
  'view_once',
  'expires_in',
];

export const signalAndroidParser: Parser = {
  id: 'signal-android',
  version: '1.0.0',
  label: 'Signal Android (signal.db, decrypted; encrypted files reported)',
  artefacts: ['messages', 'threads'],

  async bid(probe) {
    if (probe.isSqlite)
      return sqliteBid(probe, {
        required: ['recipient', 'thread', 'message'],
        names: [DB_NAME],
        score: 70,
      });
    // the live database: SQLCipher leaves no SQLite header, only pseudo-random pages
    return isSignalPath(probe) && probe.file.name === DB_NAME && probe.head.length > 0 ? 60 : 0;
  },

  async parse(ctx) {
    const head = await ctx.file.head(16);
    if (!head.subarray(0, 16).equals(Buffer.from('SQLite format 3\u0000', 'latin1')))
      throw new AppError(
        ErrorCodes.ENCRYPTED_DATABASE,
        `${ctx.file.name} is encrypted (SQLCipher, no SQLite header): Signal's messages need the key from the device keystore, which the extraction must supply as a decrypted copy`,
        { file: ctx.file.path, record: 'header' },
      );
    const db = await ctx.openSqlite();
    const rcols = db.columns('recipient');
    const people = new Map<string, RawIdentifier | null>();
    for (const r of db.iterate(
      `SELECT ${RECIPIENT_COLS.filter((c) => rcols.has(c)).join(', ')} FROM recipient ORDER BY _id`,
      [],
      'recipient',
    )) {
      const name = str(r.system_joined_name)?.trim() || str(r.profile_joined_name)?.trim() || null;
      const phone = str(r.e164)?.trim() || str(r.phone)?.trim();
      const aci = str(r.aci)?.trim() || str(r.uuid)?.trim();
      const group = str(r.group_id)?.trim();
      const user = str(r.username)?.trim();
      const id: RawIdentifier | null = phone
        ? { value: phone, hint: 'phone' }
        : group
          ? { value: group, hint: 'signal' }
          : aci
            ? { value: aci, hint: 'signal' }
            : user
              ? { value: user, hint: 'signal' }
              : null;
      people.set(String(r._id), id && name ? { ...id, name } : id);
    }
    const threadPeer = new Map<string, RawIdentifier | null>();
    for (const r of db.iterate('SELECT _id, recipient_id FROM thread ORDER BY _id', [], 'thread')) {
      const p = people.get(String(r.recipient_id)) ?? null;
      threadPeer.set(String(r._id), p);
      const group = p?.hint === 'signal' && p.value.startsWith('__signal_group__');
      await ctx.emit({
        kind: 'thread',
        locator: `thread:${String(r._id)}`,
        app: 'signal',
        name: p?.name ?? null,
        isGroup: group,
        participants: p && !group ? [OWNER, p] : [OWNER],
        groupId: group ? p : undefined,
        raw: pickRaw(r, ['_id', 'recipient_id']),
      });
    }
    const mcols = db.columns('message');
    const cols = MESSAGE_COLS.filter((c) => mcols.has(c));
    for (const r of db.iterate(
      `SELECT ${cols.join(', ')}${mcols.has('body') ? ', body' : ''} FROM message ORDER BY _id`,
      [],
      'message',
    )) {
      const type = num(r.type);
      const base = type !== null ? BASE[type & 0x1f] : undefined;
      const direction = base?.direction ?? 'unknown';
      const from = people.get(String(r.from_recipient_id)) ?? null;
      const thread = String(r.thread_id);
      const peer = threadPeer.get(thread) ?? null;
      const sender: Party | null = direction === 'outgoing' ? OWNER : from;
      const recipients: Party[] =
        direction === 'outgoing' ? (peer ? [peer] : []) : direction === 'incoming' ? [OWNER] : [];
      const sent = big(r.date_sent);
      const received = big(r.date_received);
      const deleted = num(r.remote_deleted) === 1;
      await ctx.emit({
        kind: 'message',
        locator: `message:${String(r._id)}`,
        app: 'signal',
        threadRef: threadPeer.has(thread) ? `thread:${thread}` : undefined,
        direction,
        sentAt: sent !== null ? { value: sent, encoding: 'unix-ms' } : null,
        receivedAt:
          direction === 'incoming' && received !== null
            ? { value: received, encoding: 'unix-ms' }
            : null,
        sender,
        recipients,
        body: str(r.body),
        status: base?.status ?? (type !== null ? `type-${type}` : null),
        deleted,
        flags: deleted ? ['remote-deleted'] : undefined,
        raw: pickRaw(r, cols),
      });
    }
  },
};
