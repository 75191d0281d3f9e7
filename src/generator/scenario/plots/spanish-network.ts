// The Spanish-speaking sub-network around the line's supplier: his partner, mother, friend and
// associate (mostly ordinary life, some supply logistics), a WhatsApp group where the line holder
// appears only by his WhatsApp LID, and a legitimate staffing agency offering shifts (a look-alike
// of the modern-slavery pattern that must not be flagged).
import type { Rng } from '../../rng.js';
import type { World } from '../world.js';
import { LIDS, LIVE, N } from '../live-cast.js';
import { chatter, exchange, phone, phoneJid, utc, type Line } from '../script.js';
import { ES_FAMILY, ES_FRIENDS } from '../phrases.js';

export function spanishNetwork(w: World, rng: Rng): void {
  const javi = phone(N.javier);
  const javiWa = phoneJid(N.javier);
  const from = utc('2024-01-02');
  const to = utc('2024-04-29');
  const es = (f: string, body: string, tags: string[] = []): Line => ({
    from: f,
    body,
    lang: 'es',
    tags,
  });

  const lucia = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: false,
    members: [javiWa, phoneJid(N.lucia)],
  });
  chatter(w, lucia, {
    from,
    to,
    count: 160,
    a: javiWa,
    b: phoneJid(N.lucia),
    aLines: ES_FAMILY,
    bLines: ES_FAMILY,
    aLang: 'es',
    bLang: 'es',
    rng: rng.fork('lucia'),
  });
  const luciaSms = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [javi, phone(N.lucia)],
  });
  chatter(w, luciaSms, {
    from,
    to,
    count: 60,
    a: javi,
    b: phone(N.lucia),
    aLines: ES_FAMILY,
    bLines: ES_FAMILY,
    aLang: 'es',
    bLang: 'es',
    rng: rng.fork('lucia-sms'),
  });
  const mum = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [javi, phone(N.javierMum)],
  });
  chatter(w, mum, {
    from,
    to,
    count: 70,
    a: javi,
    b: phone(N.javierMum),
    aLines: ES_FAMILY,
    bLines: ES_FAMILY,
    aLang: 'es',
    bLang: 'es',
    rng: rng.fork('mum'),
  });
  const pedro = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [javi, phone(N.pedro)],
  });
  chatter(w, pedro, {
    from,
    to,
    count: 70,
    a: javi,
    b: phone(N.pedro),
    aLines: ES_FRIENDS,
    bLines: ES_FRIENDS,
    aLang: 'es',
    bLang: 'es',
    rng: rng.fork('pedro'),
  });
  const family = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: true,
    name: 'Familia Morales 🇪🇸',
    groupKey: 'whatsapp:447700900130-1704200000@g.us',
    members: [javiWa, phoneJid(N.lucia), phoneJid(N.javierMum), phoneJid(N.pedro)],
  });
  const famRng = rng.fork('family');
  for (let i = 0; i < 60; i++) {
    const who = famRng.pick(family.members);
    exchange(
      w,
      family,
      from + famRng.int(0, 115) * 86_400_000 + famRng.int(9, 21) * 3_600_000,
      [es(who, famRng.pick([...ES_FAMILY, ...ES_FRIENDS]))],
      famRng,
    );
  }

  // supply logistics with the associate (SMS) and with the line holder (English)
  const andres = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [javi, phone(N.andres)],
    pattern: 'CL-1',
  });
  exchange(
    w,
    andres,
    utc('2024-01-24 18:10'),
    [
      es(javi, 'El paquete llega el jueves a Birmingham. Avísame cuando lo tengas.', [
        'county-lines:supply',
      ]),
      es(phone(N.andres), 'Vale. ¿Lo llevo directamente al inglés?'),
      es(javi, 'No, primero a mi casa. Y no uses este número para eso, llámame al otro.', [
        'county-lines:supply',
      ]),
    ],
    rng,
  );
  exchange(
    w,
    andres,
    utc('2024-03-11 10:30'),
    [
      es(phone(N.andres), 'Al inglés le han quitado el teléfono. Tiene número nuevo.', [
        'county-lines:line-swap',
      ]),
      es(javi, 'Ya lo sé. Dile que la próxima vez paga por adelantado.'),
    ],
    rng,
  );
  exchange(
    w,
    andres,
    utc('2024-04-20 21:00'),
    [
      es(javi, '¿Cuánto dinero falta? El jefe quiere todo antes del domingo.', [
        'county-lines:debt',
      ]),
      es(phone(N.andres), 'Faltan 2.000. El inglés paga el viernes.'),
    ],
    rng,
  );
  const kyle = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [phone(N.kyle), javi],
    pattern: 'CL-1',
  });
  exchange(
    w,
    kyle,
    utc('2024-02-01 20:00'),
    [
      {
        from: phone(N.kyle),
        body: 'need 2 more by thurs',
        lang: 'en-GB',
        tags: ['county-lines:supply'],
      },
      {
        from: javi,
        body: 'ok bro same price. cash on the day',
        lang: 'en-GB',
        tags: ['county-lines:supply'],
      },
    ],
    rng,
  );
  exchange(
    w,
    kyle,
    utc('2024-03-10 11:15'),
    [
      {
        from: phone(N.kyle),
        body: 'they took my work phone. new number tomorrow',
        lang: 'en-GB',
        tags: ['county-lines:line-swap'],
      },
      { from: javi, body: 'no problem. call me on whatsapp', lang: 'en-GB' },
    ],
    rng,
  );
  // a WhatsApp group where the line holder shows up only by his LID on the supplier's phone
  const work = w.conversation({
    caseRef: LIVE,
    app: 'whatsapp',
    isGroup: true,
    name: 'Trabajo',
    groupKey: 'whatsapp:447700900130-1705900000@g.us',
    members: [javiWa, LIDS.andres, LIDS.kyle],
    pattern: 'CL-1',
  });
  exchange(
    w,
    work,
    utc('2024-03-20 19:00'),
    [
      es(javiWa, 'Mañana a las nueve en el sitio de siempre.', ['county-lines:supply']),
      { from: LIDS.kyle, body: 'ill be there', lang: 'en-GB' },
      es(LIDS.andres, 'Yo llevo el coche.'),
    ],
    rng,
  );
  w.call({
    caseRef: LIVE,
    at: utc('2024-03-10 11:20'),
    from: phoneJid(N.kyle),
    to: javiWa,
    app: 'whatsapp',
    durationS: 320,
    status: 'answered',
  });

  // the legitimate agency: shifts, hourly pay, payslips, the worker free to decline
  const agency = w.conversation({
    caseRef: LIVE,
    app: 'sms',
    isGroup: false,
    members: [phone(N.marta), javi],
    pattern: 'LA-AGENCY',
  });
  const marta = phone(N.marta);
  const aRng = rng.fork('agency');
  const offers = [
    'Hola Javier, soy Marta de ProStaff. Tenemos un turno el sábado de 6:00 a 14:00 en el almacén de Daventry. ¿Te interesa?',
    'Hola Javier, hay turnos de noche la semana que viene en Northampton, de 22:00 a 6:00. Dime si quieres alguno.',
    'Buenos días, Javier. ¿Puedes cubrir un turno mañana de 14:00 a 22:00? Si no puedes, no pasa nada.',
  ];
  for (let i = 0; i < 12; i++) {
    const at = from + aRng.int(0, 110) * 86_400_000 + aRng.int(9, 17) * 3_600_000;
    const accept = aRng.chance(0.7);
    exchange(
      w,
      agency,
      at,
      [
        es(marta, aRng.pick(offers), ['lookalike:agency-shift']),
        es(javi, accept ? 'Sí, me apunto.' : 'Esta vez no puedo, gracias.'),
        es(
          marta,
          accept
            ? 'Perfecto, te he apuntado. La tarifa es 12,60 £ la hora y se paga el viernes.'
            : 'Sin problema, te aviso del próximo turno.',
          ['lookalike:agency-shift'],
        ),
        ...(accept && aRng.chance(0.5)
          ? [
              es(marta, 'Recuerda traer el chaleco y las botas de seguridad.', [
                'lookalike:agency-shift',
              ]),
            ]
          : []),
      ],
      aRng,
    );
  }
  exchange(
    w,
    agency,
    utc('2024-04-05 12:00'),
    [
      es(marta, 'Tu nómina de esta semana ya está en el portal.', ['lookalike:agency-pay']),
      es(marta, 'Si no puedes venir a un turno, avísanos antes de las 20:00, por favor.', [
        'lookalike:agency-shift',
      ]),
    ],
    rng,
  );

  w.pattern({
    id: 'LA-AGENCY',
    type: 'lookalike',
    mimics: 'modern-slavery',
    expectFlag: false,
    caseRef: LIVE,
    title: 'A legitimate staffing agency offering shifts (hourly pay, payslips, free to decline)',
    persons: { 'marta-prostaff': 'agency coordinator', 'javier-morales': 'agency worker' },
    identifiers: [marta, javi],
    threads: [agency.id],
    facts: {
      why: 'shift offers with pay rates and payslips; no debt, documents, accommodation or control',
    },
  });
}
