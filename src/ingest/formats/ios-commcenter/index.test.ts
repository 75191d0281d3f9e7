// iOS CommCenter plists: generated binary and XML plists (two SIMs, two IMEI slots), both public
// samples with the IMEI, ICCID, IMSI and number SOURCES.md names, hostile plists, and an ingest.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { build as buildXml, buildBinary } from 'plist';
import { iosCommCenterParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { corpusPath } from '../../../testkit/corpus.js';
import { tempCase } from '../../../testkit/temp-store.js';
import { ingest } from '../../runner.js';
import { sha256File } from '../../../evidence/hash-file.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import {
  writeIosCommCenter,
  IOS_COMMCENTER_PATH,
  IOS_COMMCENTER_DEVICE_PATH,
} from '../../../generator/writers/ios-commcenter.js';
import type { Draft, DraftDeviceInfo } from '../../../model/entities.js';

const DATA = {
  imeis: ['356938035643809', '356938035643817'],
  sims: [
    { iccid: '8944100000000000018', imsi: '234150000000001', number: '447700900100' },
    { iccid: '8944200000000000017', imsi: '234300000000002', number: '447700900199' },
  ],
  osVersion: '16.5',
};

const infos = (d: Draft[]) => d.filter((x): x is DraftDeviceInfo => x.kind === 'device-info');
const ids = (d: Draft[]) =>
  infos(d)
    .flatMap((i) => (i.identifiers ?? []).map((x) => `${x.role}:${x.value}`))
    .sort();

describeParserContract(iosCommCenterParser, [
  {
    name: 'generated com.apple.commcenter.device_specific_nobackup.plist (binary)',
    build: (dir) => {
      writeIosCommCenter(dir, DATA);
      return join(dir, IOS_COMMCENTER_DEVICE_PATH);
    },
    expect: { 'device-info': 3 },
    check(drafts) {
      const top = infos(drafts).find((i) => i.locator === 'plist:/')!;
      expect(top.identifiers).toEqual([
        { value: '356938035643809', role: 'imei' },
        { value: '356938035643817', role: 'imei' },
        { value: '8944100000000000018', role: 'iccid' },
        { value: '8944200000000000017', role: 'iccid' },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ]);
      expect(top.facts?.['imei.1:kOne']).toBe('356938035643809');
      expect(top.facts?.['commcenter.kOperatorRoamingInfo_Subscriber_Mcc']).toBe('234');
    },
  },
  {
    name: 'generated com.apple.commcenter.plist (binary)',
    build: (dir) => {
      writeIosCommCenter(dir, DATA);
      return join(dir, IOS_COMMCENTER_PATH);
    },
    expect: { 'device-info': 3 },
    check(drafts) {
      expect(infos(drafts)[0]!.os).toBe('iOS 16.5');
      const sim2 = infos(drafts).find(
        (i) => i.locator === 'plist:/PersonalWallet/8944200000000000017',
      )!;
      expect(sim2.identifiers).toEqual([
        { value: '8944200000000000017', role: 'iccid' },
        { value: '234300000000002', role: 'imsi' },
        { value: '356938035643809', role: 'imei' },
        { value: '+447700900199', hint: 'phone', role: 'owner' },
      ]);
    },
  },
  {
    name: 'XML plist of an older iOS',
    build: (dir) => {
      const p = join(dir, 'com.apple.commcenter.plist');
      writeFileSync(
        p,
        buildXml({
          imei: '356938035643809',
          ReportedPhoneNumber: '447700900100',
          LastKnownICCID: '8944100000000000018',
        }),
      );
      return p;
    },
    expect: { 'device-info': 1 },
    noFuzz: 'XML text mutations are covered by the hostile-plist test below',
    check(drafts) {
      expect(ids(drafts)).toEqual([
        'iccid:8944100000000000018',
        'imei:356938035643809',
        'owner:+447700900100',
      ]);
    },
  },
]);

describe('ios-commcenter', () => {
  it('refuses an XML plist that declares entities, and a root that is not a dictionary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cc-'));
    try {
      const a = join(dir, 'com.apple.commcenter.plist');
      writeFileSync(
        a,
        '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY x SYSTEM "file:///etc/passwd">]><plist version="1.0"><dict><key>PhoneNumber</key><string>&x;</string></dict></plist>',
      );
      await expect(runParser(iosCommCenterParser, a)).rejects.toMatchObject({
        code: ErrorCodes.XML_UNSAFE,
      });
      const b = join(dir, 'com.apple.commcenter.device_specific_nobackup.plist');
      writeFileSync(b, buildBinary(['not', 'a', 'dict']));
      await expect(runParser(iosCommCenterParser, b)).rejects.toMatchObject({
        code: ErrorCodes.PARSE_ERROR,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not bid on other plists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cc-'));
    try {
      const p = join(dir, 'com.apple.Preferences.plist');
      writeFileSync(p, buildBinary({ ReportedPhoneNumber: '447700900100' }));
      expect((await runParser(iosCommCenterParser, p)).bid).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('property: arbitrary plist values and byte edits parse or raise AppError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cc-'));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom(
            'imeis',
            'first',
            'second',
            'PersonalWallet',
            'ReportedPhoneNumber',
            'CarrierEntitlements',
            'lastGoodImsi',
            'phonebook',
            'x',
          ),
          tie('v'),
          { maxKeys: 4 },
        ),
      ),
    })).v;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.string(), value, { maxKeys: 5 }),
          fc.array(fc.tuple(fc.nat(400), fc.nat(255)), { maxLength: 4 }),
          async (root, edits) => {
            const bytes = Buffer.from(buildBinary(root as Parameters<typeof buildBinary>[0]));
            for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
            const p = join(dir, 'com.apple.commcenter.plist');
            writeFileSync(p, bytes);
            const t0 = Date.now();
            try {
              await runParser(iosCommCenterParser, p);
            } catch (e) {
              expect(e).toBeInstanceOf(AppError);
            }
            expect(Date.now() - t0).toBeLessThan(10_000);
          },
        ),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? 150),
          seed: Number(process.env.FUZZ_SEED ?? 14),
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

const PREFS = 'wireless/Library/Preferences';
const JOSH_DS = corpusPath(
  `ileapp-josh-ios15/filesystem2/${PREFS}/com.apple.commcenter.device_specific_nobackup.plist`,
);
const JOSH_CC = corpusPath(`ileapp-josh-ios15/filesystem2/${PREFS}/com.apple.commcenter.plist`);
const MVS_DS = corpusPath(
  `ileapp-mvs-ios2023/private/var/${PREFS}/com.apple.commcenter.device_specific_nobackup.plist`,
);
const MVS_CC = corpusPath(`ileapp-mvs-ios2023/private/var/${PREFS}/com.apple.commcenter.plist`);

describe('ios-commcenter on the public samples', () => {
  it.skipIf(!JOSH_DS || !JOSH_CC)(
    'Josh Hickman iOS 15: IMEI, ICCID, IMSI and the number 19195794674',
    async () => {
      const a = await runParser(iosCommCenterParser, JOSH_DS!);
      const b = await runParser(iosCommCenterParser, JOSH_CC!);
      expect(ids(a.drafts)).toEqual([
        'iccid:8901260971148676693',
        'iccid:8901260971148676693',
        'imei:356763089830742',
        'owner:+19195794674',
      ]);
      expect(ids(b.drafts)).toEqual([
        'iccid:8901260971148676693',
        'iccid:8901260971148676693',
        'imei:356763089830742',
        'imsi:310260974867669',
        'owner:+19195794674',
        'owner:+19195794674',
      ]);
      expect(
        infos(a.drafts)[0]!.facts?.['commcenter.kOperatorRoamingInfo_Subscriber_CarrierBundleID'],
      ).toBe('com.apple.TMobile_MVNO_US');
    },
  );

  it.skipIf(!MVS_DS || !MVS_CC)(
    'MVS 2023: two IMEI slots and two SIMs, each number beside its SIM',
    async () => {
      const a = await runParser(iosCommCenterParser, MVS_DS!);
      const b = await runParser(iosCommCenterParser, MVS_CC!);
      expect(ids(a.drafts)).toEqual([
        'iccid:89148000008588244776',
        'imei:359669602382763',
        'imei:359669602478579',
      ]);
      expect(infos(a.drafts)[0]!.facts?.['commcenter.meid']).toBe('35966960238276');
      const sims = infos(b.drafts).filter((i) => i.locator.startsWith('plist:/PersonalWallet/'));
      expect(
        sims.map((s) => [s.locator, (s.identifiers ?? []).map((x) => `${x.role}:${x.value}`)]),
      ).toEqual([
        [
          'plist:/PersonalWallet/89014102270842269970',
          ['iccid:89014102270842269970', 'imsi:310410084226997', 'owner:+19802135560'],
        ],
        [
          'plist:/PersonalWallet/89148000008588244776',
          [
            'iccid:89148000008588244776',
            'imsi:311480808008955',
            'imei:359669602382763',
            'owner:+14439877293',
          ],
        ],
      ]);
      expect(infos(b.drafts)[0]!.os).toBe('iOS 16.1.1');
      expect(ids(b.drafts).filter((x) => x.startsWith('owner:'))).toEqual([
        'owner:+14439877293',
        'owner:+14439877293',
        'owner:+19802135560',
      ]);
    },
  );

  it.skipIf(!JOSH_DS || !JOSH_CC)(
    'ingest end to end: device identifiers with roles, sources unchanged',
    async () => {
      const before = [(await sha256File(JOSH_DS!)).sha256, (await sha256File(JOSH_CC!)).sha256];
      const t = await tempCase();
      try {
        const r = await ingest(t.store, {
          caseRef: 'TEST-1',
          inputs: [join(JOSH_DS!, '..')],
          toolVersion: 'test',
          region: 'US',
        });
        expect(r.sources.map((s) => [s.path.split('/').pop(), s.status, s.counts])).toEqual([
          ['com.apple.commcenter.device_specific_nobackup.plist', 'parsed', { 'device-info': 2 }],
          ['com.apple.commcenter.plist', 'parsed', { 'device-info': 2 }],
        ]);
        const rows = await t.store.db
          .selectFrom('device_identifiers')
          .select(['key', 'role'])
          .distinct()
          .orderBy('key')
          .execute();
        expect(rows).toEqual([
          { key: 'iccid:8901260971148676693', role: 'iccid' },
          { key: 'imei:356763089830742', role: 'imei' },
          { key: 'imsi:310260974867669', role: 'imsi' },
          { key: 'phone:+19195794674', role: 'owner' },
        ]);
        const dev = await t.store.db.selectFrom('devices').select(['os']).executeTakeFirstOrThrow();
        expect(dev.os).toBeNull();
      } finally {
        await t.cleanup();
      }
      expect([(await sha256File(JOSH_DS!)).sha256, (await sha256File(JOSH_CC!)).sha256]).toEqual(
        before,
      );
    },
  );
  if (!JOSH_DS || !MVS_DS)
    it('public corpus absent: CommCenter sample checks skipped', () =>
      expect(JOSH_DS && MVS_DS).toBeFalsy());
});
