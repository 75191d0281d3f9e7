// WhatsApp Android shared preferences (com.whatsapp_preferences_light.xml, or
// com.whatsapp_preferences.xml in older versions): the registered number (`registration_jid`,
// digits only) and the owner's push name. Android SharedPreferences XML: <map><string name=…>.
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { EvidenceFile } from '../../../evidence/evidence-file.js';
import type { ParseContext } from '../../parser.js';

export const PREFERENCES_RE = /^com\.whatsapp(\.w4b)?_preferences(_light)?\.xml$/;
const MAX_BYTES = 8 * 1024 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The <string name="…">…</string> entries of a SharedPreferences file. */
export function sharedPreferenceStrings(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<string\s+name="([^"]*)"\s*>([\s\S]*?)<\/string>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.set(unescapeXml(m[1]!), unescapeXml(m[2]!));
  return out;
}

export async function readFileText(file: EvidenceFile): Promise<string> {
  if (file.size > MAX_BYTES)
    throw new AppError(
      ErrorCodes.FIELD_TOO_LARGE,
      `preferences file larger than ${MAX_BYTES} bytes`,
      {
        file: file.path,
      },
    );
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of await file.open()) {
    const b = c as Buffer;
    total += b.length;
    if (total > MAX_BYTES)
      throw new AppError(
        ErrorCodes.FIELD_TOO_LARGE,
        `preferences file larger than ${MAX_BYTES} bytes`,
        {
          file: file.path,
        },
      );
    chunks.push(b);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch (e) {
    throw new AppError(
      ErrorCodes.ENCODING_INVALID,
      'preferences file is not valid UTF-8',
      { file: file.path },
      { cause: e },
    );
  }
}

export async function readPreferences(ctx: ParseContext): Promise<void> {
  const xml = await readFileText(ctx.file);
  if (!/<map[\s>/]/.test(xml))
    throw new AppError(ErrorCodes.PARSE_ERROR, 'not an Android SharedPreferences file (no <map>)', {
      file: ctx.file.path,
    });
  const prefs = sharedPreferenceStrings(xml);
  const reg = prefs.get('registration_jid')?.trim();
  const push = prefs.get('push_name')?.trim();
  const cc = prefs.get('cc')?.trim();
  if (!reg || !/^\d{6,15}$/.test(reg)) {
    ctx.warn(
      'PARSE_ERROR',
      'no registered number (registration_jid) in WhatsApp preferences',
      'registration_jid',
    );
    return;
  }
  await ctx.emit({
    kind: 'device-info',
    locator: 'shared_prefs:registration_jid',
    identifiers: [
      {
        value: `${reg}@s.whatsapp.net`,
        hint: 'whatsapp',
        role: 'account',
        ...(push ? { name: push } : {}),
      },
      { value: `+${reg}`, hint: 'phone', role: 'owner' },
    ],
    facts: {
      'whatsapp.registration_jid': reg,
      ...(push ? { 'whatsapp.push_name': push } : {}),
      ...(cc ? { 'whatsapp.cc': cc } : {}),
    },
    raw: { registration_jid: reg, ...(push ? { push_name: push } : {}), ...(cc ? { cc } : {}) },
  });
}
