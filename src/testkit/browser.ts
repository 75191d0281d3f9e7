// Debian's Chromium driven by playwright-core for browser end-to-end tests: headless, sandbox off
// (containers), no network chatter, a fresh profile each run. Tests skip with a message when
// Chromium or the built web UI is absent.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL (the network view) on the software rasteriser, as --disable-gpu leaves no GPU
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Why browser tests cannot run here, or null when they can. */
export function browserSkipReason(webRoot: string): string | null {
  if (!existsSync(CHROMIUM_PATH))
    return `Chromium not found at ${CHROMIUM_PATH} (Debian package chromium; scripts/system-deps.mjs installs it)`;
  if (!existsSync(join(webRoot, 'index.html')))
    return `web UI not built at ${webRoot} (npm run build)`;
  return null;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'tl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Folder for the screenshots of a browser test run (printed by the test). */
export function screenshotDir(name: string): string {
  const dir = join(process.cwd(), 'test-artifacts', 'screenshots', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
