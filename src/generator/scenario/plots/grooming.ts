// Grooming: an adult (34) befriends a child (13) by text and escalates through the stages in
// patterns.md (rapport, age, secrecy, gifts, isolation, sexualisation expressed non-graphically,
// an image request, a meeting), then introduces her to another adult (41), who makes contact two
// days later. Nothing explicit is written: the indicators only.
import type { Rng } from '../../rng.js';
import type { World } from '../world.js';
import { LIVE, N } from '../live-cast.js';
import { SEIZED } from '../live-devices.js';
import { exchange, phone, utc, type Line } from '../script.js';

export function grooming(w: World, rng: Rng): void {
  const lee = phone(N.lee);
  const chloe = phone(N.chloe);
  const daz = phone(N.daz);
  const thread = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [lee, chloe],
    pattern: 'GR-1',
  });
  const dazThread = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [daz, chloe],
    pattern: 'GR-1',
  });

  const L = (body: string, tags: string[] = [], extra: Partial<Line> = {}): Line => ({
    from: lee,
    body,
    lang: 'en-GB',
    tags: tags.map((t) => `grooming:${t}`),
    ...extra,
  });
  const C = (body: string, tags: string[] = [], extra: Partial<Line> = {}): Line => ({
    from: chloe,
    body,
    lang: 'en-GB',
    tags: tags.map((t) => `grooming:${t}`),
    ...extra,
  });
  const D = (body: string, tags: string[] = []): Line => ({
    from: daz,
    body,
    lang: 'en-GB',
    tags: tags.map((t) => `grooming:${t}`),
  });
  const say = (at: string, lines: Line[]) => exchange(w, thread, utc(at), lines, rng);

  say('2024-02-03 17:12', [
    L('hey its Lee from the park, u left ur charger on the bench lol', ['rapport']),
    C('omg thanks 😂 i always lose stuff'),
    L('no worries, ill drop it back. what year u in?', ['rapport', 'age']),
    C('year 8. im 13', ['age']),
    L('no way, u seem way older. ur so mature for ur age honestly', ['rapport', 'flattery']),
  ]);
  say('2024-02-06 19:30', [
    L('how was school today? anyone giving u grief?', ['rapport'], { deletedOn: ['D08'] }),
    C('my mum just shouts at me all the time', [], { deletedOn: ['D08'] }),
    L('i get it, u can always talk to me x', ['rapport']),
  ]);
  say('2024-02-10 21:48', [
    L('dont tell ur mum we talk, she wouldnt understand', ['secrecy']),
    C('ok i wont'),
    L('delete our chats yeah? our secret x', ['secrecy']),
  ]);
  say('2024-02-15 16:20', [
    L('got u a surprise, them trainers u wanted 👟', ['gift']),
    C('omg no way!! thank u so much'),
    L('ill put £20 credit on ur phone too so we can talk proper', ['gift']),
  ]);
  say('2024-02-22 22:05', [
    L('ur mates are fake, they dont care about u like i do', ['isolation']),
    L('is anyone else home tonight?', ['isolation']),
    C('just me and my brother, mum is on nights'),
    L('who else uses ur phone?', ['isolation']),
    C('no one'),
  ]);
  say('2024-03-01 22:40', [
    L('u looked really grown up in that pic u posted', ['sexualisation']),
    L('have u ever had a boyfriend? u can tell me anything', ['sexualisation']),
    C('no lol'),
    L('bet ur gonna be a heartbreaker. ur special to me u know that', [
      'sexualisation',
      'flattery',
    ]),
  ]);
  say('2024-03-08 23:10', [
    L('send me a pic of u now, just for me', ['image-request']),
    C('idk'),
    L('go on, no one else will see it. delete it after', ['image-request', 'secrecy']),
  ]);
  say('2024-03-15 15:05', [
    L('ill pick u up round the corner from school friday at 4, dont tell anyone', [
      'meeting',
      'secrecy',
    ]),
    C('ok 😊'),
    L('we can go for a drive, just me and u', ['meeting']),
  ]);
  say('2024-03-22 20:15', [
    L('my mate Daz is gonna text u, hes sound, he will look after u', ['introduction']),
    C('ok who is he'),
    L('just a mate. be nice to him x', ['introduction']),
  ]);
  exchange(
    w,
    dazThread,
    utc('2024-03-24 19:02'),
    [
      D('hi chloe its daz, lees mate. he said ur cool', ['introduction', 'rapport']),
      { from: chloe, body: 'hiya', lang: 'en-GB' },
      D('theres a party at mine saturday, lee will bring u. there will be drink', [
        'meeting',
        'gift',
      ]),
      D('dont tell ur mum where ur going', ['secrecy']),
    ],
    rng,
  );
  exchange(
    w,
    dazThread,
    utc('2024-04-06 23:30'),
    [
      D('u had fun last night? u can stay over next time', ['meeting']),
      { from: chloe, body: 'yeah it was ok', lang: 'en-GB' },
    ],
    rng,
  );
  // the last message before the phone was taken is only in the WAL
  const lastLines = say('2024-04-18 21:55', [
    L('ur mum is checking ur phone? delete everything now', ['secrecy']),
    C('i did'),
  ]);
  lastLines[1]!.walOnlyOn.add('D08');

  w.call({
    caseRef: LIVE,
    at: utc('2024-02-20 21:00'),
    from: lee,
    to: chloe,
    app: 'phone',
    durationS: 1260,
    status: 'answered',
  });
  w.call({
    caseRef: LIVE,
    at: utc('2024-03-15 14:50'),
    from: lee,
    to: chloe,
    app: 'phone',
    durationS: 95,
    status: 'answered',
  });
  w.call({
    caseRef: LIVE,
    at: utc('2024-03-30 22:10'),
    from: daz,
    to: chloe,
    app: 'phone',
    durationS: 0,
    status: 'missed',
  });

  w.pattern({
    id: 'GR-1',
    type: 'grooming',
    expectFlag: true,
    caseRef: LIVE,
    title: 'Adult (34) grooms a child (13) by text and introduces her to another adult (41)',
    persons: {
      'lee-hobbs': 'adult, groomer',
      'chloe-baker': 'child',
      'darren-pike': 'adult introduced',
    },
    identifiers: [lee, chloe, daz],
    threads: [thread.id, dazThread.id],
    facts: {
      ages: { 'lee-hobbs': 34, 'chloe-baker': 13, 'darren-pike': 41 },
      stages: [
        'rapport',
        'age',
        'secrecy',
        'gift',
        'isolation',
        'sexualisation',
        'image-request',
        'meeting',
        'introduction',
      ],
      introduction: {
        by: 'lee-hobbs',
        introduced: 'darren-pike',
        child: 'chloe-baker',
        mentionedAt: new Date(utc('2024-03-22 20:15')).toISOString(),
        firstContactAt: new Date(utc('2024-03-24 19:02')).toISOString(),
      },
      device: 'D08',
      seizedAt: new Date(SEIZED.D08).toISOString(),
    },
  });
}
