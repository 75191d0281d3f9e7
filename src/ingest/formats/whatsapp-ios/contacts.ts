// WhatsApp iOS ContactsV2.sqlite (the app's view of the address book) and LID.sqlite: contacts with
// their number, WhatsApp JID, LID and user name, and the links between those identifiers.
import type { ContactEntry } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import type { ParseContext } from '../../parser.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { big, pickRaw, str } from '../shared/row-values.js';
import { cleanAppleLabel } from '../shared/apple.js';
import { APP, jidOf, jidPhoneLink, lidJid, lidLink, phoneJid, phoneOfJid } from './jids.js';

const CONTACT_RAW = [
  'Z_PK',
  'ZIDENTIFIER',
  'ZFULLNAME',
  'ZGIVENNAME',
  'ZPHONENUMBER',
  'ZLOCALIZEDPHONENUMBER',
  'ZPHONENUMBERLABEL',
  'ZWHATSAPPID',
  'ZLID',
  'ZUSERNAME',
  'ZABOUTTEXT',
  'ZABOUTTIMESTAMP',
  'ZPHONESTATUS',
];

export async function parseContactsV2(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const c = db.columns('ZWAADDRESSBOOKCONTACT');
  const wanted = CONTACT_RAW.filter((x) => c.has(x));
  const walOnly = db.walOnlyRowids('ZWAADDRESSBOOKCONTACT', 'Z_PK');
  for (const r of db.iterate(
    `SELECT ${wanted.join(', ')} FROM ZWAADDRESSBOOKCONTACT ORDER BY Z_PK`,
    [],
    'ZWAADDRESSBOOKCONTACT',
  )) {
    const id = String(r.Z_PK);
    const entries: ContactEntry[] = [];
    const phone = str(r.ZPHONENUMBER);
    const label = cleanAppleLabel(str(r.ZPHONENUMBERLABEL));
    if (phone)
      entries.push(
        label ? { value: phone, hint: 'phone', label } : { value: phone, hint: 'phone' },
      );
    const jid = jidOf(str(r.ZWHATSAPPID));
    if (jid) entries.push({ value: jid, hint: 'whatsapp', label: 'WhatsApp' });
    const lid = lidJid(str(r.ZLID));
    if (lid) entries.push({ value: lid, hint: 'whatsapp', label: 'WhatsApp LID' });
    const user = str(r.ZUSERNAME);
    if (user) entries.push({ value: user, hint: 'username', label: 'WhatsApp username' });
    const pk = big(r.Z_PK);
    await ctx.emit({
      kind: 'contact',
      locator: `ZWAADDRESSBOOKCONTACT:${id}`,
      app: APP,
      name: str(r.ZFULLNAME) ?? str(r.ZGIVENNAME),
      entries,
      recovery: pk !== null && walOnly.has(pk) ? 'wal-only' : 'live',
      raw: pickRaw(r, wanted),
    });
    if (jid) {
      const link = jidPhoneLink(`ZWAADDRESSBOOKCONTACT:${id}:jid`, jid);
      if (link) await ctx.emit(link);
      if (lid)
        await ctx.emit(
          lidLink(
            `ZWAADDRESSBOOKCONTACT:${id}:lid`,
            lid,
            jid,
            'WhatsApp lists this LID and this phone-number JID on one address-book contact',
            0.95,
          ),
        );
    }
  }
}

/** LID.sqlite: `ZWAPHONENUMBERLIDPAIR(ZLID, ZPHONENUMBER, ZTIMESTAMP)`, one link per pair. */
export async function parseLidPairs(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const c = db.columns('ZWAPHONENUMBERLIDPAIR');
  const wanted = ['Z_PK', 'ZLID', 'ZPHONENUMBER', 'ZTIMESTAMP'].filter(
    (x) => x === 'Z_PK' || c.has(x),
  );
  for (const r of db.iterate(
    `SELECT ${wanted.join(', ')} FROM ZWAPHONENUMBERLIDPAIR ORDER BY Z_PK`,
    [],
    'ZWAPHONENUMBERLIDPAIR',
  )) {
    const lid = lidJid(str(r.ZLID));
    const jid = phoneJid(str(r.ZPHONENUMBER));
    if (!lid || !jid || !phoneOfJid(jid)) {
      ctx.warn(
        ErrorCodes.PARSE_ERROR,
        'LID pair without a readable LID and phone number',
        `ZWAPHONENUMBERLIDPAIR:${String(r.Z_PK)}`,
      );
      continue;
    }
    const link = lidLink(
      `ZWAPHONENUMBERLIDPAIR:${String(r.Z_PK)}`,
      lid,
      jid,
      'WhatsApp LID.sqlite pairs this LID with this phone number',
      1,
    );
    link.raw = pickRaw(r, wanted);
    await ctx.emit(link);
  }
}
