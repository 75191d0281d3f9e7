// A small synthetic device for the tabular and text export formats: multilingual and multi-line
// text, a group thread, deleted items, calls of every status (one in the repeated BST hour), and
// contacts with several identifiers each. Numbers from the Ofcom drama range only.
import type { GenDevice, GenParty } from '../generator/device-data.js';

export const T0 = Date.UTC(2024, 9, 26, 22, 15, 0); // 26 Oct 2024 23:15 BST

export const OWNER_PARTY: GenParty = { key: 'phone:+447700900100', written: '07700 900100' };
export const ALINA: GenParty = {
  key: 'phone:+447700900101',
  written: '+44 7700 900101',
  name: 'Alina Popescu',
};
export const BORYS: GenParty = {
  key: 'phone:+447700900102',
  written: '07700900102',
  name: 'Borys',
};
export const DRITON: GenParty = { key: 'phone:+447700900103', written: '07700 900 103' };

export function tabularDevice(): GenDevice {
  return {
    id: 'D9',
    label: 'D9 tabular',
    exhibit: 'TB/9',
    platform: 'android',
    formats: [],
    ownerPersonId: 'P9',
    owner: {
      msisdn: OWNER_PARTY,
      imei: '490154203237518',
      imsi: '234150000000001',
      model: 'SM-G991B',
    },
    region: 'GB',
    timezone: 'Europe/London',
    contacts: [
      {
        id: 1,
        name: 'Alina P',
        entries: [
          { ...ALINA, kind: 'phone', label: 'Mobile' },
          { key: 'email:alina@example.org', written: 'Alina@Example.org', kind: 'email' },
        ],
      },
      {
        id: 2,
        name: 'Borys „B” Nowak',
        entries: [
          { ...BORYS, kind: 'phone' },
          { key: 'phone:+447700900112', written: '07700 900112', kind: 'phone', label: 'Work' },
          {
            key: 'whatsapp:447700900102@s.whatsapp.net',
            written: '447700900102@s.whatsapp.net',
            kind: 'whatsapp',
          },
        ],
      },
      {
        id: 3,
        name: 'Driton (old)',
        entries: [{ ...DRITON, kind: 'phone' }],
        deleted: true,
      },
    ],
    threads: [
      { id: 1, app: 'sms', isGroup: false, participants: [ALINA] },
      { id: 2, app: 'whatsapp', isGroup: true, name: 'Crew', participants: [ALINA, BORYS] },
      { id: 3, app: 'sms', isGroup: false, participants: [DRITON] },
    ],
    messages: [
      {
        id: 1,
        threadId: 1,
        at: T0,
        direction: 'incoming',
        from: ALINA,
        body: 'Unde ești? Vino la 10, te rog.',
        language: 'ro',
      },
      { id: 2, threadId: 1, at: T0 + 60_000, direction: 'outgoing', body: 'On my way, "5 mins"' },
      {
        id: 3,
        threadId: 2,
        at: T0 + 3 * 3_600_000,
        direction: 'incoming',
        from: BORYS,
        body: 'Cześć, line one\nline two, with comma\nżółć 🚗',
        language: 'pl',
      },
      {
        id: 4,
        threadId: 2,
        at: T0 + 3 * 3_600_000 + 1000,
        direction: 'outgoing',
        body: 'ok',
      },
      {
        id: 5,
        threadId: 3,
        at: T0 + 4 * 3_600_000,
        direction: 'incoming',
        from: DRITON,
        body: 'Ku je? Mirëmëngjes',
        language: 'sq',
        deleted: true,
      },
    ],
    calls: [
      {
        id: 1,
        app: 'phone',
        at: T0 + 2 * 3_600_000 + 30 * 60_000, // 27 Oct 00:45 UTC = 01:45 BST (before the change)
        direction: 'outgoing',
        party: ALINA,
        durationS: 125,
        status: 'answered',
      },
      {
        id: 2,
        app: 'phone',
        at: T0 + 3 * 3_600_000 + 30 * 60_000, // 01:45 UTC = 01:45 GMT (the repeated hour)
        direction: 'incoming',
        party: BORYS,
        durationS: 0,
        status: 'missed',
      },
      {
        id: 3,
        app: 'whatsapp',
        at: T0 + 20 * 3_600_000,
        direction: 'incoming',
        party: DRITON,
        durationS: 3725,
        status: 'answered',
        video: true,
      },
    ],
    locations: [],
  };
}
