/**
 * Explore's comparison beside a delivery that has ended (src/server/features/explore/ended-comparison.ts, the
 * weekly e-mail's rule): the real 2018 CUR of account 836060457634 cut after 13 Nov 2018 beside the FOCUS sample
 * moved back to Nov 2018 (its data to 30 Nov). 12–18 Nov against the week before read "usage: −$757.68
 * (−70.64%)", the CUR's days it never sent; the FOCUS export's data covers both weeks, so usage is compared
 * without the CUR's lines, saying what is left out. 1–18 Nov against 1–18 Oct: October holds only the CUR's
 * data, so usage is not compared, saying why. Figures by DuckDB on the files (ended-delivery-files.ts).
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { axeViolations, describeWithChromium, launchChromium } from '../helpers/browser.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { billedOf, type CursBesideFocus, curCutBesideFocus2018, usageBilled } from '../helpers/ended-delivery-files.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { cents, usd } from '../helpers/shown-cents-rule.ts';
import { apiRows, appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const LATER = () => new Date('2026-12-01T09:00:00Z');
const CUR = 'aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)';
const WEEK = '/explore?dimension=service&start=2018-11-12&end=2018-11-19&cost=billed&compare=previous';
const compareLine = (html: string) => textOf(/<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1]).replace(/\( | \)| ;/g, (m) => m.trim());
const endedNote = (html: string) => textOf(/<span class="note" id="explore-ended">([^]*?)<\/span>/.exec(html)![1]);
const changeFigure = (html: string) => textOf(/<span class="change-figure" data-value="[^"]*">([^<]*)<\/span>/.exec(html)![1]);

describe('Explore beside the CUR cut after 13 Nov 2018 and the FOCUS sample moved to Nov 2018', () => {
  let app: CostlensApp;
  let files: CursBesideFocus;
  beforeAll(async () => {
    const { cut, focus } = await curCutBesideFocus2018();
    files = { curs: [REAL_OCT_2018, cut], focus };
    app = appOn(await cachedStore([[REAL_OCT_2018, cut, focus]]), { clock: LATER });
  }, 300_000);
  afterAll(() => app?.close());

  it('12–18 Nov against 5–11 Nov: usage compared without the CUR\'s lines, +$5.64 (+433.14%), naming the $1,071.33 and $308.01 left out; it read −$757.68 (−70.64%)', async () => {
    const [focusThen, focusNow, curThen, curNow] = [await usageBilled(files, '2018-11-05', '2018-11-11', 'focus'), await usageBilled(files, '2018-11-12', '2018-11-18', 'focus'),
      await usageBilled(files, '2018-11-05', '2018-11-11', 'cur'), await usageBilled(files, '2018-11-12', '2018-11-18', 'cur')];
    expect([focusThen, focusNow, curThen, curNow]).toEqual(['1.3008891012', '6.9355468347', '1071.3319219036', '308.0099639987']);
    const html = await (await page(app, WEEK)).text();
    expect(endedNote(html)).toBe(`Usage is compared without the lines of ${CUR}: ${usd(cents(curThen))} left out of 5–11 Nov 2018 and ${usd(cents(curNow))} of 12–18 Nov 2018, so that its end does not read as a drop in spend.`);
    expect(endedNote(html)).toContain('$1,071.33 left out of 5–11 Nov 2018 and $308.01 of 12–18 Nov 2018');
    expect(changeFigure(html)).toBe(usd(cents(focusNow) - cents(focusThen), true));
    expect(changeFigure(html)).toBe('+$5.64');
    expect(compareLine(html)).toContain('usage: +$5.64 (+433.14%)');
    expect(compareLine(html)).not.toContain('−70.64%');
    // Fees, tax and credits are what the spans hold besides all their usage, the CUR's too (DuckDB on the files).
    const [allNow, allThen] = [await billedOf(files, '2018-11-12', '2018-11-18', { charges: 'all' }), await billedOf(files, '2018-11-05', '2018-11-11', { charges: 'all' })];
    const others = (all: string, usage: string[]) => usd(cents(all) - usage.reduce((sum, u) => sum + cents(u), 0n));
    expect(compareLine(html)).toContain(`(${others(allNow, [focusNow, curNow])} against ${others(allThen, [focusThen, curThen])}) are shown but not compared`);
    expect(compareLine(html)).toContain('($0.19 against $0.08) are shown but not compared');
    // The table's total row: the Usage columns without the CUR's lines, the change theirs.
    const foot = textOf(/<tfoot>([^]*?)<\/tfoot>/.exec(html)![1]);
    expect(foot).toContain(`${usd(cents(focusNow))} ${usd(cents(focusThen))} +$5.64 +433.14%`);
  });

  it('the compare table\'s analysis (the page\'s CSV) compares usage without the CUR\'s lines too', async () => {
    const rows = await apiRows(await page(app, '/api/analyses/explore/spend_compared?dimension=service&start=2018-11-12&end=2018-11-19&cost=billed&compare=previous&format=json'));
    const sum = (column: string) => fromUnits(rows.reduce((total, r) => total + toUnits(r[column] ?? '0'), 0n));
    expect([sum('usage_cost'), sum('compared_usage_cost')]).toEqual(['6.9355468347', '1.3008891012']);
    expect([sum('usage_cost'), sum('compared_usage_cost')]).toEqual([await usageBilled(files, '2018-11-12', '2018-11-18', 'focus'), await usageBilled(files, '2018-11-05', '2018-11-11', 'focus')]);
  });

  it('1–18 Nov against 1–18 Oct: October holds only the CUR\'s data, so usage is not compared, saying why (it read the CUR\'s end as a drop)', async () => {
    const html = await (await page(app, '/explore?dimension=service&start=2018-11-01&end=2018-11-19&cost=billed&compare=last_month')).text();
    expect(endedNote(html)).toBe(`(usage is not compared: 1–18 Oct 2018 holds the data of ${CUR}, and the other deliveries' data begins on 1 Nov 2018, after its first day, so its end would read as a drop in spend)`);
    expect(compareLine(html)).toContain('not compared');
    expect(html).not.toContain('id="explore-change"');
    const api = await page(app, '/api/analyses/explore/spend_compared?dimension=service&start=2018-11-01&end=2018-11-19&cost=billed&compare=last_month&format=json');
    expect(api.status).toBe(400);
    expect(await api.text()).toContain('not compared: 1–18 Oct 2018 holds the data of aws/836060457634');
  });

  it('days up to the CUR\'s end are compared with its lines, as before: 7–13 Nov against 31 Oct – 6 Nov leaves nothing out', async () => {
    const [now, then] = [await usageBilled(files, '2018-11-07', '2018-11-13'), await usageBilled(files, '2018-10-31', '2018-11-06')];
    const html = await (await page(app, '/explore?dimension=service&start=2018-11-07&end=2018-11-14&cost=billed&compare=previous')).text();
    expect(html).not.toContain('id="explore-ended"');
    expect(changeFigure(html)).toBe(usd(cents(now) - cents(then), true));
  });
});

describeWithChromium('Explore\'s sentence beside a delivery that has ended fits a phone\'s 390 px', () => {
  let server: RunningServer;
  let close: () => Promise<void>;
  let context: BrowserContext;
  beforeAll(async () => {
    const { cut, focus } = await curCutBesideFocus2018();
    server = await startServer({ storePath: await cachedStore([[REAL_OCT_2018, cut, focus]]), host: '127.0.0.1', port: 0, clock: LATER });
    ({ context, close } = await launchChromium({ viewport: { width: 390, height: 844 } }));
  }, 300_000);
  afterAll(async () => {
    await close?.();
    await server?.close();
  });

  it('compared without the CUR\'s lines, and not compared: the note wraps inside the page, nothing scrolls sideways', async () => {
    const page = await context.newPage();
    for (const path of [WEEK, '/explore?dimension=service&start=2018-11-01&end=2018-11-19&cost=billed&compare=last_month']) {
      await page.goto(`${server.url}${path}`);
      const box = await page.locator('#explore-ended').boundingBox();
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(box, path).not.toBeNull();
      expect(box!.x, path).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, path).toBeLessThanOrEqual(clientWidth);
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await page.close();
  });
});
