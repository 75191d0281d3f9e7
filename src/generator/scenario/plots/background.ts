// Ordinary life on every phone: family, friends and group chats in each owner's languages, with a
// voice note, photos, a deleted thread and calls. Background carries no pattern tags.
import type { Rng } from '../../rng.js';
import type { World } from '../world.js';
import { LIVE, N } from '../live-cast.js';
import { chatter, exchange, phone, phoneJid, utc } from '../script.js';
import {
  EN_GB_FAMILY,
  EN_GB_FRIENDS,
  EN_GB_TEEN,
  PL_FAMILY,
  PL_WORRIED,
  UR_FAMILY,
  UR_LATN_FAMILY,
} from '../phrases.js';

export function background(w: World, rng: Rng): void {
  const from = utc('2024-01-02');
  const to = utc('2024-04-24');
  const sms = (a: string, b: string) =>
    w.conversation({ caseRef: LIVE, app: 'sms', isGroup: false, members: [a, b] });

  // Jayden: his mother writes Polish, he answers in English; friends
  const jayden = phone(N.jayden);
  const mum = sms(phone(N.jaydenMum), jayden);
  chatter(w, mum, {
    from,
    to,
    count: 120,
    a: phone(N.jaydenMum),
    b: jayden,
    aLines: PL_FAMILY,
    bLines: [
      'ok',
      'yeah im fine mum',
      'at Tylers',
      'coming home soon',
      'stop worrying',
      'ok love u',
    ],
    aLang: 'pl',
    bLang: 'en-GB',
    rng: rng.fork('jayden-mum'),
  });
  const worried: Array<[string, string]> = [
    ['2024-02-02 18:30', PL_WORRIED[0]!],
    ['2024-02-20 21:10', PL_WORRIED[1]!],
    ['2024-03-05 17:45', PL_WORRIED[2]!],
    ['2024-04-03 03:20', PL_WORRIED[3]!],
  ];
  for (const [at, body] of worried)
    exchange(
      w,
      mum,
      utc(at),
      [{ from: phone(N.jaydenMum), body, lang: 'pl', tags: ['county-lines:parent-concern'] }],
      rng,
    );
  const tyler = sms(jayden, phone(N.tyler));
  chatter(w, tyler, {
    from,
    to,
    count: 90,
    a: jayden,
    b: phone(N.tyler),
    aLines: [...EN_GB_TEEN, ...EN_GB_FRIENDS],
    bLines: [...EN_GB_TEEN, ...EN_GB_FRIENDS],
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('tyler'),
  });
  const moJ = sms(jayden, phone(N.moJ));
  chatter(w, moJ, {
    from,
    to,
    count: 40,
    a: jayden,
    b: phone(N.moJ),
    aLines: EN_GB_FRIENDS,
    bLines: EN_GB_FRIENDS,
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('moJ'),
  });
  for (let i = 0; i < 25; i++) {
    const r = rng.fork(`jcall${i}`);
    const [a, b] = r.chance(0.5) ? [phone(N.jaydenMum), jayden] : [jayden, phone(N.jaydenMum)];
    w.call({
      caseRef: LIVE,
      at: from + r.int(0, 110) * 86_400_000 + r.int(8, 22) * 3_600_000,
      from: a,
      to: b,
      app: 'phone',
      durationS: r.int(0, 600),
      status: r.chance(0.7) ? 'answered' : 'missed',
    });
  }

  // Chloe: mother, friends, the girls' group chat (MMS) and a WhatsApp chat with a photo
  const chloe = phone(N.chloe);
  const sarah = sms(phone(N.chloeMum), chloe);
  chatter(w, sarah, {
    from,
    to: utc('2024-04-19'),
    count: 110,
    a: phone(N.chloeMum),
    b: chloe,
    aLines: EN_GB_FAMILY,
    bLines: ['ok', 'at ellas', 'yes mum', 'omw', 'can i stay at maisies?', 'love u x'],
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('sarah'),
  });
  const ella = sms(chloe, phone(N.ella));
  chatter(w, ella, {
    from,
    to: utc('2024-04-19'),
    count: 140,
    a: chloe,
    b: phone(N.ella),
    aLines: EN_GB_TEEN,
    bLines: EN_GB_TEEN,
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('ella'),
  });
  const girls = w.conversation({
    caseRef: LIVE,
    app: 'mms',
    isGroup: true,
    name: 'year 8 girls 💅',
    members: [chloe, phone(N.ella), phone(N.maisie)],
  });
  const gRng = rng.fork('girls');
  for (let i = 0; i < 50; i++) {
    const who = gRng.pick(girls.members);
    exchange(
      w,
      girls,
      from + gRng.int(0, 105) * 86_400_000 + gRng.int(15, 21) * 3_600_000,
      [{ from: who, body: gRng.pick(EN_GB_TEEN), lang: 'en-GB' }],
      gRng,
    );
  }
  const ellaWa = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: false,
    members: [phoneJid(N.chloe), phoneJid(N.ella)],
  });
  exchange(
    w,
    ellaWa,
    utc('2024-03-02 16:00'),
    [
      {
        from: phoneJid(N.ella),
        body: 'look at this 😂',
        lang: 'en-GB',
        attachments: [{ mime: 'image/jpeg', filename: 'IMG-20240302-WA0004.jpg' }],
      },
      { from: phoneJid(N.chloe), body: 'hahaha stop', lang: 'en-GB' },
    ],
    rng,
  );
  // a chat Chloe deleted with Maisie (gone from the phone's SMS store)
  const maisie = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [chloe, phone(N.maisie)],
    deletedOn: ['D08'],
  });
  chatter(w, maisie, {
    from,
    to: utc('2024-03-01'),
    count: 20,
    a: chloe,
    b: phone(N.maisie),
    aLines: EN_GB_TEEN,
    bLines: EN_GB_TEEN,
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('maisie'),
  });

  // Zain: his cousin, sister and aunt (Roman Urdu, Urdu, English); a voice note from his aunt
  const zain = phone(N.zain);
  const mo = sms(zain, phone(N.moZ));
  chatter(w, mo, {
    from,
    to: utc('2024-04-12'),
    count: 80,
    a: zain,
    b: phone(N.moZ),
    aLines: [...EN_GB_FRIENDS, ...EN_GB_TEEN],
    bLines: [...EN_GB_FRIENDS, ...UR_LATN_FAMILY.slice(0, 2)],
    aLang: 'en-GB',
    bLang: 'en-GB',
    rng: rng.fork('moZ'),
  });
  // Mo's lines are English except two Roman Urdu ones: label them by content
  for (const m of w.messages)
    if (m.conv === mo.id && UR_LATN_FAMILY.includes(m.body ?? '')) m.language = 'ur-Latn';
  const sis = sms(zain, phone(N.zainab));
  chatter(w, sis, {
    from,
    to: utc('2024-04-12'),
    count: 60,
    a: zain,
    b: phone(N.zainab),
    aLines: UR_LATN_FAMILY,
    bLines: UR_LATN_FAMILY,
    aLang: 'ur-Latn',
    bLang: 'ur-Latn',
    rng: rng.fork('zainab'),
  });
  const aunt = sms(phone(N.ayesha), zain);
  chatter(w, aunt, {
    from,
    to: utc('2024-04-12'),
    count: 30,
    a: phone(N.ayesha),
    b: zain,
    aLines: UR_FAMILY,
    bLines: ['Ji phuppo.', 'Theek hai.', 'Shukriya phuppo!'],
    aLang: 'ur',
    bLang: 'ur-Latn',
    rng: rng.fork('aunt'),
  });
  exchange(
    w,
    aunt,
    utc('2024-04-02 18:00'),
    [
      {
        from: phone(N.ayesha),
        body: null,
        lang: 'und',
        attachments: [
          {
            mime: 'audio/amr',
            filename: 'voice-20240402-180012.amr',
            durationS: 9,
            transcript: 'زین بیٹا، کل شام کو گھر آ جانا، تمہاری امی نے بریانی بنائی ہے۔',
          },
        ],
      },
      { from: zain, body: 'Ji phuppo, zaroor aaunga.', lang: 'ur-Latn' },
    ],
    rng,
  );
  // Imran and his sister (Urdu script), and Imran to his son (Roman Urdu)
  const imranAyesha = sms(phone(N.imran), phone(N.ayesha));
  chatter(w, imranAyesha, {
    from,
    to: utc('2024-04-13'),
    count: 50,
    a: phone(N.imran),
    b: phone(N.ayesha),
    aLines: UR_FAMILY,
    bLines: UR_FAMILY,
    aLang: 'ur',
    bLang: 'ur',
    rng: rng.fork('imran-ayesha'),
  });
  const imranZain = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: false,
    members: [phoneJid(N.imran), phoneJid(N.zain)],
  });
  chatter(w, imranZain, {
    from,
    to: utc('2024-04-12'),
    count: 60,
    a: phoneJid(N.imran),
    b: phoneJid(N.zain),
    aLines: UR_LATN_FAMILY,
    bLines: UR_LATN_FAMILY,
    aLang: 'ur-Latn',
    bLang: 'ur-Latn',
    rng: rng.fork('imran-zain'),
  });
  for (let i = 0; i < 15; i++) {
    const r = rng.fork(`zcall${i}`);
    const [a, b] = r.chance(0.5) ? [zain, phone(N.moZ)] : [phone(N.moZ), zain];
    w.call({
      caseRef: LIVE,
      at: from + r.int(0, 100) * 86_400_000 + r.int(8, 22) * 3_600_000,
      from: a,
      to: b,
      app: 'phone',
      durationS: r.int(5, 900),
      status: 'answered',
    });
  }
  w.call({
    caseRef: LIVE,
    at: utc('2024-03-30 18:40'),
    from: phoneJid(N.imran),
    to: phoneJid(N.zain),
    app: 'whatsapp',
    durationS: 64,
    status: 'answered',
    video: true,
  });
}
