// Look-alikes that must NOT be flagged: a corner shop's weekly broadcast offers to many customers
// with long opening hours (imitates a deal-line flare), and a family planning a surprise birthday
// party in Urdu and Roman Urdu (secrecy, a hidden gift, a meeting time: imitates grooming stages).
import type { Rng } from '../../rng.js';
import type { World } from '../world.js';
import { LIVE, N, SHOP_CUSTOMERS, shopCustomerNumber } from '../live-cast.js';
import { DAY, HOUR, MINUTE, exchange, phone, phoneJid, utc, type Line } from '../script.js';

const OFFERS = [
  '🎉 Park Lane Stores: 2 for £5 on all soft drinks this weekend, meal deal £3.50. Open 7am till 11pm!',
  'Park Lane Stores: fresh bread every morning from 7am. This week: 3 for £2 on crisps. See you soon!',
  'Park Lane Stores weekend offer: 20% off all household cleaning. Open 7am–11pm, 7 days.',
  'Park Lane Stores: Easter eggs now in! Buy 2 get 1 free. Open till 11pm tonight.',
  'Park Lane Stores: gas bottles back in stock, £32 for 13kg. Free local delivery over £20.',
];

export function lookalikes(w: World, rng: Rng): void {
  // --- the shop's broadcast -------------------------------------------------------------------
  const shop = phone(N.imran);
  const recipients = [
    ...Array.from({ length: SHOP_CUSTOMERS }, (_, i) => phone(shopCustomerNumber(i))),
    phone(N.jayden),
    phone(N.javier),
    phone(N.chloeMum),
  ];
  const threads = recipients.map((r) =>
    w.conversation({
      caseRef: LIVE,
      app: 'sms',
      isGroup: false,
      members: [shop, r],
      pattern: 'LA-SHOP',
    }),
  );
  const sRng = rng.fork('shop');
  const firstSaturday = utc('2024-01-06');
  for (let wk = 0; wk < 14; wk++) {
    const at = firstSaturday + wk * 7 * DAY + 8 * HOUR + 30 * MINUTE;
    const text = OFFERS[wk % OFFERS.length]!;
    threads.forEach((t, i) =>
      w.message(t, {
        at: at + i * 1500,
        from: shop,
        body: text,
        language: 'en-GB',
        tags: ['lookalike:shop-broadcast'],
      }),
    );
    // a few customers answer
    for (const i of sRng.sample([...threads.keys()], 3)) {
      exchange(
        w,
        threads[i]!,
        at + sRng.int(20, 300) * MINUTE,
        [
          {
            from: recipients[i]!,
            body: sRng.pick([
              'do you have oat milk?',
              'are you open bank holiday monday?',
              'can you deliver to Oak Rd?',
            ]),
            lang: 'en-GB',
          },
          {
            from: shop,
            body: sRng.pick([
              'Yes we do!',
              'Yes, 8am till 10pm on bank holidays.',
              'Yes, free over £20, call us to order.',
            ]),
            lang: 'en-GB',
            tags: ['lookalike:shop-broadcast'],
          },
        ],
        sRng,
      );
    }
  }
  w.pattern({
    id: 'LA-SHOP',
    type: 'lookalike',
    mimics: 'county-lines',
    expectFlag: false,
    caseRef: LIVE,
    title: "A corner shop's weekly broadcast offers to its customers (open 7am–11pm)",
    persons: { 'imran-khan': 'shop owner (witness)' },
    identifiers: [shop],
    threads: threads.map((t) => t.id),
    facts: {
      recipients: recipients.length,
      weeks: 14,
      openingHours: '07:00-23:00',
      sentAt: '08:30 every Saturday',
    },
  });

  // --- the surprise party ----------------------------------------------------------------------
  const imranWa = phoneJid(N.imran);
  const ayeshaWa = phoneJid(N.ayesha);
  const zainWa = phoneJid(N.zain);
  const group = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: true,
    name: 'Family ❤️ (no Zainab!)',
    groupKey: 'whatsapp:447700900191-1710500000@g.us',
    members: [imranWa, ayeshaWa, zainWa],
    pattern: 'LA-PARTY',
  });
  const ur = (f: string, body: string, t: string[] = []): Line => ({
    from: f,
    body,
    lang: 'ur',
    tags: t.map((x) => `lookalike:${x}`),
  });
  const ul = (f: string, body: string, t: string[] = []): Line => ({
    from: f,
    body,
    lang: 'ur-Latn',
    tags: t.map((x) => `lookalike:${x}`),
  });
  const pRng = rng.fork('party');
  exchange(
    w,
    group,
    utc('2024-03-16 20:05'),
    [
      ur(ayeshaWa, 'زینب کی سالگرہ کی پارٹی کے بارے میں کسی کو مت بتانا، یہ سرپرائز ہے۔', [
        'secrecy',
      ]),
      ul(imranWa, 'Yeh hamara raaz hai, usay pata nahi chalna chahiye.', ['secrecy']),
      ul(zainWa, 'Theek hai, main kisi ko nahi bataunga.'),
      ur(ayeshaWa, 'میں نے کیک کا آرڈر دے دیا ہے۔'),
    ],
    pRng,
  );
  exchange(
    w,
    group,
    utc('2024-03-23 19:30'),
    [
      ur(ayeshaWa, 'تحفہ میں نے خرید لیا ہے اور گاڑی میں چھپا دیا ہے۔', ['gift', 'secrecy']),
      ul(imranWa, 'Main usay shopping ke bahane bahar le jaunga.', ['meeting']),
      ur(ayeshaWa, 'کھانا کتنے لوگوں کے لیے منگوانا ہے؟'),
      ul(imranWa, 'Bees log, ammi ko mila ke.'),
    ],
    pRng,
  );
  exchange(
    w,
    group,
    utc('2024-03-29 21:00'),
    [
      ur(ayeshaWa, 'ہفتے کی شام سات بجے ریسٹورنٹ پہنچ جانا۔', ['meeting']),
      ur(ayeshaWa, 'امی کو بھی ساتھ لے آنا۔'),
      ur(ayeshaWa, 'اسے کچھ پتا نہیں چلنا چاہیے۔', ['secrecy']),
    ],
    pRng,
  );
  // and by text, father to son and aunt to nephew
  const dz = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [phone(N.imran), phone(N.zain)],
    pattern: 'LA-PARTY',
  });
  exchange(
    w,
    dz,
    utc('2024-03-17 18:10'),
    [
      ul(phone(N.imran), 'Zainab ko party ka bilkul mat batana, surprise hai.', ['secrecy']),
      ul(phone(N.zain), 'Pakka Abbu, nahi bataunga.'),
      ul(phone(N.imran), 'Gift le liya hai, gaari mein chupa diya hai.', ['gift', 'secrecy']),
    ],
    pRng,
  );
  exchange(
    w,
    dz,
    utc('2024-03-30 16:45'),
    [
      ul(phone(N.imran), 'Saat baje restaurant pohanch jana, late mat hona.', ['meeting']),
      ul(phone(N.zain), 'Ok Abbu, main Mo ke saath aa raha hoon.'),
    ],
    pRng,
  );
  const az = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [phone(N.ayesha), phone(N.zain)],
    pattern: 'LA-PARTY',
  });
  exchange(
    w,
    az,
    utc('2024-03-24 12:00'),
    [
      ur(phone(N.ayesha), 'زین بیٹا، زینب کو ہفتے کی شام مصروف رکھنا۔ یہ ہمارا راز ہے۔', [
        'secrecy',
        'meeting',
      ]),
      ul(phone(N.zain), 'Ji phuppo, fikar na karein.'),
    ],
    pRng,
  );

  w.pattern({
    id: 'LA-PARTY',
    type: 'lookalike',
    mimics: 'grooming',
    expectFlag: false,
    caseRef: LIVE,
    title: 'A family planning a surprise birthday party (secrecy, a hidden gift, a meeting time)',
    persons: { 'imran-khan': 'father', 'ayesha-khan': 'aunt', 'zain-khan': 'son (16)' },
    identifiers: [imranWa, ayeshaWa, zainWa, phone(N.imran), phone(N.ayesha), phone(N.zain)],
    threads: [group.id, dz.id, az.id],
    facts: {
      occasion: "Zainab's 18th birthday",
      partyAt: new Date(utc('2024-03-30 19:00')).toISOString(),
      languages: ['ur', 'ur-Latn'],
    },
  });
}
