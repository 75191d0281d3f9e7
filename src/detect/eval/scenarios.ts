// Labelled synthetic scenarios for the evaluation harness: for each rule, positive scenarios drawn
// with varied wording, sizes and timings from a seed, and deliberate look-alikes (a shop's
// broadcast, a takeaway's late orders, a club's announcements, a courier's drops, a parent planning
// a surprise, a coach's lifts, two teenagers, a staffing agency, a family sharing a phone, friends
// joking). Each scenario also carries ordinary background chatter. Wording pools include phrasings
// the lexicons do not contain, so recall is measured, not assumed.
import { Rng } from '../../generator/rng.js';
import type { CaseData } from '../case-data.js';
import { DAYMS, HR, MIN, ScenarioBuilder, T0, num } from './scenario-builder.js';

export interface Scenario {
  id: string;
  /** The rule this scenario tests (positive) or tries to fool (look-alike). */
  rule: string;
  expectFlag: boolean;
  /** Identifier keys a correct finding must name (one of them is enough). */
  target: string[];
  data: CaseData;
}

type Make = (rng: Rng, id: string) => Omit<Scenario, 'id' | 'data'> & { b: ScenarioBuilder };

const pick = <T>(rng: Rng, xs: readonly T[]) => rng.pick(xs);

/** Ordinary chatter between the device owner and a few friends and family. */
function background(b: ScenarioBuilder, rng: Rng, device: string, owner: string, base: number) {
  const lines = [
    'you coming football Saturday?',
    'running late, be there in 10',
    "tea's at 6, don't be late",
    'can you pick up some milk on the way home?',
    'what time does it start?',
    'lol same',
    'cheers for sorting that',
    'where are you? text me back please',
    'love you, see you later x',
    'did you see the match?',
  ];
  for (let f = 0; f < 4; f++) {
    const friend = num(800 + base + f);
    for (let i = 0; i < 8; i++) {
      const at = T0 + rng.int(0, 60) * DAYMS + rng.int(8, 22) * HR;
      const [a, c] = rng.chance(0.5) ? [owner, friend] : [friend, owner];
      b.msg(device, a, c, at, pick(rng, lines));
    }
  }
}

// ---------------------------------------------------------------- county lines: deal line
const FLARES = [
  'Kay back on now 🔥 2 for 25 white n dark, till late',
  'LINE OPEN all day till 2am. txt ur orders',
  'on now, quick drops, no time wasters',
  'back on 💯 3 for 25 all day',
  'Morning all, on from 10. free bits for anyone who brings a new face',
  'open now till late, same service',
  'up and running, hit me up',
];
const ORDERS = [
  'u on?',
  'need 1',
  'can I get 2 at the usual',
  'outside now',
  'how long',
  'here',
  'u about?',
];

const dealLine: Make = (rng) => {
  const b = new ScenarioBuilder();
  const line = num(100);
  b.device('dev_line', line);
  const n = rng.int(20, 45);
  const customers = Array.from({ length: n }, (_, i) => num(300 + i));
  const days = rng.int(20, 45);
  const swap = rng.chance(0.5);
  const newLine = num(101);
  if (swap) b.device('dev_new', newLine);
  for (let d = 0; d < days; d++) {
    const cur = swap && d >= days / 2 ? newLine : line;
    const dev = cur === line ? 'dev_line' : 'dev_new';
    const at = T0 + d * DAYMS + 10 * HR + rng.int(0, 20) * MIN;
    const text = pick(rng, FLARES);
    customers.forEach((c, i) => {
      if (cur === newLine && i % 5 === 4) return; // some customers lost in the move
      b.msg(dev, cur, c, at + i * 1500, dev === 'dev_new' && rng.chance(0.5) ? null : text);
    });
    for (let k = 0; k < rng.int(4, 12); k++) {
      const c = pick(rng, customers);
      const h = pick(rng, [11, 13, 16, 19, 21, 22, 23, 0, 1]);
      const t = T0 + d * DAYMS + (h < 3 ? h + 24 : h) * HR + rng.int(0, 59) * MIN;
      b.msg(dev, c, cur, t, pick(rng, ORDERS));
      b.msg(dev, cur, c, t + 2 * MIN, pick(rng, ['10 mins', 'ok', 'coming', 'wait by the shop']));
      if (rng.chance(0.4)) b.call(dev, c, cur, t + 5 * MIN, rng.int(10, 40));
    }
  }
  background(b, rng, 'dev_line', line, 0);
  return { rule: 'county-lines-deal-line', expectFlag: true, target: [line, newLine], b };
};

const shopBroadcast: Make = (rng) => {
  const b = new ScenarioBuilder();
  const shop = num(200);
  b.device('dev_shop', shop);
  const customers = Array.from({ length: rng.int(30, 60) }, (_, i) => num(400 + i));
  const offers = [
    'Park Lane Stores: 2 for £5 on soft drinks this weekend. Open 7am till 11pm!',
    'Fresh bread every morning from 7am. This week 3 for £2 on crisps',
    'Weekend offer: 20% off household cleaning. Open 7am-11pm, 7 days',
  ];
  for (let w = 0; w < rng.int(8, 16); w++) {
    const at = T0 + w * 7 * DAYMS + 8 * HR + 30 * MIN;
    const text = pick(rng, offers);
    customers.forEach((c, i) => b.msg('dev_shop', shop, c, at + i * 1500, text));
    for (const c of rng.sample(customers, 3)) {
      b.msg('dev_shop', c, shop, at + rng.int(20, 300) * MIN, 'are you open bank holiday monday?');
      b.msg('dev_shop', shop, c, at + 320 * MIN, 'Yes, 8am till 10pm');
    }
  }
  background(b, rng, 'dev_shop', shop, 10);
  return { rule: 'county-lines-deal-line', expectFlag: false, target: [shop], b };
};

const takeaway: Make = (rng) => {
  const b = new ScenarioBuilder();
  const shop = num(210);
  b.device('dev_take', shop);
  const customers = Array.from({ length: rng.int(25, 50) }, (_, i) => num(450 + i));
  for (let d = 0; d < 40; d++)
    for (let k = 0; k < rng.int(5, 15); k++) {
      const c = pick(rng, customers);
      const h = pick(rng, [17, 18, 19, 20, 21, 22, 23, 0, 1]);
      const t = T0 + d * DAYMS + (h < 3 ? h + 24 : h) * HR + rng.int(0, 59) * MIN;
      b.msg(
        'dev_take',
        c,
        shop,
        t,
        pick(rng, ['large margherita pls', 'usual order to 4 Mill Lane', 'how long for delivery?']),
      );
      b.msg(
        'dev_take',
        shop,
        c,
        t + 3 * MIN,
        pick(rng, ['30 mins', 'on its way', 'thanks, 25 mins']),
      );
      if (rng.chance(0.3)) b.call('dev_take', c, shop, t + 1 * MIN, rng.int(20, 90));
    }
  background(b, rng, 'dev_take', shop, 20);
  return { rule: 'county-lines-deal-line', expectFlag: false, target: [shop], b };
};

const clubAnnouncements: Make = (rng) => {
  const b = new ScenarioBuilder();
  const coach = num(220);
  b.device('dev_club', coach);
  const members = Array.from({ length: rng.int(22, 35) }, (_, i) => num(500 + i));
  for (let d = 0; d < 12; d++) {
    const at = T0 + d * DAYMS + 18 * HR;
    const text = pick(rng, [
      'Training on tonight at 7, pitch 2',
      'Match moved to 10am Sunday, bring kit',
      'Subs due this week please',
    ]);
    members.forEach((m, i) => b.msg('dev_club', coach, m, at + i * 2000, text));
  }
  background(b, rng, 'dev_club', coach, 30);
  return { rule: 'county-lines-deal-line', expectFlag: false, target: [coach], b };
};

// ------------------------------------------------------------ county lines: runner control
const INSTR = [
  (a: string, q: string) => `go ${a}, ${q}. text me wen done`,
  (a: string, q: string) => `go to ${a} now, ${q}, text me when done`,
  (a: string, q: string) => `${q} to ${a}. drop it and come back`,
];
const ADDR = ['flat 4 Ashford Rd', '22 Oak Rd', 'the garages', 'Station car park', '9 Mill Lane'];
const COERCE = [
  'u owe me 300 now',
  'u still owe me. friday or I come round ur mums',
  'ppl who run off get found. remember that',
  'ur going country for 3 days, get the train from euston',
  'say nothing to ur mum',
  'thats on u. pay me back or else',
];

const runner: Make = (rng) => {
  const b = new ScenarioBuilder();
  const kid = num(120);
  const boss = num(110);
  b.device('dev_kid', kid);
  for (let i = 0; i < rng.int(4, 12); i++) {
    const at = T0 + rng.int(0, 50) * DAYMS + rng.int(12, 23) * HR;
    b.msg(
      'dev_kid',
      boss,
      kid,
      at,
      pick(rng, INSTR)(pick(rng, ADDR), pick(rng, ['2w', '1w 1b', '3 for 25', '4w'])),
    );
    b.msg('dev_kid', kid, boss, at + 5 * MIN, pick(rng, ['ok', 'omw', 'done. got 50']));
  }
  for (const c of rng.sample(COERCE, rng.int(1, 3)))
    b.msg('dev_kid', boss, kid, T0 + rng.int(0, 50) * DAYMS + 22 * HR, c);
  if (rng.chance(0.5)) b.msg('dev_kid', kid, boss, T0 + 3 * DAYMS, 'i got school tho');
  background(b, rng, 'dev_kid', kid, 40);
  return { rule: 'county-lines-runner-control', expectFlag: true, target: [kid], b };
};

const courier: Make = (rng) => {
  const b = new ScenarioBuilder();
  const driver = num(130);
  const dispatch = num(131);
  b.device('dev_driver', driver);
  for (let i = 0; i < rng.int(8, 20); i++) {
    const at = T0 + rng.int(0, 50) * DAYMS + rng.int(8, 18) * HR;
    b.msg(
      'dev_driver',
      dispatch,
      driver,
      at,
      `go to ${pick(rng, ADDR)}, 2 parcels, text me when done`,
    );
    b.msg('dev_driver', driver, dispatch, at + 30 * MIN, 'delivered, signed for');
  }
  b.msg(
    'dev_driver',
    dispatch,
    driver,
    T0 + 9 * DAYMS,
    'payslip is in your email, thanks for the extra shift',
  );
  background(b, rng, 'dev_driver', driver, 50);
  return { rule: 'county-lines-runner-control', expectFlag: false, target: [driver], b };
};

// ---------------------------------------------------------------------------------- grooming
const G = {
  age: ['year 8. im 13', "i'm 14", 'im 12 lol', 'year 9', 'i am 13'],
  rapport: [
    'how was school today?',
    'u can always talk to me x',
    'i get it, u can tell me anything',
    'whats ur fave band',
  ],
  flattery: [
    'ur so mature for ur age',
    'u seem way older',
    'ur special to me u know that',
    'ur so pretty',
  ],
  secrecy: [
    'dont tell ur mum we talk',
    'delete our chats yeah? our secret',
    'dont tell anyone about us',
    'keep this between us',
  ],
  gift: [
    'got u a surprise, them trainers u wanted',
    'ill put £20 credit on ur phone',
    'ill buy u a new phone',
  ],
  isolation: [
    'ur mates are fake, they dont care about u like i do',
    'is anyone else home tonight?',
    'who else uses ur phone?',
    'are ur parents home?',
  ],
  sexual: [
    'have u ever had a boyfriend?',
    'u looked really grown up in that pic',
    'bet ur gonna be a heartbreaker',
    'what are u wearing',
  ],
  image: [
    'send me a pic of u now, just for me',
    'send a pic, no one else will see',
    'turn on ur cam',
  ],
  meeting: [
    'ill pick u up round the corner from school friday',
    'we can go for a drive, just me and u',
    'meet me at the park at 8',
  ],
};

const grooming: Make = (rng) => {
  const b = new ScenarioBuilder();
  const child = num(170);
  const adult = num(160);
  b.device('dev_child', child);
  let t = T0 + rng.int(0, 5) * DAYMS + 17 * HR;
  b.msg('dev_child', adult, child, t, 'hey its me from the park lol');
  b.msg('dev_child', child, adult, t + MIN, pick(rng, G.age));
  const stages = rng.sample(
    ['rapport', 'flattery', 'secrecy', 'gift', 'isolation', 'sexual', 'image', 'meeting'] as const,
    rng.int(4, 7),
  );
  if (!stages.some((s) => s === 'isolation' || s === 'sexual' || s === 'image'))
    stages.push('isolation');
  for (const s of stages) {
    t += rng.int(1, 6) * DAYMS;
    b.msg('dev_child', adult, child, t, pick(rng, G[s]));
    b.msg('dev_child', child, adult, t + 2 * MIN, pick(rng, ['ok', 'lol', 'idk', 'thanks']));
  }
  if (rng.chance(0.3)) b.age(adult, 30 + rng.int(0, 20));
  background(b, rng, 'dev_child', child, 60);
  return { rule: 'grooming-escalation', expectFlag: true, target: [adult], b };
};

const surpriseParty: Make = (rng) => {
  const b = new ScenarioBuilder();
  const son = num(190);
  const dad = num(191);
  b.device('dev_son', son);
  b.age(son, 15);
  const lines = [
    'dont tell ur sister about the party, its a surprise',
    'our secret ok? she cant know',
    'ive hidden the present in the car',
    'ill pick u up from school at 4 and we go get the cake',
    'be at the restaurant at 7, dont be late',
    'keep this between us till saturday',
  ];
  let t = T0 + 17 * HR;
  for (const l of rng.sample(lines, rng.int(3, 6))) {
    t += rng.int(1, 3) * DAYMS;
    b.msg('dev_son', dad, son, t, l);
    b.msg('dev_son', son, dad, t + MIN, pick(rng, ['ok dad', 'wont say anything', 'sure']));
  }
  background(b, rng, 'dev_son', son, 70);
  return { rule: 'grooming-escalation', expectFlag: false, target: [dad], b };
};

const coachLifts: Make = (rng) => {
  const b = new ScenarioBuilder();
  const kid = num(175);
  const coach = num(176);
  b.device('dev_kid2', kid);
  b.age(kid, 13);
  b.age(coach, 45);
  let t = T0 + 16 * HR;
  for (let i = 0; i < rng.int(4, 8); i++) {
    t += rng.int(2, 6) * DAYMS;
    b.msg(
      'dev_kid2',
      coach,
      kid,
      t,
      pick(rng, [
        'ill pick you up at 4 for training, mum said ok',
        'well done today, ur a star',
        'how was school? dont forget ur kit',
        'match at 10, ill pick u up',
      ]),
    );
    b.msg('dev_kid2', kid, coach, t + MIN, 'ok thanks');
  }
  background(b, rng, 'dev_kid2', kid, 80);
  return { rule: 'grooming-escalation', expectFlag: false, target: [coach], b };
};

const teenCouple: Make = (rng) => {
  const b = new ScenarioBuilder();
  const a = num(177);
  const c = num(178);
  b.device('dev_teen', a);
  let t = T0 + 18 * HR;
  b.msg('dev_teen', a, c, t, 'im 15 btw');
  b.msg('dev_teen', c, a, t + MIN, 'im 15 too lol');
  for (let i = 0; i < 6; i++) {
    t += rng.int(1, 3) * DAYMS;
    b.msg(
      'dev_teen',
      c,
      a,
      t,
      pick(rng, ['send me a pic', 'dont tell ur mum', 'meet me at the park', 'ur special to me']),
    );
  }
  background(b, rng, 'dev_teen', a, 90);
  return { rule: 'grooming-escalation', expectFlag: false, target: [c], b };
};

// ---------------------------------------------------------------------------- modern slavery
const MS = [
  {
    shift: 'Sot punoni deri në dhjetë të mbrëmjes.',
    pick: 'Nesër në orën pesë ju marr nga shtëpia. Jini gati.',
    debt: 'Më ke ende borxh 400 paund për qiranë dhe transportin.',
    docs: 'Pasaporta mbetet tek unë derisa të ma kthesh borxhin.',
    control: 'Mos i tregoni askujt për shtëpinë.',
  },
  {
    shift: 'Tura de azi e până la 10 seara.',
    pick: 'Mâine la 5 dimineața vă iau de la casă. Fiți gata.',
    debt: 'Îmi mai datorezi 400 de lire pentru chirie și transport.',
    docs: 'Pașaportul rămâne la mine până îți plătești datoria.',
    control: 'Nu vorbiți cu nimeni despre casă.',
  },
  {
    shift: 'shift till 10 tonight, no days off this month',
    pick: 'car comes 5am, be ready',
    debt: 'you still owe me 400 for the rent and travel, I take it from your pay',
    docs: 'your passport stays with me until the debt is paid',
    control: 'nobody goes out alone. only answer when i call',
  },
  {
    shift: 'Tuần này các em làm thêm ca tối thứ Bảy.',
    pick: 'Sáng mai 5 giờ có xe đến đón. Các em chuẩn bị sẵn nhé.',
    debt: 'Mai còn nợ chị 2.000 bảng tiền vé, làm trả dần.',
    docs: 'Giấy tờ chị giữ, khi nào trả hết nợ thì chị đưa lại.',
    control: 'Không được ra ngoài một mình.',
  },
];

const slavery: Make = (rng) => {
  const b = new ScenarioBuilder();
  const boss = num(140);
  b.device('dev_boss', boss);
  const workers = Array.from({ length: rng.int(5, 12) }, (_, i) => num(600 + i));
  // some scenarios are in a language with no lexicon, read through the stored English translation
  const translated = rng.chance(0.25);
  const L = pick(rng, MS);
  const en = MS[2]!;
  for (const w of workers) {
    for (let k = 0; k < rng.int(4, 9); k++) {
      const kind = pick(rng, ['shift', 'pick', 'pick', 'debt', 'docs', 'control'] as const);
      const at = T0 + rng.int(0, 60) * DAYMS + pick(rng, [4, 5, 21]) * HR + rng.int(0, 59) * MIN;
      if (translated)
        b.msg('dev_boss', boss, w, at, `[de] Nachricht ${w.slice(-3)}-${k}`, {
          translation: en[kind],
        });
      else b.msg('dev_boss', boss, w, at, L[kind]);
      if (rng.chance(0.5)) b.msg('dev_boss', w, boss, at + 10 * MIN, 'ok');
    }
    for (let c = 0; c < 3; c++)
      b.call('dev_boss', boss, w, T0 + rng.int(0, 60) * DAYMS + 4 * HR + 40 * MIN, 20);
  }
  background(b, rng, 'dev_boss', boss, 100);
  return { rule: 'modern-slavery-controller', expectFlag: true, target: [boss], b };
};

const agency: Make = (rng) => {
  const b = new ScenarioBuilder();
  const coord = num(240);
  b.device('dev_agency', coord);
  const workers = Array.from({ length: rng.int(6, 14) }, (_, i) => num(650 + i));
  const offers = [
    'Hi, we have a shift Saturday 6:00-14:00 at the Daventry warehouse, £12.60/h. Interested?',
    'Night shifts next week in Northampton 22:00-6:00. Let me know if you want any',
    'Hola, tenemos un turno el sábado de 6:00 a 14:00. ¿Te interesa? Si no puedes, no pasa nada.',
    'Your payslip for this week is on the portal',
    'Remember your hi-vis and safety boots',
  ];
  for (const w of workers)
    for (let k = 0; k < rng.int(4, 8); k++) {
      const at = T0 + rng.int(0, 60) * DAYMS + rng.int(9, 17) * HR;
      b.msg('dev_agency', coord, w, at, pick(rng, offers));
      b.msg(
        'dev_agency',
        w,
        coord,
        at + 15 * MIN,
        pick(rng, ['yes please', 'not this time thanks']),
      );
    }
  background(b, rng, 'dev_agency', coord, 110);
  return { rule: 'modern-slavery-controller', expectFlag: false, target: [coord], b };
};

const familyPhone: Make = (rng) => {
  const b = new ScenarioBuilder();
  const mum = num(250);
  b.device('dev_mum', mum);
  const kids = Array.from({ length: 5 }, (_, i) => num(700 + i));
  for (const k of kids)
    for (let i = 0; i < 6; i++)
      b.msg(
        'dev_mum',
        mum,
        k,
        T0 + rng.int(0, 60) * DAYMS + rng.int(7, 21) * HR,
        pick(rng, [
          'dinner at 6, be home',
          'I will pick you up at 5, be ready',
          'rent is due, can you send your share?',
          'shift finished, home soon',
        ]),
      );
  background(b, rng, 'dev_mum', mum, 120);
  return { rule: 'modern-slavery-controller', expectFlag: false, target: [mum], b };
};

// -------------------------------------------------------------------------------- sextortion
const sextortion: Make = (rng) => {
  const b = new ScenarioBuilder();
  const boy = num(190);
  // the phone's own messages carry its owner's number whatever the app (as the store resolves them)
  const waBoy = boy;
  const fake = 'whatsapp:447700900197@s.whatsapp.net';
  const fake2 = num(199);
  const dev = 'dev_boy';
  b.device(dev, boy);
  let t = T0 + rng.int(0, 30) * DAYMS + rng.int(15, 22) * HR;
  const say = (from: string, to: string, text: string, app: string, images = 0) => {
    t += rng.int(1, 8) * MIN;
    b.msg(dev, from, to, t, text, { app, images });
  };
  say(
    fake,
    waBoy,
    pick(rng, [
      'hey is this zain? saw u on insta',
      'hi, saw you on insta, u go to Northfield right?',
      'hey who is this? u added me',
    ]),
    'whatsapp',
  );
  say(waBoy, fake, 'yeah who is this?', 'whatsapp');
  say(fake, waBoy, pick(rng, ['ur cute btw 😘', 'u got a gf? 😉', 'ur hot']), 'whatsapp');
  // the script either moves to SMS on another number, or stays on WhatsApp
  let [them, me, app] = [fake, waBoy, 'whatsapp'];
  if (rng.chance(0.6)) {
    say(
      fake,
      waBoy,
      pick(rng, [
        'my whatsapp keeps crashing, text me on 07700 900199 instead',
        'add me on snap, or text me on 07700 900199',
      ]),
      'whatsapp',
    );
    [them, me, app] = [fake2, boy, 'sms'];
  }
  say(them, me, pick(rng, ['here is one of me, ur turn 😉', 'heyy, this is me']), app, 1);
  say(them, me, pick(rng, ['send me one back, no one will see', 'ur turn, send one back']), app);
  say(me, them, 'ok', app, 1);
  say(
    them,
    me,
    pick(rng, [
      'i have ur pic and a list of all ur followers and ur family. i will send it to every one of them',
      'i will ruin ur life, it goes to everyone',
    ]),
    app,
  );
  say(
    them,
    me,
    pick(rng, [
      'pay £500 in Amazon gift cards and send me the codes',
      'send £300 on paypal now',
      'pay me £200 or it goes to everyone',
    ]),
    app,
  );
  if (rng.chance(0.7))
    say(them, me, pick(rng, ['you have 30 minutes', '20 minutes left', 'u have 10 mins']), app);
  say(me, them, 'please dont', app);
  background(b, rng, dev, boy, 130);
  return { rule: 'sextortion-script', expectFlag: true, target: [fake, fake2], b };
};

const friendsJoke: Make = (rng) => {
  const b = new ScenarioBuilder();
  const me = num(195);
  const mate = num(196);
  b.device('dev_mate', me);
  for (let i = 0; i < 20; i++)
    b.msg(
      'dev_mate',
      i % 2 ? me : mate,
      i % 2 ? mate : me,
      T0 + i * 3 * DAYMS + 19 * HR,
      pick(rng, ['you coming out saturday?', 'lol', 'fifa later?']),
    );
  const t = T0 + 70 * DAYMS + 21 * HR;
  b.msg('dev_mate', mate, me, t, 'haha i have ur pic from the party, i will send it to everyone', {
    images: 1,
  });
  b.msg('dev_mate', mate, me, t + MIN, 'pay me £5 and i delete it lol');
  b.msg('dev_mate', me, mate, t + 2 * MIN, 'mate shut up 😂');
  background(b, rng, 'dev_mate', me, 140);
  return { rule: 'sextortion-script', expectFlag: false, target: [mate], b };
};

export const SCENARIO_KINDS: Array<{ name: string; make: Make }> = [
  { name: 'deal-line', make: dealLine },
  { name: 'LA-shop-broadcast', make: shopBroadcast },
  { name: 'LA-takeaway', make: takeaway },
  { name: 'LA-club-announcements', make: clubAnnouncements },
  { name: 'runner', make: runner },
  { name: 'LA-courier', make: courier },
  { name: 'grooming', make: grooming },
  { name: 'LA-surprise-party', make: surpriseParty },
  { name: 'LA-coach-lifts', make: coachLifts },
  { name: 'LA-teen-couple', make: teenCouple },
  { name: 'slavery', make: slavery },
  { name: 'LA-staffing-agency', make: agency },
  { name: 'LA-family-phone', make: familyPhone },
  { name: 'sextortion', make: sextortion },
  { name: 'LA-friends-joke', make: friendsJoke },
];

/** `perKind` scenarios of every kind, deterministic for a seed. */
export function buildScenarios(seed = 1, perKind = 20): Scenario[] {
  const out: Scenario[] = [];
  for (const k of SCENARIO_KINDS)
    for (let i = 0; i < perKind; i++) {
      const id = `${k.name}#${i}`;
      const rng = new Rng(seed, id);
      const s = k.make(rng, id);
      out.push({
        id,
        rule: s.rule,
        expectFlag: s.expectFlag,
        target: s.target,
        data: s.b.build({ caseId: `case_${id}` }),
      });
    }
  return out;
}
