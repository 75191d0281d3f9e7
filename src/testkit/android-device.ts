// A small synthetic Android device touching every part the Android writers understand: phone book
// with app accounts, SMS/MMS, WhatsApp 1:1 and group (with a LID), Telegram 1:1 and group, phone,
// WhatsApp and Telegram calls, attachments, deleted and WAL-only rows, SIM and accounts.
import type { GenDevice, GenParty } from '../generator/device-data.js';

export const T0 = Date.UTC(2024, 6, 1, 8, 0, 0);

export const MAREK_PHONE: GenParty = { key: 'phone:+447700900201', written: '07700 900201' };
export const MAREK_WA: GenParty = {
  key: 'whatsapp:447700900201@s.whatsapp.net',
  written: '447700900201@s.whatsapp.net',
  name: 'Marek',
};
export const IOANA_PHONE: GenParty = { key: 'phone:+447700900202', written: '+44 7700 900202' };
export const IOANA_WA: GenParty = {
  key: 'whatsapp:447700900202@s.whatsapp.net',
  written: '447700900202@s.whatsapp.net',
};
export const IOANA_TG: GenParty = {
  key: 'telegram:700000002',
  written: '700000002',
  name: 'Ioana',
};
export const BESNIK_WA: GenParty = {
  key: 'whatsapp:447700900204@s.whatsapp.net',
  written: '447700900204@s.whatsapp.net',
  name: 'Besnik',
  lid: '98765432101234@lid',
};
export const VIKTOR_TG: GenParty = {
  key: 'telegram:700000003',
  written: '700000003',
  name: 'Viktor',
};
export const WA_GROUP: GenParty = {
  key: 'whatsapp:120363012345678901@g.us',
  written: '120363012345678901@g.us',
};
export const TG_GROUP: GenParty = { key: 'telegram:-400000005', written: '-400000005' };

const minute = 60_000;

export function androidDevice(): GenDevice {
  return {
    id: 'D1',
    label: 'KS-1 Samsung',
    exhibit: 'KS/1',
    platform: 'android',
    formats: [
      'android-mmssms',
      'android-calllog',
      'android-contacts2',
      'whatsapp-android',
      'telegram-android',
      'google-messages',
      'android-sim',
    ],
    ownerPersonId: 'P1',
    owner: {
      msisdn: { key: 'phone:+447700900100', written: '07700 900100', name: 'Kuba' },
      imei: '353456789012348',
      imsi: '234150123456789',
      iccid: '8944110068162711902',
      accounts: [
        { key: 'email:kuba@example.org', written: 'kuba@example.org' },
        { key: 'telegram:700000001', written: '700000001', name: 'Kuba' },
        { key: 'whatsapp:447700900100@s.whatsapp.net', written: '447700900100@s.whatsapp.net' },
      ],
      model: 'SM-G991B',
      os: 'Android 13',
    },
    region: 'GB',
    timezone: 'Europe/London',
    contacts: [
      {
        id: 1,
        name: 'Marek Nowak',
        entries: [
          { ...MAREK_PHONE, kind: 'phone', label: 'Mobile' },
          { ...MAREK_WA, kind: 'whatsapp' },
        ],
      },
      {
        id: 2,
        name: 'Ioana',
        entries: [
          { ...IOANA_PHONE, kind: 'phone', label: 'Mobile' },
          { ...IOANA_TG, kind: 'telegram' },
        ],
      },
      {
        id: 3,
        name: 'Dan Old',
        deleted: true,
        entries: [{ key: 'phone:+447700900203', written: '07700900203', kind: 'phone' }],
      },
      {
        id: 4,
        name: 'Besnik',
        app: 'whatsapp',
        entries: [{ ...BESNIK_WA, kind: 'whatsapp' }],
      },
    ],
    threads: [
      { id: 1, app: 'sms', isGroup: false, participants: [MAREK_PHONE] },
      { id: 2, app: 'whatsapp', isGroup: false, participants: [MAREK_WA] },
      {
        id: 3,
        app: 'whatsapp',
        isGroup: true,
        name: 'Transport',
        participants: [MAREK_WA, BESNIK_WA, IOANA_WA],
        groupId: WA_GROUP,
      },
      { id: 4, app: 'telegram', isGroup: false, participants: [IOANA_TG] },
      {
        id: 5,
        app: 'telegram',
        isGroup: true,
        name: 'Runners',
        participants: [IOANA_TG, VIKTOR_TG],
        groupId: TG_GROUP,
      },
      { id: 6, app: 'mms', isGroup: true, participants: [MAREK_PHONE, IOANA_PHONE] },
    ],
    messages: [
      { id: 1, threadId: 1, at: T0, direction: 'incoming', from: MAREK_PHONE, body: 'Cześć' },
      { id: 2, threadId: 1, at: T0 + minute, direction: 'outgoing', body: 'Hi Marek' },
      {
        id: 3,
        threadId: 2,
        at: T0 + 2 * minute,
        direction: 'incoming',
        from: MAREK_WA,
        body: 'gdzie jesteś?',
      },
      { id: 4, threadId: 2, at: T0 + 3 * minute, direction: 'outgoing', body: 'station' },
      {
        id: 5,
        threadId: 2,
        at: T0 + 4 * minute,
        direction: 'incoming',
        from: MAREK_WA,
        body: 'photo',
        attachments: [{ id: 1, mime: 'image/jpeg', filename: 'IMG_0001.jpg' }],
      },
      {
        id: 6,
        threadId: 2,
        at: T0 + 5 * minute,
        direction: 'outgoing',
        body: 'delete this',
        deleted: true,
      },
      {
        id: 7,
        threadId: 3,
        at: T0 + 6 * minute,
        direction: 'incoming',
        from: BESNIK_WA,
        body: 'Ku je?',
      },
      {
        id: 8,
        threadId: 3,
        at: T0 + 7 * minute,
        direction: 'outgoing',
        body: 'voice',
        attachments: [{ id: 2, mime: 'audio/ogg', filename: 'PTT-1.opus', durationS: 9 }],
      },
      {
        id: 9,
        threadId: 3,
        at: T0 + 8 * minute,
        direction: 'incoming',
        from: IOANA_WA,
        body: 'only in the WAL',
        walOnly: true,
      },
      {
        id: 10,
        threadId: 4,
        at: T0 + 9 * minute,
        direction: 'incoming',
        from: IOANA_TG,
        body: 'Ne vedem mâine',
      },
      { id: 11, threadId: 4, at: T0 + 10 * minute, direction: 'outgoing', body: 'ok' },
      {
        id: 12,
        threadId: 5,
        at: T0 + 11 * minute,
        direction: 'incoming',
        from: VIKTOR_TG,
        body: 'drop at 9',
      },
      { id: 13, threadId: 5, at: T0 + 12 * minute, direction: 'outgoing', body: 'understood' },
      {
        id: 14,
        threadId: 6,
        at: T0 + 13 * minute,
        direction: 'incoming',
        from: IOANA_PHONE,
        body: 'group text',
        attachments: [{ id: 3, mime: 'image/png', filename: 'map.png' }],
      },
      {
        id: 15,
        threadId: 1,
        at: T0 + 14 * minute,
        direction: 'incoming',
        from: MAREK_PHONE,
        body: 'late sms',
        walOnly: true,
      },
    ],
    calls: [
      {
        id: 1,
        app: 'phone',
        at: T0 + 20 * minute,
        direction: 'incoming',
        party: MAREK_PHONE,
        durationS: 65,
        status: 'answered',
      },
      {
        id: 2,
        app: 'phone',
        at: T0 + 21 * minute,
        direction: 'outgoing',
        party: IOANA_PHONE,
        durationS: 12,
        status: 'answered',
      },
      {
        id: 3,
        app: 'phone',
        at: T0 + 22 * minute,
        direction: 'incoming',
        party: MAREK_PHONE,
        durationS: 0,
        status: 'missed',
      },
      {
        id: 4,
        app: 'phone',
        at: T0 + 23 * minute,
        direction: 'incoming',
        party: IOANA_PHONE,
        durationS: 0,
        status: 'rejected',
        deleted: true,
      },
      {
        id: 5,
        app: 'phone',
        at: T0 + 24 * minute,
        direction: 'incoming',
        party: MAREK_PHONE,
        durationS: 0,
        status: 'voicemail',
        walOnly: true,
      },
      {
        id: 6,
        app: 'whatsapp',
        at: T0 + 25 * minute,
        direction: 'outgoing',
        party: MAREK_WA,
        durationS: 140,
        status: 'answered',
        video: true,
      },
      {
        id: 7,
        app: 'whatsapp',
        at: T0 + 26 * minute,
        direction: 'incoming',
        party: BESNIK_WA,
        durationS: 0,
        status: 'missed',
      },
      {
        id: 8,
        app: 'telegram',
        at: T0 + 27 * minute,
        direction: 'incoming',
        party: IOANA_TG,
        durationS: 33,
        status: 'answered',
      },
      {
        id: 9,
        app: 'telegram',
        at: T0 + 28 * minute,
        direction: 'outgoing',
        party: VIKTOR_TG,
        durationS: 0,
        status: 'missed',
      },
    ],
    locations: [],
  };
}
