// Android contacts provider (contacts2.db): one contact per raw contact, with its account, the
// data rows (phones, e-mails, names, organisations, notes, IM handles, app rows such as WhatsApp
// and Telegram profiles) and the deleted flag; the `calls` table of older Android as well.
import type { ContactEntry, DraftContact } from '../../../model/entities.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import type { EvidenceDb, EvidenceRow } from '../../../evidence/evidence-sqlite.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { num, pickRaw, str } from '../shared/row-values.js';
import { readCallTable } from '../android-calllog/index.js';

const MIME = 'vnd.android.cursor.item/';

/** ContactsContract.CommonDataKinds.Phone.TYPE labels. */
const PHONE_TYPES: Record<number, string> = {
  1: 'Home',
  2: 'Mobile',
  3: 'Work',
  4: 'Work fax',
  5: 'Home fax',
  6: 'Pager',
  7: 'Other',
  8: 'Callback',
  9: 'Car',
  10: 'Company main',
  11: 'ISDN',
  12: 'Main',
  13: 'Other fax',
  14: 'Radio',
  15: 'Telex',
  16: 'TTY TDD',
  17: 'Work mobile',
  18: 'Work pager',
  19: 'Assistant',
  20: 'MMS',
};

/** ContactsContract.CommonDataKinds.Email.TYPE labels. */
const EMAIL_TYPES: Record<number, string> = { 1: 'Home', 2: 'Work', 3: 'Other', 4: 'Mobile' };

/** ContactsContract.CommonDataKinds.Im.PROTOCOL labels. */
const IM_PROTOCOLS: Record<number, string> = {
  0: 'AIM',
  1: 'MSN',
  2: 'Yahoo',
  3: 'Skype',
  4: 'QQ',
  5: 'Google Talk',
  6: 'ICQ',
  7: 'Jabber',
  8: 'NetMeeting',
};

/** Apps that sync their own raw contacts, by account type / mimetype package. */
const APPS: Record<string, { app: string; hint: IdentifierHint; label: string }> = {
  'com.whatsapp': { app: 'whatsapp', hint: 'whatsapp', label: 'WhatsApp' },
  'com.whatsapp.w4b': { app: 'whatsapp', hint: 'whatsapp', label: 'WhatsApp Business' },
  'org.telegram.messenger': { app: 'telegram', hint: 'telegram', label: 'Telegram' },
  'org.thoughtcrime.securesms': { app: 'signal', hint: 'phone', label: 'Signal' },
  'com.viber.voip': { app: 'viber', hint: 'phone', label: 'Viber' },
};

/** The app package named in a mimetype such as `vnd.android.cursor.item/vnd.com.whatsapp.profile`. */
function mimePackage(mimetype: string): string | null {
  if (!mimetype.startsWith(`${MIME}vnd.`)) return null;
  const rest = mimetype.slice(MIME.length + 4);
  for (const pkg of Object.keys(APPS).sort((a, b) => b.length - a.length))
    if (rest.startsWith(`${pkg}.`)) return pkg;
  // unknown app: the package is everything but the last segment
  const i = rest.lastIndexOf('.');
  return i > 0 ? rest.slice(0, i) : rest;
}

function guessHint(value: string): IdentifierHint {
  if (/@(s\.whatsapp\.net|lid|g\.us|c\.us)$/i.test(value)) return 'whatsapp';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'email';
  if (/^\+?[\d\s().-]{7,}$/.test(value)) return 'phone';
  return 'username';
}

function typed(types: Record<number, string>, type: unknown, custom: unknown): string | undefined {
  const t = num(type);
  if (t === 0) return str(custom) ?? 'Custom';
  return t !== null ? types[t] : undefined;
}

interface Accumulated {
  entries: ContactEntry[];
  seen: Set<string>;
  name: string | null;
  given: string | null;
  family: string | null;
  notes: string[];
  organisation: string[];
  nicknames: string[];
  other: Array<Record<string, unknown>>;
}

function addEntry(acc: Accumulated, e: ContactEntry): void {
  const k = `${e.hint ?? 'auto'}|${e.value}`;
  if (acc.seen.has(k)) return;
  acc.seen.add(k);
  acc.entries.push(e);
}

/** Fold one data row into the contact being built. */
function foldData(acc: Accumulated, mimetype: string, d: EvidenceRow): void {
  const data1 = str(d.data1)?.trim() || null;
  switch (mimetype) {
    case `${MIME}phone_v2`:
      if (data1) {
        const label = typed(PHONE_TYPES, d.data2, d.data3);
        addEntry(acc, { value: data1, hint: 'phone', ...(label ? { label } : {}) });
      }
      return;
    case `${MIME}email_v2`:
      if (data1) {
        const label = typed(EMAIL_TYPES, d.data2, d.data3);
        addEntry(acc, { value: data1, hint: 'email', ...(label ? { label } : {}) });
      }
      return;
    case `${MIME}im`:
      if (data1) {
        const protocol = num(d.data5);
        const label =
          protocol === -1
            ? (str(d.data6) ?? 'IM')
            : ((protocol !== null ? IM_PROTOCOLS[protocol] : undefined) ?? 'IM');
        addEntry(acc, { value: data1, hint: guessHint(data1), label });
      }
      return;
    case `${MIME}sip_address`:
      if (data1) addEntry(acc, { value: data1, hint: guessHint(data1), label: 'SIP' });
      return;
    case `${MIME}name`:
      acc.name ??= data1;
      acc.given ??= str(d.data2);
      acc.family ??= str(d.data3);
      return;
    case `${MIME}nickname`:
      if (data1) acc.nicknames.push(data1);
      return;
    case `${MIME}note`:
      if (data1) acc.notes.push(data1);
      return;
    case `${MIME}organization`: {
      const parts = [data1, str(d.data4), str(d.data5)].filter((s): s is string => !!s?.trim());
      if (parts.length) acc.organisation.push(parts.join(', '));
      return;
    }
    case `${MIME}photo`:
    case `${MIME}group_membership`:
      return;
  }
  const pkg = mimePackage(mimetype);
  if (pkg) {
    if (!data1) return;
    const app = APPS[pkg];
    const hint =
      app?.hint === 'telegram' && !/^-?\d+$/.test(data1)
        ? guessHint(data1)
        : (app?.hint ?? guessHint(data1));
    addEntry(acc, { value: data1, hint, label: app?.label ?? pkg });
    return;
  }
  // postal addresses, websites, events, relations …: kept raw
  if (data1) acc.other.push({ mimetype, data1 });
}

/** Which data columns to read (only those present). */
const DATA_COLUMNS = [
  '_id',
  'raw_contact_id',
  'mimetype_id',
  'mimetype',
  'is_primary',
  'data1',
  'data2',
  'data3',
  'data4',
  'data5',
  'data6',
];
const RAW_CONTACT_COLUMNS = [
  '_id',
  'contact_id',
  'account_id',
  'account_name',
  'account_type',
  'sourceid',
  'deleted',
  'display_name',
  'display_name_alt',
  'starred',
  'times_contacted',
  'last_time_contacted',
  'version',
  'dirty',
];

/** Read contacts2.db's raw contacts and their data rows into contact drafts. */
export async function readContacts(
  emit: (d: DraftContact) => Promise<void>,
  db: EvidenceDb,
): Promise<void> {
  const tables = db.tables();
  const accounts = new Map<string, { name: string | null; type: string | null }>();
  if (tables.has('accounts')) {
    for (const a of db.iterate(
      'SELECT _id, account_name, account_type FROM accounts',
      [],
      'accounts',
    ))
      accounts.set(String(a._id), { name: str(a.account_name), type: str(a.account_type) });
  }
  const mimetypes = new Map<string, string>();
  if (tables.has('mimetypes')) {
    for (const m of db.iterate('SELECT _id, mimetype FROM mimetypes', [], 'mimetypes')) {
      const t = str(m.mimetype);
      if (t) mimetypes.set(String(m._id), t);
    }
  }
  const dataCols = db.columns('data');
  const dcols = DATA_COLUMNS.filter((c) => dataCols.has(c));
  const byRaw = new Map<string, Array<{ mimetype: string; row: EvidenceRow }>>();
  for (const d of db.iterate(
    `SELECT ${dcols.join(', ')} FROM data ORDER BY raw_contact_id, _id`,
    [],
    'data',
  )) {
    const mimetype = str(d.mimetype) ?? mimetypes.get(String(d.mimetype_id)) ?? null;
    if (!mimetype) continue;
    const k = String(d.raw_contact_id);
    let list = byRaw.get(k);
    if (!list) byRaw.set(k, (list = []));
    list.push({ mimetype, row: d });
  }

  const rcCols = db.columns('raw_contacts');
  const cols = RAW_CONTACT_COLUMNS.filter((c) => rcCols.has(c));
  for (const r of db.iterate(
    `SELECT ${cols.join(', ')} FROM raw_contacts ORDER BY _id`,
    [],
    'raw_contacts',
  )) {
    const id = String(r._id);
    const acc: Accumulated = {
      entries: [],
      seen: new Set(),
      name: null,
      given: null,
      family: null,
      notes: [],
      organisation: [],
      nicknames: [],
      other: [],
    };
    for (const { mimetype, row } of byRaw.get(id) ?? []) foldData(acc, mimetype, row);
    const account =
      r.account_id !== undefined && r.account_id !== null
        ? (accounts.get(String(r.account_id)) ?? { name: null, type: null })
        : { name: str(r.account_name), type: str(r.account_type) };
    const app = account.type ? (APPS[account.type]?.app ?? null) : null;
    const name =
      str(r.display_name)?.trim() ||
      acc.name?.trim() ||
      [acc.given, acc.family].filter(Boolean).join(' ').trim() ||
      null;
    const deleted = (num(r.deleted) ?? 0) !== 0;
    const raw: Record<string, unknown> = pickRaw(r, cols, {
      deleted: '0',
      starred: '0',
      times_contacted: '0',
      dirty: '0',
    });
    if (account.type) raw.account_type = account.type;
    if (account.name) raw.account_name = account.name;
    if (acc.organisation.length) raw.organisation = acc.organisation;
    if (acc.nicknames.length) raw.nicknames = acc.nicknames;
    if (acc.other.length) raw.other = acc.other;
    await emit({
      kind: 'contact',
      locator: `raw_contacts:${id}`,
      app,
      name,
      entries: acc.entries,
      account: account.name ?? account.type,
      note: acc.notes.length ? acc.notes.join('\n') : null,
      deleted,
      recovery: deleted ? 'deleted-flag' : 'live',
      raw,
    });
  }
}

export const androidContacts2Parser: Parser = {
  id: 'android-contacts2',
  version: '1.0.0',
  label: 'Android contacts (contacts2.db)',
  artefacts: ['contacts', 'calls', 'device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['raw_contacts', 'data'],
      any: ['mimetypes', 'accounts'],
      names: ['contacts2.db', 'contacts.db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    await readContacts((d) => ctx.emit(d), db);
    // older Android keeps the call log in contacts2.db
    if (db.tables().has('calls')) await readCallTable(ctx, db, 'calls');
  },
};
