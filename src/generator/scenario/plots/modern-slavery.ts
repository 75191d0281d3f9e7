// Modern slavery: one controller texts many car-wash workers (in Albanian and in Romanian) about
// early pick-ups, shifts without days off, debts and deductions, the house, and the passports he
// keeps; his manager runs a nail bar whose workers share one controlled phone (Vietnamese), each
// signing her name. The workers barely talk to anyone else.
import type { Rng } from '../../rng.js';
import type { Conversation, World } from '../world.js';
import { LIVE, N, RO_WORKERS, SQ_WORKERS } from '../live-cast.js';
import { DAY, HOUR, MINUTE, chatter, exchange, phone, utc, type Line } from '../script.js';
import { RO_SPOUSE, SQ_FRIENDS, VI_COUSIN, VI_COUSIN_REPLY } from '../phrases.js';

type Stage =
  | 'shift'
  | 'transport'
  | 'debt'
  | 'documents'
  | 'accommodation'
  | 'control'
  | 'money'
  | 'threat'
  | 'shared-phone';

const SQ_BOSS: Array<[string, Stage[]]> = [
  ['Nesër në orën pesë ju marr nga shtëpia. Jini gati.', ['transport', 'shift']],
  ['Sot punoni deri në dhjetë të mbrëmjes.', ['shift']],
  ['Të dielën punoni edhe ju. Këtë muaj nuk ka ditë pushimi.', ['shift']],
  ['Më ke ende borxh 400 paund për qiranë dhe transportin.', ['debt']],
  ['Nga rroga jote mbajta 150 paund për banesën.', ['debt', 'accommodation']],
  ['Pasaporta mbetet tek unë derisa të ma kthesh borxhin.', ['documents', 'debt']],
  [
    'Mos i tregoni askujt për shtëpinë. Nëse pyet dikush, thoni që jeni shokë.',
    ['control', 'accommodation'],
  ],
  ['Paratë e sotme m’i jepni mua në makinë.', ['money']],
  ['Nga nesër vijnë edhe dy veta në dhomën tuaj. Bëni vend.', ['accommodation']],
];
const SQ_WORKER = [
  'Në rregull, shefi.',
  'Jam shumë i lodhur, sot punova katërmbëdhjetë orë.',
  'Kur na paguani? Nëna ka nevojë për ilaçe.',
  'E kuptova. Jemi gati në pesë.',
];
const RO_BOSS: Array<[string, Stage[]]> = [
  ['Mâine la 5 dimineața vă iau de la casă. Fiți gata.', ['transport', 'shift']],
  ['Tura de azi e până la 10 seara. Nu plecați până nu vin eu.', ['shift', 'control']],
  ['Duminică lucrați și voi. Luna asta nu există zi liberă.', ['shift']],
  ['Îmi mai datorezi 400 de lire pentru chirie și transport.', ['debt']],
  ['Din salariul tău am oprit 150 de lire pentru cazare.', ['debt', 'accommodation']],
  ['Pașaportul rămâne la mine până îți plătești datoria.', ['documents', 'debt']],
  [
    'Nu vorbiți cu nimeni despre casă. Dacă întreabă cineva, spuneți că sunteți prieteni.',
    ['control', 'accommodation'],
  ],
  ['Banii de azi mi-i dați mie în mașină.', ['money']],
  ['Mai vin doi oameni în camera voastră de mâine. Faceți loc.', ['accommodation']],
];
const RO_WORKER = [
  'Bine, șefu.',
  'Sunt foarte obosit, am lucrat 14 ore azi.',
  'Când primim banii? Mama are nevoie de bani pentru medicamente.',
  'Am înțeles. Suntem gata la 5.',
];

export function modernSlavery(w: World, rng: Rng): void {
  const boss = phone(N.dritan);
  const lan = phone(N.lan);
  const shared = phone(N.sharedPhone);
  const threads: number[] = [];
  const conv = (members: string[], app: Conversation['app'] = 'sms', name?: string) => {
    const c = w.conversation({
      caseRef: LIVE,
      app,
      isGroup: members.length > 2,
      members,
      pattern: 'MS-1',
      ...(name ? { name } : {}),
    });
    threads.push(c.id);
    return c;
  };
  const tags = (s: Stage[]) => s.map((x) => `modern-slavery:${x}`);
  const from = utc('2024-01-05');
  const to = utc('2024-04-27');
  const weeks = Math.floor((to - from) / (7 * DAY));

  const workers = (
    list: typeof SQ_WORKERS | typeof RO_WORKERS,
    lang: string,
    bossLines: typeof SQ_BOSS,
    workerLines: string[],
    groupName: string,
    r: Rng,
  ) => {
    const keys = list.map(([, , n]) => phone(n));
    for (const k of keys) {
      const t = conv([boss, k]);
      for (let wk = 0; wk < weeks; wk += r.int(1, 2)) {
        const [body, st] = r.pick(bossLines);
        const at =
          from +
          wk * 7 * DAY +
          r.int(0, 6) * DAY +
          r.pick([4, 5, 21, 22]) * HOUR +
          r.int(0, 59) * MINUTE;
        const lines: Line[] = [{ from: boss, body, lang, tags: tags(st) }];
        if (r.chance(0.6)) lines.push({ from: k, body: r.pick(workerLines), lang });
        exchange(w, t, at, lines, r);
      }
      // early-morning calls before pick-up
      for (let c = 0; c < 6; c++)
        w.call({
          caseRef: LIVE,
          at: from + r.int(0, weeks * 7 - 1) * DAY + 4 * HOUR + r.int(30, 59) * MINUTE,
          from: boss,
          to: k,
          app: 'phone',
          durationS: r.int(8, 40),
          status: 'answered',
          tags: ['modern-slavery:transport'],
        });
    }
    const g = conv([boss, ...keys], 'mms', groupName);
    for (let wk = 0; wk < weeks; wk++) {
      const [body, st] = r.pick(
        bossLines.filter(([, s]) => s.includes('shift') || s.includes('transport')),
      );
      exchange(
        w,
        g,
        from + wk * 7 * DAY + r.int(0, 5) * DAY + 20 * HOUR + r.int(0, 59) * MINUTE,
        [{ from: boss, body, lang, tags: tags(st) }],
        r,
      );
    }
    return keys;
  };
  const sqKeys = workers(SQ_WORKERS, 'sq', SQ_BOSS, SQ_WORKER, 'Larja', rng.fork('sq'));
  const roKeys = workers(RO_WORKERS, 'ro', RO_BOSS, RO_WORKER, 'Spălătorie', rng.fork('ro'));
  // a worker begs for his passport; the threat that follows is deleted on the controller's phone
  exchange(
    w,
    conv([boss, roKeys[1]!]),
    utc('2024-03-18 22:10'),
    [
      {
        from: roKeys[1]!,
        body: 'Te rog, dă-mi pașaportul înapoi, vreau să merg acasă.',
        lang: 'ro',
        tags: ['modern-slavery:documents'],
      },
      {
        from: boss,
        body: 'Dacă pleci, știi ce se întâmplă cu familia ta.',
        lang: 'ro',
        tags: ['modern-slavery:threat'],
        deletedOn: ['D06'],
      },
    ],
    rng,
  );
  exchange(
    w,
    conv([boss, sqKeys[0]!]),
    utc('2024-02-11 21:40'),
    [
      {
        from: sqKeys[0]!,
        body: 'Të lutem, ma kthe pasaportën, dua të shkoj në shtëpi.',
        lang: 'sq',
        tags: ['modern-slavery:documents'],
      },
      {
        from: boss,
        body: 'Nëse ikën, e di çfarë i ndodh familjes tënde.',
        lang: 'sq',
        tags: ['modern-slavery:threat'],
      },
    ],
    rng,
  );

  // the controller and his nail-bar manager (English)
  const bl = conv([boss, lan]);
  const E = (f: string, body: string, st: Stage[] = []): Line => ({
    from: f,
    body,
    lang: 'en-GB',
    tags: tags(st),
  });
  exchange(
    w,
    bl,
    utc('2024-01-14 19:00'),
    [
      E(boss, 'how many girls working tomorrow', ['shift']),
      E(lan, '3 girls. the new one start monday'),
      E(boss, 'the new girl owes 3000 for the travel. take it from her pay', ['debt']),
    ],
    rng,
  );
  exchange(
    w,
    bl,
    utc('2024-02-25 20:30'),
    [
      E(boss, 'keep the passports in the safe, not in the house', ['documents']),
      E(lan, 'ok boss. she cries a lot, she wants to call her mum'),
      E(boss, 'nobody goes out alone. they only use the house phone when we call', ['control']),
    ],
    rng,
  );
  exchange(
    w,
    bl,
    utc('2024-04-02 18:45'),
    [
      E(lan, 'inspection people came to the shop today. i said they are my nieces', ['control']),
      E(boss, 'good. move them to the other house tonight', ['accommodation', 'control']),
    ],
    rng,
  );

  // the shared phone: the manager in Vietnamese, the controller in English; the women sign their names
  const ls = conv([lan, shared]);
  const V = (f: string, body: string, st: Stage[] = []): Line => ({
    from: f,
    body,
    lang: 'vi',
    tags: tags(st),
  });
  const lsRng = rng.fork('shared');
  const lanLines: Array<[string, Stage[]]> = [
    ['Sáng mai 8 giờ có xe đến đón. Các em chuẩn bị sẵn nhé.', ['transport', 'shift']],
    ['Tuần này các em làm thêm ca tối thứ Bảy.', ['shift']],
    ['Tiền nhà và tiền ăn chị trừ vào lương rồi.', ['debt', 'accommodation']],
    ['Mai còn nợ chị 2.000 bảng tiền vé, làm trả dần.', ['debt']],
    ['Giấy tờ chị giữ, khi nào trả hết nợ thì chị đưa lại.', ['documents', 'debt']],
    ['Không được ra ngoài một mình. Có ai hỏi thì nói là cháu của chị.', ['control']],
    ['Điện thoại này chỉ dùng để nghe chị gọi thôi.', ['control']],
  ];
  const replies = [
    'Em Hoa đây. Dạ, em biết rồi ạ.',
    'Em là Mai. Chị ơi, em mệt quá, cho em nghỉ một hôm được không?',
    'Linh đây ạ. Bao giờ em được gửi tiền về cho mẹ?',
    'Dạ vâng ạ. Hoa.',
  ];
  for (let wk = 0; wk < weeks; wk++) {
    const [body, st] = lsRng.pick(lanLines);
    const lines: Line[] = [V(lan, body, st)];
    if (lsRng.chance(0.7)) lines.push(V(shared, lsRng.pick(replies), ['shared-phone']));
    exchange(
      w,
      ls,
      from + wk * 7 * DAY + lsRng.int(0, 6) * DAY + lsRng.int(7, 22) * HOUR,
      lines,
      lsRng,
    );
  }
  const bs = conv([boss, shared]);
  exchange(
    w,
    bs,
    utc('2024-03-03 07:05'),
    [
      E(boss, 'car comes 8am. be ready. nobody goes out', ['transport', 'control']),
      E(shared, 'ok boss, we are ready at 8', ['shared-phone']),
    ],
    rng,
  );
  exchange(
    w,
    bs,
    utc('2024-04-10 22:30'),
    [
      E(boss, 'who called from this phone today? only answer when i call', ['control']),
      E(shared, 'sorry boss, Mai called her cousin. it will not happen again', ['shared-phone']),
    ],
    rng,
  );
  // the women write to a cousin from the same phone
  const cousin = phone(148);
  const sc = conv([shared, cousin]);
  exchange(
    w,
    sc,
    utc('2024-02-04 23:12'),
    [
      V(shared, 'Chị Thu ơi, em là Hoa. Em nhớ nhà lắm.', ['shared-phone']),
      V(cousin, 'Các em có sao không? Chị lo lắm.'),
    ],
    rng,
  );
  exchange(
    w,
    sc,
    utc('2024-03-09 23:40'),
    [
      V(shared, 'Em là Mai, chị nhắn giúp em với mẹ là em vẫn khỏe nhé.', ['shared-phone']),
      V(cousin, 'Ừ, chị sẽ nhắn. Nếu cần giúp thì gọi cho chị bất cứ lúc nào.'),
    ],
    rng,
  );
  exchange(
    w,
    sc,
    utc('2024-04-21 00:15'),
    [
      V(shared, 'Linh đây. Bọn em không được ra ngoài, chị đừng gọi vào số này.', [
        'shared-phone',
        'control',
      ]),
    ],
    rng,
  );

  // and ordinary family news in both directions
  chatter(w, sc, {
    from,
    to,
    count: 50,
    a: shared,
    b: cousin,
    aLines: VI_COUSIN,
    bLines: VI_COUSIN_REPLY,
    aLang: 'vi',
    bLang: 'vi',
    rng: rng.fork('cousin'),
    hours: [20, 23],
  });

  // the controller's own family, in Albanian and Romanian: ordinary life on the same phone
  const bro = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [boss, phone(N.drilon)],
  });
  chatter(w, bro, {
    from,
    to,
    count: 40,
    a: boss,
    b: phone(N.drilon),
    aLines: SQ_FRIENDS,
    bLines: SQ_FRIENDS,
    aLang: 'sq',
    bLang: 'sq',
    rng: rng.fork('bro'),
  });
  const wife = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [boss, phone(N.ana)],
  });
  chatter(w, wife, {
    from,
    to,
    count: 50,
    a: boss,
    b: phone(N.ana),
    aLines: RO_SPOUSE,
    bLines: RO_SPOUSE,
    aLang: 'ro',
    bLang: 'ro',
    rng: rng.fork('wife'),
  });

  w.pattern({
    id: 'MS-1',
    type: 'modern-slavery',
    expectFlag: true,
    caseRef: LIVE,
    title:
      'Controller reaching many car-wash workers; nail-bar workers sharing one controlled phone',
    persons: {
      'dritan-kola': 'controller',
      'lan-tran': 'manager (nail bar)',
      'shared-phone-users': 'workers sharing a controlled phone',
      ...Object.fromEntries([...SQ_WORKERS, ...RO_WORKERS].map(([id]) => [id, 'worker'])),
    },
    identifiers: [boss, lan, shared, ...sqKeys, ...roKeys],
    threads,
    facts: {
      controller: boss,
      workers: [...sqKeys, ...roKeys],
      sharedPhone: { key: shared, device: 'D07', users: ['Hoa', 'Mai', 'Linh'] },
      pickupHoursUtc: [4, 5],
      languages: ['sq', 'ro', 'vi', 'en-GB'],
    },
  });
}
