// Financially motivated sexual extortion of a 16-year-old in under an hour: a new contact on
// WhatsApp, flirting, a move to SMS on another number, an image sent first, an image request, the
// boy's image, a threat using his followers and family, a gift-card demand and a countdown. Then he
// asks his father for help. Indicators only; no image content is described.
import type { Rng } from '../../rng.js';
import type { World } from '../world.js';
import { LIVE, N } from '../live-cast.js';
import { exchange, phone, phoneJid, utc, type Line } from '../script.js';

export function sextortion(w: World, rng: Rng): void {
  const zainWa = phoneJid(N.zain);
  const zain = phone(N.zain);
  const sophieWa = phoneJid(N.sophieWa);
  const sophie = phone(N.sophieSms);
  const wa = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: false,
    members: [sophieWa, zainWa],
    pattern: 'SX-1',
  });
  const sms = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [sophie, zain],
    pattern: 'SX-1',
  });
  const tag = (t: string[]) => t.map((x) => `sextortion:${x}`);
  const S = (from: string, body: string, t: string[] = [], extra: Partial<Line> = {}): Line => ({
    from,
    body,
    lang: 'en-GB',
    tags: tag(t),
    ...extra,
  });

  exchange(
    w,
    wa,
    utc('2024-04-12 19:41'),
    [
      S(sophieWa, 'hey is this zain? saw u on insta, u go to Northfield high right?', [
        'new-contact',
      ]),
      S(zainWa, 'yeah who is this?'),
      S(sophieWa, 'sophie 😊 just moved here. ur cute btw', ['flirt']),
      S(zainWa, 'haha thanks'),
      S(sophieWa, 'u got a gf? 😘', ['flirt'], { after: 2 }),
      S(zainWa, 'nah'),
      S(
        sophieWa,
        'my whatsapp keeps crashing, text me on 07700 900199 instead',
        ['platform-switch'],
        { after: 3 },
      ),
    ],
    rng,
  );
  exchange(
    w,
    sms,
    utc('2024-04-12 19:58'),
    [
      S(zain, 'hey its zain'),
      S(sophie, 'heyy. here is one of me, ur turn 😉', ['image-sent'], {
        attachments: [{ mime: 'image/jpeg', filename: 'IMG_20240412_195912.jpg' }],
        after: 1,
      }),
      S(sophie, 'send me one back, no one will see', ['image-request'], { after: 1 }),
      S(zain, 'ok', ['image-received'], {
        attachments: [{ mime: 'image/jpeg', filename: 'IMG_20240412_200431.jpg' }],
        after: 4,
      }),
      S(
        sophie,
        'i have ur pic and a list of all ur followers and ur family. i will send it to every one of them',
        ['threat'],
        { after: 2 },
      ),
      S(
        sophie,
        'pay £500 in Amazon gift cards and send me the codes or it goes to everyone',
        ['payment-demand'],
        { after: 1 },
      ),
      S(zain, 'please dont, i dont have that much money', [], { after: 1 }),
      S(sophie, 'you have 30 minutes', ['countdown'], { after: 1 }),
      S(zain, 'i can get 100 please', [], { after: 4 }),
      S(sophie, '20 minutes left. i will ruin ur life', ['countdown', 'threat'], { after: 6 }),
      S(sophie, '10 minutes. im not joking', ['countdown'], { after: 10 }),
      S(zain, 'im scared i dont know what to do', ['victim-distress'], { after: 2 }),
    ],
    rng,
  );
  // he goes to his father (Roman Urdu and English), who reports it
  const dad = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [zain, phone(N.imran)],
    pattern: 'SX-1',
  });
  exchange(
    w,
    dad,
    utc('2024-04-12 20:41'),
    [
      {
        from: zain,
        body: 'Abbu, mujhe call karein, kuch bohat bura hua hai.',
        lang: 'ur-Latn',
        tags: ['sextortion:help-seeking'],
      },
      {
        from: phone(N.imran),
        body: 'Kya hua beta? Main aa raha hoon, pareshan mat ho.',
        lang: 'ur-Latn',
        after: 1,
      },
      {
        from: zain,
        body: 'someone is blackmailing me, they want money',
        lang: 'en-GB',
        tags: ['sextortion:help-seeking'],
        after: 1,
      },
      {
        from: phone(N.imran),
        body: 'Paise mat bhejna. Sab screenshots rakh lo, hum police ko batayenge.',
        lang: 'ur-Latn',
        after: 2,
      },
    ],
    rng,
  );
  w.call({
    caseRef: LIVE,
    at: utc('2024-04-12 20:44'),
    from: phone(N.imran),
    to: zain,
    app: 'phone',
    durationS: 540,
    status: 'answered',
  });

  w.pattern({
    id: 'SX-1',
    type: 'sextortion',
    expectFlag: true,
    caseRef: LIVE,
    title: 'Sextortion of a 16-year-old: new contact to threat and payment demand in 30 minutes',
    persons: {
      'sophie-profile': 'extorter',
      'zain-khan': 'victim (16)',
      'imran-khan': 'parent told',
    },
    identifiers: [sophieWa, sophie, zain, zainWa],
    threads: [wa.id, sms.id, dad.id],
    facts: {
      ages: { 'zain-khan': 16 },
      firstContactAt: new Date(utc('2024-04-12 19:41')).toISOString(),
      script: [
        'new-contact',
        'flirt',
        'platform-switch',
        'image-sent',
        'image-request',
        'image-received',
        'threat',
        'payment-demand',
        'countdown',
      ],
      platformSwitch: { from: sophieWa, to: sophie },
      payment: { method: 'Amazon gift cards', amountGbp: 500 },
    },
  });
}
