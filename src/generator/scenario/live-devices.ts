// The ten exhibits of the live case: seized phones (Android, iOS) and one operator CDR line, each
// with the way its owner writes numbers and saved each person.
import type { World } from './world.js';
import { deviceSpec } from './devices.js';
import { IMEI, LIDS, LIVE, N, SQ_WORKERS, RO_WORKERS } from './live-cast.js';
import { email, phone, phoneJid, utc } from './script.js';

export const SEIZED = {
  D01: utc('2024-03-09 12:00'),
  D02: utc('2024-04-30 23:59'),
  D03: utc('2024-04-30 06:10'),
  D04: utc('2024-04-25 07:30'),
  D05: utc('2024-04-30 06:05'),
  D06: utc('2024-04-28 06:00'),
  D07: utc('2024-04-28 06:20'),
  D08: utc('2024-04-20 18:00'),
  D09: utc('2024-04-14 11:00'),
  D10: utc('2024-04-13 10:00'),
};

export const LIVE_PERIOD = { from: utc('2024-01-01'), to: utc('2024-05-01') };

export function addLiveDevices(w: World): void {
  const c = LIVE;
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D01',
      label: 'JS/1 Samsung Galaxy J3 (deal line)',
      exhibit: 'JS/1',
      platform: 'android',
      ownerPersonId: 'kyle-marsh',
      ownKeys: [phone(N.dealOld)],
      seizedAt: SEIZED.D01,
      style: 'national-spaced',
      apps: ['sms', 'mms', 'phone'],
      model: 'SM-J330F',
      os: 'Android 9',
      imei: IMEI.dealOld,
      imsi: '234100000101101',
      iccid: '8944100000001011017',
      aliases: {
        'kyle-marsh': 'K',
        'jayden-cole': 'J yout',
        'reece-ward': 'R',
        ...customerAliases(),
      },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D02',
      label: 'OPR/1 CDR 07700 900102',
      exhibit: 'OPR/1',
      platform: 'operator',
      ownerPersonId: 'kyle-marsh',
      ownKeys: [phone(N.dealNew)],
      seizedAt: SEIZED.D02,
      style: 'e164',
      imei: IMEI.dealNew,
      imsi: '234100000102207',
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D03',
      label: 'KM/1 iPhone 12 (Kyle Marsh)',
      exhibit: 'KM/1',
      platform: 'ios',
      ownerPersonId: 'kyle-marsh',
      ownKeys: [phone(N.kyle), phoneJid(N.kyle), LIDS.kyle],
      accounts: [email('kyle.marsh')],
      seizedAt: SEIZED.D03,
      style: 'e164',
      model: 'iPhone13,2',
      os: 'iOS 17.4',
      imei: IMEI.kyle,
      imsi: '234100000100055',
      iccid: '8944100000001000556',
      aliases: {
        'jayden-cole': 'Jay',
        'reece-ward': 'Reece',
        'javier-morales': 'Javi plug',
        'andres-ruiz': 'Andres',
      },
      cardExtras: { 'javier-morales': [email('javi.morales')] },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D04',
      label: 'JD/1 Motorola (Jayden Cole)',
      exhibit: 'JD/1',
      platform: 'android',
      ownerPersonId: 'jayden-cole',
      ownKeys: [phone(N.jayden), phoneJid(N.jayden)],
      seizedAt: SEIZED.D04,
      style: 'intl-spaced',
      model: 'moto g32',
      os: 'Android 13',
      imei: IMEI.jayden,
      imsi: '234150000120019',
      aliases: {
        'kyle-marsh': 'K 👑',
        'agnieszka-cole': 'Mama',
        'tyler-brooks': 'Tyler',
        'mo-jayden': 'Mo',
        'reece-ward': 'Reece',
        'imran-khan': 'Park Lane shop',
      },
      // after the line swap he saved the new line on K's card; the old card was deleted
      cardExtras: { 'kyle-marsh': [phone(N.dealNew)] },
      extraCards: [
        {
          personId: 'kyle-marsh',
          name: 'K line',
          keys: [phone(N.dealOld), phone(N.kyle)],
          deleted: true,
        },
      ],
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D05',
      label: 'JM/1 Xiaomi Redmi (Javier Morales)',
      exhibit: 'JM/1',
      platform: 'android',
      ownerPersonId: 'javier-morales',
      ownKeys: [phone(N.javier), phoneJid(N.javier)],
      accounts: [email('javi.morales')],
      seizedAt: SEIZED.D05,
      style: 'e164',
      model: 'Redmi Note 12',
      os: 'Android 13',
      imei: IMEI.javier,
      imsi: '234330000130044',
      aliases: {
        'kyle-marsh': 'Kyle Inglés',
        'lucia-fernandez': 'Lucía ❤️',
        'andres-ruiz': 'Andrés',
        'marta-prostaff': 'Marta ProStaff',
        'carmen-morales': 'Mamá',
        'pedro-santos': 'Pedro',
        'imran-khan': 'Tienda Park Lane',
      },
      cardExtras: { 'marta-prostaff': [email('marta.gil.prostaff')] },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D06',
      label: 'DK/1 Samsung Galaxy A54 (Dritan Kola)',
      exhibit: 'DK/1',
      platform: 'android',
      ownerPersonId: 'dritan-kola',
      ownKeys: [phone(N.dritan), phoneJid(N.dritan)],
      accounts: [email('d.kola.carwash')],
      seizedAt: SEIZED.D06,
      style: 'idd',
      model: 'SM-A546B',
      os: 'Android 14',
      imei: IMEI.dritan,
      imsi: '234200000140031',
      aliases: {
        'drilon-kola': 'Drilon vëllai',
        'lan-tran': 'Lan nails',
        'ana-kola': 'Ana',
        'shared-phone-users': 'Shtëpia Carlton',
        ...Object.fromEntries(
          [...SQ_WORKERS, ...RO_WORKERS].map(([id, name]) => [id, `${name} larje`]),
        ),
      },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D07',
      label: 'SH/1 Alcatel 1 (shared phone, 14 Carlton St)',
      exhibit: 'SH/1',
      platform: 'android',
      ownerPersonId: 'shared-phone-users',
      ownKeys: [phone(N.sharedPhone)],
      seizedAt: SEIZED.D07,
      style: 'national',
      apps: ['sms', 'mms', 'phone'],
      model: 'Alcatel 5033X',
      os: 'Android 8.1 Go',
      imei: IMEI.shared,
      imsi: '234100000150088',
      aliases: { 'lan-tran': 'Chị Lan', 'dritan-kola': 'Boss', 'thu-cousin': 'Chị Thu' },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D08',
      label: 'CB/1 Samsung Galaxy A14 (Chloe Baker)',
      exhibit: 'CB/1',
      platform: 'android',
      ownerPersonId: 'chloe-baker',
      ownKeys: [phone(N.chloe), phoneJid(N.chloe)],
      seizedAt: SEIZED.D08,
      style: 'national-spaced',
      model: 'SM-A145R',
      os: 'Android 14',
      imei: IMEI.chloe,
      imsi: '234300000170012',
      aliases: {
        'lee-hobbs': 'Lee 💕',
        'sarah-baker': 'Mum',
        'ella-friend': 'Ella bestie',
        'maisie-friend': 'Maisie',
        'darren-pike': 'Daz',
        'imran-khan': 'Park Lane Stores',
      },
      cardExtras: { 'darren-pike': [email('dazpike77')] },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D09',
      label: 'IK/1 iPhone 13 (Imran Khan, witness)',
      exhibit: 'IK/1',
      platform: 'ios',
      ownerPersonId: 'imran-khan',
      ownKeys: [phone(N.imran), phoneJid(N.imran)],
      accounts: [email('parklanestores')],
      seizedAt: SEIZED.D09,
      style: 'intl-spaced',
      model: 'iPhone14,5',
      os: 'iOS 17.3',
      imei: IMEI.imran,
      imsi: '234100000191020',
      iccid: '8944100000001910207',
      aliases: {
        'zain-khan': 'Zain beta',
        'ayesha-khan': 'Ayesha Baji',
        'zainab-khan': 'Zainab',
        'jayden-cole': 'Jayden (shop list)',
        'javier-morales': 'Javier (shop list)',
      },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: c,
      id: 'D10',
      label: 'ZK/1 Google Pixel 7a (Zain Khan)',
      exhibit: 'ZK/1',
      platform: 'android',
      ownerPersonId: 'zain-khan',
      ownKeys: [phone(N.zain), phoneJid(N.zain)],
      seizedAt: SEIZED.D10,
      style: 'idd-spaced',
      model: 'Pixel 7a',
      os: 'Android 14',
      imei: IMEI.zain,
      imsi: '234100000190077',
      aliases: {
        'imran-khan': 'Abbu',
        'ayesha-khan': 'Phuppo Ayesha',
        'zainab-khan': 'Zainab api',
        'mo-zain': 'Mo',
      },
    }),
  );
}

/** Customers saved on the deal phone by nickname, place and number (CL10), some left unsaved. */
function customerAliases(): Record<string, string> {
  const names = [
    'Dave',
    'Shaz',
    'Tall Mike',
    'Gaz',
    'Kelly',
    'Big Steve',
    'Lisa',
    'Dan',
    'Tina',
    'Wayne',
  ];
  const places = ['Bognor', 'Oak Rd', 'Station', 'Tesco', 'Flats', 'Park'];
  const out: Record<string, string> = {};
  for (let i = 0; i < 26; i++)
    out[`customer-${String(i + 1).padStart(2, '0')}`] =
      `${names[i % names.length]} ${places[i % places.length]} ${Math.floor(i / 10) + 1}`;
  return out;
}
