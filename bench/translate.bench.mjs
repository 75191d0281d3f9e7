// bench/translate: the reference workload's shape (350,000 chat lines of about 36 characters, with
// the repetition real chat has) translated Spanish → English through the router, the translation
// cache and the apertium engine on both cores (two Apertium pipelines). Prints lines/s, chars/s,
// the cache hit rate and the time the reference workload (350,000 lines / 12.5 million
// characters) would take, and the machine. Needs Debian apertium + apertium-eng-spa. Usage:
//   npm run bench translate                      (350,000 lines)
//   node bench/translate.bench.mjs --lines 50000 (scaled down; the projection still applies)
//   node bench/translate.bench.mjs --batch 256   (items per engine call; default: config's 64)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printMachine } from './machine.mjs';

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const LINES = arg('lines', Number(process.env.BENCH_LINES ?? 350_000));
const BATCH = arg('batch', 64);
const REF_LINES = 350_000;
const REF_CHARS = 12_500_000;

if (!existsSync('/usr/share/apertium/modes/spa-eng.mode')) {
  console.log(
    'translate bench skipped: Debian packages apertium and apertium-eng-spa are not installed',
  );
  process.exit(0);
}

// ---- the workload: chat-like Spanish with realistic repetition -------------------------------
// Deterministic PRNG so every run translates the same lines.
let seed = 20240501;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
// Short stock phrases people repeat all day (picked with a Zipf-like skew) ...
const STOCK = [
  'ok',
  'vale',
  'sí',
  'no',
  'gracias',
  'dónde estás?',
  'llámame',
  'ya voy',
  'estoy aquí',
  'ahora no puedo',
  'luego te llamo',
  'a qué hora?',
  'espera',
  'ven ya',
  'buenas noches',
  'buenos días',
  'qué pasa?',
  'nada',
  'te quiero',
  'lo siento',
  'no sé',
  'claro',
  'perfecto',
  'hablamos mañana',
  'contesta',
  'dónde nos vemos?',
  'tengo hambre',
  'estoy en casa',
  'cuánto tiempo?',
  'mándame la dirección',
  'ya llegué',
  'sal ahora',
  'no tengo saldo',
  'tráeme la comida',
  'está listo',
  'cuánto es?',
  'mañana a las diez',
  'no digas nada',
  'borra esto',
  'estoy fuera',
];
// ... and everyday sentences (Tatoeba, eval-data) made into new lines with names, times, places.
const SENTENCES = readFileSync(
  join(import.meta.dirname, '..', 'src', 'language', 'eval-data', 'tatoeba-spa-eng.tsv'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => l.split('\t')[0]);
const NAMES = ['Tom', 'María', 'Dani', 'Kiko', 'Lucía', 'Javi', 'Sara', 'Rafa', 'Nico', 'Ana'];
const TAILS = [
  '',
  '',
  '',
  ' ya',
  ' hoy',
  ' tío',
  ' por favor',
  ' esta noche',
  ' a las ocho',
  ' en el parque',
];

function zipf(n, s = 1.1) {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cdf = w.map((x) => (acc += x / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
const pickStock = zipf(STOCK.length);
const pickSentence = zipf(SENTENCES.length, 0.6);

function line() {
  const r = rand();
  if (r < 0.15) return STOCK[pickStock()];
  if (r < 0.25) return `${NAMES[Math.floor(rand() * NAMES.length)]}, ${STOCK[pickStock()]}`;
  let s = SENTENCES[pickSentence()];
  if (rand() < 0.5) s = s.replace(/\bTom\b/g, NAMES[Math.floor(rand() * NAMES.length)]);
  s = s.replace(/[.!]$/, '') + TAILS[Math.floor(rand() * TAILS.length)];
  if (rand() < 0.35) s += ` ${Math.floor(rand() * 100)}`; // a number: mostly a new line
  if (rand() < 0.4) s += ` ${STOCK[pickStock()]}`;
  return s;
}

const lines = Array.from({ length: LINES }, line);
const chars = lines.reduce((s, l) => s + l.length, 0);
const distinct = new Set(lines).size;

// ---- run ------------------------------------------------------------------------------------
const { createRouter } = await import('../dist/language/engine-setup.js');
const { MemoryTranslationCache } = await import('../dist/language/translation-cache.js');

printMachine();
console.log(
  `workload: ${LINES.toLocaleString('en-GB')} lines, ${chars.toLocaleString('en-GB')} characters (mean ${(chars / LINES).toFixed(1)}), ${distinct.toLocaleString('en-GB')} distinct (${((100 * distinct) / LINES).toFixed(1)}%); engine apertium spa→eng, 2 pipelines, ${BATCH} items per engine call`,
);
const router = createRouter({
  settings: { engines: {}, routes: {}, target: 'en', workers: 2, batchSize: BATCH },
  networkAllowed: false,
  dataDir: '.bench-data',
  only: 'apertium',
  cache: new MemoryTranslationCache(),
});
const JOB_BATCH = 1000; // messages per batch, as the case job reads them
const t0 = performance.now();
let failures = 0;
let done = 0;
let nextReport = 50_000;
for (let i = 0; i < lines.length; i += JOB_BATCH) {
  const items = lines
    .slice(i, i + JOB_BATCH)
    .map((text, j) => ({ id: String(i + j), text, source: 'es', target: 'en' }));
  const out = await router.translate(items);
  failures += out.filter((o) => !o.ok).length;
  done += items.length;
  if (done >= nextReport) {
    const s = (performance.now() - t0) / 1000;
    console.log(
      `  ${done.toLocaleString('en-GB')} lines in ${s.toFixed(1)} s (${Math.round(done / s)} lines/s)`,
    );
    nextReport += 50_000;
  }
}
const secs = (performance.now() - t0) / 1000;
await router.close();

const st = router.stats;
const lps = LINES / secs;
const cps = chars / secs;
console.log(`lines/s: ${Math.round(lps).toLocaleString('en-GB')}`);
console.log(`chars/s: ${Math.round(cps).toLocaleString('en-GB')}`);
console.log(
  `cache hit rate: ${((100 * st.cacheHits) / st.items).toFixed(1)}% (${st.cacheHits.toLocaleString('en-GB')} of ${st.items.toLocaleString('en-GB')}; engine translated ${st.translatedChars.toLocaleString('en-GB')} characters in ${st.engineCalls.toLocaleString('en-GB')} calls)`,
);
console.log(`failures: ${failures}`);
console.log(`elapsed: ${secs.toFixed(1)} s`);
console.log(
  `reference workload (${REF_LINES.toLocaleString('en-GB')} lines / ${(REF_CHARS / 1e6).toFixed(1)} M characters) at this rate: ${(REF_LINES / lps / 60).toFixed(1)} min by lines, ${(REF_CHARS / cps / 60).toFixed(1)} min by characters (same repetition assumed)`,
);
if (failures) process.exitCode = 1;
