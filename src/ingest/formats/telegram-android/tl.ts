// A bounded reader for Telegram's TL (Type Language) serialisation as Telegram Android stores it in
// cache4.db (NativeByteBuffer, little-endian): 4-byte constructor ids, int32/int64 fields, strings
// with a 1-byte length (or 0xFE and a 3-byte length) padded to 4 bytes. Decodes the prefix of
// message, messageService and user objects up to the fields Threadline uses.
//
// Layouts: TL schema pages for message#b92f76cf (layer 218), messageService#7a800e0a,
// messageFwdHeader#4e4df4bb, messageReplyHeader#6917560b, user#31774388 (TakNone/Bootstrapper
// docs/constructor/*.md, generated from the published schema); the user constructors of earlier
// layers from DrKLO/Telegram TMessagesProj_AppTests/.../tgnet/model/generated/TlGen_User.kt; the
// message, service, reply- and forward-header constructor sets of earlier layers and the int32
// peers of layer 132 and older as ALEAPP scripts/artifacts/telegramAndroid.py lists them (MIT,
// citing TL_legacy_message.java and the generated TlGen_*.kt of Telegram Android).

/** A TL blob that ends early or holds a constructor this reader does not know at that point. */
export class TlError extends Error {
  constructor(
    message: string,
    readonly constructorId?: number,
  ) {
    super(message);
    this.name = 'TlError';
  }
}

export const PEER_USER = 0x59511722;
export const PEER_CHAT = 0x36c6019a;
export const PEER_CHANNEL = 0xa2a5371e;
const PEER_USER_32 = 0x9db1bc6d;
const PEER_CHAT_32 = 0xbad0e5bb;
const PEER_CHANNEL_32 = 0xbddde532;

export type PeerKind = 'user' | 'chat' | 'channel';
export interface TlPeer {
  kind: PeerKind;
  id: bigint;
}

/** TL_message constructors with a second flags word (layer 179 and later). */
const MESSAGE_FLAGS2 = new Set([
  0x7600b9d3, 0x95ef6f2b, 0x3ae56482, 0x9cb490e9, 0xb92f76cf, 0x9815cec8, 0xeabcdd4d, 0x96fdbbe9,
  0x94345242, 0xbde09c2e, 0x2357bf25,
]);
/** …of which these write a sender rank string (flags2 bit 12) before the dialog peer. */
const MESSAGE_FROM_RANK = new Set([0x3ae56482, 0x95ef6f2b, 0x7600b9d3]);
/** …and these a further peer (flags2 bit 19) before the reply header. */
const MESSAGE_GUESTCHAT = new Set([0x95ef6f2b, 0x7600b9d3]);
/** TL_message constructors of layers 119–178, without the second flags word. */
const MESSAGE_NO_FLAGS2 = new Set([
  0xa66c7efc, 0x1e4c8a69, 0x76bec211, 0x38116ee0, 0x85d6cbe2, 0xbce383d2, 0x58ae39c9, 0xf52e6b7f,
]);
/** TL_messageService constructors whose header this reader walks, and whether it has saved_peer_id. */
const SERVICE: Map<number, { savedPeer: boolean }> = new Map([
  [0x7a800e0a, { savedPeer: true }],
  [0xd3d28540, { savedPeer: false }],
  [0x2b085862, { savedPeer: false }],
  [0x286fa604, { savedPeer: false }],
]);
const FWD_HEADER = 0x4e4df4bb;
const FWD_HEADER_169 = 0x5f777dce;
/** Reply headers with flags: reply_to_msg_id f.4, reply_to_peer_id f.0, reply_from f.5, … */
const REPLY_HEADERS = new Set([0x1b97dd66, 0x6917560b, 0xafbc09db, 0x6eebcabd]);
const REPLY_HEADER_165 = 0xa6d57763;
const REPLY_STORY = 0x0e5af939;
const REPLY_STORY_173 = 0x9c98bfc1;
/** User constructors with flags, flags2 and a 64-bit id (layers 166 to 222). */
const USER_FLAGS2 = new Set([
  0x31774388, 0x020b1422, 0x4b46c37e, 0x83314fca, 0xeb602f25, 0x215c4438, 0xabb5f120,
]);

/** Longest TL string accepted (a message text is at most a few thousand characters). */
const MAX_STRING = 1 << 20;

export class TlReader {
  private pos = 0;
  /** A 32-bit peer (layer 132 and older) was read: ids in this object are 32-bit too. */
  narrowIds = false;
  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length)
      throw new TlError(`TL data ends at byte ${this.buf.length}, ${n} more needed at ${this.pos}`);
  }

  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  bytes(): Buffer {
    this.need(1);
    let len = this.buf[this.pos]!;
    let head = 1;
    if (len >= 254) {
      this.need(4);
      len = this.buf.readUIntLE(this.pos + 1, 3);
      head = 4;
    }
    if (len > MAX_STRING) throw new TlError(`TL string of ${len} bytes exceeds the limit`);
    this.need(head + len);
    const out = this.buf.subarray(this.pos + head, this.pos + head + len);
    const padded = head + len + ((4 - ((head + len) % 4)) % 4);
    this.need(padded);
    this.pos += padded;
    return out;
  }

  /** A TL string decoded as strict UTF-8. */
  string(): string {
    const b = this.bytes();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw new TlError('TL string is not valid UTF-8');
    }
  }

  peer(): TlPeer {
    const c = this.uint32();
    switch (c) {
      case PEER_USER:
        return { kind: 'user', id: this.int64() };
      case PEER_CHAT:
        return { kind: 'chat', id: this.int64() };
      case PEER_CHANNEL:
        return { kind: 'channel', id: this.int64() };
      case PEER_USER_32:
        this.narrowIds = true;
        return { kind: 'user', id: BigInt(this.int32()) };
      case PEER_CHAT_32:
        this.narrowIds = true;
        return { kind: 'chat', id: BigInt(this.int32()) };
      case PEER_CHANNEL_32:
        this.narrowIds = true;
        return { kind: 'channel', id: BigInt(this.int32()) };
      default:
        throw new TlError(`unknown Peer constructor 0x${hex(c)}`, c);
    }
  }

  /** Step over a MessageFwdHeader. */
  fwdHeader(): void {
    const c = this.uint32();
    if (c !== FWD_HEADER && c !== FWD_HEADER_169)
      throw new TlError(`unknown MessageFwdHeader constructor 0x${hex(c)}`, c);
    const f = this.uint32();
    if (f & 1) this.peer();
    if (f & 32) this.bytes();
    this.int32(); // date
    if (f & 4) this.int32();
    if (f & 8) this.bytes();
    if (f & 16) {
      this.peer();
      this.int32();
    }
    if (c === FWD_HEADER) {
      if (f & 256) this.peer();
      if (f & 512) this.bytes();
      if (f & 1024) this.int32();
    }
    if (f & 64) this.bytes();
  }

  /** Read a MessageReplyHeader; returns the replied-to message id when it has one. */
  replyHeader(): number | null {
    const c = this.uint32();
    if (c === REPLY_STORY) {
      this.peer();
      this.int32();
      return null;
    }
    if (c === REPLY_STORY_173) {
      this.int64();
      this.int32();
      return null;
    }
    const f = this.uint32();
    if (c === REPLY_HEADER_165) {
      const id = this.int32();
      if (f & 1) this.peer();
      if (f & 2) this.int32();
      return id;
    }
    if (!REPLY_HEADERS.has(c))
      throw new TlError(`unknown MessageReplyHeader constructor 0x${hex(c)}`, c);
    const id = f & 16 ? this.int32() : null;
    if (f & 1) this.peer();
    if (f & 32) this.fwdHeader();
    // a replied-to message's media and quote entities are object trees this reader does not walk
    if (f & 256) throw new TlError('reply header carries reply media (not decoded)', c);
    if (f & 2) this.int32();
    if (f & 64) this.bytes();
    if (f & 128) throw new TlError('reply header carries quote entities (not decoded)', c);
    return id;
  }
}

export function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export interface TlMessage {
  constructorId: number;
  kind: 'message' | 'service';
  flags: number;
  out: boolean;
  id: number;
  from: TlPeer | null;
  peer: TlPeer;
  date: number;
  /** The text (messages only; null for service messages). */
  text: string | null;
  /** flags.9 of a message: a MessageMedia object follows the text. */
  hasMedia: boolean;
  forwarded: boolean;
  replyTo: number | null;
}

/** Whether this reader knows the constructor (for counting unsupported ones). */
export function isKnownMessageConstructor(c: number): boolean {
  return MESSAGE_FLAGS2.has(c) || MESSAGE_NO_FLAGS2.has(c) || SERVICE.has(c);
}

/**
 * Decode a TLRPC.Message blob up to its text (message) or date (service message). Throws TlError
 * for unknown constructors, truncated data, and nested objects this reader does not walk.
 */
export function readMessage(buf: Buffer): TlMessage {
  const r = new TlReader(buf);
  const c = r.uint32();
  const service = SERVICE.get(c);
  if (service) {
    const flags = r.uint32();
    const id = r.int32();
    const from = flags & 256 ? r.peer() : null;
    const peer = r.peer();
    if (service.savedPeer && flags & (1 << 28)) r.peer();
    const replyTo = flags & 8 ? r.replyHeader() : null;
    const date = r.int32();
    return {
      constructorId: c,
      kind: 'service',
      flags,
      out: (flags & 2) !== 0,
      id,
      from,
      peer,
      date,
      text: null,
      hasMedia: false,
      forwarded: false,
      replyTo,
    };
  }
  const flags2Word = MESSAGE_FLAGS2.has(c);
  if (!flags2Word && !MESSAGE_NO_FLAGS2.has(c))
    throw new TlError(`unknown Message constructor 0x${hex(c)}`, c);
  const flags = r.uint32();
  const flags2 = flags2Word ? r.uint32() : 0;
  const id = r.int32();
  const from = flags & 256 ? r.peer() : null;
  if (flags2Word && flags & (1 << 29)) r.int32(); // from_boosts_applied
  if (MESSAGE_FROM_RANK.has(c) && flags2 & (1 << 12)) r.bytes(); // from_rank
  const peer = r.peer();
  if (flags & (1 << 28)) r.peer(); // saved_peer_id
  const forwarded = (flags & 4) !== 0;
  if (forwarded) r.fwdHeader();
  // via_bot_id: 64-bit since the 64-bit peer ids of layer 133
  if (flags & 2048) {
    if (r.narrowIds) r.int32();
    else r.int64();
  }
  if (flags2 & 1) r.int64(); // via_business_bot_id
  if (MESSAGE_GUESTCHAT.has(c) && flags2 & (1 << 19)) r.peer();
  const replyTo = flags & 8 ? r.replyHeader() : null;
  const date = r.int32();
  const text = r.string();
  return {
    constructorId: c,
    kind: 'message',
    flags,
    out: (flags & 2) !== 0,
    id,
    from,
    peer,
    date,
    text,
    hasMedia: (flags & 512) !== 0,
    forwarded,
    replyTo,
  };
}

export interface TlUser {
  constructorId: number;
  id: bigint;
  self: boolean;
  deleted: boolean;
  bot: boolean;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  phone: string | null;
}

export function isKnownUserConstructor(c: number): boolean {
  return USER_FLAGS2.has(c);
}

/** Decode a TLRPC.User blob up to its phone number. */
export function readUser(buf: Buffer): TlUser {
  const r = new TlReader(buf);
  const c = r.uint32();
  if (!USER_FLAGS2.has(c)) throw new TlError(`unknown User constructor 0x${hex(c)}`, c);
  const flags = r.uint32();
  r.uint32(); // flags2
  const id = r.int64();
  if (flags & 1) r.int64(); // access_hash
  const firstName = flags & 2 ? r.string() : null;
  const lastName = flags & 4 ? r.string() : null;
  const username = flags & 8 ? r.string() : null;
  const phone = flags & 16 ? r.string() : null;
  return {
    constructorId: c,
    id,
    self: (flags & 1024) !== 0,
    deleted: (flags & 8192) !== 0,
    bot: (flags & 16384) !== 0,
    firstName,
    lastName,
    username,
    phone,
  };
}
