// Writes iOS Contacts (AddressBook.sqlitedb) with the real tables: ABPerson, ABMultiValue with
// labels in ABMultiValueLabel (`_$!<Mobile>!$_` for the built-in ones), structured values in
// ABMultiValueEntry, stores and accounts; Cocoa integer seconds; WAL mode, optionally with contacts
// that exist only in the WAL; deleted contacts leave a ROWID gap, as on a device.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { IOS_ADDRESSBOOK_SCHEMA } from './ios-addressbook-schema.js';
import { cocoaSecondsInt, guidFor } from './apple-values.js';

/** Where iOS keeps it in a file-system extraction. */
export const IOS_ADDRESSBOOK_PATH = 'private/var/mobile/Library/AddressBook/AddressBook.sqlitedb';

/** ABMultiValue.property ids. */
export const AB = { phone: 3, email: 4, address: 5, im: 13, url: 22, social: 46 } as const;

/** Labels iOS stores in its `_$!<…>!$_` form; anything else is a custom label, stored as typed. */
const BUILT_IN_LABELS = new Set([
  'Mobile',
  'iPhone',
  'Home',
  'Work',
  'Main',
  'HomeFAX',
  'WorkFAX',
  'OtherFAX',
  'Pager',
  'Other',
  'HomePage',
  'School',
]);

export function appleLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  return BUILT_IN_LABELS.has(label) ? `_$!<${label}>!$_` : label;
}

export interface AbValue {
  property: number;
  /** Label as stored (`_$!<Mobile>!$_` or a custom text). */
  label?: string;
  value?: string;
  /** Structured parts (address Street/City/…, IM service/username). */
  entry?: Record<string, string>;
}

export interface AbPerson {
  id: number;
  first?: string;
  middle?: string;
  last?: string;
  organization?: string;
  nickname?: string;
  note?: string;
  kind?: 0 | 1;
  storeId: number;
  createdMs: number;
  values: AbValue[];
}

export interface AbStore {
  id: number;
  name: string;
  externalIdentifier?: string;
  type: number;
  meIdentifier?: number;
}

export interface IosAddressBookData {
  seed: string;
  stores: AbStore[];
  persons: AbPerson[];
  /** Persons written, then deleted (their ROWID stays below sqlite_sequence). */
  deleted?: AbPerson[];
  /** Persons written only to the WAL. */
  walOnly?: AbPerson[];
}

class Writer {
  private readonly labels = new Map<string, number>();
  private readonly keys = new Map<string, number>();
  private uid = 0;
  constructor(
    private readonly db: Database.Database,
    private readonly seed: string,
  ) {}

  private label(text: string): number {
    let id = this.labels.get(text);
    if (id === undefined) {
      id = Number(
        this.db.prepare('INSERT INTO ABMultiValueLabel (value) VALUES (?)').run(text)
          .lastInsertRowid,
      );
      this.labels.set(text, id);
    }
    return id;
  }

  private key(text: string): number {
    let id = this.keys.get(text);
    if (id === undefined) {
      id = Number(
        this.db.prepare('INSERT INTO ABMultiValueEntryKey (value) VALUES (?)').run(text)
          .lastInsertRowid,
      );
      this.keys.set(text, id);
    }
    return id;
  }

  person(p: AbPerson): void {
    const first = p.first ?? null;
    const last = p.last ?? null;
    this.db
      .prepare(
        `INSERT INTO ABPerson (ROWID, First, Middle, Last, Organization, Nickname, Note, Kind, StoreID,
           CreationDate, ModificationDate, FirstSort, LastSort, FirstSortSection, LastSortSection,
           DisplayName, ExternalIdentifier, guid)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,?)`,
      )
      .run(
        p.id,
        first,
        p.middle ?? null,
        last,
        p.organization ?? null,
        p.nickname ?? null,
        p.note ?? null,
        p.kind ?? 0,
        p.storeId,
        cocoaSecondsInt(p.createdMs),
        cocoaSecondsInt(p.createdMs),
        (first ?? last ?? p.organization ?? '').toUpperCase(),
        (last ?? first ?? p.organization ?? '').toUpperCase(),
        (first ?? last ?? p.organization ?? '#').slice(0, 1).toUpperCase(),
        (last ?? first ?? p.organization ?? '#').slice(0, 1).toUpperCase(),
        guidFor(`${this.seed}:abperson:${p.id}`),
      );
    const identifiers = new Map<number, number>();
    for (const v of p.values) {
      const uid = ++this.uid;
      const identifier = identifiers.get(v.property) ?? 0;
      identifiers.set(v.property, identifier + 1);
      this.db
        .prepare(
          'INSERT INTO ABMultiValue (UID, record_id, property, identifier, label, value, guid) VALUES (?,?,?,?,?,?,?)',
        )
        .run(
          uid,
          p.id,
          v.property,
          identifier,
          v.label !== undefined ? this.label(v.label) : null,
          v.value ?? null,
          guidFor(`${this.seed}:abmv:${p.id}:${uid}`),
        );
      if (v.property === AB.phone && v.value) {
        const digits = v.value.replace(/\D/g, '');
        this.db
          .prepare('INSERT INTO ABPhoneLastFour (multivalue_id, value) VALUES (?, ?)')
          .run(uid, digits.slice(-4));
      }
      for (const [k, val] of Object.entries(v.entry ?? {}))
        this.db
          .prepare('INSERT INTO ABMultiValueEntry (parent_id, key, value) VALUES (?,?,?)')
          .run(uid, this.key(k), val);
    }
  }
}

export function writeIosAddressBook(path: string, data: IosAddressBookData): void {
  mkdirSync(dirname(path), { recursive: true });
  let w: Writer | null = null;
  writeSqliteFile(
    path,
    (db) => {
      db.function('ab_generate_guid', () => guidFor(`${data.seed}:generated`));
      db.exec(IOS_ADDRESSBOOK_SCHEMA);
      const prop = db.prepare('INSERT INTO _SqliteDatabaseProperties (key, value) VALUES (?, ?)');
      prop.run('_ClientVersion', '83');
      prop.run('_UniqueIdentifier', guidFor(`${data.seed}:addressbook`));
      prop.run('DefaultStore', String(data.stores[0]?.id ?? 0));
      for (const s of data.stores)
        db.prepare(
          `INSERT INTO ABStore (ROWID, Name, ExternalIdentifier, Type, StoreInternalIdentifier, Enabled, MeIdentifier, guid)
           VALUES (?,?,?,?,?,1,?,?)`,
        ).run(
          s.id,
          s.name,
          s.externalIdentifier ?? null,
          s.type,
          s.type === 0 ? 'local' : guidFor(`${data.seed}:store-internal:${s.id}`),
          s.meIdentifier ?? -1,
          guidFor(`${data.seed}:store:${s.id}`),
        );
      w = new Writer(db, data.seed);
      for (const p of data.persons) w.person(p);
      for (const p of data.deleted ?? []) {
        w.person(p);
        db.prepare(
          'DELETE FROM ABMultiValueEntry WHERE parent_id IN (SELECT UID FROM ABMultiValue WHERE record_id = ?)',
        ).run(p.id);
        db.prepare(
          'DELETE FROM ABPhoneLastFour WHERE multivalue_id IN (SELECT UID FROM ABMultiValue WHERE record_id = ?)',
        ).run(p.id);
        db.prepare('DELETE FROM ABMultiValue WHERE record_id = ?').run(p.id);
        db.prepare('DELETE FROM ABPerson WHERE ROWID = ?').run(p.id);
      }
    },
    {
      walTail: data.walOnly?.length
        ? () => {
            for (const p of data.walOnly!) w!.person(p);
          }
        : undefined,
    },
  );
}

/** Writes a device's own contacts (those no app holds) as AddressBook.sqlitedb in a local store. */
export const iosAddressBookWriter: DeviceWriter = {
  id: 'ios-addressbook',
  write(dir, device) {
    const data: IosAddressBookData = {
      seed: device.id,
      stores: [{ id: 0, name: '', type: 0 }],
      persons: [],
      deleted: [],
      walOnly: [],
    };
    for (const c of device.contacts) {
      if (c.app) continue;
      const [first, ...rest] = c.name.split(' ');
      const values: AbValue[] = [];
      for (const e of c.entries) {
        if (e.kind === 'phone')
          values.push({ property: AB.phone, label: appleLabel(e.label), value: e.written });
        else if (e.kind === 'email')
          values.push({ property: AB.email, label: appleLabel(e.label), value: e.written });
        else if (e.kind === 'whatsapp' || e.kind === 'telegram')
          values.push({
            property: AB.social,
            entry: {
              service: e.kind === 'whatsapp' ? 'WhatsApp' : 'Telegram',
              username: e.written,
            },
          });
      }
      const p: AbPerson = {
        // ROWID = the device-data id, traceable to the ground truth
        id: c.id,
        first,
        last: rest.length ? rest.join(' ') : undefined,
        storeId: 0,
        createdMs: Date.UTC(2023, 0, 1) + c.id * 86_400_000,
        values,
      };
      if (c.deleted) data.deleted!.push(p);
      else if (c.walOnly) data.walOnly!.push(p);
      else data.persons.push(p);
    }
    writeIosAddressBook(join(dir, IOS_ADDRESSBOOK_PATH), data);
    return {
      files: [
        IOS_ADDRESSBOOK_PATH,
        ...(data.walOnly!.length ? [`${IOS_ADDRESSBOOK_PATH}-wal`] : []),
      ],
      counts: { contact: data.persons.length + data.walOnly!.length },
    };
  },
};
