// Device templates: which writers write each platform (writer id = parser id), and a builder that
// fills a DeviceSpec with defaults. A writer that is not registered yet is skipped and recorded.
import type { GenApp } from '../device-data.js';
import type { DeviceSpec, PhoneStyle } from './world.js';

/** Writers for an Android file-system extraction, in the order they run. */
export const ANDROID_FORMATS = [
  'android-mmssms',
  'android-calllog',
  'android-contacts2',
  'android-sim',
  'whatsapp-android',
];
/** Writers for an iOS file-system extraction. */
export const IOS_FORMATS = [
  'ios-sms',
  'ios-callhistory',
  'ios-addressbook',
  'ios-commcenter',
  'whatsapp-ios',
];
/** Writers for an operator's call data records. */
export const CDR_FORMATS = ['uk-cdr'];

export const ANDROID_APPS: GenApp[] = ['sms', 'mms', 'phone', 'whatsapp'];
export const IOS_APPS: GenApp[] = ['sms', 'imessage', 'phone', 'whatsapp'];

export interface DeviceInit {
  caseRef: string;
  id: string;
  label: string;
  exhibit: string;
  platform: DeviceSpec['platform'];
  ownerPersonId: string;
  ownKeys: string[];
  seizedAt: number;
  style: PhoneStyle;
  apps?: GenApp[];
  formats?: string[];
  fallbackFormats?: string[];
  model?: string;
  os?: string;
  imei?: string;
  imsi?: string;
  iccid?: string;
  accounts?: string[];
  aliases?: Record<string, string>;
  cardExtras?: Record<string, string[]>;
  extraCards?: DeviceSpec['extraCards'];
  deletedContacts?: string[];
  writtenAs?: Record<string, string>;
}

export function deviceSpec(d: DeviceInit): DeviceSpec {
  const apps =
    d.apps ??
    (d.platform === 'ios'
      ? IOS_APPS
      : d.platform === 'operator'
        ? (['cdr'] as GenApp[])
        : ANDROID_APPS);
  const formats =
    d.formats ??
    (d.platform === 'ios'
      ? IOS_FORMATS
      : d.platform === 'operator'
        ? CDR_FORMATS
        : ANDROID_FORMATS);
  return {
    caseRef: d.caseRef,
    id: d.id,
    label: d.label,
    exhibit: d.exhibit,
    platform: d.platform,
    ownerPersonId: d.ownerPersonId,
    ownKeys: d.ownKeys,
    apps,
    formats,
    fallbackFormats: d.fallbackFormats,
    model: d.model,
    os: d.os,
    imei: d.imei,
    imsi: d.imsi,
    iccid: d.iccid,
    accounts: d.accounts,
    style: d.style,
    timezone: 'Europe/London',
    aliases: new Map(Object.entries(d.aliases ?? {})),
    cardExtras: new Map(Object.entries(d.cardExtras ?? {})),
    extraCards: d.extraCards ?? [],
    deletedContacts: new Set(d.deletedContacts),
    ...(d.writtenAs ? { writtenAs: new Map(Object.entries(d.writtenAs)) } : {}),
    seizedAt: d.seizedAt,
  };
}
