// Identifier normalisation: the same number written many ways is one key; nothing is dropped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  IdentifierNormaliser,
  luhnValid,
  normaliseIdentifier,
  normaliseWhatsAppJid,
  parseIdentifierKey,
  phoneFromWhatsAppJid,
} from './identifiers.js';

const key = (
  raw: string,
  hint: Parameters<typeof normaliseIdentifier>[1] = 'auto',
  region?: string,
) => normaliseIdentifier(raw, hint, { region })?.key;

describe('phone numbers', () => {
  it.each([
    '07700 900123',
    '+44 7700 900123',
    '447700900123',
    '00447700900123',
    '(07700) 900-123',
    '+44 (0)7700 900123',
    'tel:+447700900123',
  ])('%s → phone:+447700900123', (raw) => expect(key(raw, 'phone')).toBe('phone:+447700900123'));
  it('uses the device region for national numbers', () => {
    expect(key('0151 12345678', 'phone', 'DE')).toBe('phone:+4915112345678');
    expect(key('+15185550123', 'phone', 'DE')).toBe('phone:+15185550123');
  });
  it('keeps short codes and unparseable numbers as phone-raw, alphanumeric senders as sender', () => {
    expect(key('22000', 'phone')).toBe('phone-raw:22000');
    expect(key('506', 'phone')).toBe('phone-raw:506');
    expect(key('CoopMobile', 'phone')).toBe('sender:CoopMobile');
    expect(key('SIGNAL', 'phone')).toBe('sender:SIGNAL');
  });
  it('ignores bidi and zero-width characters hidden in numbers', () => {
    expect(key('\u202e07700\u200b900123', 'phone')).toBe('phone:+447700900123');
  });
  it('never drops a non-empty value (property)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter(
            (s) =>
              s.replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim().length > 0,
          ),
        (s) => {
          const n = normaliseIdentifier(s, 'phone');
          expect(n).not.toBeNull();
          expect(parseIdentifierKey(n!.key)?.type).toMatch(/^(phone|phone-raw|sender)$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('device identifiers', () => {
  it('validates IMEI check digits and completes 14-digit IMEIs', () => {
    expect(luhnValid('490154203237518')).toBe(true);
    expect(key('49-015420-323751-8', 'imei')).toBe('imei:490154203237518');
    expect(key('49015420323751', 'imei')).toBe('imei:490154203237518');
    expect(key('4901542032375199', 'imei')).toBe('imei:490154203237518'); // IMEISV
    expect(key('490154203237519', 'imei')).toBe('imei-raw:490154203237519');
  });
  it('normalises IMSI and ICCID', () => {
    expect(key('234 15 1234567890', 'imsi')).toBe('imsi:234151234567890');
    expect(key('8944 1000 0000 0000 000F', 'iccid')).toBe('iccid:8944100000000000000');
  });
});

describe('app identifiers', () => {
  it('normalises WhatsApp JIDs', () => {
    expect(normaliseWhatsAppJid('447700900123@S.WhatsApp.Net')).toBe('447700900123@s.whatsapp.net');
    expect(normaliseWhatsAppJid('447700900123:12@s.whatsapp.net')).toBe(
      '447700900123@s.whatsapp.net',
    );
    expect(normaliseWhatsAppJid('447700900123.0:3@s.whatsapp.net')).toBe(
      '447700900123@s.whatsapp.net',
    );
    expect(normaliseWhatsAppJid('447700900123@c.us')).toBe('447700900123@s.whatsapp.net');
    expect(normaliseWhatsAppJid('123456789012345@lid')).toBe('123456789012345@lid');
    expect(normaliseWhatsAppJid('447700900123-1600000000@g.us')).toBe(
      '447700900123-1600000000@g.us',
    );
    expect(key('447700900123@s.whatsapp.net')).toBe('whatsapp:447700900123@s.whatsapp.net');
    expect(phoneFromWhatsAppJid('447700900123@s.whatsapp.net')).toBe('+447700900123');
    expect(phoneFromWhatsAppJid('123@lid')).toBeNull();
  });
  it('normalises e-mail and Telegram ids', () => {
    expect(key(' Alex.Smith@Example.org ')).toBe('email:alex.smith@example.org');
    expect(key('123456789', 'telegram')).toBe('telegram:123456789');
    expect(key('@Some_User', 'telegram')).toBe('telegram:@some_user');
  });
  it('the caching normaliser returns the same results', () => {
    const n = new IdentifierNormaliser('GB');
    expect(n.normalise('07700 900123', 'phone')?.key).toBe('phone:+447700900123');
    expect(n.normalise('07700 900123', 'phone')?.key).toBe('phone:+447700900123');
    expect(n.normalise(null)).toBeNull();
  });
});
