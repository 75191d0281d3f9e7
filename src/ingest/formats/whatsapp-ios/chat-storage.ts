// WhatsApp iOS ChatStorage.sqlite: chat sessions as threads (groups with their members and group
// JID), messages with their type (system and group-event rows typed as such, never as text), media
// items, shared locations, the account's own JID, and the identifier links the store implies.
import type { DraftMessage, Party } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { ParseContext } from '../../parser.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { cocoaSeconds } from '../shared/apple.js';
import { missingBelowZMax } from '../shared/core-data.js';
import { ErrorCodes } from '../../../model/errors.js';
import {
  APP,
  isGroupJid,
  isLid,
  jidOf,
  jidPhoneLink,
  lidJid,
  lidLink,
  phoneJid,
  phoneOfJid,
  waParty,
} from './jids.js';

/**
 * ZMESSAGETYPE values. 0 text, 1 image, 5 location, 6 group event and 10 system are seen on the
 * public iOS 15 sample; the rest are community-documented (no vendor source), and any other value
 * is kept as `type-<n>`.
 */
export const WA_MESSAGE_TYPE: Record<number, string> = {
  0: 'text',
  1: 'image',
  2: 'video',
  3: 'audio',
  4: 'contact',
  5: 'location',
  6: 'group-event',
  7: 'url',
  8: 'document',
  10: 'system',
  11: 'gif',
  14: 'revoked',
  15: 'sticker',
};
const MEDIA_TYPES = new Set([1, 2, 3, 4, 8, 11, 15]);
const NO_TEXT_TYPES = new Set([6, 10, 14]);

const MESSAGE_RAW = [
  'Z_PK',
  'ZCHATSESSION',
  'ZISFROMME',
  'ZMESSAGETYPE',
  'ZGROUPEVENTTYPE',
  'ZMESSAGESTATUS',
  'ZGROUPMEMBER',
  'ZMEDIAITEM',
  'ZPARENTMESSAGE',
  'ZMESSAGEDATE',
  'ZSENTDATE',
  'ZFROMJID',
  'ZTOJID',
  'ZSTANZAID',
  'ZSTARRED',
  'ZFLAGS',
];
const MESSAGE_DEFAULTS: Record<string, string> = { ZSTARRED: '0', ZGROUPEVENTTYPE: '0' };
const SESSION_RAW = [
  'Z_PK',
  'ZCONTACTJID',
  'ZPARTNERNAME',
  'ZSESSIONTYPE',
  'ZCONTACTIDENTIFIER',
  'ZARCHIVED',
  'ZREMOVED',
  'ZHIDDEN',
  'ZLASTMESSAGEDATE',
  'ZMESSAGECOUNTER',
];
const MEDIA_RAW = [
  'Z_PK',
  'ZMESSAGE',
  'ZMEDIALOCALPATH',
  'ZMEDIAURL',
  'ZFILESIZE',
  'ZMOVIEDURATION',
  'ZTITLE',
  'ZVCARDNAME',
  'ZLATITUDE',
  'ZLONGITUDE',
  'ZHACCURACY',
];

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
};

function mimeOf(path: string | null, type: number): string | null {
  const ext = path?.split('.').pop()?.toLowerCase();
  if (ext && MIME_BY_EXT[ext]) return MIME_BY_EXT[ext]!;
  if (type === 4) return 'text/vcard';
  return null;
}

function cols(db: EvidenceDb, table: string, wanted: readonly string[]): string[] {
  const c = db.columns(table);
  return wanted.filter((x) => c.has(x));
}

export async function parseChatStorage(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const has = (t: string) => db.hasTable(t);

  // push names and group members
  const pushNames = new Map<string, string>();
  if (has('ZWAPROFILEPUSHNAME'))
    for (const r of db.iterate(
      'SELECT ZJID, ZPUSHNAME FROM ZWAPROFILEPUSHNAME ORDER BY Z_PK',
      [],
      'ZWAPROFILEPUSHNAME',
    )) {
      const j = jidOf(str(r.ZJID));
      const n = str(r.ZPUSHNAME);
      if (j && n) pushNames.set(j, n);
    }
  const memberJid = new Map<string, string>();
  const memberName = new Map<string, string>();
  const members = new Map<
    string,
    Array<{ jid: string; admin: number | null; active: number | null }>
  >();
  if (has('ZWAGROUPMEMBER')) {
    const mc = cols(db, 'ZWAGROUPMEMBER', [
      'Z_PK',
      'ZCHATSESSION',
      'ZMEMBERJID',
      'ZCONTACTNAME',
      'ZFIRSTNAME',
      'ZISADMIN',
      'ZISACTIVE',
    ]);
    for (const r of db.iterate(
      `SELECT ${mc.join(', ')} FROM ZWAGROUPMEMBER ORDER BY ZCHATSESSION, Z_PK`,
      [],
      'ZWAGROUPMEMBER',
    )) {
      const j = jidOf(str(r.ZMEMBERJID));
      if (!j) continue;
      memberJid.set(String(r.Z_PK), j);
      const n = str(r.ZCONTACTNAME) ?? str(r.ZFIRSTNAME);
      if (n) memberName.set(j, n);
      const k = String(r.ZCHATSESSION);
      const list = members.get(k) ?? [];
      if (!list.some((m) => m.jid === j))
        list.push({ jid: j, admin: num(r.ZISADMIN), active: num(r.ZISACTIVE) });
      members.set(k, list);
    }
  }
  const groupInfo = new Map<string, Record<string, unknown>>();
  if (has('ZWAGROUPINFO')) {
    const gc = cols(db, 'ZWAGROUPINFO', [
      'ZCHATSESSION',
      'ZCREATIONDATE',
      'ZCREATORJID',
      'ZOWNERJID',
      'ZSUBJECTOWNERJID',
      'ZSUBJECTTIMESTAMP',
    ]);
    for (const r of db.iterate(
      `SELECT ${gc.join(', ')} FROM ZWAGROUPINFO ORDER BY Z_PK`,
      [],
      'ZWAGROUPINFO',
    ))
      groupInfo.set(
        String(r.ZCHATSESSION),
        pickRaw(
          r,
          gc.filter((c) => c !== 'ZCHATSESSION'),
        ),
      );
  }

  // the account's own JID: the one incoming messages are addressed to
  const toCounts = new Map<string, number>();
  for (const r of db.iterate(
    'SELECT ZTOJID AS j, count(*) AS n FROM ZWAMESSAGE WHERE ZISFROMME = 0 AND ZTOJID IS NOT NULL GROUP BY ZTOJID',
    [],
    'ZWAMESSAGE',
  )) {
    const j = jidOf(str(r.j));
    if (j && phoneOfJid(j)) toCounts.set(j, (toCounts.get(j) ?? 0) + Number(r.n));
  }
  const own =
    [...toCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;

  const seenJids = new Set<string>();
  const seen = (j: string | null) => {
    if (j && phoneOfJid(j)) seenJids.add(j);
  };
  const nameOf = (j: string) => memberName.get(j) ?? pushNames.get(j) ?? null;
  const partyOf = (j: string): Party => (j === own ? OWNER : waParty(j, nameOf(j)));

  // sessions
  const sessions = new Map<string, { jid: string | null; group: boolean; members: string[] }>();
  const sc = cols(db, 'ZWACHATSESSION', SESSION_RAW);
  const lidPairs: Array<{ locator: string; lid: string; jid: string }> = [];
  for (const r of db.iterate(
    `SELECT ${sc.join(', ')} FROM ZWACHATSESSION ORDER BY Z_PK`,
    [],
    'ZWACHATSESSION',
  )) {
    const id = String(r.Z_PK);
    const jid = jidOf(str(r.ZCONTACTJID));
    const type = num(r.ZSESSIONTYPE);
    const group = isGroupJid(jid) || type === 1;
    const list = (members.get(id) ?? []).map((m) => m.jid);
    sessions.set(id, { jid, group, members: list.filter((m) => m !== own) });
    seen(jid);
    list.forEach(seen);
    const partner = str(r.ZPARTNERNAME);
    const others: Party[] = group
      ? list.filter((m) => m !== own).map((m) => waParty(m, nameOf(m)))
      : jid
        ? [waParty(jid, partner ?? nameOf(jid))]
        : [];
    const raw = pickRaw(r, sc);
    const info = groupInfo.get(id);
    if (info) raw.groupInfo = info;
    if (members.get(id)?.length) raw.members = members.get(id);
    // newer releases file a chat under a LID and keep the phone JID beside it (or the reverse)
    const ident = jidOf(str(r.ZCONTACTIDENTIFIER));
    if (jid && ident) {
      if (isLid(jid) && phoneOfJid(ident))
        lidPairs.push({ locator: `ZWACHATSESSION:${id}:lid`, lid: jid, jid: ident });
      else if (isLid(ident) && phoneOfJid(jid))
        lidPairs.push({ locator: `ZWACHATSESSION:${id}:lid`, lid: ident, jid });
    }
    await ctx.emit({
      kind: 'thread',
      locator: `ZWACHATSESSION:${id}`,
      app: APP,
      name: partner,
      isGroup: group,
      participants: [OWNER, ...others],
      ...(group && jid ? { groupId: waParty(jid) } : {}),
      deleted: num(r.ZREMOVED) === 1,
      raw,
    });
  }

  // media items by message
  const media = new Map<string, Record<string, unknown>>();
  if (has('ZWAMEDIAITEM')) {
    const mc = cols(db, 'ZWAMEDIAITEM', MEDIA_RAW);
    for (const r of db.iterate(
      `SELECT ${mc.join(', ')} FROM ZWAMEDIAITEM ORDER BY Z_PK`,
      [],
      'ZWAMEDIAITEM',
    )) {
      const k = String(r.ZMESSAGE);
      if (!media.has(k)) media.set(k, r);
    }
  }

  const mcols = cols(db, 'ZWAMESSAGE', MESSAGE_RAW);
  const walOnly = db.walOnlyRowids('ZWAMESSAGE', 'Z_PK');
  const pks = new Set<bigint>();
  for (const r of db.iterate(
    `SELECT ${mcols.join(', ')}${db.columns('ZWAMESSAGE').has('ZTEXT') ? ', ZTEXT' : ''} FROM ZWAMESSAGE ORDER BY Z_PK`,
    [],
    'ZWAMESSAGE',
  )) {
    const id = String(r.Z_PK);
    const locator = `ZWAMESSAGE:${id}`;
    const typeNo = num(r.ZMESSAGETYPE) ?? 0;
    const type = WA_MESSAGE_TYPE[typeNo] ?? `type-${typeNo}`;
    const outgoing = num(r.ZISFROMME) === 1;
    const session = sessions.get(String(r.ZCHATSESSION ?? ''));
    const from = jidOf(str(r.ZFROMJID));
    const to = jidOf(str(r.ZTOJID));
    seen(from);
    seen(to);
    const member =
      r.ZGROUPMEMBER !== null && r.ZGROUPMEMBER !== undefined
        ? memberJid.get(String(r.ZGROUPMEMBER))
        : undefined;
    let sender: Party | null;
    let recipients: Party[];
    if (outgoing) {
      sender = OWNER;
      if (session?.group) recipients = session.members.map((m) => waParty(m, nameOf(m)));
      else {
        const other = to ?? session?.jid ?? null;
        recipients = other ? [partyOf(other)] : [];
      }
    } else {
      const s =
        member ??
        (from && !isGroupJid(from) ? from : !session?.group ? (session?.jid ?? null) : null);
      sender = s ? partyOf(s) : null;
      recipients = [OWNER];
    }
    const item = media.get(id);
    let body = NO_TEXT_TYPES.has(typeNo) ? null : str(r.ZTEXT);
    if (body === null && MEDIA_TYPES.has(typeNo) && item) body = str(item.ZTITLE);
    if (body !== null && body.trim() === '') body = null;
    const raw = pickRaw(r, mcols, MESSAGE_DEFAULTS);
    if (NO_TEXT_TYPES.has(typeNo) && str(r.ZTEXT) !== null) raw.ZTEXT = r.ZTEXT;
    const pk = big(r.Z_PK);
    if (pk !== null) pks.add(pk);
    const draft: DraftMessage = {
      kind: 'message',
      locator,
      app: APP,
      threadRef: session ? `ZWACHATSESSION:${String(r.ZCHATSESSION)}` : undefined,
      direction: outgoing ? 'outgoing' : 'incoming',
      sentAt: cocoaSeconds(r.ZMESSAGEDATE),
      sender,
      recipients,
      body,
      type,
      deleted: typeNo === 14,
      recovery:
        pk !== null && walOnly.has(pk) ? 'wal-only' : typeNo === 14 ? 'deleted-flag' : 'live',
      raw,
    };
    await ctx.emit(draft);

    if (item && typeNo === 5) {
      await ctx.emit({
        kind: 'location',
        locator: `ZWAMEDIAITEM:${String(item.Z_PK)}`,
        at: cocoaSeconds(r.ZMESSAGEDATE),
        lat: num(item.ZLATITUDE),
        lon: num(item.ZLONGITUDE),
        accuracyM: num(item.ZHACCURACY) || null,
        label: str(item.ZTITLE),
        origin: 'message',
        app: APP,
        raw: pickRaw(item, MEDIA_RAW),
      });
    } else if (item && MEDIA_TYPES.has(typeNo)) {
      const path = str(item.ZMEDIALOCALPATH);
      await ctx.emit({
        kind: 'media',
        locator: `ZWAMEDIAITEM:${String(item.Z_PK)}`,
        messageRef: locator,
        filename: path?.split('/').pop() ?? str(item.ZVCARDNAME) ?? null,
        mime: mimeOf(path, typeNo),
        size: num(item.ZFILESIZE),
        path,
        raw: pickRaw(
          item,
          MEDIA_RAW.filter((c) => c !== 'ZLATITUDE' && c !== 'ZLONGITUDE'),
        ),
      });
    }
  }

  const gap = missingBelowZMax(db, 'WAMessage', pks);
  if (gap && gap.missing > 0)
    ctx.warn(
      ErrorCodes.DELETED_RECORD,
      `${gap.missing} messages with Z_PK 1..${gap.max} are absent (deleted on the device, or never stored)`,
      'ZWAMESSAGE',
    );

  // LID pairs kept in ChatStorage by some releases
  if (has('ZWAPHONENUMBERLIDPAIR'))
    for (const r of db.iterate(
      'SELECT Z_PK, ZLID, ZPHONENUMBER FROM ZWAPHONENUMBERLIDPAIR ORDER BY Z_PK',
      [],
      'ZWAPHONENUMBERLIDPAIR',
    )) {
      const lid = lidJid(str(r.ZLID));
      const jid = phoneJid(str(r.ZPHONENUMBER));
      if (lid && jid)
        lidPairs.push({ locator: `ZWAPHONENUMBERLIDPAIR:${String(r.Z_PK)}`, lid, jid });
    }

  if (own) {
    seenJids.add(own);
    await ctx.emit({
      kind: 'device-info',
      locator: 'ZWAMESSAGE:ZTOJID',
      identifiers: [{ value: own, hint: 'whatsapp', role: 'account' }],
      facts: { 'whatsapp.ownJid': own },
    });
  }
  for (const p of lidPairs) {
    seen(p.jid);
    await ctx.emit(
      lidLink(
        p.locator,
        p.lid,
        p.jid,
        'WhatsApp records this LID as the same account as the phone-number JID',
        0.95,
      ),
    );
  }
  for (const j of [...seenJids].sort()) {
    const link = jidPhoneLink(`jid:${j}`, j);
    if (link) await ctx.emit(link);
  }
}
