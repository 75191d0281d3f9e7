// The network view with 10,000 nodes in a real browser (Debian's Chromium, WebGL on SwiftShader):
// a synthetic case of 10,000 identifiers in groups of 100 that talk among themselves, served by
// `serve`. Checks that the view draws, arranges (ForceAtlas2 in a worker, bounded iterations) and
// answers a click, and prints the figures: API time, first render, layout, click → profile, and
// frame rate while panning and zooming. Timings are printed, not asserted (machines differ).
// Screenshot: test-artifacts/screenshots/network-scale. Takes minutes on software WebGL, so it runs
// only when asked: THREADLINE_SCALE_E2E=1 npx vitest run src/server/network-scale.e2e.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { writeComms, type CommItem } from '../graph/synthetic-comms.js';
import { seededRandom } from '../graph/rng.js';
import { testApp } from '../testkit/test-app.js';
import {
  browserSkipReason,
  launchBrowser,
  screenshotDir,
  type Browser,
} from '../testkit/browser.js';
import { serveWorkbench, type RunningServer } from './serve.js';
import { DEFAULT_WEB_ROOT } from './create-server.js';

const NODES = 10_000;
const PAIRS = 25_000;
const skip =
  process.env.THREADLINE_SCALE_E2E === '1'
    ? browserSkipReason(DEFAULT_WEB_ROOT)
    : 'set THREADLINE_SCALE_E2E=1 to run it (several minutes on software WebGL)';
if (skip) console.warn(`[e2e] network scale test skipped: ${skip}`);

/** Synthetic accounts on the reserved example.org domain. */
const key = (i: number) => `email:user${i}@example.org`;

describe.skipIf(skip !== null)('network view at 10,000 nodes', () => {
  let t: TempStore & { kase: CaseRecord };
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shots = screenshotDir('network-scale');

  beforeAll(async () => {
    t = await tempCase({ ref: 'OP-SCALE' });
    const random = seededRandom(11);
    const items: CommItem[] = [];
    const seen = new Set<number>();
    // every node in at least one pair, then 80% of pairs within blocks of 100
    for (let i = 0; i < NODES; i++) {
      const b = i - (i % 100) + ((i + 1) % 100);
      seen.add(Math.min(i, b) * NODES + Math.max(i, b));
      items.push({ kind: 'message', device: 'D', from: key(i), to: [key(b)], at: 1e12 + i * 1000 });
    }
    while (seen.size < PAIRS) {
      const a = Math.floor(random() * NODES);
      const b =
        random() < 0.8 ? a - (a % 100) + Math.floor(random() * 100) : Math.floor(random() * NODES);
      if (a === b) continue;
      const k = Math.min(a, b) * NODES + Math.max(a, b);
      if (seen.has(k)) continue;
      seen.add(k);
      items.push({
        kind: 'message',
        device: 'D',
        from: key(a),
        to: [key(b)],
        at: 1e12 + Math.floor(random() * 1e9),
        app: 'email',
      });
    }
    await writeComms(t.store, t.kase.id, { devices: [{ label: 'D' }], items }, { batch: 20_000 });
    running = await serveWorkbench(testApp(t.store, t.dir), {
      host: '127.0.0.1',
      port: 0,
      log: { level: 'silent' },
      signals: [],
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    console.log(`[e2e] screenshots: ${shots}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await t?.cleanup();
  });

  it('draws, arranges and stays interactive, printing the figures', async () => {
    const base = new URL(`/api/cases/${t.kase.id}/graph`, running.url).toString();
    let t0 = performance.now();
    const res = await fetch(base);
    const graph = (await res.json()) as {
      nodes: Array<{ id: string; label: string; weightedDegree: number }>;
      edges: unknown[];
    };
    const apiCold = performance.now() - t0;
    t0 = performance.now();
    await (await fetch(base)).arrayBuffer();
    const apiWarm = performance.now() - t0;
    expect(graph.nodes).toHaveLength(NODES);
    const say = (m: string) => console.log(`[network-scale] ${m}`);
    say(`API /graph cold ${Math.round(apiCold)} ms, warm ${Math.round(apiWarm)} ms`);

    t0 = performance.now();
    await page.goto(new URL(`/cases/${t.kase.id}/network`, running.url).toString());
    const canvas = page.getByTestId('graph-canvas');
    await expect
      .poll(() => canvas.getAttribute('data-rendered'), { timeout: 300_000, interval: 250 })
      .toBe('true');
    const shown = performance.now() - t0;
    const firstRenderMs = (await page.evaluate(
      'window.__threadlineNetwork.firstRenderMs',
    )) as number;
    say(
      `first frame ${Math.round(shown)} ms after opening (sigma ${Math.round(firstRenderMs)} ms)`,
    );
    await expect
      .poll(() => canvas.getAttribute('data-layout'), { timeout: 600_000, interval: 500 })
      .toBe('done');
    const arranged = performance.now() - t0;
    const layout = (await page.evaluate('window.__threadlineNetwork.layout')) as {
      iterations: number;
      ms: number;
    };
    say(
      `arranged ${Math.round(arranged)} ms after opening: ${layout.iterations} iterations in ${Math.round(layout.ms)} ms`,
    );
    expect(await page.getByTestId('network-summary').innerText()).toContain('10,000');
    await page.screenshot({ path: `${shots}/network-10k.png` });

    // frame rate while panning (drag) and zooming (wheel): frames counted in the page
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const countFrames = `(() => { window.__frames = []; const f = (ts) => { window.__frames.push(ts); if (window.__frames.length < 100000 && !window.__stop) requestAnimationFrame(f); }; window.__stop = false; requestAnimationFrame(f); })()`;
    const stopFrames = `(() => { window.__stop = true; const f = window.__frames; const d = []; for (let i = 1; i < f.length; i++) d.push(f[i] - f[i-1]); d.sort((a, b) => a - b); return { frames: f.length, seconds: (f[f.length-1] - f[0]) / 1000, p50: d[Math.floor(d.length / 2)] ?? null, p95: d[Math.floor(d.length * 0.95)] ?? null }; })()`;
    await page.evaluate(countFrames);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 30; i++) await page.mouse.move(cx + i * 8, cy + i * 4);
    await page.mouse.up();
    const pan = (await page.evaluate(stopFrames)) as Record<string, number>;
    say(`pan ${JSON.stringify(pan)}`);
    await page.evaluate(countFrames);
    for (let i = 0; i < 10; i++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(400);
    const zoom = (await page.evaluate(stopFrames)) as Record<string, number>;

    // click the busiest node: its profile opens
    const top = [...graph.nodes].sort((a, b) => b.weightedDegree - a.weightedDegree)[0]!;
    // back to the whole graph first (the zoom may have moved it out of view)
    await page.getByRole('button', { name: 'Apply' }).focus();
    const pos = (await page.evaluate(
      `window.__threadlineNetwork.viewportPosition(${JSON.stringify(top.id)})`,
    )) as { x: number; y: number };
    const inView =
      pos.x > box.x && pos.x < box.x + box.width && pos.y > box.y && pos.y < box.y + box.height;
    t0 = performance.now();
    if (inView) await page.mouse.click(pos.x, pos.y);
    else {
      await page.getByTestId('node-finder').fill(top.label);
      await page.getByRole('button', { name: top.label, exact: true }).first().click();
    }
    await page.getByTestId('node-profile').waitFor({ timeout: 60_000 });
    const clickToProfile = performance.now() - t0;
    await page.screenshot({ path: `${shots}/network-10k-selected.png` });

    const f = (x: number | null | undefined) => (x == null ? 'n/a' : `${Math.round(x)} ms`);
    console.log(
      [
        `[network-scale] ${NODES.toLocaleString()} nodes, ${graph.edges.length.toLocaleString()} links`,
        `  API /graph: cold ${f(apiCold)} (build + measures + communities), warm ${f(apiWarm)}`,
        `  page open → first WebGL frame: ${f(shown)} (sigma set-up to first render ${f(firstRenderMs)})`,
        `  ForceAtlas2 in a worker: ${layout.iterations} iterations in ${f(layout.ms)}; arranged ${f(arranged)} after opening`,
        `  panning: ${pan.frames} frames over ${pan.seconds?.toFixed(2)} s, frame time p50 ${f(pan.p50)} p95 ${f(pan.p95)}`,
        `  zooming: ${zoom.frames} frames over ${zoom.seconds?.toFixed(2)} s, frame time p50 ${f(zoom.p50)} p95 ${f(zoom.p95)}`,
        `  click on a node → profile shown: ${f(clickToProfile)} (${inView ? 'canvas click' : 'node finder'})`,
      ].join('\n'),
    );
    expect(pan.frames).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  }, 1_500_000);
});
