// Debian packages some tests and features need (Chromium for browser tests, Apertium for offline
// translation, PocketSphinx and ffmpeg for audio). Installed with apt-get when running as root and
// missing; otherwise the tests that need them skip with a message naming the package.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** name → { check: a path or command that proves it is installed, packages: Debian packages } */
export const SYSTEM_DEPS = {
  chromium: {
    check: '/usr/bin/chromium',
    packages: ['chromium'],
    why: 'browser end-to-end tests (playwright-core)',
  },
  openpyxl: {
    check: '/usr/lib/python3/dist-packages/openpyxl',
    packages: ['python3-openpyxl'],
    why: 'cross-checking the XLSX reader on workbooks written by an independent writer (openpyxl)',
  },
  apertium: {
    check: '/usr/share/apertium/modes/spa-eng.mode',
    packages: ['apertium', 'apertium-eng-spa'],
    why: 'offline Spanish→English translation tests (apertium engine)',
  },
  pocketsphinx: {
    check: '/usr/share/pocketsphinx/test/data/librivox/transcription',
    packages: ['pocketsphinx', 'pocketsphinx-en-us', 'pocketsphinx-testdata'],
    why: 'offline transcription of voice notes (pocketsphinx engine) and its word-error-rate test on LibriVox clips',
  },
  ffmpeg: {
    check: 'ffmpeg',
    packages: ['ffmpeg'],
    why: 'decoding voice notes and audio attachments (Opus, AMR, M4A, MP4) to 16 kHz mono',
  },
  xmllint: {
    check: 'xmllint',
    packages: ['libxml2-utils'],
    why: 'libxml2 well-formedness check of the GraphML and GEXF exports',
  },
};

function has(check) {
  if (check.startsWith('/')) return existsSync(check);
  return spawnSync('sh', ['-c', `command -v ${check}`], { stdio: 'ignore' }).status === 0;
}

export function missingDeps() {
  return Object.entries(SYSTEM_DEPS).filter(([, d]) => !has(d.check));
}

export function ensureSystemDeps({ quiet = false } = {}) {
  const missing = missingDeps();
  if (missing.length === 0) return [];
  const pkgs = [...new Set(missing.flatMap(([, d]) => d.packages))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = has('apt-get');
  if (process.env.THREADLINE_NO_APT || !isRoot || !hasApt) {
    for (const [name, d] of missing)
      console.warn(
        `[deps] ${name} missing (Debian: ${d.packages.join(' ')}): ${d.why} will be skipped`,
      );
    return missing.map(([n]) => n);
  }
  if (!quiet) console.log(`[deps] installing Debian packages: ${pkgs.join(' ')}`);
  try {
    execFileSync('apt-get', ['update', '-qq'], {
      stdio: quiet ? 'ignore' : 'inherit',
      timeout: 300_000,
    });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: quiet ? 'ignore' : 'inherit',
      timeout: 900_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (e) {
    console.warn(
      `[deps] apt-get failed (${e.message.split('\n')[0]}); dependent tests will be skipped`,
    );
  }
  return missingDeps().map(([n]) => n);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const still = ensureSystemDeps();
  console.log(
    still.length
      ? `[deps] still missing: ${still.join(', ')}`
      : '[deps] all system packages present',
  );
}
