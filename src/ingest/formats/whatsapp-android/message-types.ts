// WhatsApp Android message type and status codes (message.message_type, messages.media_wa_type,
// message.status), as read by ALEAPP, IPED and chat-history-manager. Unknown codes stay raw.

/** message_type / media_wa_type → the type name Threadline records. */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  0: 'text',
  1: 'image',
  2: 'audio',
  3: 'video',
  4: 'contact',
  5: 'location',
  7: 'system',
  8: 'call',
  9: 'document',
  10: 'missed-call',
  11: 'waiting',
  13: 'gif',
  15: 'revoked',
  16: 'live-location',
  20: 'sticker',
  23: 'product',
  27: 'otp',
  36: 'ephemeral-setting',
  42: 'view-once-image',
  43: 'view-once-video',
  44: 'order',
  64: 'revoked-by-admin',
  66: 'poll',
  85: 'ui',
  90: 'video-call',
  99: 'album',
};

/** Types whose rows are events rather than something a person wrote. */
export const SYSTEM_TYPES: ReadonlySet<number> = new Set([7, 8, 10, 11, 36, 90]);
/** Types meaning the content was deleted by the sender or an admin ("This message was deleted"). */
export const REVOKED_TYPES: ReadonlySet<number> = new Set([15, 64]);
/** Types that carry coordinates in message_location (or latitude/longitude in legacy rows). */
export const LOCATION_TYPES: ReadonlySet<number> = new Set([5, 16]);

export function messageTypeName(code: number | null): string {
  if (code === null) return 'unknown';
  return MESSAGE_TYPES[code] ?? `type-${code}`;
}

/** message.status → delivery state (outgoing), or received (incoming). */
export function messageStatus(fromMe: boolean, status: number | null): string | null {
  if (status === null) return null;
  if (!fromMe) return status === 0 ? 'received' : `status-${status}`;
  switch (status) {
    case 0:
      return 'unsent';
    case 1:
      return 'waiting';
    case 4:
      return 'sent';
    case 5:
      return 'delivered';
    case 8:
      return 'played';
    case 13:
      return 'read';
    default:
      return `status-${status}`;
  }
}

/** call_log.call_result → call outcome (IPED ExtractorAndroidNew: 5 connected, 4 missed, 2 refused, 3 unavailable). */
export function callResult(code: number | null): {
  status: 'answered' | 'missed' | 'rejected' | 'unknown';
  flag?: string;
} {
  switch (code) {
    case 5:
      return { status: 'answered' };
    case 4:
      return { status: 'missed' };
    case 2:
      return { status: 'rejected' };
    case 3:
      return { status: 'unknown', flag: 'call-unavailable' };
    default:
      return { status: 'unknown', flag: `call-result-${code ?? 'null'}` };
  }
}
