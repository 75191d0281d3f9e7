// Discovers the Apertium pairs installed from Debian (mode files), maps Apertium's language codes
// to BCP-47, and fingerprints each pair's data files so every translation records exactly which
// linguistic data produced it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';

export const APERTIUM_MODES_DIR = '/usr/share/apertium/modes';

/** Apertium codes (ISO 639-3 and the older 639-1 ones) → the BCP-47 tags they serve. */
const CODES: Record<string, string[]> = {
  spa: ['es'],
  es: ['es'],
  eng: ['en'],
  en: ['en'],
  cat: ['ca'],
  ca: ['ca'],
  glg: ['gl'],
  gl: ['gl'],
  epo: ['eo'],
  eo: ['eo'],
  eus: ['eu'],
  eu: ['eu'],
  isl: ['is'],
  is: ['is'],
  mkd: ['mk'],
  mk: ['mk'],
  hbs: ['sh', 'sr', 'hr', 'bs'],
  por: ['pt'],
  pt: ['pt'],
  fra: ['fr'],
  fr: ['fr'],
  ita: ['it'],
  ron: ['ro'],
  rus: ['ru'],
  ukr: ['uk'],
  pol: ['pl'],
  urd: ['ur'],
  hin: ['hi'],
  tur: ['tr'],
};

export interface ApertiumPair {
  /** Mode name, e.g. `spa-eng`. */
  mode: string;
  source: string;
  target: string;
  modeFile: string;
  /** Debian package holding the data (e.g. apertium-eng-spa) and its version. */
  pkg: string;
  version: string;
}

export function listApertiumPairs(modesDir = APERTIUM_MODES_DIR): ApertiumPair[] {
  if (!existsSync(modesDir)) return [];
  const out: ApertiumPair[] = [];
  for (const f of readdirSync(modesDir)) {
    const m = /^([a-z]{2,3})-([a-z]{2,3})\.mode$/.exec(f);
    if (!m) continue;
    const sources = CODES[m[1]!];
    const targets = CODES[m[2]!];
    if (!sources || !targets) continue;
    const modeFile = join(modesDir, f);
    const pkg = packageOf(readFileSync(modeFile, 'utf8'));
    const version = packageVersion(pkg);
    for (const source of sources)
      for (const target of targets)
        out.push({ mode: f.slice(0, -5), source, target, modeFile, pkg, version });
  }
  return out;
}

function packageOf(mode: string): string {
  const m = /\/usr\/share\/apertium\/(apertium-[a-z-]+)\//.exec(mode);
  return m ? m[1]! : 'apertium';
}

function packageVersion(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** SHA-256 over the mode file and every data file it names (sorted by name). */
export function fingerprintPair(modeFile: string): string {
  const mode = readFileSync(modeFile, 'utf8');
  const files = [...new Set(mode.match(/'(\/[^']+)'/g)?.map((s) => s.slice(1, -1)) ?? [])].sort();
  const h = createHash('sha256');
  h.update(basename(modeFile)).update('\0').update(mode);
  for (const f of files) {
    h.update('\0').update(basename(f)).update('\0');
    if (existsSync(f)) h.update(readFileSync(f));
  }
  return h.digest('hex');
}
