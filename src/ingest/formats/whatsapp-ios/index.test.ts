// WhatsApp iOS: generated ChatStorage, ContactsV2, CallHistory and LID stores (1:1 and a group
// with a @lid member, media, a shared location, group-event, system and revoked rows, a WAL-only
// message, LID pairs), the Josh Hickman iOS 15 sample, properties on arbitrary cells, and ingest.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { whatsappIosParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { corpusPath } from '../../../testkit/corpus.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { tempCase } from '../../../testkit/temp-store.js';
import { ingest } from '../../runner.js';
import { sha256File } from '../../../evidence/hash-file.js';
import {
  WA_TYPE,
  expectedCounts,
  writeWhatsappIos,
  type WhatsappIosData,
} from '../../../generator/writers/whatsapp-ios.js';
import {
  WA_CALLHISTORY_SCHEMA,
  WA_CHATSTORAGE_SCHEMA,
} from '../../../generator/writers/whatsapp-ios-schema.js';
import { decodeTime } from '../../../model/timestamps.js';
import type {
  Draft,
  DraftCall,
  DraftContact,
  DraftIdentifierLink,
  DraftLocation,
  DraftMedia,
  DraftMessage,
  DraftThread,
} from '../../../model/entities.js';

const T0 = Date.UTC(2024, 8, 1, 18, 0, 0);
const OWN = '447700900100@s.whatsapp.net';
const JAY = '447700900101@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
const LID = '205690463334636@lid';

export function waFixture(): WhatsappIosData {
  return {
    seed: 'W1',
    sessions: [
      { pk: 1, jid: JAY, name: 'Jay', group: false },
      {
        pk: 2,
        jid: GROUP,
        name: 'Runners',
        group: true,
        members: [{ jid: OWN, admin: true }, { jid: JAY }, { jid: LID }],
        creator: OWN,
      },
    ],
    messages: [
      {
        pk: 1,
        sessionPk: 1,
        fromMe: false,
        type: WA_TYPE.text,
        text: 'Cześć',
        dateMs: T0,
        fromJid: JAY,
      },
      {
        pk: 2,
        sessionPk: 1,
        fromMe: true,
        type: WA_TYPE.text,
        text: 'Hi',
        dateMs: T0 + 1000,
        toJid: JAY,
      },
      {
        pk: 3,
        sessionPk: 1,
        fromMe: false,
        type: WA_TYPE.image,
        dateMs: T0 + 2000,
        fromJid: JAY,
        media: { path: `Media/${JAY}/a/b/0f1e.jpg`, size: 999, title: 'look' },
      },
      {
        pk: 4,
        sessionPk: 2,
        fromMe: false,
        type: WA_TYPE.text,
        text: 'run at 6',
        dateMs: T0 + 3000,
        fromJid: GROUP,
        toJid: OWN,
        memberJid: LID,
      },
      {
        pk: 5,
        sessionPk: 2,
        fromMe: true,
        type: WA_TYPE.text,
        text: 'ok',
        dateMs: T0 + 4000,
        toJid: GROUP,
      },
      {
        pk: 6,
        sessionPk: 2,
        fromMe: false,
        type: WA_TYPE.groupEvent,
        groupEventType: 2,
        dateMs: T0 + 5000,
        fromJid: GROUP,
        toJid: OWN,
      },
      {
        pk: 7,
        sessionPk: 2,
        fromMe: false,
        type: WA_TYPE.system,
        text: 'ignored',
        dateMs: T0 + 6000,
        fromJid: GROUP,
        toJid: OWN,
      },
      {
        pk: 8,
        sessionPk: 1,
        fromMe: true,
        type: WA_TYPE.location,
        dateMs: T0 + 7000,
        toJid: JAY,
        media: { lat: 51.5074, lon: -0.1278, title: 'The Pub' },
      },
      {
        pk: 9,
        sessionPk: 1,
        fromMe: false,
        type: WA_TYPE.revoked,
        dateMs: T0 + 8000,
        fromJid: JAY,
      },
    ],
    walOnlyMessages: [
      {
        pk: 10,
        sessionPk: 1,
        fromMe: false,
        type: WA_TYPE.text,
        text: 'wal',
        dateMs: T0 + 9000,
        fromJid: JAY,
      },
    ],
    pushNames: [{ jid: JAY, name: 'Jay P' }],
    contacts: [
      {
        pk: 1,
        fullName: 'Jay Smith',
        phone: '07700 900101',
        phoneLabel: '_$!<Mobile>!$_',
        jid: JAY,
      },
      {
        pk: 2,
        fullName: 'Kid',
        phone: '+44 7700 900104',
        jid: '447700900104@s.whatsapp.net',
        lid: LID,
      },
      { pk: 3, fullName: 'No WhatsApp', phone: '07700900105' },
    ],
    calls: [
      {
        pk: 1,
        dateMs: T0 + 10_000,
        durationS: 61.5,
        incoming: false,
        video: false,
        outcome: 0,
        participant: JAY,
        ownJid: OWN,
      },
      {
        pk: 2,
        dateMs: T0 + 20_000,
        durationS: 0,
        incoming: true,
        video: true,
        outcome: 1,
        participant: JAY,
        ownJid: OWN,
      },
      {
        pk: 3,
        dateMs: T0 + 30_000,
        durationS: 0,
        incoming: true,
        video: false,
        outcome: 4,
        participant: '447700900102@s.whatsapp.net',
        ownJid: OWN,
      },
    ],
    lidPairs: [
      { lid: LID, phone: '447700900104' },
      { lid: '999000111222333', phone: '+447700900106' },
    ],
  };
}

const of = <K extends Draft['kind']>(d: Draft[], k: K) =>
  d.filter((x) => x.kind === k) as Array<Extract<Draft, { kind: K }>>;
const loc = <T extends Draft>(d: T[], l: string) => d.find((x) => x.locator === l)!;

function fileBuild(name: string) {
  return (dir: string) => {
    writeWhatsappIos(dir, waFixture());
    return join(dir, name);
  };
}

describeParserContract(whatsappIosParser, [
  {
    name: 'ChatStorage.sqlite',
    build: fileBuild('ChatStorage.sqlite'),
    expect: {
      thread: 2,
      message: 10,
      media: 1,
      location: 1,
      'device-info': 1,
      'identifier-link': 2,
    },
    check(drafts) {
      const threads = of(drafts, 'thread') as DraftThread[];
      const group = loc(threads, 'ZWACHATSESSION:2');
      expect(group.isGroup).toBe(true);
      expect(group.name).toBe('Runners');
      expect(group.groupId).toEqual({ value: GROUP, hint: 'whatsapp' });
      // the account's own JID is the owner, not a member identifier
      expect(group.participants).toEqual([
        'owner',
        { value: JAY, hint: 'whatsapp', name: 'Jay P' },
        { value: LID, hint: 'whatsapp' },
      ]);
      const msgs = of(drafts, 'message') as DraftMessage[];
      const m1 = loc(msgs, 'ZWAMESSAGE:1');
      expect([m1.direction, m1.type, m1.body]).toEqual(['incoming', 'text', 'Cześć']);
      expect(m1.sender).toEqual({ value: JAY, hint: 'whatsapp', name: 'Jay P' });
      expect(m1.sentAt?.encoding).toBe('cocoa-s');
      expect(decodeTime(m1.sentAt!.value, 'cocoa-s').ms).toBe(T0);
      expect(decodeTime(loc(msgs, 'ZWAMESSAGE:2').sentAt!.value, 'cocoa-s').ms).toBe(T0 + 1000);
      const m2 = loc(msgs, 'ZWAMESSAGE:2');
      expect([m2.direction, m2.sender, m2.recipients]).toEqual([
        'outgoing',
        'owner',
        [{ value: JAY, hint: 'whatsapp', name: 'Jay P' }],
      ]);
      const m3 = loc(msgs, 'ZWAMESSAGE:3');
      expect([m3.type, m3.body]).toEqual(['image', 'look']);
      const media = of(drafts, 'media') as DraftMedia[];
      expect(media).toEqual([
        expect.objectContaining({
          locator: 'ZWAMEDIAITEM:1',
          messageRef: 'ZWAMESSAGE:3',
          filename: '0f1e.jpg',
          mime: 'image/jpeg',
          size: 999,
          path: `Media/${JAY}/a/b/0f1e.jpg`,
        }),
      ]);
      const m4 = loc(msgs, 'ZWAMESSAGE:4');
      expect(m4.sender).toEqual({ value: LID, hint: 'whatsapp' });
      expect(m4.threadRef).toBe('ZWACHATSESSION:2');
      expect(loc(msgs, 'ZWAMESSAGE:5').recipients).toEqual([
        { value: JAY, hint: 'whatsapp', name: 'Jay P' },
        { value: LID, hint: 'whatsapp' },
      ]);
      const m6 = loc(msgs, 'ZWAMESSAGE:6');
      expect([m6.type, m6.body, m6.sender]).toEqual(['group-event', null, null]);
      expect(m6.raw?.ZGROUPEVENTTYPE).toBe(2n);
      const m7 = loc(msgs, 'ZWAMESSAGE:7');
      expect([m7.type, m7.body, m7.raw?.ZTEXT]).toEqual(['system', null, 'ignored']);
      const m8 = loc(msgs, 'ZWAMESSAGE:8');
      expect(m8.type).toBe('location');
      const where = of(drafts, 'location') as DraftLocation[];
      expect(where).toEqual([
        expect.objectContaining({
          locator: 'ZWAMEDIAITEM:2',
          lat: 51.5074,
          lon: -0.1278,
          label: 'The Pub',
          origin: 'message',
          app: 'whatsapp',
        }),
      ]);
      const m9 = loc(msgs, 'ZWAMESSAGE:9');
      expect([m9.type, m9.deleted, m9.recovery, m9.body]).toEqual([
        'revoked',
        true,
        'deleted-flag',
        null,
      ]);
      expect(loc(msgs, 'ZWAMESSAGE:10').recovery).toBe('wal-only');
      expect(of(drafts, 'device-info')[0]!.identifiers).toEqual([
        { value: OWN, hint: 'whatsapp', role: 'account' },
      ]);
      expect(
        (of(drafts, 'identifier-link') as DraftIdentifierLink[]).map((l) => [
          l.a,
          l.b,
          l.confidence,
        ]),
      ).toEqual([
        [{ value: OWN, hint: 'whatsapp' }, { value: '+447700900100', hint: 'phone' }, 1],
        [{ value: JAY, hint: 'whatsapp' }, { value: '+447700900101', hint: 'phone' }, 1],
      ]);
    },
  },
  {
    name: 'ContactsV2.sqlite',
    build: fileBuild('ContactsV2.sqlite'),
    expect: { contact: 3, 'identifier-link': 3 },
    check(drafts) {
      const cs = of(drafts, 'contact') as DraftContact[];
      expect(loc(cs, 'ZWAADDRESSBOOKCONTACT:1').entries).toEqual([
        { value: '07700 900101', hint: 'phone', label: 'Mobile' },
        { value: JAY, hint: 'whatsapp', label: 'WhatsApp' },
      ]);
      expect(loc(cs, 'ZWAADDRESSBOOKCONTACT:2').entries).toEqual([
        { value: '+44 7700 900104', hint: 'phone' },
        { value: '447700900104@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
        { value: LID, hint: 'whatsapp', label: 'WhatsApp LID' },
      ]);
      expect(cs.every((c) => c.app === 'whatsapp')).toBe(true);
      const lid = loc(
        of(drafts, 'identifier-link') as DraftIdentifierLink[],
        'ZWAADDRESSBOOKCONTACT:2:lid',
      );
      expect([lid.a, lid.b, lid.confidence]).toEqual([
        { value: LID, hint: 'whatsapp' },
        { value: '447700900104@s.whatsapp.net', hint: 'whatsapp' },
        0.95,
      ]);
    },
  },
  {
    name: 'CallHistory.sqlite',
    build: fileBuild('CallHistory.sqlite'),
    expect: { call: 3, 'device-info': 1, 'identifier-link': 3 },
    check(drafts) {
      const calls = of(drafts, 'call') as DraftCall[];
      expect(calls.map((c) => [c.direction, c.status, c.video, c.durationS])).toEqual([
        ['outgoing', 'answered', false, 61.5],
        ['incoming', 'missed', true, 0],
        ['incoming', 'rejected', false, 0],
      ]);
      expect(calls[0]!.caller).toBe('owner');
      expect(calls[0]!.callees).toEqual([{ value: JAY, hint: 'whatsapp' }]);
      expect(calls[1]!.caller).toEqual({ value: JAY, hint: 'whatsapp' });
      expect(calls[1]!.callees).toEqual(['owner']);
      expect(decodeTime(calls[0]!.startedAt!.value, calls[0]!.startedAt!.encoding).ms).toBe(
        T0 + 10_000,
      );
      expect(of(drafts, 'device-info')[0]!.identifiers).toEqual([
        { value: OWN, hint: 'whatsapp', role: 'account' },
      ]);
    },
  },
  {
    name: 'LID.sqlite',
    build: fileBuild('LID.sqlite'),
    expect: { 'identifier-link': 2 },
    check(drafts) {
      expect((drafts as DraftIdentifierLink[]).map((l) => [l.a.valueOf(), l.b.valueOf()])).toEqual([
        [
          { value: LID, hint: 'whatsapp' },
          { value: '447700900104@s.whatsapp.net', hint: 'whatsapp' },
        ],
        [
          { value: '999000111222333@lid', hint: 'whatsapp' },
          { value: '447700900106@s.whatsapp.net', hint: 'whatsapp' },
        ],
      ]);
    },
  },
]);

describe('whatsapp-ios writer counts', () => {
  it('predicts the parse of every file of the fixture exactly', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { countKinds } = await import('../../../testkit/run-parser.js');
    const dir = mkdtempSync(join(tmpdir(), 'tl-wa-'));
    try {
      const files = writeWhatsappIos(dir, waFixture());
      expect(files).toEqual([
        'ChatStorage.sqlite',
        'ChatStorage.sqlite-wal',
        'ContactsV2.sqlite',
        'CallHistory.sqlite',
        'LID.sqlite',
      ]);
      const total: Record<string, number> = {};
      for (const f of files.filter((x) => !x.endsWith('-wal')))
        for (const [k, v] of Object.entries(
          countKinds((await runParser(whatsappIosParser, join(dir, f))).drafts),
        ))
          total[k] = (total[k] ?? 0) + v;
      expect(total).toEqual(expectedCounts(waFixture(), OWN));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('whatsapp-ios properties', () => {
  const MCOLS = [
    'ZCHATSESSION',
    'ZISFROMME',
    'ZMESSAGETYPE',
    'ZGROUPMEMBER',
    'ZMEDIAITEM',
    'ZMESSAGEDATE',
    'ZFROMJID',
    'ZTOJID',
    'ZTEXT',
  ];
  it('arbitrary ZWAMESSAGE, session and member cells parse or raise AppError within the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(MCOLS), { minLength: 1, maxLength: 4 }),
        fc.array(arbRow(['ZCONTACTJID', 'ZSESSIONTYPE', 'ZPARTNERNAME', 'ZCONTACTIDENTIFIER']), {
          maxLength: 2,
        }),
        fc.array(arbRow(['ZCHATSESSION', 'ZMEMBERJID']), { maxLength: 2 }),
        fc.array(arbRow(['ZMESSAGE', 'ZLATITUDE', 'ZLONGITUDE', 'ZMEDIALOCALPATH', 'ZFILESIZE']), {
          maxLength: 2,
        }),
        async (msgs, sessions, members, items) => {
          const run = await parsesOrAppError(whatsappIosParser, (dir) => {
            const p = join(dir, 'ChatStorage.sqlite');
            const db = freshDb(p);
            db.pragma('synchronous = OFF');
            db.exec(
              WA_CHATSTORAGE_SCHEMA.split('\n')
                .filter((l) => l.startsWith('CREATE TABLE'))
                .join('\n'),
            );
            const ins = (t: string, cols: string[], r: Record<string, unknown>) =>
              db
                .prepare(
                  `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
                )
                .run(...cols.map((c) => bindable(r[c])));
            for (const r of msgs) ins('ZWAMESSAGE', MCOLS, r);
            for (const r of sessions)
              ins(
                'ZWACHATSESSION',
                ['ZCONTACTJID', 'ZSESSIONTYPE', 'ZPARTNERNAME', 'ZCONTACTIDENTIFIER'],
                r,
              );
            for (const r of members) ins('ZWAGROUPMEMBER', ['ZCHATSESSION', 'ZMEMBERJID'], r);
            for (const r of items)
              ins(
                'ZWAMEDIAITEM',
                ['ZMESSAGE', 'ZLATITUDE', 'ZLONGITUDE', 'ZMEDIALOCALPATH', 'ZFILESIZE'],
                r,
              );
            db.close();
            return p;
          });
          if (run) expect(of(run.drafts, 'message')).toHaveLength(msgs.length);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), seed: Number(process.env.FUZZ_SEED ?? 15) },
    );
  }, 120_000);

  it('arbitrary call event, aggregate and participant cells parse or raise AppError within the bound', async () => {
    const ECOLS = [
      'Z1CALLEVENTS',
      'ZDATE',
      'ZDURATION',
      'ZOUTCOME',
      'ZGROUPCALLCREATORUSERJIDSTRING',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(ECOLS), { minLength: 1, maxLength: 3 }),
        fc.array(arbRow(['ZINCOMING', 'ZVIDEO', 'ZMISSED']), { maxLength: 2 }),
        fc.array(arbRow(['Z1PARTICIPANTS', 'ZJIDSTRING']), { maxLength: 3 }),
        async (events, aggs, parts) => {
          const run = await parsesOrAppError(whatsappIosParser, (dir) => {
            const p = join(dir, 'CallHistory.sqlite');
            const db = freshDb(p);
            db.pragma('synchronous = OFF');
            db.exec(
              WA_CALLHISTORY_SCHEMA.split('\n')
                .filter((l) => l.startsWith('CREATE TABLE'))
                .join('\n'),
            );
            const ins = (t: string, cols: string[], r: Record<string, unknown>) =>
              db
                .prepare(
                  `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
                )
                .run(...cols.map((c) => bindable(r[c])));
            for (const r of events) ins('ZWACDCALLEVENT', ECOLS, r);
            for (const r of aggs)
              ins('ZWAAGGREGATECALLEVENT', ['ZINCOMING', 'ZVIDEO', 'ZMISSED'], r);
            for (const r of parts)
              ins('ZWACDCALLEVENTPARTICIPANT', ['Z1PARTICIPANTS', 'ZJIDSTRING'], r);
            db.close();
            return p;
          });
          if (run) expect(of(run.drafts, 'call')).toHaveLength(events.length);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: Number(process.env.FUZZ_SEED ?? 16) },
    );
  }, 120_000);
});

const JOSH_GROUP = corpusPath(
  'ileapp-josh-ios15/filesystem2/mobile/Containers/Shared/AppGroup/694FBBC5-2E69-480A-A25B-FF8CC038BEF8',
);

describe('whatsapp-ios on the Josh Hickman iOS 15 sample', () => {
  it.skipIf(!JOSH_GROUP)(
    '32 messages in 5 chats, 4 calls, 9 contacts, typed system rows, locations',
    async () => {
      const chat = await runParser(whatsappIosParser, join(JOSH_GROUP!, 'ChatStorage.sqlite'));
      // message 28 ("Done. It's gone." answers it) is missing below Z_MAX 33
      expect(chat.warnings).toEqual([
        'DELETED_RECORD @ ZWAMESSAGE: 1 messages with Z_PK 1..33 are absent (deleted on the device, or never stored)',
      ]);
      const msgs = of(chat.drafts, 'message') as DraftMessage[];
      expect(msgs).toHaveLength(32);
      const threads = of(chat.drafts, 'thread') as DraftThread[];
      expect(threads).toHaveLength(5);
      expect(threads.filter((t) => t.isGroup)).toHaveLength(4);
      const byType: Record<string, number> = {};
      for (const m of msgs) byType[m.type!] = (byType[m.type!] ?? 0) + 1;
      expect(byType).toEqual({ text: 15, image: 2, location: 4, 'group-event': 6, system: 5 });
      expect(
        msgs
          .filter((m) => m.type === 'group-event' || m.type === 'system')
          .every((m) => m.body === null),
      ).toBe(true);
      expect(msgs.filter((m) => m.direction === 'outgoing')).toHaveLength(11);
      expect(loc(msgs, 'ZWAMESSAGE:29').body).toBe('Done. It’s gone. 😀');
      expect(loc(threads, 'ZWACHATSESSION:3').participants).toEqual([
        'owner',
        { value: '205690463334636@lid', hint: 'whatsapp' },
      ]);
      expect(loc(threads, 'ZWACHATSESSION:3').groupId).toEqual({
        value: '120363043672417929@g.us',
        hint: 'whatsapp',
      });
      const where = of(chat.drafts, 'location') as DraftLocation[];
      expect(where.map((l) => [l.lat?.toFixed(4), l.lon?.toFixed(4)])).toEqual([
        ['35.6385', '-78.8761'],
        ['35.6425', '-78.8609'],
        ['35.6363', '-78.8539'],
        ['35.6344', '-78.8527'],
      ]);
      expect(of(chat.drafts, 'media')).toHaveLength(2);
      expect(of(chat.drafts, 'device-info')[0]!.identifiers).toEqual([
        { value: '19195794674@s.whatsapp.net', hint: 'whatsapp', role: 'account' },
      ]);

      const calls = of(
        (await runParser(whatsappIosParser, join(JOSH_GROUP!, 'CallHistory.sqlite'))).drafts,
        'call',
      ) as DraftCall[];
      expect(calls.map((c) => [c.direction, c.video, c.status])).toEqual([
        ['outgoing', false, 'answered'],
        ['incoming', false, 'answered'],
        ['outgoing', true, 'answered'],
        ['incoming', true, 'answered'],
      ]);
      const contacts = of(
        (await runParser(whatsappIosParser, join(JOSH_GROUP!, 'ContactsV2.sqlite'))).drafts,
        'contact',
      ) as DraftContact[];
      expect(contacts).toHaveLength(9);
      expect(loc(contacts, 'ZWAADDRESSBOOKCONTACT:7').entries).toEqual([
        { value: '(919) 391-2507', hint: 'phone', label: 'TextNow' },
        { value: '19193912507@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
      ]);
    },
  );

  it.skipIf(!JOSH_GROUP)(
    'ingests the app group end to end; the WAL databases are unchanged',
    async () => {
      const names = readdirSync(JOSH_GROUP!).sort();
      const before = await Promise.all(
        names.map(async (n) => (await sha256File(join(JOSH_GROUP!, n))).sha256),
      );
      const t = await tempCase();
      try {
        const r = await ingest(t.store, {
          caseRef: 'TEST-1',
          inputs: [JOSH_GROUP!],
          toolVersion: 'test',
          region: 'US',
        });
        const counts = Object.fromEntries(
          r.sources
            .filter((s) => s.status === 'parsed')
            .map((s) => [s.path.split('/').pop(), s.counts]),
        );
        expect(counts).toEqual({
          'CallHistory.sqlite': { calls: 4, 'device-info': 1, accounts: 2 },
          'ChatStorage.sqlite': {
            threads: 5,
            messages: 32,
            media: 2,
            locations: 4,
            'device-info': 1,
            accounts: 2,
          },
          'ContactsV2.sqlite': { contacts: 9, accounts: 5 },
        });
        expect(r.sources.filter((s) => s.status === 'companion')).toHaveLength(6);
        const links = await t.store.db
          .selectFrom('identifier_links')
          .select(['a_key', 'b_key'])
          .distinct()
          .orderBy('a_key')
          .execute();
        expect(links.map((l) => `${l.a_key} = ${l.b_key}`)).toContain(
          'whatsapp:19195794674@s.whatsapp.net = phone:+19195794674',
        );
        const acct = await t.store.db
          .selectFrom('device_identifiers')
          .select(['key', 'role'])
          .distinct()
          .execute();
        expect(acct).toEqual([{ key: 'whatsapp:19195794674@s.whatsapp.net', role: 'account' }]);
        const lid = await t.store.db
          .selectFrom('item_parties')
          .select('key')
          .distinct()
          .where('key', 'like', '%@lid')
          .execute();
        expect(lid).toEqual([{ key: 'whatsapp:205690463334636@lid' }]);
      } finally {
        await t.cleanup();
      }
      const after = await Promise.all(
        names.map(async (n) => (await sha256File(join(JOSH_GROUP!, n))).sha256),
      );
      expect(after).toEqual(before);
    },
  );
  if (!JOSH_GROUP)
    it('public corpus absent: WhatsApp iOS sample checks skipped', () =>
      expect(JOSH_GROUP).toBeNull());
});
