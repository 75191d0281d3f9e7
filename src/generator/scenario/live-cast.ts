// The people of the live case (Operation Kestrel, 2024) and their identifiers. Numbers are in the
// Ofcom drama range 07700 900000–900999; e-mail addresses are example.org; names are invented.
import type { World } from './world.js';
import { email, imei, lid, phone, phoneJid } from './script.js';

export const LIVE = 'OP-KESTREL';

/** Drama-range number suffixes of the live cast. */
export const N = {
  kyle: 100,
  dealOld: 101,
  dealNew: 102,
  jayden: 120,
  jaydenMum: 121,
  tyler: 122,
  reece: 123,
  moJ: 124,
  javier: 130,
  lucia: 131,
  andres: 132,
  marta: 133,
  javierMum: 134,
  pedro: 135,
  dritan: 140,
  drilon: 141,
  lan: 142,
  ana: 143,
  sharedPhone: 150,
  lee: 160,
  chloe: 170,
  chloeMum: 171,
  ella: 172,
  maisie: 173,
  daz: 180,
  zain: 190,
  imran: 191,
  ayesha: 192,
  zainab: 193,
  moZ: 195,
  sophieWa: 197,
  sophieSms: 199,
} as const;

/** Car-wash workers the controller texts (Albanian-speaking, then Romanian-speaking). */
export const SQ_WORKERS = [
  ['arben', 'Arben', 144],
  ['besnik', 'Besnik', 145],
  ['ilir', 'Ilir', 146],
  ['fatjon', 'Fatjon', 147],
] as const;
export const RO_WORKERS = [
  ['ionut', 'Ionuț', 151],
  ['mihai', 'Mihai', 152],
  ['florin', 'Florin', 153],
  ['gabriel', 'Gabriel', 154],
] as const;
/** Nail-bar workers who share one controlled phone (they have no numbers of their own). */
export const SHARED_PHONE_USERS = ['Hoa', 'Mai', 'Linh'] as const;

/** Deal-line customers: numbers 900300 + i; the first 32 stay with the line after the swap. */
export const CUSTOMER_COUNT = 40;
export const CUSTOMERS_KEPT = 32;
export const NEW_CUSTOMERS = 6;
export const customerNumber = (i: number) => 300 + i;

/** Customers of the corner shop's weekly offers (broadcast look-alike). */
export const SHOP_CUSTOMERS = 45;
export const shopCustomerNumber = (i: number) => 200 + i;

export const IMEI = {
  dealOld: imei('35320110123456'),
  dealNew: imei('35875309876543'),
  kyle: imei('35391711402288'),
  jayden: imei('35203511778899'),
  javier: imei('35674210334455'),
  dritan: imei('35925806112233'),
  shared: imei('86055403667788'),
  chloe: imei('35480912445566'),
  imran: imei('35329813009911'),
  zain: imei('35761014220033'),
};

export const LIDS = {
  kyle: lid('184725013995023'),
  javier: lid('227501884310571'),
  andres: lid('95120473318820'),
};

export function addLiveCast(w: World): void {
  const p = (
    id: string,
    name: string,
    roles: Parameters<World['person']>[0]['roles'],
    keys: Parameters<World['person']>[0]['keys'],
    age?: number,
  ) => w.person({ id, name, roles, keys, ...(age !== undefined ? { age } : {}) });

  // county lines
  p(
    'kyle-marsh',
    'Kyle Marsh',
    ['line-holder'],
    [
      [phone(N.kyle), 'phone'],
      [phone(N.dealOld), 'phone'],
      [phone(N.dealNew), 'phone'],
      [phoneJid(N.kyle), 'whatsapp'],
      [LIDS.kyle, 'whatsapp'],
      [email('kyle.marsh'), 'email'],
      [`imei:${IMEI.kyle}`, 'imei'],
      [`imei:${IMEI.dealOld}`, 'imei'],
      [`imei:${IMEI.dealNew}`, 'imei'],
    ],
    24,
  );
  p(
    'jayden-cole',
    'Jayden Cole',
    ['runner'],
    [
      [phone(N.jayden), 'phone'],
      [phoneJid(N.jayden), 'whatsapp'],
      [`imei:${IMEI.jayden}`, 'imei'],
    ],
    15,
  );
  p('reece-ward', 'Reece Ward', ['runner'], [[phone(N.reece), 'phone']], 17);
  p('agnieszka-cole', 'Agnieszka Cole', ['family'], [[phone(N.jaydenMum), 'phone']]);
  p('tyler-brooks', 'Tyler Brooks', ['friend'], [[phone(N.tyler), 'phone']], 15);
  p('mo-jayden', 'Mohammed Ali (Jayden’s friend)', ['friend'], [[phone(N.moJ), 'phone']], 15);
  for (let i = 0; i < CUSTOMER_COUNT + NEW_CUSTOMERS; i++)
    p(
      `customer-${String(i + 1).padStart(2, '0')}`,
      `Customer ${i + 1}`,
      ['customer'],
      [[phone(customerNumber(i)), 'phone']],
    );

  // Spanish-speaking network
  p(
    'javier-morales',
    'Javier Morales',
    ['supplier'],
    [
      [phone(N.javier), 'phone'],
      [phoneJid(N.javier), 'whatsapp'],
      [LIDS.javier, 'whatsapp'],
      [email('javi.morales'), 'email'],
      [`imei:${IMEI.javier}`, 'imei'],
    ],
  );
  p(
    'lucia-fernandez',
    'Lucía Fernández',
    ['family'],
    [
      [phone(N.lucia), 'phone'],
      [phoneJid(N.lucia), 'whatsapp'],
    ],
  );
  p(
    'andres-ruiz',
    'Andrés Ruiz',
    ['associate'],
    [
      [phone(N.andres), 'phone'],
      [phoneJid(N.andres), 'whatsapp'],
      [LIDS.andres, 'whatsapp'],
    ],
  );
  p(
    'marta-prostaff',
    'Marta Gil (ProStaff agency)',
    ['agency'],
    [
      [phone(N.marta), 'phone'],
      [email('marta.gil.prostaff'), 'email'],
    ],
  );
  p(
    'carmen-morales',
    'Carmen Morales',
    ['family'],
    [
      [phone(N.javierMum), 'phone'],
      [phoneJid(N.javierMum), 'whatsapp'],
    ],
  );
  p(
    'pedro-santos',
    'Pedro Santos',
    ['friend'],
    [
      [phone(N.pedro), 'phone'],
      [phoneJid(N.pedro), 'whatsapp'],
    ],
  );

  // modern slavery
  p(
    'dritan-kola',
    'Dritan Kola',
    ['controller'],
    [
      [phone(N.dritan), 'phone'],
      [phoneJid(N.dritan), 'whatsapp'],
      [email('d.kola.carwash'), 'email'],
      [`imei:${IMEI.dritan}`, 'imei'],
    ],
  );
  p('drilon-kola', 'Drilon Kola', ['family'], [[phone(N.drilon), 'phone']]);
  p('lan-tran', 'Lan Trần', ['associate'], [[phone(N.lan), 'phone']]);
  p('ana-kola', 'Ana Kola', ['family'], [[phone(N.ana), 'phone']]);
  for (const [id, name, n] of [...SQ_WORKERS, ...RO_WORKERS])
    p(id, name, ['worker'], [[phone(n), 'phone']]);
  p(
    'shared-phone-users',
    'Users of the nail-bar shared phone (Hoa, Mai, Linh)',
    ['worker'],
    [
      [phone(N.sharedPhone), 'phone'],
      [`imei:${IMEI.shared}`, 'imei'],
    ],
  );
  p('thu-cousin', 'Thu Nguyễn (Hoa’s cousin)', ['family'], [[phone(148), 'phone']]);

  // grooming
  p('lee-hobbs', 'Lee Hobbs', ['groomer'], [[phone(N.lee), 'phone']], 34);
  p(
    'chloe-baker',
    'Chloe Baker',
    ['child'],
    [
      [phone(N.chloe), 'phone'],
      [phoneJid(N.chloe), 'whatsapp'],
      [`imei:${IMEI.chloe}`, 'imei'],
    ],
    13,
  );
  p('sarah-baker', 'Sarah Baker', ['family'], [[phone(N.chloeMum), 'phone']]);
  p(
    'ella-friend',
    'Ella',
    ['friend'],
    [
      [phone(N.ella), 'phone'],
      [phoneJid(N.ella), 'whatsapp'],
    ],
    13,
  );
  p('maisie-friend', 'Maisie', ['friend'], [[phone(N.maisie), 'phone']], 13);
  p(
    'darren-pike',
    'Darren “Daz” Pike',
    ['groomer'],
    [
      [phone(N.daz), 'phone'],
      [email('dazpike77'), 'email'],
    ],
    41,
  );

  // sextortion and the family look-alike
  p(
    'zain-khan',
    'Zain Khan',
    ['victim'],
    [
      [phone(N.zain), 'phone'],
      [phoneJid(N.zain), 'whatsapp'],
      [`imei:${IMEI.zain}`, 'imei'],
    ],
    16,
  );
  p(
    'sophie-profile',
    '“Sophie” (extortion profile, operator unknown)',
    ['extorter'],
    [
      [phoneJid(N.sophieWa), 'whatsapp'],
      [phone(N.sophieSms), 'phone'],
    ],
  );
  p(
    'imran-khan',
    'Imran Khan (Park Lane Stores)',
    ['family', 'business'],
    [
      [phone(N.imran), 'phone'],
      [phoneJid(N.imran), 'whatsapp'],
      [email('parklanestores'), 'email'],
      [`imei:${IMEI.imran}`, 'imei'],
    ],
  );
  p(
    'ayesha-khan',
    'Ayesha Khan',
    ['family'],
    [
      [phone(N.ayesha), 'phone'],
      [phoneJid(N.ayesha), 'whatsapp'],
    ],
  );
  p(
    'zainab-khan',
    'Zainab Khan',
    ['family'],
    [
      [phone(N.zainab), 'phone'],
      [phoneJid(N.zainab), 'whatsapp'],
    ],
    18,
  );
  p('mo-zain', 'Mohammed Raza (Zain’s cousin)', ['family'], [[phone(N.moZ), 'phone']], 17);
  for (let i = 0; i < SHOP_CUSTOMERS; i++)
    p(
      `shop-customer-${String(i + 1).padStart(2, '0')}`,
      `Shop customer ${i + 1}`,
      ['bystander'],
      [[phone(shopCustomerNumber(i)), 'phone']],
    );
}
