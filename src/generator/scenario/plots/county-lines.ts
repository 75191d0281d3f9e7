// County lines: a deal line ("Kay") that flares its customers every morning, takes orders from
// 10:00 to 02:00, sends runners (two of them children) to addresses, holds them in debt with
// threats, and, after its handset is seized, moves to a new number and handset keeping its
// customers (seen in the operator CDRs of the new line).
import type { Rng } from '../../rng.js';
import type { Conversation, World, WorldMessage } from '../world.js';
import {
  CUSTOMER_COUNT,
  CUSTOMERS_KEPT,
  LIVE,
  N,
  NEW_CUSTOMERS,
  customerNumber,
} from '../live-cast.js';
import { SEIZED } from '../live-devices.js';
import { DAY, HOUR, MINUTE, exchange, phone, utc } from '../script.js';
import { EN_GB_CUSTOMER } from '../phrases.js';

const LINE_START = utc('2024-01-08');
const SWAP_AT = utc('2024-03-10 09:00');
const NEW_LINE_END = utc('2024-04-30');

const FLARES = [
  'Kay back on now 🔥 2 for 25 white n dark, till late. fast service',
  'KAY LINE OPEN ✅ all day till 2am. deals on 3s. txt ur orders',
  'Morning all, kay on from 10. free bits for anyone who brings a new face',
  'kay on 💯 3 for 25 all day. no time wasters',
  'Kay is ON. dark n white, quick drops, 10am till 2am',
];
const NEW_LINE_FLARE =
  'NEW NUMBER same kay same service. old phone dead, save this one. 2 for 25 today only';

export function countyLines(w: World, rng: Rng): void {
  const dealOld = phone(N.dealOld);
  const dealNew = phone(N.dealNew);
  const kyle = phone(N.kyle);
  const jayden = phone(N.jayden);
  const reece = phone(N.reece);
  const all: WorldMessage[] = [];
  const threads: number[] = [];

  const conv = (members: string[], app: Conversation['app'] = 'sms') => {
    const c = w.conversation({ caseRef: LIVE, app, isGroup: false, members, pattern: 'CL-1' });
    threads.push(c.id);
    return c;
  };

  // customers of the old line, each in their own thread with it
  const customers = Array.from({ length: CUSTOMER_COUNT }, (_, i) => phone(customerNumber(i)));
  const joined = customers.map((_, i) => LINE_START + Math.floor((i * 40) / CUSTOMER_COUNT) * DAY);
  const oldThreads = customers.map((c) => conv([dealOld, c]));
  const newCustomers = [
    ...customers.slice(0, CUSTOMERS_KEPT),
    ...Array.from({ length: NEW_CUSTOMERS }, (_, i) => phone(customerNumber(CUSTOMER_COUNT + i))),
  ];
  const newThreads = newCustomers.map((c) => conv([dealNew, c]));

  const lineDays = (from: number, to: number) => {
    const days: number[] = [];
    for (let d = from; d < to; d += DAY) days.push(d);
    return days;
  };

  // the daily "on" flare at about 10:00, to every customer the line has so far
  const flareRng = rng.fork('flares');
  for (const day of lineDays(LINE_START, SEIZED.D01)) {
    const text = flareRng.pick(FLARES);
    const t = day + 10 * HOUR + flareRng.int(0, 4) * MINUTE;
    customers.forEach((c, i) => {
      if (joined[i]! > day) return;
      all.push(
        w.message(oldThreads[i]!, {
          at: t + i * 2000,
          from: dealOld,
          body: text,
          language: 'en-GB',
          tags: ['county-lines:flare'],
        }),
      );
    });
  }
  for (const day of lineDays(SWAP_AT - 9 * HOUR, NEW_LINE_END)) {
    const first = day === SWAP_AT - 9 * HOUR;
    const text = first ? NEW_LINE_FLARE : flareRng.pick(FLARES);
    const t = day + 10 * HOUR + flareRng.int(0, 4) * MINUTE;
    newCustomers.forEach((_, i) => {
      if (i >= CUSTOMERS_KEPT && day < SWAP_AT + (i - CUSTOMERS_KEPT + 3) * DAY) return;
      all.push(
        w.message(newThreads[i]!, {
          at: t + i * 2000,
          from: dealNew,
          body: text,
          language: 'en-GB',
          tags: first ? ['county-lines:flare', 'county-lines:line-swap'] : ['county-lines:flare'],
        }),
      );
    });
  }

  // orders: customers text between 10:00 and 02:00, the line answers, some call
  const orderRng = rng.fork('orders');
  const orders = (
    thread: Conversation,
    line: string,
    customer: string,
    from: number,
    to: number,
  ) => {
    const days = Math.floor((to - from) / DAY);
    const n = orderRng.int(Math.floor(days / 6), Math.floor(days / 3));
    for (let k = 0; k < n; k++) {
      const day = from + orderRng.int(0, Math.max(0, days - 1)) * DAY;
      const hour = orderRng.pick([10, 11, 12, 14, 16, 18, 19, 20, 21, 22, 23, 0, 1]);
      const t = day + (hour < 3 ? hour + 24 : hour) * HOUR + orderRng.int(0, 59) * MINUTE;
      if (t > to) continue;
      const order = orderRng.pick(EN_GB_CUSTOMER);
      const tick = orderRng.chance(0.08);
      all.push(
        ...exchange(
          w,
          thread,
          t,
          [
            { from: customer, body: order, lang: 'en-GB', tags: ['county-lines:order'] },
            {
              from: line,
              body: orderRng.pick([
                '10 mins',
                'come garages',
                'ok 15',
                'wait by the shop',
                'coming',
              ]),
              lang: 'en-GB',
              tags: ['county-lines:order'],
              after: orderRng.int(1, 4),
            },
            ...(tick
              ? [
                  {
                    from: customer,
                    body: 'can u do tick till friday? get paid then',
                    lang: 'en-GB',
                    tags: ['county-lines:debt'],
                  },
                  {
                    from: line,
                    body: 'no tick. cash or nothing',
                    lang: 'en-GB',
                    tags: ['county-lines:debt'],
                  },
                ]
              : []),
            { from: customer, body: orderRng.pick(['here', 'outside', 'here now']), lang: 'en-GB' },
          ],
          orderRng,
        ),
      );
      if (orderRng.chance(0.5))
        w.call({
          caseRef: LIVE,
          at: t + orderRng.int(3, 12) * MINUTE,
          from: customer,
          to: line,
          app: 'phone',
          durationS: orderRng.int(12, 55),
          status: orderRng.chance(0.85) ? 'answered' : 'missed',
          tags: ['county-lines:order-call'],
        });
    }
  };
  customers.forEach((c, i) => orders(oldThreads[i]!, dealOld, c, joined[i]!, SEIZED.D01 - HOUR));
  newCustomers.forEach((c, i) =>
    orders(newThreads[i]!, dealNew, c, SWAP_AT + (i >= CUSTOMERS_KEPT ? 5 * DAY : 0), NEW_LINE_END),
  );

  // the line holder directs the phone and the runners from his personal number
  const runRng = rng.fork('runners');
  const kyleToLine = conv([kyle, dealOld]);
  const lineToJayden = conv([dealOld, jayden]);
  const newLineToJayden = conv([dealNew, jayden]);
  const kyleToJayden = conv([kyle, jayden]);
  const kyleToReece = conv([kyle, reece]);
  const addresses = [
    'flat 4 Ashford Rd',
    '22 Oak Rd',
    'the garages behind Tesco',
    'Station car park',
    'Park flats block B',
    '9 Mill Lane',
  ];
  const instructions = (
    thread: Conversation,
    from: string,
    to: string,
    start: number,
    end: number,
    n: number,
  ) => {
    for (let k = 0; k < n; k++) {
      const t =
        start +
        runRng.int(0, Math.floor((end - start) / DAY) - 1) * DAY +
        runRng.int(11, 23) * HOUR;
      const addr = runRng.pick(addresses);
      const q = runRng.pick(['2w', '1w 1b', '3 for 25', '2b', '4w']);
      all.push(
        ...exchange(
          w,
          thread,
          t,
          [
            {
              from,
              body: `go ${addr}, ${q}. text me wen done`,
              lang: 'en-GB',
              tags: ['county-lines:runner-instruction'],
            },
            { from: to, body: runRng.pick(['ok', 'on it', 'omw', 'k']), lang: 'en-GB' },
            {
              from: to,
              body: runRng.pick(['done. got 50', 'done, 75 cash', 'done 25', 'dropped']),
              lang: 'en-GB',
              tags: ['county-lines:runner-instruction'],
              after: runRng.int(15, 50),
            },
          ],
          runRng,
        ),
      );
    }
  };
  instructions(lineToJayden, dealOld, jayden, utc('2024-01-20'), SEIZED.D01, 22);
  instructions(newLineToJayden, dealNew, jayden, SWAP_AT + DAY, SEIZED.D04, 18);
  // the handset's holder gets the same from the line holder
  instructions(kyleToLine, kyle, dealOld, utc('2024-01-10'), SEIZED.D01, 14);
  instructions(kyleToReece, kyle, reece, utc('2024-01-10'), utc('2024-04-20'), 8);

  const kj = (at: string, lines: Parameters<typeof exchange>[3]) =>
    all.push(...exchange(w, kyleToJayden, utc(at), lines, runRng));
  kj('2024-01-19 16:02', [
    {
      from: kyle,
      body: 'u still want to make some money or wat',
      lang: 'en-GB',
      tags: ['county-lines:recruitment'],
    },
    { from: jayden, body: 'yeah defo', lang: 'en-GB' },
    {
      from: kyle,
      body: 'say nothing to ur mum. ill give u a phone, only answer that one',
      lang: 'en-GB',
      tags: ['county-lines:runner-instruction'],
    },
  ]);
  kj('2024-02-02 13:40', [
    {
      from: kyle,
      body: 'get the 16:10 from Euston, someone will meet u at the station',
      lang: 'en-GB',
      tags: ['county-lines:runner-instruction', 'county-lines:travel'],
    },
    { from: jayden, body: 'i got school tho', lang: 'en-GB' },
    {
      from: kyle,
      body: 'skip it. ur going country for 3 days',
      lang: 'en-GB',
      tags: ['county-lines:travel'],
    },
  ]);
  kj('2024-02-16 23:15', [
    {
      from: jayden,
      body: 'i got robbed bro they took the bits and the money',
      lang: 'en-GB',
      tags: ['county-lines:debt'],
    },
    {
      from: kyle,
      body: 'thats on u. u owe me 300 now',
      lang: 'en-GB',
      tags: ['county-lines:debt'],
    },
  ]);
  kj('2024-02-27 21:05', [
    {
      from: kyle,
      body: 'u still owe me 300. friday or I come round ur mums',
      lang: 'en-GB',
      tags: ['county-lines:debt', 'county-lines:threat'],
    },
    {
      from: jayden,
      body: 'ill sort it i swear, just need more shifts',
      lang: 'en-GB',
      tags: ['county-lines:debt'],
    },
  ]);
  kj('2024-03-10 09:20', [
    {
      from: kyle,
      body: 'old line got taken. new line is 07700 900102 save it as K2',
      lang: 'en-GB',
      tags: ['county-lines:line-swap'],
    },
    { from: jayden, body: 'ok saved', lang: 'en-GB' },
    {
      from: kyle,
      body: 'delete the old one. anyone asks u dont know me',
      lang: 'en-GB',
      tags: ['county-lines:line-swap'],
    },
  ]);
  kj('2024-03-29 22:40', [
    {
      from: kyle,
      body: 'ur debt is 450 now with the stuff u lost',
      lang: 'en-GB',
      tags: ['county-lines:debt'],
      deletedOn: ['D04'],
    },
    {
      from: kyle,
      body: 'ppl who run off get found. remember that',
      lang: 'en-GB',
      tags: ['county-lines:threat'],
      deletedOn: ['D04'],
    },
    { from: jayden, body: 'im not running off', lang: 'en-GB' },
  ]);

  // last messages on the old handset before the raid exist only in its SQLite WAL
  const last = all
    .filter((m) => oldThreads.some((t) => t.id === m.conv) && m.at <= SEIZED.D01)
    .sort((a, b) => b.at - a.at)
    .slice(0, 3);
  for (const m of last) m.walOnlyOn.add('D01');

  // calls between the holder and the runners
  const callRng = rng.fork('calls');
  for (let k = 0; k < 30; k++) {
    const t = utc('2024-01-15') + callRng.int(0, 100) * DAY + callRng.int(10, 23) * HOUR;
    const [a, b] = callRng.pick([
      [kyle, jayden],
      [jayden, kyle],
      [kyle, reece],
      [dealOld, jayden],
    ] as const);
    if (a === dealOld && t > SEIZED.D01) continue;
    w.call({
      caseRef: LIVE,
      at: t,
      from: a,
      to: b,
      app: 'phone',
      durationS: callRng.int(20, 240),
      status: callRng.chance(0.8) ? 'answered' : 'missed',
    });
  }

  w.pattern({
    id: 'CL-1',
    type: 'county-lines',
    expectFlag: true,
    caseRef: LIVE,
    title: 'Deal line "Kay": flares, orders, runners, debt; line swap to a new number and handset',
    persons: {
      'kyle-marsh': 'line holder',
      'jayden-cole': 'runner (child, 15)',
      'reece-ward': 'runner (child, 17)',
      ...Object.fromEntries([...customers, ...newCustomers].map((k) => [w.ownerOf(k), 'customer'])),
    },
    identifiers: [dealOld, dealNew, kyle, jayden, reece],
    threads,
    facts: {
      dealLine: { old: dealOld, new: dealNew, swapAt: new Date(SWAP_AT).toISOString() },
      handsets: {
        old: 'D01',
        oldSeizedAt: new Date(SEIZED.D01).toISOString(),
        newOnlyInCdr: 'D02',
      },
      operatingHoursUtc: { from: '10:00', to: '02:00', flareAt: '10:00' },
      customersOld: customers,
      customersKept: customers.slice(0, CUSTOMERS_KEPT),
      customersNew: newCustomers.slice(CUSTOMERS_KEPT),
      childRunners: ['jayden-cole', 'reece-ward'],
    },
  });
}
