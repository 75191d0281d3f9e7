// One synthetic iPhone on the device-data contract, used by the iOS writer tests: SMS and an
// iMessage group, WhatsApp 1:1 and a group with a @lid member, phone, FaceTime and WhatsApp calls,
// address-book and WhatsApp contacts, SIM identifiers; a deleted and a WAL-only message.
import type { GenDevice, GenParty } from '../generator/device-data.js';
import type { IosSmsData } from '../generator/writers/ios-sms.js';

export const IOS_T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const T0 = IOS_T0;

export const jay: GenParty = { key: 'phone:+447700900101', written: '+447700900101', name: 'Jay' };
export const mo: GenParty = { key: 'phone:+447700900102', written: '+447700900102', name: 'Mo' };
export const anaWa: GenParty = {
  key: 'whatsapp:447700900103@s.whatsapp.net',
  written: '447700900103@s.whatsapp.net',
  name: 'Ana',
};
export const kidLid: GenParty = {
  key: 'whatsapp:205690463334636@lid',
  written: '205690463334636@lid',
  name: 'Kid',
};
export const runnersGroup: GenParty = {
  key: 'whatsapp:120363000000000001@g.us',
  written: '120363000000000001@g.us',
};

export function iosTestDevice(): GenDevice {
  return {
    id: 'D9',
    label: 'D9 iPhone',
    exhibit: 'XY/9',
    platform: 'ios',
    formats: ['ios-sms', 'ios-callhistory', 'ios-addressbook', 'whatsapp-ios', 'ios-commcenter'],
    ownerPersonId: 'P9',
    owner: {
      msisdn: { key: 'phone:+447700900100', written: '07700 900100' },
      imei: '356938035643809',
      imsi: '234150000000001',
      iccid: '8944100000000000018',
      accounts: [
        { key: 'whatsapp:447700900100@s.whatsapp.net', written: '447700900100@s.whatsapp.net' },
      ],
      model: 'iPhone14,2',
      os: 'iOS 16.5',
    },
    region: 'GB',
    timezone: 'Europe/London',
    contacts: [
      {
        id: 1,
        name: 'Jay Smith',
        entries: [
          { key: jay.key, written: '07700 900101', label: 'Mobile', kind: 'phone' },
          {
            key: 'email:jay@example.org',
            written: 'jay@example.org',
            label: 'Home',
            kind: 'email',
          },
        ],
      },
      {
        id: 2,
        name: 'Mo',
        entries: [{ key: mo.key, written: '+44 7700 900102', label: 'Work', kind: 'phone' }],
      },
      {
        id: 3,
        name: 'Old Number',
        entries: [{ key: 'phone:+447700900199', written: '07700900199', kind: 'phone' }],
        deleted: true,
      },
      {
        id: 4,
        name: 'Ana',
        app: 'whatsapp',
        entries: [
          {
            key: 'phone:+447700900103',
            written: '+44 7700 900103',
            label: 'Mobile',
            kind: 'phone',
          },
          { key: anaWa.key, written: anaWa.written, kind: 'whatsapp' },
        ],
      },
      {
        id: 5,
        name: 'Kid',
        app: 'whatsapp',
        entries: [
          {
            key: 'phone:+447700900104',
            written: '+44 7700 900104',
            label: 'Mobile',
            kind: 'phone',
          },
          {
            key: 'whatsapp:447700900104@s.whatsapp.net',
            written: '447700900104@s.whatsapp.net',
            kind: 'whatsapp',
          },
          { key: kidLid.key, written: kidLid.written, kind: 'whatsapp' },
        ],
      },
    ],
    threads: [
      { id: 1, app: 'sms', isGroup: false, participants: [jay] },
      { id: 2, app: 'imessage', isGroup: true, name: 'Lads', participants: [jay, mo] },
      { id: 3, app: 'whatsapp', isGroup: false, participants: [anaWa] },
      {
        id: 4,
        app: 'whatsapp',
        isGroup: true,
        name: 'Runners',
        groupId: runnersGroup,
        participants: [anaWa, kidLid],
      },
      { id: 5, app: 'telegram', isGroup: false, participants: [mo] },
    ],
    messages: [
      {
        id: 1,
        threadId: 1,
        at: T0,
        direction: 'incoming',
        from: jay,
        body: 'Gdzie jesteś?',
        language: 'pl',
      },
      { id: 2, threadId: 1, at: T0 + 60_000, direction: 'outgoing', body: 'On my way' },
      {
        id: 3,
        threadId: 1,
        at: T0 + 120_000,
        direction: 'incoming',
        from: jay,
        body: 'only in the WAL',
        walOnly: true,
      },
      {
        id: 4,
        threadId: 2,
        at: T0 + 180_000,
        direction: 'incoming',
        from: mo,
        body: 'Lads tonight?',
        read: false,
      },
      {
        id: 5,
        threadId: 2,
        at: T0 + 240_000,
        direction: 'outgoing',
        body: 'delete this',
        deleted: true,
      },
      {
        id: 6,
        threadId: 2,
        at: T0 + 300_000,
        direction: 'outgoing',
        body: 'photo',
        attachments: [
          { id: 1, mime: 'image/jpeg', filename: 'IMG_0001.JPG', bytes: new Uint8Array(1234) },
        ],
      },
      {
        id: 7,
        threadId: 3,
        at: T0 + 360_000,
        direction: 'incoming',
        from: anaWa,
        body: 'Bună! Ce faci?',
        language: 'ro',
      },
      { id: 8, threadId: 3, at: T0 + 420_000, direction: 'outgoing', body: 'Bine' },
      {
        id: 9,
        threadId: 3,
        at: T0 + 480_000,
        direction: 'incoming',
        from: anaWa,
        body: null,
        attachments: [
          { id: 2, mime: 'image/jpeg', filename: 'a1b2.jpg', bytes: new Uint8Array(4321) },
        ],
      },
      {
        id: 10,
        threadId: 4,
        at: T0 + 540_000,
        direction: 'incoming',
        from: kidLid,
        body: 'run at 6',
      },
      { id: 11, threadId: 4, at: T0 + 600_000, direction: 'outgoing', body: 'ok' },
      {
        id: 12,
        threadId: 4,
        at: T0 + 660_000,
        direction: 'incoming',
        from: anaWa,
        body: 'gone',
        deleted: true,
      },
      {
        id: 13,
        threadId: 5,
        at: T0 + 720_000,
        direction: 'incoming',
        from: mo,
        body: 'telegram, not ours',
      },
    ],
    calls: [
      {
        id: 1,
        app: 'phone',
        at: T0 + 1_000_000,
        direction: 'outgoing',
        party: jay,
        durationS: 65,
        status: 'answered',
      },
      {
        id: 2,
        app: 'phone',
        at: T0 + 2_000_000,
        direction: 'incoming',
        party: mo,
        durationS: 0,
        status: 'missed',
      },
      {
        id: 3,
        app: 'phone',
        at: T0 + 3_000_000,
        direction: 'incoming',
        party: jay,
        durationS: 120,
        status: 'answered',
        video: true,
      },
      {
        id: 4,
        app: 'whatsapp',
        at: T0 + 4_000_000,
        direction: 'outgoing',
        party: anaWa,
        durationS: 95,
        status: 'answered',
      },
      {
        id: 5,
        app: 'whatsapp',
        at: T0 + 5_000_000,
        direction: 'incoming',
        party: anaWa,
        durationS: 0,
        status: 'missed',
        video: true,
      },
      {
        id: 6,
        app: 'phone',
        at: T0 + 6_000_000,
        direction: 'outgoing',
        party: mo,
        durationS: 10,
        status: 'answered',
        deleted: true,
      },
    ],
    locations: [],
    lidMap: [
      {
        lid: { key: 'whatsapp:205690463334636@lid', written: '205690463334636@lid' },
        phoneJid: {
          key: 'whatsapp:447700900104@s.whatsapp.net',
          written: '447700900104@s.whatsapp.net',
        },
      },
      {
        lid: { key: 'whatsapp:310000000000007@lid', written: '310000000000007@lid' },
        phoneJid: {
          key: 'whatsapp:447700900103@s.whatsapp.net',
          written: '447700900103@s.whatsapp.net',
        },
      },
    ],
  };
}

/** Base time of `smsFixture`. */
export const SMS_T0 = Date.UTC(2024, 2, 1, 12, 0, 0);

/** A small sms.db for parser tests: iMessage and SMS, a group, attributedBody-only text, an
 * attachment, a group event, a deleted and a WAL-only message. */
export function smsFixture(): IosSmsData {
  const T0 = SMS_T0;
  const OWN = '+447700900100';
  return {
    seed: 'T1',
    handles: [
      { id: 1, address: '+447700900123', service: 'iMessage' },
      { id: 2, address: '+447700900456', service: 'SMS' },
      { id: 3, address: 'friend@example.org', service: 'iMessage' },
      { id: 4, address: '+447700900789', service: 'iMessage' },
    ],
    chats: [
      {
        id: 1,
        service: 'iMessage',
        style: 45,
        identifier: '+447700900123',
        handleIds: [1],
        accountLogin: `P:${OWN}`,
      },
      {
        id: 2,
        service: 'SMS',
        style: 45,
        identifier: '+447700900456',
        handleIds: [2],
        accountLogin: 'E:',
      },
      {
        id: 3,
        service: 'iMessage',
        style: 43,
        identifier: 'chat100023757',
        displayName: 'Lads',
        handleIds: [1, 3, 4],
        accountLogin: `P:${OWN}`,
      },
    ],
    messages: [
      {
        id: 1,
        chatId: 1,
        handleId: 1,
        service: 'iMessage',
        isFromMe: 0,
        text: 'Cześć, gdzie jesteś?',
        dateMs: T0,
        readMs: T0 + 60_000,
        account: `p:${OWN}`,
      },
      {
        id: 2,
        chatId: 1,
        handleId: 1,
        service: 'iMessage',
        isFromMe: 1,
        text: 'On my way 🚗',
        attributedOnly: true,
        dateMs: T0 + 61_000,
        deliveredMs: T0 + 62_000,
        account: `p:${OWN}`,
      },
      {
        id: 3,
        chatId: 2,
        handleId: 2,
        service: 'SMS',
        isFromMe: 0,
        text: 'Your code is 1234',
        dateMs: T0 + 120_000,
        account: 'e:',
      },
      {
        id: 4,
        chatId: 3,
        handleId: 3,
        service: 'iMessage',
        isFromMe: 0,
        text: 'group hello',
        attributedOnly: true,
        dateMs: T0 + 180_000,
        account: `p:${OWN}`,
      },
      {
        id: 5,
        chatId: 3,
        handleId: 0,
        service: 'iMessage',
        isFromMe: 1,
        text: '\ufffc',
        dateMs: T0 + 240_000,
        account: `p:${OWN}`,
        attachments: [
          {
            id: 1,
            filename: 'IMG_0001.JPG',
            mime: 'image/jpeg',
            totalBytes: 2048,
            isOutgoing: 1,
            createdMs: T0 + 239_000,
          },
        ],
      },
      {
        id: 6,
        chatId: 3,
        handleId: 4,
        service: 'iMessage',
        isFromMe: 0,
        text: null,
        itemType: 1,
        dateMs: T0 + 300_000,
      },
    ],
    deletedMessages: [
      {
        id: 7,
        chatId: 2,
        handleId: 2,
        service: 'SMS',
        isFromMe: 1,
        text: 'delete me',
        dateMs: T0 + 360_000,
      },
    ],
    walOnlyMessages: [
      {
        id: 8,
        chatId: 1,
        handleId: 1,
        service: 'iMessage',
        isFromMe: 0,
        text: 'only in the WAL',
        dateMs: T0 + 420_000,
      },
    ],
  };
}
