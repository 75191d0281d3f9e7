// iOS AddressBook.sqlitedb: generated stores (labels, structured addresses, IM and social handles,
// the me card, a deleted and a WAL-only contact), the two public samples whose rows (and, for one,
// schema) live only in the WAL, properties on arbitrary cells, and end-to-end ingests.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosAddressBookParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { corpusPath } from '../../../testkit/corpus.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { tempCase } from '../../../testkit/temp-store.js';
import { ingest } from '../../runner.js';
import { sha256File } from '../../../evidence/hash-file.js';
import { DiskFile } from '../../../evidence/disk-file.js';
import { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { ScratchSpace } from '../../../evidence/scratch-space.js';
import {
  AB,
  writeIosAddressBook,
  type IosAddressBookData,
} from '../../../generator/writers/ios-addressbook.js';
import { IOS_ADDRESSBOOK_SCHEMA } from '../../../generator/writers/ios-addressbook-schema.js';
import type { Draft, DraftContact, DraftDeviceInfo } from '../../../model/entities.js';

const T0 = Date.UTC(2023, 5, 1);

function data(): IosAddressBookData {
  return {
    seed: 'A1',
    stores: [
      { id: 0, name: '', type: 0 },
      {
        id: 1,
        name: 'Card',
        externalIdentifier: '/1234/carddavhome/card/',
        type: 4,
        meIdentifier: 4,
      },
    ],
    persons: [
      {
        id: 1,
        first: 'Jay',
        last: 'Smith',
        storeId: 0,
        createdMs: T0,
        note: 'met at the gym',
        values: [
          { property: AB.phone, label: '_$!<Mobile>!$_', value: '07700 900101' },
          { property: AB.email, label: '_$!<Home>!$_', value: 'jay@example.org' },
          {
            property: AB.address,
            label: '_$!<Home>!$_',
            entry: {
              Street: '1 High Street',
              City: 'Leeds',
              ZIP: 'LS1 1AA',
              Country: 'United Kingdom',
            },
          },
          { property: AB.url, label: '_$!<HomePage>!$_', value: 'https://example.org/jay' },
        ],
      },
      {
        id: 2,
        organization: 'Acme Ltd',
        kind: 1,
        storeId: 0,
        createdMs: T0,
        values: [{ property: AB.phone, label: '_$!<Main>!$_', value: '+44 113 496 0000' }],
      },
      {
        id: 3,
        first: 'Mo',
        storeId: 0,
        createdMs: T0,
        values: [
          { property: AB.phone, label: 'Burner', value: '07700900102' },
          { property: AB.social, entry: { service: 'Instagram', username: 'mo_runs' } },
          {
            property: AB.im,
            label: '_$!<Other>!$_',
            entry: { service: 'Telegram', username: 'mo77' },
          },
        ],
      },
      {
        id: 4,
        first: 'Me',
        last: 'Myself',
        storeId: 1,
        createdMs: T0,
        values: [
          { property: AB.phone, label: '_$!<iPhone>!$_', value: '+447700900100' },
          { property: AB.email, value: 'me@example.org' },
        ],
      },
    ],
    deleted: [
      {
        id: 5,
        first: 'Gone',
        last: 'Person',
        storeId: 0,
        createdMs: T0,
        values: [{ property: AB.phone, value: '07700900105' }],
      },
    ],
    walOnly: [
      {
        id: 6,
        first: 'Wal',
        last: 'Only',
        storeId: 0,
        createdMs: T0,
        values: [{ property: AB.phone, value: '07700900106' }],
      },
    ],
  };
}

function build(dir: string): string {
  const p = join(dir, 'AddressBook.sqlitedb');
  writeIosAddressBook(p, data());
  return p;
}

const contacts = (d: Draft[]) => d.filter((x): x is DraftContact => x.kind === 'contact');
const byLoc = (d: Draft[], id: number) => contacts(d).find((c) => c.locator === `ABPerson:${id}`)!;

describeParserContract(iosAddressBookParser, [
  {
    name: 'generated AddressBook.sqlitedb',
    build,
    expect: { contact: 5, 'device-info': 1 },
    check(drafts) {
      const jay = byLoc(drafts, 1);
      expect(jay.name).toBe('Jay Smith');
      expect(jay.app).toBeNull();
      expect(jay.note).toBe('met at the gym');
      expect(jay.entries).toEqual([
        { value: '07700 900101', hint: 'phone', label: 'Mobile' },
        { value: 'jay@example.org', hint: 'email', label: 'Home' },
      ]);
      expect(jay.raw?.addresses).toEqual([
        {
          label: 'Home',
          Street: '1 High Street',
          City: 'Leeds',
          ZIP: 'LS1 1AA',
          Country: 'United Kingdom',
        },
      ]);
      expect(jay.raw?.urls).toEqual([{ label: 'HomePage', url: 'https://example.org/jay' }]);
      expect(jay.account).toBe('');
      expect(jay.recovery).toBe('live');

      const acme = byLoc(drafts, 2);
      expect(acme.name).toBe('Acme Ltd');
      expect(acme.entries).toEqual([{ value: '+44 113 496 0000', hint: 'phone', label: 'Main' }]);

      expect(byLoc(drafts, 3).entries).toEqual([
        { value: '07700900102', hint: 'phone', label: 'Burner' },
        { value: 'mo77', hint: 'telegram', label: 'Telegram' },
        { value: 'mo_runs', hint: 'instagram', label: 'Instagram' },
      ]);
      const me = byLoc(drafts, 4);
      expect(me.account).toBe('Card');
      expect(me.raw?.storeExternalIdentifier).toBe('/1234/carddavhome/card/');
      const info = drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(info.locator).toBe('ABStore.MeIdentifier:4');
      expect(info.identifiers).toEqual([
        { value: '+447700900100', hint: 'phone', role: 'owner' },
        { value: 'me@example.org', hint: 'email', role: 'account' },
      ]);
      expect(info.facts).toEqual({ 'contacts.meCard': 'Me Myself' });

      expect(contacts(drafts).some((c) => c.locator === 'ABPerson:5')).toBe(false);
      expect(byLoc(drafts, 6).recovery).toBe('wal-only');
      expect(contacts(drafts).filter((c) => c.recovery === 'wal-only')).toHaveLength(1);
    },
  },
]);

describe('ios-addressbook', () => {
  it('records the ROWID gap a deleted contact leaves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ab-'));
    try {
      const run = await runParser(iosAddressBookParser, build(dir));
      expect(run.warnings).toEqual([
        'DELETED_RECORD @ ABPerson: 1 ABPerson ROWIDs between 1 and 6 are absent (contacts deleted or moved)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('property: arbitrary person and multi-value cells parse or raise AppError within the bound', async () => {
    const PCOLS = ['First', 'Last', 'Organization', 'Note', 'StoreID', 'CreationDate'];
    const MCOLS = ['record_id', 'property', 'identifier', 'label', 'value'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(PCOLS), { minLength: 1, maxLength: 3 }),
        fc.array(arbRow(MCOLS), { maxLength: 5 }),
        fc.array(arbRow(['parent_id', 'key', 'value']), { maxLength: 3 }),
        async (people, mvs, ents) => {
          const run = await parsesOrAppError(iosAddressBookParser, (dir) => {
            const p = join(dir, 'AddressBook.sqlitedb');
            const db = freshDb(p);
            db.pragma('synchronous = OFF');
            db.exec(
              IOS_ADDRESSBOOK_SCHEMA.split('\n')
                .filter((l) => l.startsWith('CREATE TABLE'))
                .map((l) =>
                  l
                    .replace(/ NOT NULL DEFAULT \(ab_generate_guid\(\)\)/g, '')
                    .replace(/, UNIQUE\(guid\)/g, ''),
                )
                .join('\n'),
            );
            db.exec(
              "INSERT INTO ABMultiValueLabel (value) VALUES ('_$!<Mobile>!$_'); INSERT INTO ABMultiValueEntryKey (value) VALUES ('username');",
            );
            const ins = (t: string, cols: string[], r: Record<string, unknown>) =>
              db
                .prepare(
                  `INSERT OR IGNORE INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
                )
                .run(...cols.map((c) => bindable(r[c])));
            for (const r of people) ins('ABPerson', PCOLS, r);
            for (const r of mvs) ins('ABMultiValue', MCOLS, r);
            for (const r of ents) ins('ABMultiValueEntry', ['parent_id', 'key', 'value'], r);
            db.close();
            return p;
          });
          if (run) expect(contacts(run.drafts)).toHaveLength(people.length);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: Number(process.env.FUZZ_SEED ?? 13) },
    );
  }, 120_000);
});

const JOSH = corpusPath(
  'ileapp-josh-ios15/filesystem2/mobile/Library/AddressBook/AddressBook.sqlitedb',
);
const MVS = corpusPath(
  'ileapp-mvs-ios2023/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb',
);

describe('ios-addressbook on the public samples (WAL databases)', () => {
  it.skipIf(!JOSH)(
    'Josh Hickman iOS 15 with its WAL: 9 people, labels cleaned, the me card',
    async () => {
      const run = await runParser(iosAddressBookParser, JOSH!, { region: 'US' });
      const cs = contacts(run.drafts);
      expect(cs).toHaveLength(9);
      const josh = byLoc(run.drafts, 7);
      expect(josh.name).toBe('Josh Hickman');
      expect(josh.account).toBe('Address Book');
      expect(josh.entries).toEqual([
        { value: '(919) 579-0479', hint: 'phone', label: 'Mobile' },
        { value: '(919) 391-2507', hint: 'phone', label: 'TextNow' },
        { value: 'joshuahickman957@gmail.com', hint: 'email' },
      ]);
      const apple = byLoc(run.drafts, 2);
      expect(apple.name).toBe('Apple Inc.');
      expect(apple.entries).toEqual([{ value: '1-800-MY-APPLE', hint: 'phone', label: 'Main' }]);
      expect(apple.raw?.addresses).toEqual([
        {
          label: 'Work',
          Street: 'One Apple Park Way',
          ZIP: '95014',
          City: 'Cupertino',
          CountryCode: 'us',
          State: 'CA',
          Country: 'United States',
        },
      ]);
      expect(apple.raw?.urls).toEqual([{ label: 'HomePage', url: 'http://www.apple.com' }]);
      const info = run.drafts.filter((d): d is DraftDeviceInfo => d.kind === 'device-info');
      expect(info).toEqual([
        {
          kind: 'device-info',
          locator: 'ABStore.MeIdentifier:3',
          identifiers: [],
          facts: { 'contacts.meCard': 'This Is DFIR' },
        },
      ]);
    },
  );

  it.skipIf(!MVS)(
    'MVS 2023: 0 people with the WAL, and the main file alone has 0 tables',
    async () => {
      const run = await runParser(iosAddressBookParser, MVS!);
      expect(run.bid).toBe(95);
      expect(contacts(run.drafts)).toHaveLength(0);
      const scratch = new ScratchSpace();
      try {
        // the main file without its -wal beside it
        const alone = new DiskFile(MVS!, 'AddressBook.sqlitedb', statSync(MVS!).size, MVS!);
        const db = await EvidenceDb.open(alone, scratch);
        expect(db.tables().size).toBe(0);
        db.close();
        const withWal = await EvidenceDb.open(
          (await import('../../../testkit/run-parser.js')).evidenceFiles(MVS!)[0]!,
          scratch,
        );
        expect([...withWal.tables()].filter((t) => !t.startsWith('sqlite_')).length).toBe(29);
        expect(withWal.all('SELECT count(*) AS n FROM ABStore')[0]!.n).toBe(2n);
        withWal.close();
      } finally {
        scratch.dispose();
      }
    },
  );

  it.skipIf(!JOSH || !MVS)(
    'ingest end to end leaves both WAL databases byte for byte unchanged',
    async () => {
      const files = [JOSH!, `${JOSH!}-wal`, `${JOSH!}-shm`, MVS!, `${MVS!}-wal`, `${MVS!}-shm`];
      const before = await Promise.all(files.map(async (f) => (await sha256File(f)).sha256));
      const t = await tempCase();
      try {
        const a = await ingest(t.store, {
          caseRef: 'TEST-1',
          inputs: [join(JOSH!, '..')],
          deviceLabel: 'josh',
          toolVersion: 'test',
          region: 'US',
        });
        const s = a.sources.find((x) => x.path.endsWith('/AddressBook.sqlitedb'))!;
        expect([s.status, s.parser]).toEqual(['parsed', 'ios-addressbook@1.0.0']);
        expect(s.counts).toEqual({ contacts: 9, 'device-info': 1 });
        expect(s.anomalies).toContain('wal-applied');
        const b = await ingest(t.store, {
          caseRef: 'TEST-1',
          inputs: [join(MVS!, '..')],
          deviceLabel: 'mvs',
          toolVersion: 'test',
        });
        const m = b.sources.find((x) => x.path.endsWith('/AddressBook.sqlitedb'))!;
        expect([m.status, m.parser, m.counts]).toEqual(['parsed', 'ios-addressbook@1.0.0', {}]);
        const n = await t.store.db
          .selectFrom('contacts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst();
        expect(Number(n?.n)).toBe(9);
        const josh = await t.store.db
          .selectFrom('contacts')
          .select(['name', 'entries'])
          .where('locator', '=', 'ABPerson:7')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(josh.entries)).toEqual([
          { key: 'phone:+19195790479', raw: '(919) 579-0479', label: 'Mobile' },
          { key: 'phone:+19193912507', raw: '(919) 391-2507', label: 'TextNow' },
          {
            key: 'email:joshuahickman957@gmail.com',
            raw: 'joshuahickman957@gmail.com',
            label: null,
          },
        ]);
      } finally {
        await t.cleanup();
      }
      const after = await Promise.all(files.map(async (f) => (await sha256File(f)).sha256));
      expect(after).toEqual(before);
    },
  );
  if (!JOSH || !MVS)
    it('public corpus absent: AddressBook sample checks skipped', () =>
      expect(JOSH && MVS).toBeFalsy());
});
