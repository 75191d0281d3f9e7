// Android telephony provider (mmssms.db): SMS from `sms`, MMS from `pdu`/`addr`/`part`, threads
// from `threads`/`canonical_addresses`. Times: sms in Unix ms, pdu in Unix seconds.
import type { DraftMessage, Party } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';

// columns read; kept raw in the item unless they hold the provider's default (see RAW_DEFAULTS)
const SMS_RAW = [
  '_id',
  'thread_id',
  'address',
  'date',
  'date_sent',
  'type',
  'read',
  'status',
  'sub_id',
  'sim_slot',
  'sim_imsi',
  'service_center',
  'error_code',
  'seen',
  'locked',
  'person',
];
const RAW_DEFAULTS: Record<string, string> = {
  status: '-1',
  sub_id: '-1',
  error_code: '0',
  locked: '0',
  seen: '1',
  date_sent: '0',
};
const SMS_TYPE: Record<number, { direction: DraftMessage['direction']; status: string }> = {
  1: { direction: 'incoming', status: 'received' },
  2: { direction: 'outgoing', status: 'sent' },
  3: { direction: 'outgoing', status: 'draft' },
  4: { direction: 'outgoing', status: 'outbox' },
  5: { direction: 'outgoing', status: 'failed' },
  6: { direction: 'outgoing', status: 'queued' },
};
const ADDR_FROM = 137;
const ADDR_TO = 151;
const ADDR_CC = 130;
const ADDR_BCC = 129;

export const androidMmssmsParser: Parser = {
  id: 'android-mmssms',
  version: '1.0.0',
  label: 'Android SMS/MMS (mmssms.db)',
  artefacts: ['messages', 'threads', 'media'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['sms'],
      any: ['threads', 'canonical_addresses', 'pdu'],
      names: ['mmssms.db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const tables = db.tables();

    // canonical addresses → thread participants
    const addresses = new Map<string, string>();
    if (tables.has('canonical_addresses')) {
      for (const r of db.iterate(
        'SELECT _id, address FROM canonical_addresses',
        [],
        'canonical_addresses',
      )) {
        const a = str(r.address);
        if (a) addresses.set(String(r._id), a);
      }
    }
    const threadIds = new Set<string>();
    if (tables.has('threads') && db.columns('threads').has('recipient_ids')) {
      for (const r of db.iterate(
        'SELECT _id, recipient_ids FROM threads ORDER BY _id',
        [],
        'threads',
      )) {
        const ids = (str(r.recipient_ids) ?? '').split(/\s+/).filter(Boolean);
        const people: Party[] = ids
          .map((i) => addresses.get(i))
          .filter((a): a is string => !!a)
          .map((value) => ({ value, hint: 'phone' }));
        const locator = `threads:${String(r._id)}`;
        threadIds.add(String(r._id));
        await ctx.emit({
          kind: 'thread',
          locator,
          app: 'sms',
          isGroup: people.length > 1,
          participants: [OWNER, ...people],
          raw: pickRaw(r, ['_id', 'recipient_ids']),
        });
      }
    }

    // SMS
    const smsCols = db.columns('sms');
    const walOnly = db.walOnlyRowids('sms', '_id');
    const cols = SMS_RAW.filter((c) => smsCols.has(c));
    const hasBody = smsCols.has('body');
    for (const r of db.iterate(
      `SELECT ${cols.join(', ')}${hasBody ? ', body' : ''}${smsCols.has('subject') ? ', subject' : ''} FROM sms ORDER BY _id`,
      [],
      'sms',
    )) {
      const id = String(r._id);
      const locator = `sms:${id}`;
      const type = num(r.type) ?? 0;
      const t = SMS_TYPE[type] ?? { direction: 'unknown' as const, status: `type-${type}` };
      const address = str(r.address);
      const other: Party | null = address ? { value: address, hint: 'phone' } : null;
      const date = big(r.date);
      const dateSent = big(r.date_sent);
      const incoming = t.direction === 'incoming';
      const sentRaw = incoming && dateSent !== null && dateSent > 0n ? dateSent : date;
      const threadRef =
        r.thread_id !== null && r.thread_id !== undefined && threadIds.has(String(r.thread_id))
          ? `threads:${String(r.thread_id)}`
          : undefined;
      await ctx.emit({
        kind: 'message',
        locator,
        app: 'sms',
        threadRef,
        direction: t.direction,
        sentAt: sentRaw !== null ? { value: sentRaw, encoding: 'unix-ms' } : null,
        receivedAt: incoming && date !== null ? { value: date, encoding: 'unix-ms' } : null,
        sender: incoming ? other : t.direction === 'outgoing' ? OWNER : other,
        recipients: incoming ? [OWNER] : other ? [other] : [],
        body: str(r.body),
        subject: str(r.subject),
        status: t.status,
        type: 'sms',
        recovery: walOnly.has(BigInt(r._id as bigint)) ? 'wal-only' : 'live',
        raw: pickRaw(r, cols, RAW_DEFAULTS),
      });
    }

    // MMS
    if (tables.has('pdu')) {
      const pduCols = db.columns('pdu');
      const addrByMsg = new Map<string, Array<{ address: string; type: number }>>();
      if (tables.has('addr')) {
        for (const a of db.iterate(
          'SELECT msg_id, address, type FROM addr ORDER BY _id',
          [],
          'addr',
        )) {
          const address = str(a.address);
          if (!address || address === 'insert-address-token') continue;
          const k = String(a.msg_id);
          const list = addrByMsg.get(k) ?? [];
          list.push({ address, type: num(a.type) ?? 0 });
          addrByMsg.set(k, list);
        }
      }
      const partsByMsg = new Map<string, Array<Record<string, unknown>>>();
      if (tables.has('part')) {
        const pc = db.columns('part');
        const wanted = ['_id', 'mid', 'seq', 'ct', 'name', 'fn', 'cl', '_data', 'text'].filter(
          (c) => pc.has(c),
        );
        for (const p of db.iterate(
          `SELECT ${wanted.join(', ')} FROM part ORDER BY mid, seq, _id`,
          [],
          'part',
        )) {
          const k = String(p.mid);
          const list = partsByMsg.get(k) ?? [];
          list.push(p);
          partsByMsg.set(k, list);
        }
      }
      const pduWanted = [
        '_id',
        'thread_id',
        'date',
        'date_sent',
        'msg_box',
        'read',
        'sub',
        'm_type',
        'm_id',
        'sub_id',
      ].filter((c) => pduCols.has(c));
      const mmsWalOnly = db.walOnlyRowids('pdu', '_id');
      for (const r of db.iterate(
        `SELECT ${pduWanted.join(', ')} FROM pdu ORDER BY _id`,
        [],
        'pdu',
      )) {
        const id = String(r._id);
        const locator = `pdu:${id}`;
        const box = num(r.msg_box) ?? 0;
        const t = SMS_TYPE[box] ?? { direction: 'unknown' as const, status: `box-${box}` };
        const addrs = addrByMsg.get(id) ?? [];
        const from = addrs.find((a) => a.type === ADDR_FROM);
        const to = addrs.filter(
          (a) => a.type === ADDR_TO || a.type === ADDR_CC || a.type === ADDR_BCC,
        );
        const parts = partsByMsg.get(id) ?? [];
        const text = parts
          .filter((p) => str(p.ct) === 'text/plain')
          .map((p) => str(p.text))
          .filter((s): s is string => !!s)
          .join('\n');
        const incoming = t.direction === 'incoming';
        const date = big(r.date);
        const threadRef =
          r.thread_id !== null && r.thread_id !== undefined && threadIds.has(String(r.thread_id))
            ? `threads:${String(r.thread_id)}`
            : undefined;
        await ctx.emit({
          kind: 'message',
          locator,
          app: 'mms',
          threadRef,
          direction: t.direction,
          sentAt: date !== null ? { value: date, encoding: 'unix-s' } : null,
          sender: incoming ? (from ? { value: from.address, hint: 'phone' } : null) : OWNER,
          recipients: incoming
            ? [OWNER]
            : to.map((a) => ({ value: a.address, hint: 'phone' as const })),
          body: text || null,
          subject: str(r.sub),
          status: t.status,
          type: 'mms',
          recovery: mmsWalOnly.has(BigInt(r._id as bigint)) ? 'wal-only' : 'live',
          raw: pickRaw(r, pduWanted),
        });
        for (const p of parts) {
          const ct = str(p.ct);
          if (!ct || ct === 'text/plain' || ct === 'application/smil') continue;
          await ctx.emit({
            kind: 'media',
            locator: `part:${String(p._id)}`,
            messageRef: locator,
            filename: str(p.cl) ?? str(p.name) ?? str(p.fn),
            mime: ct,
            path: str(p._data),
            raw: pickRaw(p, ['_id', 'mid', 'seq', 'ct', 'cl', 'name', '_data']),
          });
        }
      }
    }
  },
};
