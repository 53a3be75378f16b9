/**
 * The Commitments page on the real files (both 2018 CURs, the legacy CUR and the FOCUS sample) in
 * Chromium at 390 px: every chart's text lies inside its card, a period whose commitments state no
 * end has no expiry chart, and the notes of what the analyses could not judge wrap within the page:
 * rightsizing's instances without CPU metrics (November 2018, a bill without metrics) and the AWS
 * usage lines without a usage type (September 2024, the FOCUS sample) on the Optimisation and KPI
 * pages. The same pages' figures and sentences: commitments-real-files.test.ts and
 * not-classified-real-files.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { chartTextOutsideCards } from './chart-text-bounds.ts';
import { chartMarks, launchChromium, watchedPage } from './page-helpers.ts';

/** The store tests/commitments/invoice.test.ts reads too: both 2018 CURs, the legacy CUR and the FOCUS sample. */
const INGESTS = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;

describeWithChromium('the Commitments page on the real files in Chromium', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    server = await startServer({ storePath: await cachedStore(INGESTS), host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('at 390 px: nine points in November 2018, every chart\'s text inside its card, no expiry chart in September 2024, and no console warning in either', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.goto(`${server.url}/commitments?period=2018-11`);
    expect((await chartMarks(tab)).commitments_expiry!.points).toBe(9);
    // Nine RIs' ids and both legends of the expiry chart, each chart's text inside its card (the size legend ran past it).
    expect(await chartTextOutsideCards(tab)).toEqual([]);
    await tab.goto(`${server.url}/commitments?period=2024-09`);
    const marks = await chartMarks(tab);
    // No unused-cost chart either: no line states what the Savings Plans bought (a sentence in its place).
    expect(Object.keys(marks).sort()).toEqual(['commitments_over_time']);
    expect(await tab.isVisible('#expiry-unstated')).toBe(true);
    expect(await tab.isVisible('#unused-unstated')).toBe(true);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(problems).toEqual([]);
    await tab.close();
  });

  it('at 390 px the notes of what the analyses could not judge wrap within the page: rightsizing\'s instances without CPU metrics, the lines without a usage type, idle\'s rules not run', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    const notes = [
      ['/optimisation?as_of=2018-12-01&owner_key=-', 'rightsizing-without-cpu', 'Rightsizing: 96 EC2 instances and 3 RDS instances billed in the look-back have no CPU metrics'],
      ['/optimisation?as_of=2018-12-01&owner_key=-', 'idle-not-run', 'Not run: ec2-low-utilisation reads EC2 CPU and network metrics'],
      ['/optimisation?as_of=2024-10-01&owner_key=-', 'modernisation-without-usage-type', 'Not judged: 941 AWS usage lines charged on 1–30 Sep 2024'],
      ['/kpi?months=1', 'kpi-not-classified', 'Not classified: 941 AWS usage lines charged on 1–30 Sep 2024'],
    ] as const;
    for (const [path, id, opening] of notes) {
      // Two notes of one page are read on one load.
      if (tab.url() !== `${server.url}${path}`) await tab.goto(`${server.url}${path}`);
      const note = await tab.evaluate((noteId) => {
        const element = document.getElementById(noteId);
        if (!element) return null;
        const box = element.getBoundingClientRect();
        return {
          text: element.textContent ?? '', left: box.left, right: box.right, overflow: element.scrollWidth - element.clientWidth,
          rows: box.height / Number.parseFloat(getComputedStyle(element).fontSize), page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      }, id);
      expect(note?.text.startsWith(opening), `${path}: ${note?.text}`).toBe(true);
      // Inside the viewport, nothing cut off or scrolled sideways, and over several lines (each about 1.2 font sizes high).
      expect([note!.left >= 0, note!.right <= 390, note!.overflow, note!.page], path).toEqual([true, true, 0, 0]);
      expect(note!.rows, path).toBeGreaterThan(5);
    }
    expect(problems).toEqual([]);
    await tab.close();
  });
});
