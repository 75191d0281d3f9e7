// Serialises the TL objects Telegram Android keeps in cache4.db, byte for byte as its
// NativeByteBuffer writes them (little-endian; strings with a 1-byte or 0xFE+3-byte length, padded
// to 4 bytes): message#b92f76cf (layer 218), messageService#7a800e0a, user#31774388 (layer 222),
// chat#41cbf256, the three 64-bit peers. Layouts: the published TL schema (see the parser's tl.ts).

export const TL_MESSAGE = 0xb92f76cf;
export const TL_MESSAGE_SERVICE = 0x7a800e0a;
export const TL_USER = 0x31774388;
export const TL_PEER_USER = 0x59511722;
export const TL_PEER_CHAT = 0x36c6019a;
export const TL_PEER_CHANNEL = 0xa2a5371e;
/** messageMediaUnsupported#9f84f49e: a media object with no fields. */
export const TL_MEDIA_UNSUPPORTED = 0x9f84f49e;
/** messageActionChatCreate#bd47cbad title:string users:Vector<long> */
export const TL_ACTION_CHAT_CREATE = 0xbd47cbad;
const TL_VECTOR = 0x1cb5c415;

export class TlWriter {
  private readonly parts: Buffer[] = [];

  uint32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
    return this;
  }

  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.parts.push(b);
    return this;
  }

  int64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(v);
    this.parts.push(b);
    return this;
  }

  bytes(data: Buffer): this {
    const head =
      data.length < 254
        ? Buffer.from([data.length])
        : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, data.length >> 16]);
    const used = head.length + data.length;
    this.parts.push(head, data, Buffer.alloc((4 - (used % 4)) % 4));
    return this;
  }

  string(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  peer(p: { kind: 'user' | 'chat' | 'channel'; id: bigint }): this {
    this.uint32(
      p.kind === 'user' ? TL_PEER_USER : p.kind === 'chat' ? TL_PEER_CHAT : TL_PEER_CHANNEL,
    );
    return this.int64(p.id);
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface TlMessageSpec {
  id: number;
  out: boolean;
  from?: { kind: 'user' | 'chat' | 'channel'; id: bigint } | null;
  peer: { kind: 'user' | 'chat' | 'channel'; id: bigint };
  date: number;
  text: string;
  media?: boolean;
  replyToMsgId?: number;
}

/** message#b92f76cf with the fields Telegram Android writes for an ordinary text or media message. */
export function tlMessage(m: TlMessageSpec): Buffer {
  let flags = 0;
  if (m.out) flags |= 2;
  if (m.from) flags |= 256;
  if (m.media) flags |= 512;
  if (m.replyToMsgId !== undefined) flags |= 8;
  const w = new TlWriter().uint32(TL_MESSAGE).uint32(flags).uint32(0).int32(m.id);
  if (m.from) w.peer(m.from);
  w.peer(m.peer);
  // messageReplyHeader#6917560b flags:# reply_to_msg_id:flags.4?int
  if (m.replyToMsgId !== undefined) w.uint32(0x6917560b).uint32(16).int32(m.replyToMsgId);
  w.int32(m.date).string(m.text);
  if (m.media) w.uint32(TL_MEDIA_UNSUPPORTED);
  return w.done();
}

/** messageService#7a800e0a carrying messageActionChatCreate (a group's first message). */
export function tlChatCreated(m: {
  id: number;
  out: boolean;
  from: { kind: 'user'; id: bigint };
  peer: { kind: 'chat'; id: bigint };
  date: number;
  title: string;
  users: bigint[];
}): Buffer {
  const w = new TlWriter()
    .uint32(TL_MESSAGE_SERVICE)
    .uint32((m.out ? 2 : 0) | 256)
    .int32(m.id)
    .peer(m.from)
    .peer(m.peer)
    .int32(m.date)
    .uint32(TL_ACTION_CHAT_CREATE)
    .string(m.title)
    .uint32(TL_VECTOR)
    .int32(m.users.length);
  for (const u of m.users) w.int64(u);
  return w.done();
}

export interface TlUserSpec {
  id: bigint;
  self?: boolean;
  contact?: boolean;
  accessHash: bigint;
  firstName?: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

/** user#31774388 with the prefix fields set (no photo, status or later optional fields). */
export function tlUser(u: TlUserSpec): Buffer {
  let flags = 1; // access_hash
  if (u.firstName !== undefined) flags |= 2;
  if (u.lastName !== undefined) flags |= 4;
  if (u.username !== undefined) flags |= 8;
  if (u.phone !== undefined) flags |= 16;
  if (u.self) flags |= 1024;
  if (u.contact) flags |= 2048;
  const w = new TlWriter().uint32(TL_USER).uint32(flags).uint32(0).int64(u.id).int64(u.accessHash);
  if (u.firstName !== undefined) w.string(u.firstName);
  if (u.lastName !== undefined) w.string(u.lastName);
  if (u.username !== undefined) w.string(u.username);
  if (u.phone !== undefined) w.string(u.phone);
  return w.done();
}

/** chat#41cbf256 (a basic group) with chatPhotoEmpty#37c1011c; not read back by the parser. */
export function tlChat(c: { id: bigint; title: string; count: number; date: number }): Buffer {
  return new TlWriter()
    .uint32(0x41cbf256)
    .uint32(0)
    .int64(c.id)
    .string(c.title)
    .uint32(0x37c1011c)
    .int32(c.count)
    .int32(c.date)
    .int32(1)
    .done();
}
