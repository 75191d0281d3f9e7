// The workbench in a real browser (Debian's Chromium via playwright-core) against `serve` on the
// generator's synthetic case (Operation Kestrel): overview, search and open the conversation at
// the hit, provenance, bookmark, keyboard navigation, the marking on every page, nothing left in
// browser storage.
// Screenshots of each main view go to test-artifacts/screenshots/workbench (printed below).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { kestrelCase, type KestrelCase } from '../testkit/kestrel-case.js';
import { loadGroundTruthMessages, mapGroundTruthMessages } from '../generator/load-ground-truth.js';
import { testApp } from '../testkit/test-app.js';
import {
  browserSkipReason,
  launchBrowser,
  screenshotDir,
  type Browser,
} from '../testkit/browser.js';
import { serveWorkbench, type RunningServer } from './serve.js';
import { runDetection } from '../detect/runner.js';
import { DEFAULT_WEB_ROOT } from './create-server.js';

const skip = browserSkipReason(DEFAULT_WEB_ROOT);
if (skip) console.warn(`[e2e] browser tests skipped: ${skip}`);

describe.skipIf(skip !== null)('workbench in the browser', () => {
  let wb: KestrelCase;
  /** A planted message in evidence, and a conversation long enough to page. */
  let planted: { body: string; words: string; id: string };
  let longThread: { id: string; messages: number };
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shots = screenshotDir('workbench');

  const shot = (name: string) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
  const url = (path: string) => new URL(path, running.url).toString();

  beforeAll(async () => {
    wb = await kestrelCase();
    const truth = loadGroundTruthMessages(wb.caseDir);
    const ids = await mapGroundTruthMessages(wb.store, wb.truth, truth);
    const m = truth.find(
      (x) =>
        x.tags.some((t) => t.startsWith('county-lines')) &&
        x.body &&
        ids.has(x.id) &&
        x.body.length > 30,
    )!;
    const words = (m.body!.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 4).join(' ');
    planted = { body: m.body!, words, id: ids.get(m.id)![0]!.id };
    const t = await wb.store.db
      .selectFrom('messages')
      .select(['thread_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('case_id', '=', wb.kase.id)
      .groupBy('thread_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    longThread = { id: t.thread_id!, messages: Number(t.n) };
    // the detection rules, as `threadline analyse` runs them, so the findings queue has work
    await runDetection(wb.store, wb.kase.id, { now: 1 });
    running = await serveWorkbench(testApp(wb.store, wb.dir), {
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
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await wb?.cleanup();
  });

  it('opens the case list and the overview', async () => {
    await page.goto(url('/'));
    await page.getByRole('link', { name: 'OP-KESTREL' }).click();
    await page.getByTestId('device-table').waitFor();
    const written = wb.truth.cases[0]!.devices.filter((d) => d.formats.length > 0);
    expect(await page.getByTestId('device-row').count()).toBe(written.length);
    await expect.poll(() => page.getByTestId('case-title').innerText()).toContain('OP-KESTREL');
    expect(await page.getByTestId('marking-top').innerText()).toBe('OFFICIAL-SENSITIVE');
    expect(await page.getByTestId('marking-bottom').innerText()).toBe('OFFICIAL-SENSITIVE');
    await page.getByRole('button', { name: 'Show files' }).first().click();
    await page.getByTestId('source-list').waitFor();
    expect(await page.getByTestId('source-list').innerText()).toContain('android-mmssms');
    await shot('overview');
  });

  it('searches a word and opens the conversation at the hit, with provenance', async () => {
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('search-input');
    await page.keyboard.type(`"${planted.words}"`);
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hit').first().waitFor();
    expect(await page.getByTestId('result-summary').innerText()).toMatch(/^\d+ messages?/);
    expect(await page.locator('[data-testid=search-hit] mark').count()).toBeGreaterThan(0);
    await shot('search');
    await page.locator(`[data-testid=search-hit] a[href*="m=${planted.id}"]`).click();
    const focused = page.locator('.bubble-row.focused');
    await focused.waitFor();
    expect(await focused.getAttribute('data-message-id')).toBe(planted.id);
    expect(await focused.innerText()).toContain(planted.body.slice(0, 20));
    expect(await page.getByTestId('conversation-title').innerText()).not.toContain('dev_');
    await focused.getByTestId('provenance-toggle').click();
    await focused.getByTestId('provenance').waitFor();
    const prov = await focused.getByTestId('provenance').innerText();
    expect(prov).toMatch(/[0-9a-f]{64}/);
    expect(prov).toMatch(/Record\s+\S+:\d+/);
    await focused.getByTestId('bookmark').click();
    await expect.poll(() => focused.getByTestId('bookmark').innerText()).toContain('Bookmarked');
    await shot('conversation');
  });

  it('pages a long conversation and moves through it by keyboard', async () => {
    expect(longThread.messages).toBeGreaterThan(60);
    await page.goto(url(`/cases/${wb.kase.id}/conversations`));
    await page.getByTestId('thread-list').waitFor();
    await shot('conversations');
    await page.goto(url(`/cases/${wb.kase.id}/threads/${longThread.id}`));
    await page.getByTestId('message').first().waitFor();
    expect(await page.getByTestId('message').count()).toBe(60);
    await page.getByRole('button', { name: 'Later messages' }).click();
    await expect
      .poll(() => page.getByTestId('message').count())
      .toBe(Math.min(120, longThread.messages));
    await page.locator('[data-bubble]').first().focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const active = await page.evaluate(
      "document.activeElement?.closest('[data-message-id]')?.getAttribute('data-message-id')",
    );
    const third = await page.getByTestId('message').nth(2).getAttribute('data-message-id');
    expect(active).toBe(third);
    await page.keyboard.press('g');
    await page.keyboard.press('o');
    await page.getByTestId('overview').waitFor();
  });

  it('opens the network, clicks a node for its profile and a link for its evidence', async () => {
    const started = Date.now();
    await page.goto(url(`/cases/${wb.kase.id}/network`));
    const canvas = page.getByTestId('graph-canvas');
    await canvas.waitFor();
    await expect.poll(() => canvas.getAttribute('data-rendered'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => canvas.getAttribute('data-layout'), { timeout: 30_000 }).toBe('done');
    console.log(`[e2e] network view drawn and arranged in ${Date.now() - started} ms`);
    expect(await page.getByTestId('network-summary').innerText()).toMatch(/\d+ .*links/);
    const r = await fetch(url(`/api/cases/${wb.kase.id}/graph`));
    const graph = (await r.json()) as {
      nodes: Array<{ id: string; label: string; weightedDegree: number }>;
    };
    const top = [...graph.nodes].sort((a, b) => b.weightedDegree - a.weightedDegree)[0]!;
    const pos = (await page.evaluate(
      `window.__threadlineNetwork.viewportPosition(${JSON.stringify(top.id)})`,
    )) as { x: number; y: number };
    await page.mouse.click(pos.x, pos.y);
    await shot('network-clicked');
    const profile = page.getByTestId('node-profile');
    await profile.waitFor();
    const heading = await profile.locator('h2').innerText();
    expect(graph.nodes.map((n) => n.label)).toContain(heading.trim());
    expect(await profile.getByTestId('node-measures').innerText()).toMatch(/Messages and calls/);
    await shot('network');
    // a link of that node: the messages behind it, one opened in its conversation
    await profile.getByTestId('open-edge').first().click();
    await page.getByTestId('edge-panel').waitFor();
    const link = page.getByTestId('evidence-link').first();
    if (await link.count()) {
      await shot('network-edge');
      const href = (await link.getAttribute('href'))!;
      await link.click();
      const focused = page.locator('.bubble-row.focused');
      await focused.waitFor();
      expect(href).toContain(`m=${await focused.getAttribute('data-message-id')}`);
    } else {
      expect(await page.getByTestId('evidence-item').count()).toBeGreaterThan(0);
      await shot('network-edge');
    }
  });

  it('opens the timeline, clicks a day for its events and opens one in its conversation', async () => {
    await page.goto(url(`/cases/${wb.kase.id}/timeline`));
    await page.getByTestId('histogram').waitFor();
    const bars = page.getByTestId('histogram-bar');
    expect(await bars.count()).toBeGreaterThan(5);
    expect(await page.getByTestId('timeline-summary').innerText()).toMatch(/per (day|hour)/);
    await bars
      .nth(Math.floor((await bars.count()) / 2))
      .locator('rect.hit')
      .click();
    await page.getByTestId('timeline-events').waitFor();
    expect(await page.getByTestId('timeline-event').count()).toBeGreaterThan(0);
    await shot('timeline');
    // keyboard: the chart moves between days with the arrow keys
    await page.getByTestId('histogram').focus();
    const before = await page
      .locator('[data-testid=histogram-bar].selected')
      .getAttribute('data-t');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('[data-testid=histogram-bar].selected').getAttribute('data-t'))
      .not.toBe(before);
    const link = page.getByTestId('timeline-event-link').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    const focused = page.locator('.bubble-row.focused');
    await focused.waitFor();
    expect(href).toContain(`m=${await focused.getAttribute('data-message-id')}`);
  });

  it('produces the HTML report of a conversation and the bookmarks, with the marking', async () => {
    await page.goto(url(`/cases/${wb.kase.id}/reports`));
    await page.getByTestId('report-threads').waitFor();
    const first = page.locator('[data-testid=report-threads] input[type=checkbox]').first();
    await first.check();
    await page.getByTestId('report-purpose').fill('e2e: report check');
    await shot('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('make-report').click(),
    ]);
    const file = `${shots}/report.html`;
    await download.saveAs(file);
    await page.getByTestId('report-done').waitFor();
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('data-marking="top">OFFICIAL-SENSITIVE<');
    expect(html).toContain('data-marking="bottom">OFFICIAL-SENSITIVE<');
    expect(html).toContain('e2e: report check');
    // the bookmark made in the search step is in it, with its provenance
    expect(html).toContain(`id="${planted.id}"`);
    expect(html.match(/<dt>SHA-256<\/dt>/g)!.length).toBeGreaterThan(1);
    const view = await browser.context.newPage();
    await view.goto(`file://${file}`);
    await view.screenshot({ path: `${shots}/report-html.png` });
    await view.close();
  });

  it('reviews a finding: evidence highlighted, a reason required, the decision recorded', async () => {
    await page.goto(url(`/cases/${wb.kase.id}/findings`));
    const card = page.getByTestId('finding-card').first();
    await card.waitFor();
    expect(await page.getByTestId('findings-notice').innerText()).toMatch(/review/i);
    expect(await card.getByTestId('indicators').locator('tbody tr').count()).toBeGreaterThan(0);
    const id = (await card.getAttribute('data-finding-id'))!;
    await card.getByTestId('open-finding').click();
    await card.getByTestId('finding-evidence').waitFor();
    expect(await card.locator('[data-testid=finding-evidence] mark').count()).toBeGreaterThan(0);
    await shot('findings');
    // no reason: refused in the page, nothing recorded
    await card.getByTestId('reject').click();
    await card.getByRole('alert').waitFor();
    await card.getByTestId('review-reason').fill('Messages match the deal-line pattern; pursue.');
    await card.getByTestId('accept').click();
    await expect
      .poll(async () => {
        const r = await fetch(url(`/api/cases/${wb.kase.id}/findings/${id}`));
        return ((await r.json()) as { finding: { status: string } }).finding.status;
      })
      .toBe('accepted');
    await page.getByLabel('Status').selectOption('accepted');
    await page.locator(`[data-finding-id="${id}"]`).waitFor();
    expect(
      await page.locator(`[data-finding-id="${id}"]`).getByTestId('finding-status').innerText(),
    ).toBe('accepted');
    expect(wb.kase.marking).toBe('OFFICIAL-SENSITIVE');
    expect(await page.getByTestId('marking-top').innerText()).toBe('OFFICIAL-SENSITIVE');
  });

  it('keeps nothing in browser storage and logged no errors', async () => {
    // evaluated in the page (browser globals), written as an expression for Node's type checker
    const stored = await page.evaluate(`(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      idb: (await indexedDB.databases()).length,
    }))()`);
    expect(stored).toEqual({ local: 0, session: 0, idb: 0 });
    expect(problems).toEqual([]);
  });
});
