// iOS Messages (Library/SMS/sms.db): SMS, MMS and iMessage from `message`, `handle`, `chat` and the
// join tables; text from `text` or, when NULL, decoded from the typedstream `attributedBody`; Apple
// 2001-epoch times whose unit (ns or s) is decided per value; attachments as media; the GUIDs left
// in `sync_deleted_messages` and gaps in message ROWIDs recorded as deletion evidence.
import type { DraftMessage, Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import { decodeBytes } from '../../../model/text.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { cocoaAuto } from '../shared/apple.js';
import { attributedStringBytes } from './typedstream.js';

/** Columns kept raw on each message when present, unless they hold the schema default. */
const MESSAGE_RAW = [
  'ROWID',
  'guid',
  'handle_id',
  'other_handle',
  'service',
  'account',
  'destination_caller_id',
  'date',
  'date_read',
  'date_delivered',
  'is_from_me',
  'is_sent',
  'is_delivered',
  'is_read',
  'is_audio_message',
  'cache_has_attachments',
  'item_type',
  'group_action_type',
  'group_title',
  'associated_message_guid',
  'associated_message_type',
  'reply_to_guid',
  'thread_originator_guid',
  'balloon_bundle_id',
  'error',
  'is_spam',
];
const MESSAGE_DEFAULTS: Record<string, string> = {
  other_handle: '0',
  date_read: '0',
  date_delivered: '0',
  is_audio_message: '0',
  cache_has_attachments: '0',
  item_type: '0',
  group_action_type: '0',
  associated_message_type: '0',
  error: '0',
  is_spam: '0',
};
const CHAT_RAW = [
  'ROWID',
  'guid',
  'style',
  'chat_identifier',
  'service_name',
  'room_name',
  'account_login',
  'last_addressed_handle',
  'group_id',
  'is_archived',
];
const ATTACHMENT_RAW = [
  'ROWID',
  'guid',
  'created_date',
  'filename',
  'uti',
  'mime_type',
  'transfer_name',
  'total_bytes',
  'is_outgoing',
  'hide_attachment',
];

/** chat.style: 43 group, 45 one-to-one (observed values; iLEAPP and MVT read them the same way). */
const STYLE_GROUP = 43;
const OBJECT_REPLACEMENT = /\uFFFC/g;

function appOf(service: string | null): string {
  const s = (service ?? '').toLowerCase();
  if (s === 'imessage') return 'imessage';
  if (s === 'rcs') return 'rcs';
  return 'sms';
}

function handleParty(id: string): RawIdentifier {
  return { value: id, hint: id.includes('@') ? 'email' : 'phone' };
}

/** `p:+447700900123` / `e:name@example.org` / `P:…` (chat.account_login) → the owner's identifier. */
function accountIdentifier(v: string | null): { value: string; kind: 'phone' | 'email' } | null {
  if (!v) return null;
  const m = /^([pPeE]):(.+)$/.exec(v.trim());
  if (!m) return null;
  const value = m[2]!.trim();
  if (!value) return null;
  return { value, kind: m[1]!.toLowerCase() === 'e' ? 'email' : 'phone' };
}

/** `~/Library/SMS/Attachments/…` is relative to the mobile user's home. */
function devicePath(filename: string | null): string | null {
  if (!filename) return null;
  return filename.startsWith('~/') ? `/private/var/mobile/${filename.slice(2)}` : filename;
}

export const iosSmsParser: Parser = {
  id: 'ios-sms',
  version: '1.0.0',
  label: 'iOS Messages: SMS, MMS and iMessage (sms.db)',
  artefacts: ['messages', 'threads', 'media', 'device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['message', 'handle', 'chat'],
      any: ['chat_message_join', 'chat_handle_join'],
      names: ['sms.db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const tables = db.tables();
    const msgCols = db.columns('message');
    const has = (t: string) => tables.has(t);

    const handles = new Map<string, string>();
    for (const r of db.iterate('SELECT ROWID, id FROM handle ORDER BY ROWID', [], 'handle')) {
      const id = str(r.id);
      if (id) handles.set(String(r.ROWID), id);
    }

    // chats and their participants
    const members = new Map<string, string[]>();
    if (has('chat_handle_join')) {
      for (const r of db.iterate(
        'SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id',
        [],
        'chat_handle_join',
      )) {
        const h = handles.get(String(r.handle_id));
        if (!h) continue;
        const k = String(r.chat_id);
        const list = members.get(k) ?? [];
        list.push(h);
        members.set(k, list);
      }
    }
    const chatCols = db.columns('chat');
    const chatWanted = CHAT_RAW.filter((c) => chatCols.has(c));
    const chats = new Map<string, { participants: string[]; isGroup: boolean; app: string }>();
    const owner = new Map<string, { value: string; kind: 'phone' | 'email'; at: string }>();
    const noteOwner = (v: string | null, at: string) => {
      const a = accountIdentifier(v);
      if (a && !owner.has(`${a.kind}:${a.value}`)) owner.set(`${a.kind}:${a.value}`, { ...a, at });
    };
    for (const r of db.iterate(
      `SELECT ${chatWanted.join(', ')}${chatCols.has('display_name') ? ', display_name' : ''} FROM chat ORDER BY ROWID`,
      [],
      'chat',
    )) {
      const id = String(r.ROWID);
      const participants = members.get(id) ?? [];
      const style = num(r.style);
      const isGroup = style === STYLE_GROUP || participants.length > 1;
      const app = appOf(str(r.service_name));
      chats.set(id, { participants, isGroup, app });
      noteOwner(str(r.account_login), `chat:${id}`);
      await ctx.emit({
        kind: 'thread',
        locator: `chat:${id}`,
        app,
        name: str(r.display_name) || null,
        isGroup,
        participants: [OWNER, ...participants.map(handleParty)],
        raw: pickRaw(r, chatWanted),
      });
    }

    const chatOf = new Map<string, string>();
    if (has('chat_message_join')) {
      for (const r of db.iterate(
        'SELECT chat_id, message_id FROM chat_message_join ORDER BY message_id, chat_id',
        [],
        'chat_message_join',
      )) {
        const m = String(r.message_id);
        if (!chatOf.has(m)) chatOf.set(m, String(r.chat_id));
      }
    }

    // attachments, by message
    const attachmentsOf = new Map<string, Array<Record<string, unknown>>>();
    const attachmentSeen = new Set<string>();
    if (has('attachment') && has('message_attachment_join')) {
      const ac = db.columns('attachment');
      const wanted = ATTACHMENT_RAW.filter((c) => ac.has(c));
      for (const r of db.iterate(
        `SELECT j.message_id AS message_id, ${wanted.map((c) => `a.${c}`).join(', ')}
           FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id
          ORDER BY j.message_id, a.ROWID`,
        [],
        'message_attachment_join',
      )) {
        const k = String(r.message_id);
        const list = attachmentsOf.get(k) ?? [];
        list.push(r);
        attachmentsOf.set(k, list);
      }
    }

    // deletion evidence: GUIDs of deleted messages
    const deletedGuids = new Map<string, string>();
    if (has('sync_deleted_messages')) {
      for (const r of db.iterate(
        'SELECT ROWID, guid FROM sync_deleted_messages ORDER BY ROWID',
        [],
        'sync_deleted_messages',
      )) {
        const g = str(r.guid);
        if (g) deletedGuids.set(g, `sync_deleted_messages:${String(r.ROWID)}`);
      }
    }

    const walOnly = db.walOnlyRowids('message', 'ROWID');
    const rawCols = MESSAGE_RAW.filter((c) => msgCols.has(c));
    const select = [
      ...rawCols,
      ...['text', 'subject'].filter((c) => msgCols.has(c)),
      // the typedstream blob is only needed (and only copied out of SQLite) when text is NULL
      ...(msgCols.has('attributedBody')
        ? [
            msgCols.has('text')
              ? 'CASE WHEN text IS NULL THEN attributedBody END AS attributedBody'
              : 'attributedBody',
          ]
        : []),
    ];
    if (!select.includes('ROWID')) select.unshift('ROWID');
    const seenGuids = new Set<string>();
    let count = 0;
    let minRowid: bigint | null = null;
    let maxRowid: bigint | null = null;

    for (const r of db.iterate(
      `SELECT ${select.join(', ')} FROM message ORDER BY ROWID`,
      [],
      'message',
    )) {
      const id = String(r.ROWID);
      const rowid = big(r.ROWID)!;
      if (minRowid === null || rowid < minRowid) minRowid = rowid;
      if (maxRowid === null || rowid > maxRowid) maxRowid = rowid;
      count++;
      const locator = `message:${id}`;
      const raw = pickRaw(r, rawCols, MESSAGE_DEFAULTS);
      const flags: string[] = [];

      // body: `text`, else the string inside attributedBody
      let body: string | null = null;
      const text = str(r.text);
      if (text !== null) {
        body = text.replace(OBJECT_REPLACEMENT, '');
        if (body !== text) raw.text = text;
      } else if (r.attributedBody instanceof Uint8Array && r.attributedBody.length > 0) {
        raw.attributedBody = r.attributedBody;
        try {
          const decoded = decodeBytes(attributedStringBytes(r.attributedBody));
          body = decoded.text.replace(OBJECT_REPLACEMENT, '');
          flags.push('text-from-attributed-body', ...decoded.flags);
        } catch (e) {
          flags.push('attributed-body-undecodable');
          ctx.warn(
            ErrorCodes.PARSE_ERROR,
            `attributedBody is not a readable typedstream: ${(e as Error).message}`,
            locator,
          );
        }
      }
      if (body !== null && body.trim() === '') body = null;

      const outgoing = num(r.is_from_me) === 1;
      const chatId = chatOf.get(id);
      const chat = chatId ? chats.get(chatId) : undefined;
      const handle = handles.get(String(r.handle_id ?? ''));
      const others = chat?.participants ?? [];
      const counterpart = handle ?? (others.length === 1 ? others[0] : undefined);
      const service = str(r.service);
      const app = service ? appOf(service) : (chat?.app ?? 'sms');
      noteOwner(str(r.account), locator);

      let sender: Party | null;
      let recipients: Party[];
      if (outgoing) {
        sender = OWNER;
        recipients = (others.length ? others : counterpart ? [counterpart] : []).map(handleParty);
      } else {
        sender = counterpart ? handleParty(counterpart) : null;
        recipients = [OWNER];
      }

      const itemType = num(r.item_type) ?? 0;
      const assocType = num(r.associated_message_type) ?? 0;
      let type: string;
      if (itemType !== 0) type = 'group-event';
      else if (assocType >= 2000 && assocType < 4000) type = 'reaction';
      else if (num(r.is_audio_message) === 1) type = 'audio';
      else if (app === 'sms' && attachmentsOf.has(id)) type = 'mms';
      else type = app;

      let status: string;
      if (outgoing) {
        if ((num(r.error) ?? 0) !== 0) status = 'failed';
        else if (num(r.is_delivered) === 1) status = 'delivered';
        else if (num(r.is_sent) === 1) status = 'sent';
        else status = 'unsent';
      } else status = num(r.is_read) === 1 ? 'read' : 'unread';

      const guid = str(r.guid);
      if (guid) seenGuids.add(guid);
      const deleted = guid !== null && deletedGuids.has(guid);

      const draft: DraftMessage = {
        kind: 'message',
        locator,
        app,
        threadRef: chatId && chats.has(chatId) ? `chat:${chatId}` : undefined,
        direction: outgoing ? 'outgoing' : 'incoming',
        sentAt: cocoaAuto(r.date),
        receivedAt: outgoing ? cocoaAuto(r.date_delivered) : null,
        readAt: cocoaAuto(r.date_read),
        sender,
        recipients,
        body,
        subject: str(r.subject),
        status,
        type,
        deleted,
        recovery: walOnly.has(rowid) ? 'wal-only' : deleted ? 'deleted-flag' : 'live',
        raw,
      };
      if (flags.length) draft.flags = flags;
      await ctx.emit(draft);

      for (const a of attachmentsOf.get(id) ?? []) {
        const aid = String(a.ROWID);
        if (attachmentSeen.has(aid)) continue;
        attachmentSeen.add(aid);
        await ctx.emit({
          kind: 'media',
          locator: `attachment:${aid}`,
          messageRef: locator,
          filename: str(a.transfer_name) ?? str(a.filename)?.split('/').pop() ?? null,
          mime: str(a.mime_type),
          size: num(a.total_bytes),
          path: devicePath(str(a.filename)),
          raw: pickRaw(a, ATTACHMENT_RAW, { hide_attachment: '0' }),
        });
      }
    }

    // the owner's own number and Apple ID, as the Messages app records them
    if (owner.size) {
      await ctx.emit({
        kind: 'device-info',
        locator: 'message:account',
        identifiers: [...owner.values()].map((o) =>
          o.kind === 'phone'
            ? { value: o.value, hint: 'phone' as const, role: 'owner' as const }
            : { value: o.value, hint: 'email' as const, role: 'account' as const },
        ),
        raw: Object.fromEntries([...owner.values()].map((o) => [o.at, `${o.kind}:${o.value}`])),
      });
    }

    // deletion evidence
    for (const [guid, where] of deletedGuids) {
      if (seenGuids.has(guid)) continue;
      ctx.warn(
        ErrorCodes.DELETED_RECORD,
        `message ${guid} was deleted on the device; only its GUID remains`,
        where,
      );
    }
    if (minRowid !== null && maxRowid !== null) {
      let top = maxRowid;
      if (has('sqlite_sequence')) {
        const seq = db.all(
          "SELECT seq FROM sqlite_sequence WHERE name = 'message'",
          [],
          'sqlite_sequence',
        )[0];
        const s = seq ? big(seq.seq) : null;
        if (s !== null && s > top) top = s;
      }
      const missing = Number(top - minRowid + 1n) - count;
      if (missing > 0)
        ctx.warn(
          ErrorCodes.DELETED_RECORD,
          `${missing} message ROWIDs between ${minRowid} and ${top} are absent (deleted, or never stored on this device)`,
          'message',
        );
    }
  },
};
