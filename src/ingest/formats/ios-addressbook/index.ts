// iOS Contacts (Library/AddressBook/AddressBook.sqlitedb): one contact per ABPerson with its phone
// numbers, e-mail addresses, IM and social handles from ABMultiValue (labels like `_$!<Mobile>!$_`
// cleaned to `Mobile`), postal addresses and URLs kept raw from ABMultiValueEntry, the source account
// from ABStore, the owner's own "me" card as device information. Rows may live only in the WAL.
import type { ContactEntry, DraftContact } from '../../../model/entities.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import { ErrorCodes } from '../../../model/errors.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { cleanAppleLabel } from '../shared/apple.js';

/** ABMultiValue.property ids (observed, as iLEAPP addressBook.py reads them; not documented by Apple). */
export const AB_PROPERTY = {
  phone: 3,
  email: 4,
  address: 5,
  date: 12,
  im: 13,
  url: 22,
  related: 23,
  social: 46,
} as const;

const PERSON_RAW = [
  'ROWID',
  'guid',
  'First',
  'Middle',
  'Last',
  'Prefix',
  'Suffix',
  'Nickname',
  'Organization',
  'Department',
  'JobTitle',
  'DisplayName',
  'Birthday',
  'Kind',
  'CreationDate',
  'ModificationDate',
  'StoreID',
  'ExternalIdentifier',
];

/** IM and social-profile services whose user names are identifiers of a known type. */
const SERVICE_HINT: Record<string, IdentifierHint> = {
  facebook: 'facebook',
  instagram: 'instagram',
  snapchat: 'snapchat',
  telegram: 'telegram',
  signal: 'signal',
  whatsapp: 'whatsapp',
};

interface MultiValue {
  uid: string;
  property: number;
  label?: string;
  value: string | null;
  entry: Record<string, string>;
}

function personName(r: Record<string, unknown>): string | null {
  const parts = ['Prefix', 'First', 'Middle', 'Last', 'Suffix']
    .map((c) => str(r[c])?.trim())
    .filter((s): s is string => !!s);
  if (parts.length) return parts.join(' ');
  for (const c of ['Organization', 'DisplayName', 'Nickname', 'CompositeNameFallback']) {
    const v = str(r[c])?.trim();
    if (v) return v;
  }
  return null;
}

export const iosAddressBookParser: Parser = {
  id: 'ios-addressbook',
  version: '1.0.0',
  label: 'iOS Contacts (AddressBook.sqlitedb)',
  artefacts: ['contacts', 'device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['ABPerson', 'ABMultiValue'],
      names: ['AddressBook.sqlitedb'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const has = (t: string) => db.hasTable(t);

    const labels = new Map<string, string>();
    if (has('ABMultiValueLabel'))
      for (const r of db.iterate(
        'SELECT ROWID AS id, value FROM ABMultiValueLabel',
        [],
        'ABMultiValueLabel',
      )) {
        const l = cleanAppleLabel(str(r.value));
        if (l) labels.set(String(r.id), l);
      }
    const entryKeys = new Map<string, string>();
    if (has('ABMultiValueEntryKey'))
      for (const r of db.iterate(
        'SELECT ROWID AS id, value FROM ABMultiValueEntryKey',
        [],
        'ABMultiValueEntryKey',
      )) {
        const k = str(r.value);
        if (k) entryKeys.set(String(r.id), k);
      }
    const entries = new Map<string, Record<string, string>>();
    if (has('ABMultiValueEntry'))
      for (const r of db.iterate(
        'SELECT parent_id, key, value FROM ABMultiValueEntry ORDER BY parent_id, key',
        [],
        'ABMultiValueEntry',
      )) {
        const v = str(r.value);
        if (v === null) continue;
        const k = String(r.parent_id);
        const e = entries.get(k) ?? {};
        e[entryKeys.get(String(r.key)) ?? `key${String(r.key)}`] = v;
        entries.set(k, e);
      }
    const stores = new Map<
      string,
      { name: string | null; external: string | null; me: string | null }
    >();
    if (has('ABStore')) {
      const sc = db.columns('ABStore');
      for (const r of db.iterate(
        `SELECT ROWID, Name, ExternalIdentifier${sc.has('MeIdentifier') ? ', MeIdentifier' : ''} FROM ABStore ORDER BY ROWID`,
        [],
        'ABStore',
      ))
        stores.set(String(r.ROWID), {
          name: str(r.Name),
          external: str(r.ExternalIdentifier),
          me:
            num(r.MeIdentifier) !== null && num(r.MeIdentifier)! > 0
              ? String(r.MeIdentifier)
              : null,
        });
    }
    const meCards = new Set([...stores.values()].map((s) => s.me).filter((m): m is string => !!m));

    const values = new Map<string, MultiValue[]>();
    for (const r of db.iterate(
      'SELECT UID, record_id, property, identifier, label, value FROM ABMultiValue ORDER BY record_id, property, identifier, UID',
      [],
      'ABMultiValue',
    )) {
      const k = String(r.record_id);
      const list = values.get(k) ?? [];
      list.push({
        uid: String(r.UID),
        property: num(r.property) ?? -1,
        label: r.label === null || r.label === undefined ? undefined : labels.get(String(r.label)),
        value: str(r.value),
        entry: entries.get(String(r.UID)) ?? {},
      });
      values.set(k, list);
    }

    const pc = db.columns('ABPerson');
    const wanted = PERSON_RAW.filter((c) => pc.has(c));
    const extra = ['Note', 'CompositeNameFallback'].filter((c) => pc.has(c));
    const walOnly = db.walOnlyRowids('ABPerson', 'ROWID');
    const rowids = new Set<string>();
    let maxRowid = 0n;
    for (const r of db.iterate(
      `SELECT ${[...wanted, ...extra].join(', ')} FROM ABPerson ORDER BY ROWID`,
      [],
      'ABPerson',
    )) {
      const id = String(r.ROWID);
      rowids.add(id);
      const rid = big(r.ROWID) ?? 0n;
      if (rid > maxRowid) maxRowid = rid;
      const list: ContactEntry[] = [];
      const addresses: Array<Record<string, string>> = [];
      const urls: Array<Record<string, string>> = [];
      const other: Array<Record<string, string | number>> = [];
      for (const mv of values.get(id) ?? []) {
        const label = mv.label ? { label: mv.label } : {};
        switch (mv.property) {
          case AB_PROPERTY.phone:
            if (mv.value) list.push({ value: mv.value, hint: 'phone', ...label });
            break;
          case AB_PROPERTY.email:
            if (mv.value) list.push({ value: mv.value, hint: 'email', ...label });
            break;
          case AB_PROPERTY.im:
          case AB_PROPERTY.social: {
            const user = mv.entry.username ?? mv.value;
            const service = mv.entry.service;
            if (user) {
              const hint = (service && SERVICE_HINT[service.toLowerCase()]) || 'username';
              list.push({ value: user, hint, label: service ?? mv.label ?? undefined });
            } else other.push({ property: mv.property, ...mv.entry });
            break;
          }
          case AB_PROPERTY.address:
            addresses.push({ ...(mv.label ? { label: mv.label } : {}), ...mv.entry });
            break;
          case AB_PROPERTY.url:
            if (mv.value) urls.push({ ...(mv.label ? { label: mv.label } : {}), url: mv.value });
            break;
          default:
            other.push({
              property: mv.property,
              ...(mv.label ? { label: mv.label } : {}),
              ...(mv.value ? { value: mv.value } : {}),
              ...mv.entry,
            });
        }
      }
      const store = stores.get(String(r.StoreID ?? ''));
      const raw = pickRaw(r, wanted);
      if (addresses.length) raw.addresses = addresses;
      if (urls.length) raw.urls = urls;
      if (other.length) raw.other = other;
      if (store?.external) raw.storeExternalIdentifier = store.external;
      const name = personName(r);
      const draft: DraftContact = {
        kind: 'contact',
        locator: `ABPerson:${id}`,
        app: null,
        name,
        entries: list,
        account: store?.name ?? null,
        note: str(r.Note),
        recovery: walOnly.has(rid) ? 'wal-only' : 'live',
        raw,
      };
      await ctx.emit(draft);
      if (meCards.has(id)) {
        await ctx.emit({
          kind: 'device-info',
          locator: `ABStore.MeIdentifier:${id}`,
          identifiers: list
            .filter((e) => e.hint === 'phone' || e.hint === 'email')
            .map((e) => ({
              value: e.value,
              hint: e.hint,
              role: e.hint === 'phone' ? ('owner' as const) : ('account' as const),
            })),
          facts: name ? { 'contacts.meCard': name } : {},
        });
      }
    }

    // deletion evidence: ROWIDs never reused below sqlite_sequence, and change-log records
    if (has('sqlite_sequence')) {
      const seq = db.all(
        "SELECT seq FROM sqlite_sequence WHERE name = 'ABPerson'",
        [],
        'sqlite_sequence',
      )[0];
      const top = seq ? big(seq.seq) : null;
      if (top !== null && top > 0n) {
        let present = 0;
        for (const id of rowids) if (BigInt(id) >= 1n && BigInt(id) <= top) present++;
        const missing = Number(top) - present;
        if (missing > 0)
          ctx.warn(
            ErrorCodes.DELETED_RECORD,
            `${missing} ABPerson ROWIDs between 1 and ${top} are absent (contacts deleted or moved)`,
            'ABPerson',
          );
      }
    }
    if (has('ABPersonChanges')) {
      const gone = new Map<string, string>();
      for (const r of db.iterate(
        'SELECT record, guid, ExternalIdentifier FROM ABPersonChanges ORDER BY sequence_number, record',
        [],
        'ABPersonChanges',
      )) {
        const rec = String(r.record);
        if (num(r.record) !== null && num(r.record)! > 0 && !rowids.has(rec) && !gone.has(rec))
          gone.set(rec, str(r.guid) ?? str(r.ExternalIdentifier) ?? '');
      }
      for (const [rec, guid] of gone)
        ctx.warn(
          ErrorCodes.DELETED_RECORD,
          `ABPersonChanges names person ${rec}${guid ? ` (${guid})` : ''}, which is no longer in ABPerson`,
          `ABPersonChanges:${rec}`,
        );
    }
  },
};
