// A small synthetic device with something of every kind (chats in several apps, a group, SMS and
// MMS, attachments, deleted items, calls of each status, multi-identifier contacts, accounts,
// GPS/Wi-Fi/cell locations) for format writers and their parsers' tests. Ofcom drama numbers only.
import type { GenDevice, GenParty } from '../generator/device-data.js';

export const SAMPLE_T0 = Date.UTC(2024, 2, 1, 9, 30, 15, 250);

const p = (n: number, written?: string, name?: string): GenParty => ({
  key: `phone:+44770090${String(n).padStart(4, '0')}`,
  written: written ?? `07700 90${String(n).padStart(4, '0')}`,
  ...(name ? { name } : {}),
});
const wa = (n: number, name?: string): GenParty => ({
  key: `whatsapp:4477009${String(n).padStart(5, '0')}@s.whatsapp.net`,
  written: `4477009${String(n).padStart(5, '0')}@s.whatsapp.net`,
  ...(name ? { name } : {}),
});

export const ALICE = p(101, '07700 900101', 'Alice K');
export const BOB = p(102, '+44 7700 900102', 'Bob');
export const ALICE_WA = wa(101, 'Ala');
export const BOB_WA = wa(102, 'B');
export const CAROL_WA = wa(103, 'Carol');

export function sampleDevice(): GenDevice {
  const t = (min: number) => SAMPLE_T0 + min * 60_000;
  return {
    id: 'D1',
    label: 'JS-1 Samsung',
    exhibit: 'JS/1',
    platform: 'android',
    formats: ['cellebrite-ufdr'],
    ownerPersonId: 'P0',
    owner: {
      msisdn: { key: 'phone:+447700900100', written: '+447700900100' },
      imei: '356938035643809',
      imsi: '234150999999999',
      iccid: '8944100000000000001',
      accounts: [
        { key: 'whatsapp:447700900100@s.whatsapp.net', written: '447700900100@s.whatsapp.net' },
        { key: 'telegram:@ownerhandle', written: '@ownerhandle', name: 'Owner' },
      ],
      model: 'SM-G991B',
      os: 'Android 13',
    },
    region: 'GB',
    timezone: 'Europe/London',
    contacts: [
      {
        id: 1,
        name: 'Alice (work)',
        entries: [
          { ...ALICE, kind: 'phone', label: 'Mobile' },
          { ...ALICE_WA, kind: 'whatsapp' },
          { key: 'email:alice@example.org', written: 'alice@example.org', kind: 'email' },
        ],
      },
      { id: 2, name: 'Bob', entries: [{ ...BOB, kind: 'phone' }] },
      { id: 3, name: 'Old number', entries: [{ ...p(199), kind: 'phone' }], deleted: true },
    ],
    threads: [
      { id: 1, app: 'whatsapp', isGroup: false, participants: [ALICE_WA] },
      {
        id: 2,
        app: 'whatsapp',
        isGroup: true,
        name: 'Weekend 🚗',
        participants: [ALICE_WA, BOB_WA, CAROL_WA],
        groupId: { key: 'whatsapp:120363025246125486@g.us', written: '120363025246125486@g.us' },
      },
      { id: 3, app: 'sms', isGroup: false, participants: [BOB] },
      {
        id: 4,
        app: 'telegram',
        isGroup: false,
        participants: [{ key: 'telegram:777000123', written: '777000123', name: 'Dmitri' }],
      },
    ],
    messages: [
      {
        id: 1,
        threadId: 1,
        at: t(0),
        direction: 'incoming',
        from: ALICE_WA,
        body: 'Cześć, gdzie jesteś?',
        language: 'pl',
      },
      { id: 2, threadId: 1, at: t(1), direction: 'outgoing', body: 'On my way' },
      {
        id: 3,
        threadId: 1,
        at: t(2),
        direction: 'incoming',
        from: ALICE_WA,
        body: null,
        attachments: [{ id: 11, mime: 'image/jpeg', filename: 'IMG-20240301-WA0001.jpg' }],
      },
      { id: 4, threadId: 1, at: t(3), direction: 'outgoing', body: 'deleted later', deleted: true },
      {
        id: 5,
        threadId: 2,
        at: t(10),
        direction: 'incoming',
        from: BOB_WA,
        body: 'Ne vedem mâine la ora opt',
      },
      {
        id: 6,
        threadId: 2,
        at: t(11),
        direction: 'outgoing',
        body: 'ok 👍',
        attachments: [{ id: 12, mime: 'audio/ogg', filename: 'PTT-20240301-WA0002.opus' }],
      },
      {
        id: 7,
        threadId: 2,
        at: t(12),
        direction: 'incoming',
        from: CAROL_WA,
        body: 'آپ کہاں ہیں؟',
      },
      {
        id: 8,
        threadId: 3,
        at: t(20),
        direction: 'incoming',
        from: BOB,
        body: 'Call me <now> & then',
        read: false,
      },
      { id: 9, threadId: 3, at: t(21), direction: 'outgoing', body: 'ok ]]> done' },
      {
        id: 10,
        threadId: 4,
        at: t(30),
        direction: 'incoming',
        from: { key: 'telegram:777000123', written: '777000123', name: 'Dmitri' },
        body: 'привет',
      },
    ],
    calls: [
      {
        id: 1,
        app: 'phone',
        at: t(40),
        direction: 'incoming',
        party: BOB,
        durationS: 125,
        status: 'answered',
      },
      {
        id: 2,
        app: 'phone',
        at: t(41),
        direction: 'outgoing',
        party: ALICE,
        durationS: 0,
        status: 'rejected',
      },
      {
        id: 3,
        app: 'phone',
        at: t(42),
        direction: 'incoming',
        party: p(150),
        durationS: 0,
        status: 'missed',
      },
      {
        id: 4,
        app: 'whatsapp',
        at: t(43),
        direction: 'outgoing',
        party: ALICE_WA,
        durationS: 3725,
        status: 'answered',
        video: true,
      },
      {
        id: 5,
        app: 'cdr',
        at: t(44),
        direction: 'outgoing',
        party: BOB,
        durationS: 10,
        status: 'answered',
      },
    ],
    locations: [
      { id: 1, at: t(50), lat: 51.5072, lon: -0.1276, accuracyM: 12, origin: 'gps' },
      { id: 2, at: t(51), lat: 53.4808, lon: -2.2426, origin: 'wifi' },
      {
        id: 3,
        at: t(52),
        lat: 52.4862,
        lon: -1.8904,
        origin: 'cell',
        cell: { mcc: '234', mnc: '15', lac: '1234', cid: '56789' },
      },
    ],
  };
}
