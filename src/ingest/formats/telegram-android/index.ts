// Telegram Android cache4.db (org.telegram.messenger/files): messages from `messages_v2` (or
// `messages` in old versions) with direction, dialog and date from the table's columns and text,
// sender, media flag, forward and reply from the TL-serialised `data` blob; cached users (names,
// username, phone; the account's own user, flagged self, as the device's Telegram account);
// basic-group and channel names from `chats`; dialogs as threads; secret chats from `enc_chats`.
// Table layout: ALEAPP scripts/artifacts/telegramAndroid.py and docs/formats.md §2.1. TL layouts:
// see tl.ts. Blobs in constructors this parser does not decode keep the row (date, direction,
// dialog) with no text, are flagged, and are counted per constructor as not supported.
import type { DraftMessage, Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import type { EvidenceRow } from '../../../evidence/evidence-sqlite.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { hex, readMessage, readUser, TlError, type TlMessage, type TlUser } from './tl.js';

const TG = (id: bigint | string, name?: string | null): RawIdentifier => ({
  value: String(id),
  hint: 'telegram',
  ...(name ? { name } : {}),
});

/** Telegram stores a user's number in international form without the plus. */
function phoneOf(raw: string | null): string | null {
  const t = raw?.trim();
  if (!t) return null;
  return /^\d{7,15}$/.test(t) ? `+${t}` : t;
}

/** The secret-chat id of an encrypted dialog id (bit 62 set, or the id in the high word), else null. */
function encryptedChatId(did: bigint): bigint | null {
  if (did <= 0n) return null;
  if ((did & 0x4000000000000000n) !== 0n) return did & 0xffffffffn;
  if (did > 0xffffffffn && (did & 0xffffffffn) === 0n) return did >> 32n;
  return null;
}

function blob(v: unknown): Buffer | null {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return null;
}

export const telegramAndroidParser: Parser = {
  id: 'telegram-android',
  version: '1.0.0',
  label: 'Telegram Android (cache4.db)',
  artefacts: ['messages', 'threads', 'contacts', 'device-info', 'accounts'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['users', 'dialogs'],
      any: ['messages_v2', 'messages'],
      names: ['cache4.db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const tables = db.tables();
    const unsupported = new Map<string, number>();
    const notDecoded = (what: string, e: unknown, record: string) => {
      if (e instanceof TlError && e.constructorId !== undefined) {
        const k = `${what} 0x${hex(e.constructorId)}`;
        unsupported.set(k, (unsupported.get(k) ?? 0) + 1);
      } else {
        ctx.warn(ErrorCodes.PARSE_ERROR, `${what} TL data not decoded: ${String(e)}`, record);
      }
    };

    // users: the name column is "display name;;;username"; the TL record adds names and phone
    const users = new Map<string, { name: string | null; user: TlUser | null }>();
    let self: TlUser | null = null;
    let selfLocator = '';
    const ucols = db.columns('users');
    for (const r of db.iterate(
      `SELECT uid, name${ucols.has('status') ? ', status' : ''}${ucols.has('data') ? ', data' : ''} FROM users ORDER BY uid`,
      [],
      'users',
    )) {
      const uid = big(r.uid);
      if (uid === null) continue;
      const locator = `users:${uid}`;
      const [shown, handle] = (str(r.name) ?? '').split(';;;');
      let user: TlUser | null = null;
      const data = blob(r.data);
      if (data?.length) {
        try {
          user = readUser(data);
        } catch (e) {
          notDecoded('user', e, locator);
        }
      }
      const full = user
        ? [user.firstName, user.lastName].filter((x) => x && x.trim()).join(' ') || null
        : null;
      const name = full ?? (shown?.trim() || null);
      users.set(String(uid), { name, user });
      if (user?.self) {
        self = user;
        selfLocator = locator;
        continue;
      }
      const username = user?.username ?? (handle?.trim() || null);
      const phone = phoneOf(user?.phone ?? null);
      await ctx.emit({
        kind: 'contact',
        locator,
        app: 'telegram',
        name,
        entries: [
          { ...TG(uid), label: 'Telegram' },
          ...(username ? [{ value: `@${username}`, hint: 'telegram' as const }] : []),
          ...(phone ? [{ value: phone, hint: 'phone' as const, label: 'Mobile' }] : []),
        ],
        deleted: user?.deleted ?? false,
        raw: {
          ...pickRaw(r, ['uid', 'name', 'status']),
          ...(user ? { constructor: `0x${hex(user.constructorId)}` } : {}),
        },
      });
      if (phone)
        await ctx.emit({
          kind: 'identifier-link',
          locator: `${locator}:phone`,
          a: TG(uid, name),
          b: { value: phone, hint: 'phone', ...(name ? { name } : {}) },
          reason: 'telegram-user-phone',
          confidence: 0.95,
        });
    }
    if (self) {
      const phone = phoneOf(self.phone);
      await ctx.emit({
        kind: 'device-info',
        locator: `${selfLocator}:self`,
        identifiers: [
          { ...TG(self.id), role: 'account' },
          ...(self.username
            ? [{ value: `@${self.username}`, hint: 'telegram' as const, role: 'account' as const }]
            : []),
          ...(phone ? [{ value: phone, hint: 'phone' as const, role: 'owner' as const }] : []),
        ],
        raw: { uid: String(self.id), constructor: `0x${hex(self.constructorId)}` },
      });
    }

    // group and channel names (uid is the positive chat or channel id)
    const chatNames = new Map<string, string | null>();
    if (tables.has('chats'))
      for (const r of db.iterate('SELECT uid, name FROM chats', [], 'chats'))
        chatNames.set(String(r.uid), str(r.name));
    // secret chats: the dialog's other user
    const secret = new Map<string, string>();
    if (tables.has('enc_chats') && db.columns('enc_chats').has('user'))
      for (const r of db.iterate('SELECT uid, user FROM enc_chats', [], 'enc_chats'))
        if (r.user !== null) secret.set(String(r.uid), String(r.user));

    const table = tables.has('messages_v2') ? 'messages_v2' : 'messages';
    const mcols = db.columns(table);
    const wantCols = ['mid', 'uid', 'date', 'out', 'read_state', 'send_state', 'media'].filter(
      (c) => mcols.has(c),
    );
    const select = `SELECT rowid AS _rowid, ${wantCols.join(', ')}${mcols.has('data') ? ', data' : ''} FROM ${table}`;

    // the other party of a dialog
    const dialogPeer = (did: bigint): { party: RawIdentifier; group: boolean; flag?: string } => {
      const enc = encryptedChatId(did);
      if (enc !== null) {
        const u = secret.get(String(enc));
        return {
          party: u ? TG(u, users.get(u)?.name) : TG(did),
          group: false,
          flag: 'secret-chat',
        };
      }
      if (did < 0n) return { party: TG(did), group: true };
      return { party: TG(did, users.get(String(did))?.name), group: false };
    };

    // group members seen as senders, for the thread participants
    const members = new Map<string, Set<string>>();
    for (const r of db.iterate(`${select} WHERE uid < 0 ORDER BY uid, mid`, [], table)) {
      const data = blob(r.data);
      if (!data?.length) continue;
      try {
        const m = readMessage(data);
        if (m.from?.kind === 'user' && !(self && m.from.id === self.id)) {
          const k = String(r.uid);
          const set = members.get(k) ?? new Set<string>();
          set.add(String(m.from.id));
          members.set(k, set);
        }
      } catch {
        // counted in the main pass
      }
    }

    // threads: every dialog, and every dialog id messages name without a dialogs row
    const dialogIds = new Map<string, EvidenceRow | null>();
    const dcols = db.columns('dialogs');
    for (const r of db.iterate(
      `SELECT did${['date', 'unread_count', 'last_mid', 'pinned', 'folder_id']
        .filter((c) => dcols.has(c))
        .map((c) => `, ${c}`)
        .join('')} FROM dialogs ORDER BY did`,
      [],
      'dialogs',
    ))
      if (big(r.did) !== null) dialogIds.set(String(big(r.did)), r);
    for (const r of db.iterate(`SELECT DISTINCT uid FROM ${table} ORDER BY uid`, [], table)) {
      const did = big(r.uid);
      if (did !== null && !dialogIds.has(String(did))) dialogIds.set(String(did), null);
    }
    for (const [k, r] of dialogIds) {
      const did = BigInt(k);
      const peer = dialogPeer(did);
      const name = peer.group ? (chatNames.get(String(-did)) ?? null) : (peer.party.name ?? null);
      const folder = r ? num(r.folder_id) : null;
      const flags = [
        ...(peer.flag ? [peer.flag] : []),
        ...(folder === 1 ? ['archived'] : []),
        ...(r ? [] : ['no-dialog-row']),
      ];
      await ctx.emit({
        kind: 'thread',
        locator: `dialogs:${k}`,
        app: 'telegram',
        name,
        isGroup: peer.group,
        participants: peer.group
          ? [OWNER, ...[...(members.get(k) ?? [])].map((u) => TG(u, users.get(u)?.name))]
          : [OWNER, peer.party],
        groupId: peer.group ? peer.party : undefined,
        flags: flags.length ? flags : undefined,
        raw: r
          ? pickRaw(r, ['did', 'date', 'unread_count', 'last_mid', 'pinned', 'folder_id'])
          : {},
      });
    }

    const walOnly = db.walOnlyRowids(table, 'rowid');
    for (const r of db.iterate(`${select} ORDER BY uid, mid`, [], table)) {
      const did = big(r.uid);
      const mid = big(r.mid);
      const locator = `${table}:${String(did)}:${String(mid)}`;
      const data = blob(r.data);
      let tl: TlMessage | null = null;
      const flags: string[] = [];
      if (data?.length) {
        try {
          tl = readMessage(data);
        } catch (e) {
          notDecoded('message', e, locator);
          flags.push('telegram-tl-not-decoded');
        }
      } else flags.push('telegram-no-data');
      const date = big(r.date);
      if (tl && date !== null && BigInt(tl.date) !== date) {
        // the walk went astray or the row was rewritten: do not trust what it read
        flags.push('telegram-tl-date-mismatch');
        tl = null;
      }
      const outCol = num(r.out);
      const direction =
        outCol === 1
          ? 'outgoing'
          : outCol === 0
            ? 'incoming'
            : tl
              ? tl.out
                ? 'outgoing'
                : 'incoming'
              : 'unknown';
      const peer = did !== null ? dialogPeer(did) : null;
      if (peer?.flag) flags.push(peer.flag);
      let sender: Party | null = null;
      let recipients: Party[] = [];
      if (direction === 'outgoing') {
        sender = OWNER;
        recipients = peer ? [peer.party] : [];
      } else if (peer) {
        if (peer.group) {
          const from = tl?.from?.kind === 'user' ? String(tl.from.id) : null;
          sender = from ? TG(from, users.get(from)?.name) : null;
          recipients = [peer.party];
        } else {
          sender = peer.party;
          recipients = [OWNER];
        }
      }
      if (tl?.forwarded) flags.push('forwarded');
      const draft: DraftMessage = {
        kind: 'message',
        locator,
        app: 'telegram',
        threadRef: did !== null ? `dialogs:${String(did)}` : undefined,
        direction,
        sentAt: date !== null ? { value: date, encoding: 'unix-s' } : null,
        sender,
        recipients,
        body: tl?.text ? tl.text : null,
        type: tl ? (tl.kind === 'service' ? 'service' : tl.hasMedia ? 'media' : 'text') : null,
        status: num(r.read_state) !== null ? `read-state-${num(r.read_state)}` : null,
        recovery: walOnly.has(BigInt(r._rowid as bigint)) ? 'wal-only' : 'live',
        flags: flags.length ? flags : undefined,
        raw: {
          ...pickRaw(r, wantCols),
          ...(tl
            ? {
                constructor: `0x${hex(tl.constructorId)}`,
                tl_id: tl.id,
                ...(tl.replyTo !== null ? { reply_to: tl.replyTo } : {}),
              }
            : data?.length
              ? { constructor: `0x${hex(data.length >= 4 ? data.readUInt32LE(0) : 0)}` }
              : {}),
        },
      };
      await ctx.emit(draft);
    }

    for (const [what, n] of [...unsupported].sort())
      ctx.warn(
        ErrorCodes.UNSUPPORTED_FORMAT,
        `TL constructor not decoded: ${what} (${n} record${n === 1 ? '' : 's'}; kept without text)`,
        table,
      );
  },
};
