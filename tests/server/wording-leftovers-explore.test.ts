/**
 * Explore's loose ends on the demo (as of 15 Nov 2026): a view of AWS Support alone compared with
 * the same days last month holds no usage, yet its postings note ended "… of them. Compare usage
 * only." with a link to the view of usage alone, which is empty. Now the note ends with the compared
 * span's postings and offers no such link. The compare table's "posted" cell had no style of its
 * own (it read as ink, like an amount): now a muted label, as the notes are, and at 390 px the
 * page and the cell fit. Figures by SQL on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { sqlRows } from '../helpers/cli.ts';
import { useDemoApp } from '../helpers/demo-app.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { page } from './helpers.ts';
import { launchChromium, servedDemo, textOf, watchedPage } from './page-helpers.ts';

const SUPPORT = 'AWS Support (Business)';
const MTD = '/explore?dimension=service&preset=month_to_date&cost=billed&compare=last_month';
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

describe('Explore: a view of Support alone, compared, holds no usage: no link to an empty view of usage', () => {
  const demo = useDemoApp();

  it('the note names both spans\' postings and ends there, with no "Compare usage only" link', async () => {
    const [sums] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) FILTER (WHERE ${within('2026-11-01', '2026-11-15')}) AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE ${within('2026-10-01', '2026-10-15')}) AS VARCHAR) AS then,
        CAST(count(*) FILTER (WHERE x_ChargeClass = 'usage') AS VARCHAR) AS usage_lines
      FROM line_items WHERE ServiceName = '${SUPPORT}' AND ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY`);
    expect(sums).toEqual({ now: '1398.0600000000', then: '2593.5500000000', usage_lines: '0' });
    const html = await (await page(demo.app, `${MTD}&service=${encodeURIComponent(SUPPORT)}`)).text();
    const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1];
    expect(textOf(note)).toBe('Postings for a charge period longer than a day (a month\'s RI and Support fees, tax, monthly credits) count on the day they are dated, not day by day: '
      + `${usd(roundCents(exactOf(sums.now!)))} of these days' cost, the most on 1 Nov 2026 ( ${usd(roundCents(exactOf(sums.now!)))} ), so a day can stand far above the others. `
      + `Same days last month: 1–14 Oct 2026 holds ${usd(roundCents(exactOf(sums.then!)))} of them.`);
    expect(note).not.toContain('<a ');
    expect(html).not.toContain('charge_class=usage');
  });

  it('a view that holds usage keeps its link', async () => {
    const html = await (await page(demo.app, MTD)).text();
    expect(/<p class="note" id="explore-chart-fees">[^]*?<a href="([^"]*)">Compare usage only<\/a>/.exec(html)![1])
      .toBe('/explore?dimension=service&amp;preset=month_to_date&amp;cost=billed&amp;compare=last_month&amp;charge_class=usage');
  });
});

describeWithChromium('Explore\'s "posted" cell at 390 px: a muted label, nothing overflows', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    ({ server } = await servedDemo());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the Support row\'s "posted" reads in the notes\' muted colour and smaller, in italics; the page is no wider than the screen', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.goto(`${server.url}${MTD}`);
    const seen = await tab.evaluate(() => {
      const cell = document.querySelector<HTMLElement>('#explore-table td.posted')!;
      const note = document.querySelector<HTMLElement>('.note')!;
      const style = getComputedStyle(cell);
      return {
        text: cell.textContent, colour: style.color, noteColour: getComputedStyle(note).color, fontStyle: style.fontStyle,
        smaller: parseFloat(style.fontSize) < parseFloat(getComputedStyle(cell.closest('tr')!.querySelector('td:nth-child(2)')!).fontSize),
        cellFits: cell.scrollWidth <= cell.clientWidth, pageFits: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      };
    });
    expect(seen).toEqual({ text: 'posted', colour: 'rgb(91, 101, 117)', noteColour: 'rgb(91, 101, 117)', fontStyle: 'italic', smaller: true, cellFits: true, pageFits: true });
    expect(problems).toEqual([]);
    await tab.close();
  });
});
