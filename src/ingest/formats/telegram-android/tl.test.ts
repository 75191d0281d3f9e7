// The TL reader against hand-built blobs: string length forms and padding, 32- and 64-bit peers,
// forward and reply headers, service messages, users, and typed failures for truncation and
// unknown constructors; arbitrary bytes never escape as anything but TlError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readMessage, readUser, TlError, TlReader } from './tl.js';
import {
  TlWriter,
  tlChatCreated,
  tlMessage,
  tlUser,
} from '../../../generator/writers/telegram-tl.js';

describe('TL strings', () => {
  for (const len of [0, 1, 2, 3, 4, 253, 254, 255, 1000]) {
    it(`reads a ${len}-byte string and lands on a 4-byte boundary`, () => {
      const s = 'x'.repeat(len);
      const buf = new TlWriter().string(s).int32(0x11223344).done();
      expect(buf.length % 4).toBe(0);
      const r = new TlReader(buf);
      expect(r.string()).toBe(s);
      expect(r.int32()).toBe(0x11223344);
    });
  }
  it('long form: 0xFE then a 3-byte little-endian length', () => {
    const buf = new TlWriter().string('é'.repeat(200)).done();
    expect(buf[0]).toBe(254);
    expect(buf.readUIntLE(1, 3)).toBe(400);
  });
  it('a length past the end is a TlError, not a crash', () => {
    expect(() => new TlReader(Buffer.from([10, 65, 66])).string()).toThrow(TlError);
    expect(() => new TlReader(Buffer.from([254, 0xff, 0xff])).bytes()).toThrow(TlError);
  });
  it('invalid UTF-8 text is a TlError', () => {
    expect(() => new TlReader(Buffer.from([2, 0xc3, 0x28, 0])).string()).toThrow(TlError);
  });
});

describe('TL messages', () => {
  const peerUser = (id: bigint) => ({ kind: 'user' as const, id });
  it('message#b92f76cf: id, peers, date, text, out and media flags', () => {
    const buf = tlMessage({
      id: 42,
      out: true,
      from: peerUser(700000001n),
      peer: peerUser(700000002n),
      date: 1_719_820_800,
      text: 'Ne vedem mâine',
      media: true,
    });
    const m = readMessage(buf);
    expect(m).toMatchObject({
      constructorId: 0xb92f76cf,
      kind: 'message',
      out: true,
      id: 42,
      from: { kind: 'user', id: 700000001n },
      peer: { kind: 'user', id: 700000002n },
      date: 1_719_820_800,
      text: 'Ne vedem mâine',
      hasMedia: true,
      forwarded: false,
      replyTo: null,
    });
  });

  it('steps over a forward header and reads the reply-to id', () => {
    const w = new TlWriter()
      .uint32(0xb92f76cf)
      .uint32(256 | 4 | 8) // from, fwd_from, reply_to
      .uint32(0)
      .int32(7)
      .peer({ kind: 'user', id: 5n })
      .peer({ kind: 'chat', id: 400000005n })
      // messageFwdHeader: from_id (f.0), from_name (f.5), date, post_author (f.3)
      .uint32(0x4e4df4bb)
      .uint32(1 | 32 | 8)
      .peer({ kind: 'channel', id: 99n })
      .string('Someone')
      .int32(1_700_000_000)
      .string('author')
      // messageReplyHeader#6917560b: reply_to_msg_id (f.4), reply_to_top_id (f.1)
      .uint32(0x6917560b)
      .uint32(16 | 2)
      .int32(6)
      .int32(1)
      .int32(1_719_820_900)
      .string('fwd text');
    const m = readMessage(w.done());
    expect(m).toMatchObject({
      id: 7,
      peer: { kind: 'chat', id: 400000005n },
      forwarded: true,
      replyTo: 6,
      date: 1_719_820_900,
      text: 'fwd text',
    });
  });

  it('a layer-132 message with 32-bit peers reads a 32-bit via_bot_id', () => {
    const w = new TlWriter()
      .uint32(0x58ae39c9)
      .uint32(256 | 2048)
      .int32(3)
      .uint32(0x9db1bc6d)
      .int32(12345)
      .uint32(0x9db1bc6d)
      .int32(67890)
      .int32(777) // via_bot_id (int)
      .int32(1_600_000_000)
      .string('old layer');
    expect(readMessage(w.done())).toMatchObject({
      from: { kind: 'user', id: 12345n },
      peer: { kind: 'user', id: 67890n },
      date: 1_600_000_000,
      text: 'old layer',
    });
  });

  it('messageService#7a800e0a: header read, no text', () => {
    const m = readMessage(
      tlChatCreated({
        id: 9,
        out: false,
        from: { kind: 'user', id: 3n },
        peer: { kind: 'chat', id: 400000005n },
        date: 1_719_000_000,
        title: 'Runners',
        users: [3n, 1n],
      }),
    );
    expect(m).toMatchObject({ kind: 'service', id: 9, text: null, date: 1_719_000_000 });
  });

  it('unknown constructors and reply media are TlErrors naming the constructor', () => {
    const unknown = new TlWriter().uint32(0x12345678).uint32(0).done();
    try {
      readMessage(unknown);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(TlError);
      expect((e as TlError).constructorId).toBe(0x12345678);
    }
    const replyMedia = new TlWriter()
      .uint32(0xb92f76cf)
      .uint32(8)
      .uint32(0)
      .int32(1)
      .peer({ kind: 'user', id: 1n })
      .uint32(0x6917560b)
      .uint32(256)
      .done();
    expect(() => readMessage(replyMedia)).toThrow(/reply media/);
  });

  it('every truncation of a valid blob is a TlError', () => {
    const buf = tlMessage({
      id: 1,
      out: false,
      from: peerUser(2n),
      peer: peerUser(2n),
      date: 1,
      text: 'hello there',
    });
    for (let n = 0; n < buf.length - 4; n++)
      expect(() => readMessage(buf.subarray(0, n)), `cut at ${n}`).toThrow(TlError);
  });

  it('arbitrary bytes: a message or a TlError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, known) => {
        const b = Buffer.from(bytes);
        if (known && b.length >= 4) b.writeUInt32LE(0xb92f76cf, 0);
        try {
          readMessage(b);
        } catch (e) {
          expect(e).toBeInstanceOf(TlError);
        }
        try {
          readUser(b);
        } catch (e) {
          expect(e).toBeInstanceOf(TlError);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('TL users', () => {
  it('user#31774388: id, self flag, names, username, phone', () => {
    const u = readUser(
      tlUser({
        id: 700000002n,
        accessHash: 1n,
        firstName: 'Ioana',
        lastName: 'P',
        username: 'ioana_p',
        phone: '447700900202',
      }),
    );
    expect(u).toMatchObject({
      id: 700000002n,
      self: false,
      firstName: 'Ioana',
      lastName: 'P',
      username: 'ioana_p',
      phone: '447700900202',
    });
    expect(readUser(tlUser({ id: 1n, accessHash: 2n, self: true })).self).toBe(true);
  });
});
