// Display helpers: times in UTC with the zone stated (evidence is compared across devices and
// zones), identifier values, byte sizes and counts.
import { revealInvisibles } from '../../../src/model/visible-controls';

const dtf = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'time unknown';
  return `${dtf.format(new Date(ms))} UTC`;
}

export function isoTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : new Date(ms).toISOString();
}

export function formatDay(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
  }).format(new Date(ms));
}

/** `phone:+447700900123` → `+447700900123`; other types keep a short prefix. */
export function identifierLabel(key: string | null | undefined): string {
  if (!key) return 'unknown';
  const i = key.indexOf(':');
  if (i === -1) return key;
  const type = key.slice(0, i);
  const value = key.slice(i + 1);
  if (type === 'phone' || type === 'phone-raw' || type === 'email') return value;
  if (type === 'device') return `owner of ${value}`;
  return `${type} ${value}`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-GB');
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'size unknown';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en-GB'], { type: 'language' });

export function languageName(code: string | null | undefined): string {
  if (!code) return 'not identified';
  if (code === 'und') return 'undetermined';
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Bidi controls and zero-width characters made visible, so a name cannot disguise itself (the
 * one shared implementation, also used by the CLI). */
export function revealHidden(text: string): string {
  return revealInvisibles(text);
}
