// Two closed cases of the case family: a 2014 child sexual exploitation case and a 2018 county
// lines case. They share planted identifiers with the live case (written differently there and in
// other formats), and hold near-miss decoys one digit away that must not match.
import type { Rng } from '../rng.js';
import type { World } from './world.js';
import { deviceSpec } from './devices.js';
import { IMEI, N } from './live-cast.js';
import { DAY, HOUR, MINUTE, chatter, email, exchange, imei, phone, utc } from './script.js';
import { EN_GB_FAMILY, EN_GB_FRIENDS, EN_GB_TEEN } from './phrases.js';

export const HARRIER = 'OP-HARRIER-2014';
export const MERLIN = 'OP-MERLIN-2018';

/** A valid IMEI one digit away from the live deal handset's (check digit recomputed). */
export const DECOY_IMEI = imei(
  `${IMEI.dealOld.slice(0, 13)}${(Number(IMEI.dealOld[13]) + 1) % 10}`,
);

export function addClosedCases(w: World, rng: Rng): void {
  harrier(w, rng.fork('harrier'));
  merlin(w, rng.fork('merlin'));
}

function harrier(w: World, rng: Rng): void {
  w.cases.push({
    ref: HARRIER,
    title: 'Operation Harrier (2014): exploitation of a 14-year-old girl',
    status: 'closed',
    crimeTypes: ['cse'],
    from: utc('2014-03-01'),
    to: utc('2014-07-01'),
  });
  w.person({
    id: 'amy-lewis',
    name: 'Amy Lewis',
    roles: ['child'],
    age: 14,
    keys: [[phone(610), 'phone']],
  });
  w.person({
    id: 'jess-friend',
    name: 'Jess',
    roles: ['friend'],
    age: 14,
    keys: [[phone(611), 'phone']],
  });
  w.person({
    id: 'amy-mum',
    name: 'Karen Lewis',
    roles: ['family'],
    keys: [[phone(612), 'phone']],
  });
  w.person({
    id: 'leon-decoy',
    name: 'Leon Hobbs (unrelated)',
    roles: ['bystander'],
    keys: [[phone(N.lee + 1), 'phone']],
  });
  w.person({
    id: 'darren-price',
    name: 'Darren Price (unrelated)',
    roles: ['bystander'],
    keys: [[phone(N.daz + 6), 'phone']],
  });

  w.device(
    deviceSpec({
      caseRef: HARRIER,
      id: 'H01',
      label: 'HAR/1 Samsung Galaxy S4 (Amy Lewis)',
      exhibit: 'HAR/1',
      platform: 'android',
      ownerPersonId: 'amy-lewis',
      ownKeys: [phone(610)],
      seizedAt: utc('2014-06-20'),
      style: 'e164',
      apps: ['sms', 'mms', 'phone'],
      formats: ['cellebrite-ufdr'],
      fallbackFormats: ['android-mmssms'],
      model: 'GT-I9505',
      os: 'Android 4.4.2',
      imei: imei('35857605112299'),
      writtenAs: { [phone(N.lee)]: '+44 (0)7700 900160', [phone(N.daz)]: '0044 7700 900180' },
      aliases: {
        'lee-hobbs': 'Lee',
        'darren-pike': 'Dazza',
        'jess-friend': 'Jess',
        'amy-mum': 'Mum',
        'leon-decoy': 'Leon college',
        'darren-price': 'Darren (work)',
      },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: HARRIER,
      id: 'H02',
      label: 'HAR/2 Nokia 105 (Lee Hobbs, 2014)',
      exhibit: 'HAR/2',
      platform: 'feature-phone',
      ownerPersonId: 'lee-hobbs',
      ownKeys: [phone(N.lee)],
      seizedAt: utc('2014-06-21'),
      style: 'idd',
      apps: ['sms', 'phone'],
      formats: ['xry-export'],
      fallbackFormats: ['magnet-axiom', 'android-mmssms'],
      model: 'Nokia 105',
      imei: imei('35395805667711'),
      aliases: { 'amy-lewis': 'A', 'darren-pike': 'Daz' },
    }),
  );
  const amy = phone(610);
  const lee = phone(N.lee);
  const daz = phone(N.daz);
  const t = w.conversation({ caseRef: HARRIER, app: 'sms', isGroup: false, members: [lee, amy] });
  exchange(
    w,
    t,
    utc('2014-04-02 18:30'),
    [
      {
        from: lee,
        body: 'hiya its lee, u ok? got ur number off ur mate',
        lang: 'en-GB',
        tags: ['grooming:rapport'],
      },
      { from: amy, body: 'hi yeah im ok', lang: 'en-GB' },
      {
        from: lee,
        body: 'dont tell ur mum ur talking to me, shes strict init',
        lang: 'en-GB',
        tags: ['grooming:secrecy'],
      },
    ],
    rng,
  );
  exchange(
    w,
    t,
    utc('2014-04-19 21:00'),
    [
      {
        from: lee,
        body: 'ill get u some vodka for saturday, my mate daz is driving',
        lang: 'en-GB',
        tags: ['grooming:gift', 'grooming:introduction'],
      },
      { from: amy, body: 'ok where do i meet u', lang: 'en-GB' },
      {
        from: lee,
        body: 'back of the leisure centre at 8',
        lang: 'en-GB',
        tags: ['grooming:meeting'],
      },
    ],
    rng,
  );
  const td = w.conversation({ caseRef: HARRIER, app: 'sms', isGroup: false, members: [daz, amy] });
  exchange(
    w,
    td,
    utc('2014-04-20 14:00'),
    [
      {
        from: daz,
        body: 'its daz, lees mate. pick u up at 8',
        lang: 'en-GB',
        tags: ['grooming:introduction', 'grooming:meeting'],
      },
      { from: amy, body: 'ok', lang: 'en-GB' },
    ],
    rng,
  );
  // a voice note from her mother: recorded read speech (a LibriVox clip from Debian's
  // pocketsphinx-testdata, public domain) when the generator is given the samples folder
  const mum = w.conversation({
    caseRef: HARRIER,
    app: 'mms',
    isGroup: false,
    members: [phone(612), amy],
  });
  exchange(
    w,
    mum,
    utc('2014-05-11 19:15'),
    [
      {
        from: phone(612),
        body: null,
        lang: 'und',
        attachments: [
          {
            mime: 'audio/wav',
            filename: 'voice-20140511-191502.wav',
            durationS: 3,
            transcript: 'he was not an ill disposed young man',
            sample: 'sense_and_sensibility_01_austen_64kb-0880.wav',
          },
        ],
      },
      { from: amy, body: 'ok mum x', lang: 'en-GB' },
    ],
    rng,
  );
  const tl = w.conversation({ caseRef: HARRIER, app: 'sms', isGroup: false, members: [lee, daz] });
  exchange(
    w,
    tl,
    utc('2014-04-19 21:30'),
    [
      {
        from: lee,
        body: 'sorted for sat, she is 14 so keep it quiet',
        lang: 'en-GB',
        tags: ['grooming:age', 'grooming:secrecy'],
      },
      { from: daz, body: 'say no more', lang: 'en-GB' },
    ],
    rng,
  );
  const from = utc('2014-03-01');
  const to = utc('2014-06-19');
  const chat = (a: string, b: string, n: number, lines: string[], label: string) =>
    chatter(w, w.conversation({ caseRef: HARRIER, app: 'sms', isGroup: false, members: [a, b] }), {
      from,
      to,
      count: n,
      a,
      b,
      aLines: lines,
      bLines: lines,
      aLang: 'en-GB',
      bLang: 'en-GB',
      rng: rng.fork(label),
    });
  chat(amy, phone(611), 60, EN_GB_TEEN, 'jess');
  chat(phone(612), amy, 40, EN_GB_FAMILY, 'mum');
  // the decoys: a college friend and a work contact, one digit away from Lee's and Daz's numbers
  chat(amy, phone(N.lee + 1), 12, EN_GB_FRIENDS, 'leon');
  chat(amy, phone(N.daz + 6), 6, EN_GB_FRIENDS, 'darren');
  w.shared.push({ key: lee, personId: 'lee-hobbs' }, { key: daz, personId: 'darren-pike' });
  w.decoys.push(
    { key: phone(N.lee + 1), resembles: lee },
    { key: phone(N.daz + 6), resembles: daz },
  );
  w.pattern({
    id: 'GR-2014',
    type: 'grooming',
    expectFlag: true,
    caseRef: HARRIER,
    title: '2014: the same adults groom a 14-year-old and pass her between them',
    persons: { 'lee-hobbs': 'adult', 'darren-pike': 'adult introduced', 'amy-lewis': 'child (14)' },
    identifiers: [lee, daz, amy],
    threads: [t.id, td.id, tl.id],
    facts: { ages: { 'amy-lewis': 14 } },
  });
}

function merlin(w: World, rng: Rng): void {
  w.cases.push({
    ref: MERLIN,
    title: 'Operation Merlin (2018): "Blaze" deal line',
    status: 'closed',
    crimeTypes: ['county-lines'],
    from: utc('2018-08-01'),
    to: utc('2018-12-01'),
  });
  w.person({
    id: 'tom-reid',
    name: 'Tom Reid',
    roles: ['runner'],
    age: 16,
    keys: [[phone(701), 'phone']],
  });
  w.person({
    id: 'kyle-decoy',
    name: 'Kyle Bennett (unrelated)',
    roles: ['bystander'],
    keys: [[phone(N.kyle + 9), 'phone']],
  });
  // the Blaze line of 2018 was Kyle's too, on the handset that became the Kay deal phone
  w.addKey('kyle-marsh', phone(700), 'phone');
  for (let i = 0; i < 15; i++)
    w.person({
      id: `merlin-customer-${i + 1}`,
      name: `2018 customer ${i + 1}`,
      roles: ['customer'],
      keys: [[phone(710 + i), 'phone']],
    });
  w.device(
    deviceSpec({
      caseRef: MERLIN,
      id: 'M01',
      label: 'MER/1 Samsung Galaxy J3 (Blaze line)',
      exhibit: 'MER/1',
      platform: 'android',
      ownerPersonId: 'kyle-marsh',
      ownKeys: [phone(700)],
      seizedAt: utc('2018-11-20'),
      style: 'idd-spaced',
      apps: ['sms', 'mms', 'phone'],
      formats: ['cellebrite-export'],
      fallbackFormats: ['magnet-axiom', 'android-mmssms'],
      model: 'SM-J330F',
      os: 'Android 7.0',
      imei: IMEI.dealOld,
      writtenAs: { [phone(N.kyle)]: '(07700) 900-100' },
      aliases: {
        'kyle-marsh': 'KM',
        'tom-reid': 'T runner',
        'kyle-decoy': 'Kyle',
        'dritan-kola': 'Dritan car wash',
      },
      cardExtras: { 'dritan-kola': [email('d.kola.carwash')] },
    }),
  );
  w.device(
    deviceSpec({
      caseRef: MERLIN,
      id: 'M02',
      label: 'MER/2 CDR 07700 900701',
      exhibit: 'MER/2',
      platform: 'operator',
      ownerPersonId: 'tom-reid',
      ownKeys: [phone(701)],
      seizedAt: utc('2018-11-30'),
      style: 'e164',
      imei: DECOY_IMEI,
      imsi: '234150000701033',
    }),
  );
  // the holder of 2018 texts the Blaze phone from the number that is Kyle's personal number today
  const blaze = phone(700);
  const kyle = phone(N.kyle);
  const tom = phone(701);
  const kb = w.conversation({
    caseRef: MERLIN,
    app: 'sms',
    isGroup: false,
    members: [kyle, blaze],
  });
  for (let i = 0; i < 8; i++)
    exchange(
      w,
      kb,
      utc('2018-08-10') + i * 9 * DAY + 12 * HOUR,
      [
        {
          from: kyle,
          body: rng.pick([
            'how much u took today',
            'send T to the flats',
            'put the flare out now',
            'count it and text me',
          ]),
          lang: 'en-GB',
          tags: ['county-lines:runner-instruction'],
        },
        { from: blaze, body: rng.pick(['320', 'ok', 'done', 'on it']), lang: 'en-GB' },
      ],
      rng,
    );
  const bt = w.conversation({ caseRef: MERLIN, app: 'sms', isGroup: false, members: [blaze, tom] });
  for (let i = 0; i < 12; i++)
    exchange(
      w,
      bt,
      utc('2018-08-12') + i * 8 * DAY + 15 * HOUR,
      [
        {
          from: blaze,
          body: rng.pick([
            'go flats block C, 2w',
            'Oak Rd garages, 1b',
            'station car park 3 for 25',
          ]),
          lang: 'en-GB',
          tags: ['county-lines:runner-instruction'],
        },
        { from: tom, body: 'done', lang: 'en-GB', after: 30 },
      ],
      rng,
    );
  for (let c = 0; c < 15; c++) {
    const cust = phone(710 + c);
    const th = w.conversation({
      caseRef: MERLIN,
      app: 'sms',
      isGroup: false,
      members: [blaze, cust],
    });
    for (let d = 0; d < 20; d++)
      w.message(th, {
        at: utc('2018-09-01') + d * 4 * DAY + 10 * HOUR + c * 2000,
        from: blaze,
        body: 'BLAZE ON 🔥 white n dark till 1am',
        language: 'en-GB',
        tags: ['county-lines:flare'],
      });
    w.message(th, {
      at: utc('2018-09-02') + c * 3 * DAY + 19 * HOUR,
      from: cust,
      body: 'u on',
      language: 'en-GB',
      tags: ['county-lines:order'],
    });
  }
  // the decoy "Kyle", one digit away, is an ordinary friend of the runner
  const kd = w.conversation({
    caseRef: MERLIN,
    app: 'sms',
    isGroup: false,
    members: [blaze, phone(N.kyle + 9)],
  });
  exchange(
    w,
    kd,
    utc('2018-09-15 17:00'),
    [
      { from: phone(N.kyle + 9), body: 'is tom there? tell him football at 6', lang: 'en-GB' },
      { from: blaze, body: 'ill tell him', lang: 'en-GB' },
    ],
    rng,
  );
  for (let i = 0; i < 20; i++) {
    const at =
      utc('2018-08-05') + rng.int(0, 110) * DAY + rng.int(9, 23) * HOUR + rng.int(0, 59) * MINUTE;
    const [a, b] = rng.pick([
      [kyle, tom],
      [tom, kyle],
      [tom, phone(N.kyle + 9)],
      [blaze, tom],
    ] as const);
    w.call({
      caseRef: MERLIN,
      at,
      from: a,
      to: b,
      app: 'phone',
      durationS: rng.int(10, 200),
      status: 'answered',
    });
  }
  w.shared.push(
    { key: kyle, personId: 'kyle-marsh' },
    { key: `imei:${IMEI.dealOld}`, personId: 'kyle-marsh' },
    { key: email('d.kola.carwash'), personId: 'dritan-kola' },
  );
  w.decoys.push(
    { key: phone(N.kyle + 9), resembles: kyle },
    { key: `imei:${DECOY_IMEI}`, resembles: `imei:${IMEI.dealOld}` },
  );
  w.pattern({
    id: 'CL-2018',
    type: 'county-lines',
    expectFlag: true,
    caseRef: MERLIN,
    title: '2018: the "Blaze" line on the handset later used as the Kay deal phone',
    persons: { 'kyle-marsh': 'line holder', 'tom-reid': 'runner (16)' },
    identifiers: [blaze, kyle, tom, `imei:${IMEI.dealOld}`],
    threads: [kb.id, bt.id],
    facts: { handsetImei: IMEI.dealOld },
  });
}
