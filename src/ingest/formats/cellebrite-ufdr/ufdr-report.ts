// Streams one Cellebrite report.xml into drafts: device information from the metadata sections and
// SIMData/UserAccount models, extracted files from taggedFiles, and the decodedData models (Chat
// with InstantMessage, SMS/MMS, Call, Contact, Location, CellTower). Each top-level model, and
// each chat message, is materialised alone; a chat's messages wait for its participants (up to a
// bound) so that party roles resolve against the whole chat.
import type { Readable } from 'node:stream';
import type {
  ContactEntry,
  DeviceIdentifierRole,
  DraftCall,
  DraftDeviceInfo,
  DraftMedia,
  DraftMessage,
  Party,
  RawIdentifier,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import {
  child,
  childrenNamed,
  deepText,
  readXmlStream,
  type XmlLimits,
  type XmlNode,
  type XmlRecordEvent,
} from '../../../evidence/xml-stream.js';
import type { ParseContext } from '../../parser.js';
import {
  FingerprintSet,
  WarningLimiter,
  mimeFromName,
  problemFlags,
} from '../shared/xml-report.js';
import {
  appOf,
  fieldBool,
  fieldNumber,
  fieldText,
  fieldTime,
  fieldValue,
  fileTargets,
  hintFor,
  isCarved,
  isDeleted,
  multiFieldValues,
  nestedModels,
  readParty,
  toParty,
  type UfdrParty,
} from './ufdr-fields.js';
import { timeSpanSeconds } from './ufdr-time.js';

export const UFDR_NAMESPACE = 'http://pa.cellebrite.com/report/2.0';

export interface UfdrParseOptions {
  /** Budgets of the XML reader (depth, field length, record size …). */
  xml?: Partial<XmlLimits>;
  /** Hash every extracted file the report references (SHA-256) and compare with the report. Default true (the resolver applies it). */
  hashFiles?: boolean;
  /** Messages of one chat held back until the chat's participants have been read. Default 10,000. */
  maxBufferedMessages?: number;
  /** Warnings listed per error code before they are only counted. Default 100. */
  maxWarningsPerCode?: number;
}

/** Content found for a path the report names. */
export interface ResolvedFile {
  /** Path of the content in the extraction (`x.ufdr!/files/Image/a.jpg`, or the folder path). */
  path: string;
  size: number;
  sha256: string | null;
}

/** Finds extracted files by the report's Local Path (inside the .ufdr, or next to a bare report.xml). */
export interface FileResolver {
  resolve(localPath: string): Promise<ResolvedFile | null>;
}

/** `files\Image\a.jpg` → `files/Image/a.jpg` (segments trimmed, as IPED does). */
export function normaliseLocalPath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s && s !== '.')
    .join('/');
}

interface ChatContext {
  app: string;
  source: string | null;
  participants: Party[];
  ownerSeen: boolean;
}

interface OpenChat {
  node: XmlNode;
  locator: string;
  /** Messages held until the chat closes (null once released because there were too many). */
  pending: Array<{ e: XmlRecordEvent; locator: string }> | null;
  messages: number;
}

const DEVICE_ROLES: Record<string, DeviceIdentifierRole> = {
  imei: 'imei',
  imei2: 'imei',
  meid: 'imei',
  imsi: 'imsi',
  iccid: 'iccid',
  msisdn: 'owner',
  lastusedmsisdn: 'owner',
  'phone number': 'owner',
  'own number': 'owner',
  deviceinfoappleid: 'account',
  'apple id': 'account',
  serial: 'serial',
  'serial number': 'serial',
  deviceinfoserialnumber: 'serial',
};

/** Read one report.xml stream. `file` names it in errors (`x.ufdr!/report.xml`, or the file's path). */
export async function readUfdrReport(
  ctx: ParseContext,
  stream: Readable,
  file: string,
  resolver: FileResolver,
  opts: UfdrParseOptions = {},
): Promise<void> {
  const warn = new WarningLimiter(ctx, opts.maxWarningsPerCode ?? 100);
  const maxBuffered = opts.maxBufferedMessages ?? 10_000;
  const seen = new FingerprintSet();
  /** taggedFiles: id → Local Path and the report's SHA-256 (for attachments that point at them). */
  const files = new Map<string, { localPath: string | null; sha256: string | null }>();
  const unsupported = new Map<string, number>();
  const ownerIds = new Map<string, { hint: IdentifierHint; locator: string }>();
  const projectFacts: Record<string, string> = {};
  let deviceName: string | null = null;
  let modelType: { type: string; ordinal: number } | null = null;
  let chat: OpenChat | null = null;

  const locatorFor = (node: XmlNode, fallback: string): string => {
    const id = node.attrs.id?.trim();
    if (id && id.length <= 200 && seen.add(`m:${id}`)) return `model[@id="${id}"]`;
    if (id)
      warn.warn(
        ErrorCodes.PARSE_ERROR,
        `model id ${id.slice(0, 80)} occurs more than once`,
        fallback,
      );
    return fallback;
  };

  const baseFlags = (e: XmlRecordEvent, node: XmlNode): string[] => {
    const flags = problemFlags(e.problems);
    if (!e.complete) flags.push('incomplete');
    if (isCarved(node)) flags.push('carved');
    return flags;
  };

  /** Report a record's problems; false when the record must not be used. */
  const vet = (e: XmlRecordEvent, locator: string, container = false): boolean => {
    for (const p of e.problems) warn.warn(p.code, p.message, locator);
    if (e.problems.some((p) => p.code === ErrorCodes.XML_LIMIT)) return false;
    if (!e.complete && !container) return false;
    return true;
  };

  const modelRaw = (node: XmlNode): Record<string, unknown> => {
    const raw: Record<string, unknown> = {};
    for (const k of [
      'id',
      'type',
      'deleted_state',
      'decoding_confidence',
      'source_index',
      'extractionId',
      'iscarved',
    ])
      if (node.attrs[k] !== undefined) raw[k] = node.attrs[k];
    return raw;
  };

  const noteOwner = (p: UfdrParty, app: string, locator: string) => {
    if (!p.owner || !p.identifier) return;
    if (!ownerIds.has(p.identifier))
      ownerIds.set(p.identifier, { hint: hintFor(app, p.identifier), locator });
  };

  // ---- files --------------------------------------------------------------------------------

  const hashCache = new Map<string, Promise<ResolvedFile | null>>();
  const resolve = (localPath: string): Promise<ResolvedFile | null> => {
    const p = normaliseLocalPath(localPath);
    let r = hashCache.get(p);
    if (!r) {
      r = resolver.resolve(p).catch((e: unknown) => {
        warn.warn(ErrorCodes.SOURCE_UNREADABLE, `cannot read ${p}: ${(e as Error).message}`, p);
        return null;
      });
      if (hashCache.size > 50_000) hashCache.clear();
      hashCache.set(p, r);
    }
    return r;
  };

  const fileDraft = async (
    d: DraftMedia,
    localPath: string | null,
    reportSha: string | null,
    declaredSize: number | null,
  ): Promise<DraftMedia> => {
    const flags = new Set(d.flags ?? []);
    if (localPath) {
      const found = await resolve(localPath);
      if (!found) {
        flags.add('file-missing');
        warn.warn(
          ErrorCodes.NOT_FOUND,
          `the report references ${normaliseLocalPath(localPath)}, which is not in the extraction`,
          d.locator,
        );
      } else {
        d.path = found.path;
        d.size = found.size;
        d.sha256 = found.sha256 ?? reportSha;
        if (found.sha256 && reportSha && found.sha256 !== reportSha.toLowerCase()) {
          flags.add('hash-mismatch');
          warn.warn(
            ErrorCodes.HASH_MISMATCH,
            `SHA-256 of ${found.path} is ${found.sha256}; the report says ${reportSha}`,
            d.locator,
          );
        }
        if (declaredSize !== null && declaredSize !== found.size) flags.add('size-mismatch');
      }
    }
    if (flags.size) d.flags = [...flags].sort();
    return d;
  };

  const onTaggedFile = async (e: XmlRecordEvent) => {
    const n = e.node;
    const id = n.attrs.id?.trim() || null;
    const locator =
      id && id.length <= 200 && seen.add(`f:${id}`)
        ? `file[@id="${id}"]`
        : `taggedFiles/file[${e.ordinal}]`;
    if (!vet(e, locator)) return;
    const items = new Map<string, string>();
    for (const md of childrenNamed(n, 'metadata'))
      for (const it of childrenNamed(md, 'item'))
        if (it.attrs.name) items.set(it.attrs.name, (it.attrs.value ?? deepText(it)).trim());
    const localPath = items.get('Local Path') || null;
    const reportSha = items.get('SHA256')?.toLowerCase() || null;
    if (id && files.size < 5_000_000) files.set(id, { localPath, sha256: reportSha });
    const size =
      n.attrs.size !== undefined && /^\d+$/.test(n.attrs.size) ? Number(n.attrs.size) : null;
    const name = n.attrs.name ?? n.attrs.path?.split('/').pop() ?? null;
    const raw: Record<string, unknown> = {
      id,
      fs: n.attrs.fs,
      devicePath: n.attrs.path,
      localPath,
      size: n.attrs.size,
      deleted: n.attrs.deleted,
      reportSha256: reportSha,
      md5: items.get('MD5'),
      tags: items.get('Tags'),
    };
    for (const ts of childrenNamed(child(n, 'accessInfo') ?? n, 'timestamp'))
      if (ts.attrs.name) raw[ts.attrs.name] = deepText(ts).trim();
    const d: DraftMedia = {
      kind: 'media',
      locator,
      filename: name,
      mime: mimeFromName(name),
      size,
      path: null,
      sha256: reportSha,
      deleted: (n.attrs.deleted ?? '').toLowerCase() === 'deleted',
      raw,
      flags: baseFlags(e, n),
    };
    if (!localPath) {
      d.flags = [...(d.flags ?? []), 'no-extracted-file'];
    }
    await ctx.emit(await fileDraft(d, localPath, reportSha, size));
  };

  // ---- chats and messages -------------------------------------------------------------------

  const chatContextCache = new WeakMap<XmlNode, { count: number; ctx: ChatContext }>();
  const chatContext = (node: XmlNode, childCount: number, chatLocator: string): ChatContext => {
    const hit = chatContextCache.get(node);
    if (hit && hit.count === childCount) return hit.ctx;
    const view: XmlNode = { ...node, children: node.children.slice(0, childCount) };
    const source = fieldText(view, 'Source');
    const app = appOf(source);
    const participants: Party[] = [];
    let ownerSeen = false;
    for (const pm of nestedModels(view, 'Participants')) {
      const p = readParty(pm);
      noteOwner(p, app, chatLocator);
      if (p.owner) ownerSeen = true;
      const party = toParty(p, app);
      if (party) participants.push(party);
    }
    const c: ChatContext = { app, source, participants, ownerSeen };
    chatContextCache.set(node, { count: childCount, ctx: c });
    return c;
  };

  const messageDraft = (
    e: XmlRecordEvent,
    node: XmlNode,
    locator: string,
    chatCtx: ChatContext | null,
    threadRef: string | undefined,
  ): DraftMessage => {
    const type = fieldText(node, 'Type');
    const ownSource = fieldText(node, 'Source');
    const app = chatCtx && chatCtx.source ? appOf(chatCtx.source, type) : appOf(ownSource, type);
    const fromModels = nestedModels(node, 'From');
    let sender: UfdrParty | null = fromModels[0] ? readParty(fromModels[0]) : null;
    const to = nestedModels(node, 'To').map(readParty);
    // legacy SMS/MMS models list every party under Parties, each with a Role
    for (const pm of nestedModels(node, 'Parties')) {
      const p = readParty(pm);
      if (/^from$/i.test(p.role ?? '')) sender ??= p;
      else to.push(p);
    }
    if (sender) noteOwner(sender, app, locator);
    for (const p of to) noteOwner(p, app, locator);

    const fromIsOwner = fieldBool(node, 'FromIsOwner');
    const status = fieldText(node, 'Status');
    const folder = fieldText(node, 'Folder');
    const dirField =
      fieldText(node, 'Direction') ?? (type && /^(incoming|outgoing)$/i.test(type) ? type : null);
    let direction: DraftMessage['direction'] = 'unknown';
    if (fromIsOwner === true || sender?.owner) direction = 'outgoing';
    else if (fromIsOwner === false || (sender && !sender.owner && chatCtx?.ownerSeen))
      direction = 'incoming';
    else if (dirField)
      direction = /^out/i.test(dirField)
        ? 'outgoing'
        : /^in/i.test(dirField)
          ? 'incoming'
          : 'unknown';
    else if (folder)
      direction = /sent|outbox/i.test(folder)
        ? 'outgoing'
        : /inbox/i.test(folder)
          ? 'incoming'
          : 'unknown';
    else if (status)
      direction = /^(sent|unsent|delivered|failed|sending)$/i.test(status)
        ? 'outgoing'
        : /^(read|unread|received)$/i.test(status)
          ? 'incoming'
          : 'unknown';
    else if (to.some((p) => p.owner)) direction = 'incoming';

    const senderParty: Party | null = sender
      ? toParty(sender, app)
      : direction === 'outgoing'
        ? OWNER
        : null;
    let recipients: Party[] = to.map((p) => toParty(p, app)).filter((p): p is Party => !!p);
    if (!recipients.length) {
      if (direction === 'incoming') recipients = [OWNER];
      else if (direction === 'outgoing' && chatCtx)
        recipients = chatCtx.participants.filter((p) => p !== OWNER);
    }
    const sent = fieldTime(node, 'TimeStamp');
    const read = fieldTime(node, 'DateRead');
    const delivered = fieldTime(node, 'DateDelivered');
    const raw = modelRaw(node);
    if (sent.raw) raw.TimeStamp = sent.raw;
    if (sent.formatted) raw.formattedTimestamp = sent.formatted;
    for (const k of [
      'Status',
      'Type',
      'Folder',
      'Source',
      'SourceApplication',
      'Identifier',
      'Label',
      'ChatId',
    ])
      if (k !== 'Source' || !chatCtx) {
        const v = fieldText(node, k);
        if (v !== null) raw[k] = v;
      }
    if (fromIsOwner !== null) raw.FromIsOwner = fromIsOwner;
    if (delivered.raw) raw.DateDelivered = delivered.raw;
    const deleted = isDeleted(node);
    const flags = baseFlags(e, node);
    const d: DraftMessage = {
      kind: 'message',
      locator,
      app,
      threadRef,
      direction,
      sentAt: sent.time,
      readAt: read.time,
      sender: senderParty,
      recipients,
      body: fieldValue(node, 'Body') ?? fieldValue(node, 'Snippet'),
      subject: fieldText(node, 'Subject'),
      status: status ? status.toLowerCase() : null,
      type: type ? type.toLowerCase() : null,
      deleted,
      recovery: isCarved(node) ? 'carved' : deleted ? 'deleted-flag' : 'live',
      raw,
    };
    if (flags.length) d.flags = flags;
    return d;
  };

  const emitAttachments = async (node: XmlNode, msgLocator: string, deleted: boolean) => {
    const atts = [...nestedModels(node, 'Attachments'), ...nestedModels(node, 'Attachment')];
    let i = 0;
    for (const a of atts) {
      i++;
      const extracted = fieldText(a, 'attachment_extracted_path');
      const targets = fileTargets(a);
      let localPath = extracted;
      let reportSha: string | null = null;
      let fileId: string | null = null;
      for (const t of targets) {
        const f = files.get(t);
        if (f) {
          fileId = t;
          reportSha = f.sha256;
          localPath ??= f.localPath;
          break;
        }
      }
      if (!localPath && targets.length)
        warn.warn(
          ErrorCodes.NOT_FOUND,
          `attachment points at file id ${targets[0]}, which taggedFiles does not list`,
          `${msgLocator}/attachment[${i}]`,
        );
      const filename = fieldText(a, 'Filename');
      const raw: Record<string, unknown> = {
        id: a.attrs.id,
        extractedPath: extracted,
        fileId: fileId ?? targets[0] ?? null,
      };
      const url = fieldText(a, 'URL');
      if (url) raw.URL = url;
      const d: DraftMedia = {
        kind: 'media',
        locator: `${msgLocator}/attachment[${i}]`,
        messageRef: msgLocator,
        filename,
        mime: fieldText(a, 'ContentType') ?? mimeFromName(filename),
        size: null,
        path: null,
        sha256: reportSha,
        deleted,
        raw,
      };
      if (!localPath && !targets.length) d.flags = ['no-extracted-file'];
      await ctx.emit(await fileDraft(d, localPath, reportSha, null));
    }
  };

  const emitMessage = async (
    e: XmlRecordEvent,
    chatCtx: ChatContext | null,
    threadRef: string | undefined,
    locator: string,
  ) => {
    if (!vet(e, locator)) return;
    const d = messageDraft(e, e.node, locator, chatCtx, threadRef);
    await ctx.emit(d);
    await emitAttachments(e.node, locator, d.deleted ?? false);
  };

  const hasParticipants = (node: XmlNode, childCount: number) => {
    for (let i = 0; i < childCount; i++) {
      const c = node.children[i]!;
      if (c.name === 'multiModelField' && c.attrs.name === 'Participants') return true;
    }
    return false;
  };

  const chatLocator = (node: XmlNode, ordinal: number) =>
    locatorFor(node, `decodedData/modelType[${modelType?.ordinal ?? 0}]/model[${ordinal}]`);

  const onChatMessage = async (e: XmlRecordEvent) => {
    const parent = e.parent!;
    if (!chat || chat.node !== parent.node) {
      chat = {
        node: parent.node,
        locator: chatLocator(parent.node, parent.ordinal),
        pending: [],
        messages: 0,
      };
    }
    const c = chat;
    c.messages++;
    const locator = locatorFor(e.node, `${c.locator}/message[${c.messages}]`);
    // a chat whose participants came before its messages needs no waiting
    if (c.pending && !c.pending.length && hasParticipants(parent.node, parent.childCount))
      c.pending = null;
    if (c.pending && c.pending.length < maxBuffered) {
      c.pending.push({ e, locator });
      return;
    }
    await flushChat(c, parent.childCount);
    await emitMessage(e, chatContext(c.node, parent.childCount, c.locator), c.locator, locator);
  };

  const flushChat = async (c: OpenChat, childCount: number) => {
    if (!c.pending) return;
    const pending = c.pending;
    c.pending = null;
    const ctxNow = chatContext(c.node, childCount, c.locator);
    for (const m of pending) await emitMessage(m.e, ctxNow, c.locator, m.locator);
  };

  const onChat = async (e: XmlRecordEvent) => {
    const c: OpenChat =
      chat && chat.node === e.node
        ? chat
        : { node: e.node, locator: chatLocator(e.node, e.ordinal), pending: [], messages: 0 };
    chat = null;
    const locator = c.locator;
    await flushChat(c, e.node.children.length);
    const usable = vet(e, locator, true);
    if (!usable) return;
    const cc = chatContext(e.node, e.node.children.length, locator);
    const chatType = fieldText(e.node, 'ChatType');
    const others = cc.participants.filter((p) => p !== OWNER);
    const isGroup = chatType ? /group|broadcast|channel/i.test(chatType) : others.length > 1;
    const chatId = fieldText(e.node, 'Id');
    let groupId: RawIdentifier | undefined;
    if (isGroup && chatId) {
      const h = hintFor(cc.app, chatId);
      if (h === 'whatsapp' || h === 'telegram') groupId = { value: chatId, hint: h };
    }
    const raw = modelRaw(e.node);
    for (const k of ['Id', 'ChatType', 'Account', 'Source', 'StartTime', 'LastActivity'])
      if (fieldText(e.node, k) !== null) raw[k] = fieldText(e.node, k);
    const flags = baseFlags(e, e.node);
    await ctx.emit({
      kind: 'thread',
      locator,
      app: cc.app,
      name: fieldText(e.node, 'Name'),
      isGroup,
      participants:
        cc.ownerSeen || !cc.participants.length ? cc.participants : [OWNER, ...cc.participants],
      ...(groupId ? { groupId } : {}),
      deleted: isDeleted(e.node),
      raw,
      ...(flags.length ? { flags } : {}),
    });
  };

  // ---- other models -------------------------------------------------------------------------

  const onCall = async (e: XmlRecordEvent, locator: string) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const app = appOf(fieldText(n, 'Source') ?? 'Phone');
    const parties = nestedModels(n, 'Parties').map(readParty);
    for (const p of parties) noteOwner(p, app, locator);
    const dir = fieldText(n, 'Direction');
    const type = fieldText(n, 'Type');
    const statusText = fieldText(n, 'Status');
    const all = `${dir ?? ''} ${type ?? ''} ${statusText ?? ''}`.toLowerCase();
    let direction: DraftCall['direction'] = 'unknown';
    if (/outgoing|dialed|dialled/.test(dir ?? type ?? '')) direction = 'outgoing';
    else if (/incoming|missed|received|rejected/i.test(dir ?? type ?? '')) direction = 'incoming';
    else if (parties.some((p) => p.owner && /^from$/i.test(p.role ?? ''))) direction = 'outgoing';
    else if (parties.some((p) => p.owner && /^to$/i.test(p.role ?? ''))) direction = 'incoming';
    const durationS = timeSpanSeconds(fieldText(n, 'Duration'));
    let status: DraftCall['status'] = 'unknown';
    if (/missed/.test(all)) status = 'missed';
    else if (/reject|declin/.test(all)) status = 'rejected';
    else if (/block/.test(all)) status = 'blocked';
    else if (/voicemail/.test(all)) status = 'voicemail';
    else if (/established|answered|connected|accepted/.test(all) || (durationS ?? 0) > 0)
      status = 'answered';
    const others = parties.filter((p) => !p.owner);
    const pick = (role: string) => others.filter((p) => (p.role ?? '').toLowerCase() === role);
    const toP = (list: UfdrParty[]) =>
      list.map((p) => toParty(p, app)).filter((p): p is Party => !!p);
    let caller: Party | null;
    let callees: Party[];
    if (direction === 'outgoing') {
      caller = OWNER;
      callees = toP(pick('to').length ? pick('to') : others);
    } else if (direction === 'incoming') {
      caller = toP(pick('from').length ? pick('from') : others)[0] ?? null;
      callees = [OWNER];
    } else {
      caller = toP(pick('from'))[0] ?? null;
      callees = toP(pick('to'));
    }
    const t = fieldTime(n, 'TimeStamp');
    const raw = modelRaw(n);
    if (t.raw) raw.TimeStamp = t.raw;
    for (const k of ['Direction', 'Type', 'Status', 'Duration', 'Source', 'NetworkName', 'Account'])
      if (fieldText(n, k) !== null) raw[k] = fieldText(n, k);
    const flags = baseFlags(e, n);
    const deleted = isDeleted(n);
    await ctx.emit({
      kind: 'call',
      locator,
      app,
      direction,
      startedAt: t.time,
      durationS,
      caller,
      callees,
      status,
      video: fieldBool(n, 'VideoCall') === true,
      deleted,
      recovery: isCarved(n) ? 'carved' : deleted ? 'deleted-flag' : 'live',
      raw,
      ...(flags.length ? { flags } : {}),
    });
  };

  /** Entries of a contact or account: PhoneNumber/EmailAddress/UserID submodels or ContactEntry with Domain. */
  const entriesOf = (n: XmlNode, app: string): ContactEntry[] => {
    const out: ContactEntry[] = [];
    for (const m of nestedModels(n, 'Entries')) {
      const value = fieldText(m, 'Value');
      if (!value) continue;
      const type = m.attrs.type ?? '';
      const domain = (fieldText(m, 'Domain') ?? '').toLowerCase();
      const category = fieldText(m, 'Category');
      const cat = (category ?? '').toLowerCase();
      let hint: IdentifierHint;
      if (type === 'PhoneNumber' || domain.startsWith('phone')) hint = 'phone';
      else if (type === 'EmailAddress' || domain.startsWith('email')) hint = 'email';
      else if (/whatsapp/.test(cat) || /@s\.whatsapp\.net|@lid$/.test(value)) hint = 'whatsapp';
      else if (/telegram/.test(cat)) hint = 'telegram';
      else if (/signal/.test(cat)) hint = 'signal';
      else if (/snapchat/.test(cat)) hint = 'snapchat';
      else if (/instagram/.test(cat)) hint = 'instagram';
      else if (/facebook/.test(cat)) hint = 'facebook';
      else if (type === 'UserID' || domain.startsWith('userid') || domain.startsWith('user id'))
        hint = hintFor(app, value);
      else continue; // addresses, web pages, photos: not identifiers
      out.push({ value, hint, ...(category ? { label: category } : {}) });
    }
    return out;
  };

  const onContact = async (e: XmlRecordEvent, locator: string) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const source = fieldText(n, 'Source');
    const app = source && !/^(phone|contacts|native)$/i.test(source) ? appOf(source) : null;
    const entries = entriesOf(n, app ?? 'phone');
    const name = fieldText(n, 'Name');
    const notes = multiFieldValues(n, 'Notes').join('\n') || null;
    const raw = modelRaw(n);
    for (const k of ['Source', 'Account', 'Group', 'Type', 'TimeCreated', 'TimeModified'])
      if (fieldText(n, k) !== null) raw[k] = fieldText(n, k);
    const flags = baseFlags(e, n);
    const deleted = isDeleted(n);
    await ctx.emit({
      kind: 'contact',
      locator,
      app,
      name,
      entries,
      account: fieldText(n, 'Account'),
      note: notes,
      deleted,
      recovery: isCarved(n) ? 'carved' : deleted ? 'deleted-flag' : 'live',
      raw,
      ...(flags.length ? { flags } : {}),
    });
    const distinct = entries.filter(
      (en, i) => entries.findIndex((x) => x.value === en.value) === i,
    );
    for (let i = 1; i < distinct.length; i++) {
      const a = distinct[0]!;
      const b = distinct[i]!;
      await ctx.emit({
        kind: 'identifier-link',
        locator: `${locator}/link[${i}]`,
        a: { value: a.value, hint: a.hint ?? 'auto' },
        b: { value: b.value, hint: b.hint ?? 'auto' },
        reason: `one contact card${name ? ` ("${name}")` : ''} lists both ${a.value} and ${b.value}`,
        confidence: 0.7,
      });
    }
  };

  const onUserAccount = async (e: XmlRecordEvent, locator: string) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const source = fieldText(n, 'Source') ?? fieldText(n, 'ServiceType');
    const app = appOf(source);
    const value =
      fieldText(n, 'Username') ??
      fieldText(n, 'Id') ??
      fieldText(n, 'ServiceIdentifier') ??
      fieldText(n, 'Name');
    const entries = entriesOf(n, app);
    const raw = modelRaw(n);
    for (const k of [
      'Source',
      'ServiceType',
      'Username',
      'Id',
      'Name',
      'ServerAddress',
      'TimeCreated',
    ])
      if (fieldText(n, k) !== null) raw[k] = fieldText(n, k);
    const hint: IdentifierHint = value ? hintFor(app, value) : 'auto';
    const flags = baseFlags(e, n);
    await ctx.emit({
      kind: 'device-info',
      locator,
      identifiers: value ? [{ value, hint, role: 'account' }] : [],
      facts: value && source ? { [`account:${source}`]: value } : {},
      raw,
      ...(flags.length ? { flags } : {}),
    });
    if (!value) return;
    let i = 0;
    for (const en of entries) {
      if (en.value === value) continue;
      i++;
      await ctx.emit({
        kind: 'identifier-link',
        locator: `${locator}/link[${i}]`,
        a: { value, hint },
        b: { value: en.value, hint: en.hint ?? 'auto' },
        reason: `the ${source ?? 'app'} account ${value} on this device lists ${en.value}`,
        confidence: 0.9,
      });
    }
  };

  const onSimData = async (e: XmlRecordEvent, locator: string) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const name = fieldText(n, 'Name') ?? fieldText(n, 'Category') ?? '';
    const value = fieldText(n, 'Value');
    const role = DEVICE_ROLES[name.toLowerCase()];
    await ctx.emit({
      kind: 'device-info',
      locator,
      identifiers: value && role ? [{ value, role }] : [],
      facts: value && !role ? { [`SIM ${name}`]: value } : {},
      raw: { ...modelRaw(n), Name: name, Value: value, Category: fieldText(n, 'Category') },
    });
  };

  const onDeviceInfoEntry = async (e: XmlRecordEvent, locator: string) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const name = fieldText(n, 'EntryName') ?? '';
    const value = fieldText(n, 'EntryValue');
    const role = DEVICE_ROLES[name.toLowerCase()];
    await ctx.emit({
      kind: 'device-info',
      locator,
      identifiers: value && role ? [{ value, role }] : [],
      facts: value ? { [name]: value } : {},
      raw: {
        ...modelRaw(n),
        EntryCategory: fieldText(n, 'EntryCategory'),
        EntryName: name,
        EntryValue: value,
      },
    });
  };

  const position = (
    n: XmlNode,
  ): { lat: number | null; lon: number | null; node: XmlNode | null } => {
    const c = nestedModels(n, 'Position')[0] ?? null;
    const src = c ?? n;
    const lat = fieldNumber(src, 'Latitude');
    const lon = fieldNumber(src, 'Longitude');
    const ok = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    return { lat: ok ? lat : null, lon: ok ? lon : null, node: c };
  };

  const onLocation = async (e: XmlRecordEvent, locator: string, cell: boolean) => {
    if (!vet(e, locator)) return;
    const n = e.node;
    const pos = position(n);
    const t = fieldTime(n, 'TimeStamp');
    const raw = modelRaw(n);
    if (t.raw) raw.TimeStamp = t.raw;
    const flags = baseFlags(e, n);
    if (cell) {
      const cellIds: Record<string, string> = {};
      for (const k of ['MCC', 'MNC', 'LAC', 'CID', 'BID', 'NID', 'SID']) {
        const v = fieldText(n, k);
        if (v !== null) {
          cellIds[k.toLowerCase()] = v;
          raw[k] = v;
        }
      }
      await ctx.emit({
        kind: 'location',
        locator,
        at: t.time,
        lat: pos.lat,
        lon: pos.lon,
        origin: 'cell',
        label: fieldText(n, 'Type'),
        cell: { mcc: cellIds.mcc, mnc: cellIds.mnc, lac: cellIds.lac, cid: cellIds.cid },
        deleted: isDeleted(n),
        raw,
        ...(flags.length ? { flags } : {}),
      });
      return;
    }
    const kind =
      `${fieldText(n, 'Origin') ?? ''} ${fieldText(n, 'Type') ?? ''} ${fieldText(n, 'Category') ?? ''} ${fieldText(n, 'Source') ?? ''}`.toLowerCase();
    const origin = /wi-?fi/.test(kind)
      ? 'wifi'
      : /cell/.test(kind)
        ? 'cell'
        : /gps|location services|fused/.test(kind)
          ? 'gps'
          : 'other';
    for (const k of [
      'Origin',
      'Type',
      'Category',
      'Source',
      'Name',
      'Description',
      'Confidence',
      'Precision',
    ])
      if (fieldText(n, k) !== null) raw[k] = fieldText(n, k);
    await ctx.emit({
      kind: 'location',
      locator,
      at: t.time,
      lat: pos.lat,
      lon: pos.lon,
      accuracyM: fieldNumber(n, 'GpsHorizontalAccuracy') ?? fieldNumber(n, 'Precision'),
      label: fieldText(n, 'Name') ?? fieldText(n, 'Description'),
      origin,
      app: fieldText(n, 'Source'),
      deleted: isDeleted(n),
      raw,
      ...(flags.length ? { flags } : {}),
    });
  };

  const onTopModel = async (e: XmlRecordEvent) => {
    const n = e.node;
    const type = n.attrs.type ?? modelType?.type ?? '';
    const fallback = `decodedData/modelType[${modelType?.ordinal ?? 0}]/model[${e.ordinal}]`;
    if (type === 'Chat') return onChat(e);
    const locator = locatorFor(n, fallback);
    switch (type) {
      case 'InstantMessage':
      case 'SMS':
      case 'MMS':
        return emitMessage(e, null, undefined, locator);
      case 'Call':
        return onCall(e, locator);
      case 'Contact':
        return onContact(e, locator);
      case 'UserAccount':
        return onUserAccount(e, locator);
      case 'SIMData':
        return onSimData(e, locator);
      case 'DeviceInfoEntry':
        return onDeviceInfoEntry(e, locator);
      case 'Location':
        return onLocation(e, locator, false);
      case 'CellTower':
        return onLocation(e, locator, true);
      default:
        unsupported.set(type || '(no type)', (unsupported.get(type || '(no type)') ?? 0) + 1);
    }
  };

  // ---- metadata -----------------------------------------------------------------------------

  const onMetadata = async (e: XmlRecordEvent) => {
    const section = e.node.attrs.section ?? `metadata[${e.ordinal}]`;
    const locator = `metadata[@section="${section}"]${e.ordinal > 1 && !e.node.attrs.section ? '' : ''}`;
    if (!vet(e, locator)) return;
    const identifiers: NonNullable<DraftDeviceInfo['identifiers']> = [];
    const facts: Record<string, string> = {};
    let model: string | null = null;
    let os: string | null = null;
    let timezone: string | null = null;
    let name: string | null = null;
    for (const it of childrenNamed(e.node, 'item')) {
      const key = it.attrs.name;
      if (!key) continue;
      const value = (it.attrs.value ?? deepText(it)).trim();
      if (!value) continue;
      const role = DEVICE_ROLES[key.toLowerCase()];
      if (role)
        identifiers.push({
          value,
          role,
          ...(role === 'account' ? { hint: 'apple-id' as const } : {}),
        });
      if (key === 'DeviceInfoDetectedModel' || key === 'DeviceInfoSelectedDeviceName')
        model ??= value;
      else if (key === 'DeviceInfoOSVersion') os ??= value;
      else if (key === 'Time zone settings (ID)') timezone ??= value;
      else if (key === 'DeviceInfoDeviceName' || key === 'Device Name') name ??= value;
      facts[`${section}: ${key}`] = value.slice(0, 2000);
    }
    if (!identifiers.length && !Object.keys(facts).length) return;
    await ctx.emit({
      kind: 'device-info',
      locator,
      identifiers,
      model,
      os,
      timezone,
      name,
      facts,
    });
  };

  const onProjectPart = (e: XmlRecordEvent) => {
    if (e.node.name === 'extractionInfo') {
      const a = e.node.attrs;
      const k = `extraction ${a.id ?? e.ordinal}`;
      for (const f of [
        'name',
        'type',
        'deviceName',
        'fullName',
        'IsPartialData',
        'IsStoppedByUser',
      ])
        if (a[f]) projectFacts[`${k}: ${f}`] = a[f]!;
      deviceName ??= a.deviceName ?? null;
      for (const p of e.problems) warn.warn(p.code, p.message, `extractionInfo[${e.ordinal}]`);
      return;
    }
    for (const f of childrenNamed(e.node, 'field')) {
      const label = f.attrs.fieldType || f.attrs.name;
      const value = deepText(f).trim();
      if (label && value) projectFacts[`case: ${label}`] = value.slice(0, 2000);
    }
    for (const p of e.problems) warn.warn(p.code, p.message, 'caseInformation');
  };

  // ---- the stream -----------------------------------------------------------------------------

  const parentName = (path: readonly string[]) =>
    (path[path.length - 1] ?? '').replace(/\[\d+\]$/, '');
  let sawProject = false;
  await readXmlStream(stream, {
    file,
    limits: opts.xml,
    signal: ctx.signal,
    onProgress: (b) => ctx.progress(b),
    decide(name, attrs, depth, path) {
      if (depth === 1) return name === 'project' ? 'enter' : 'skip';
      const parent = parentName(path);
      if (depth === 2) {
        if (name === 'sourceExtractions' || name === 'taggedFiles' || name === 'decodedData')
          return 'enter';
        if (name === 'caseInformation' || name === 'metadata') return 'record';
        return 'skip';
      }
      if (depth === 3) {
        if (parent === 'sourceExtractions' && name === 'extractionInfo') return 'record';
        if (parent === 'taggedFiles' && name === 'file') return 'record';
        if (parent === 'decodedData' && name === 'modelType') return 'enter';
        return 'skip';
      }
      if (depth === 4 && parent === 'modelType' && name === 'model') return 'record';
      void attrs;
      return 'skip';
    },
    detach(name, attrs, record) {
      return (
        name === 'model' &&
        attrs.type === 'InstantMessage' &&
        record.attrs.type === 'Chat' &&
        record.name === 'model'
      );
    },
    onWarning(problem, where) {
      warn.warn(problem.code, problem.message, where);
    },
    async onEvent(ev) {
      if (ev.kind === 'open') {
        if (ev.depth === 1) {
          sawProject = true;
          const ns = ev.attrs.xmlns;
          if (ns !== UFDR_NAMESPACE)
            warn.warn(
              ErrorCodes.PARSE_ERROR,
              `unexpected namespace ${ns ?? '(none)'}; expected ${UFDR_NAMESPACE}`,
              'project',
            );
          for (const k of [
            'id',
            'name',
            'reportVersion',
            'extractionType',
            'containsGarbage',
            'NodeCount',
            'ModelCount',
          ])
            if (ev.attrs[k]) projectFacts[`project: ${k}`] = ev.attrs[k]!;
        } else if (ev.name === 'modelType')
          modelType = { type: ev.attrs.type ?? '', ordinal: ev.ordinal };
        return;
      }
      if (ev.kind === 'close') {
        if (ev.name === 'modelType') modelType = null;
        return;
      }
      const n = ev.node;
      if (ev.parent) {
        await onChatMessage(ev);
        return;
      }
      if (ev.depth === 2 && n.name === 'metadata') return onMetadata(ev);
      if (ev.depth === 2 || n.name === 'extractionInfo') return onProjectPart(ev);
      if (n.name === 'file') return onTaggedFile(ev);
      if (n.name === 'model') return onTopModel(ev);
    },
  });
  if (!sawProject)
    throw new AppError(
      ErrorCodes.UNSUPPORTED_FORMAT,
      'no <project> root element: not a Cellebrite report.xml',
      { file, record: '(document)' },
    );

  await ctx.emit({
    kind: 'device-info',
    locator: 'project',
    name: deviceName,
    facts: projectFacts,
  });
  for (const [value, o] of ownerIds)
    await ctx.emit({
      kind: 'identifier-link',
      locator: `owner-party[${value.slice(0, 200)}]`,
      a: OWNER,
      b: { value, hint: o.hint },
      reason: `the report marks the party ${value} as the phone owner (IsPhoneOwner), first at ${o.locator}`,
      confidence: 0.95,
    });
  if (unsupported.size)
    warn.warn(
      ErrorCodes.UNSUPPORTED_FORMAT,
      `model types not read: ${[...unsupported].map(([t, n]) => `${t} (${n})`).join(', ')}`,
      'decodedData',
    );
  warn.finish();
}
