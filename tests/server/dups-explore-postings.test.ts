/**
 * Explore counted every charge class other than usage as "posted" in its chart note, the hourly
 * Savings Plan fee ($58.46 a day on the demo) included, where `costlens invoice` and the budgets
 * call a line posted when its charge period is longer than a day; and with a comparison on it
 * showed two notes (one in the compare line, one under the chart), each with its own "usage only"
 * link. Now one note, with postings as invoice reads them, names the hourly fees a usage-only view
 * leaves out too, each charge class with its amount and, with a comparison, each span's by its days.
 * Figures restated from SQL on the shared demo (as of 15 Nov 2026).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { exactOf, roundCents, usd as usdOfCents } from '../helpers/shown-cents-rule.ts';
import { page } from './helpers.ts';
import { demoApp, textOf as textOfHtml } from './page-helpers.ts';

const days = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
const POSTED = `ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY`;

/** A decimal text rounded once to whole cents, as the page shows it. */
const usd = (decimal: string | null | undefined) => usdOfCents(roundCents(exactOf(decimal ?? '0')));

/** The note's text, no space inside brackets or before a full stop or a semicolon. */
const textOf = (html: string) => textOfHtml(html).replace(/\( | \)| \.| ;/g, (m) => m.trim());

const LEAD = "Postings for a charge period longer than a day (a month's RI and Support fees, tax, monthly credits) count on the day they are dated, not day by day:";

describe('Explore: one postings note, postings as invoice and budgets define them', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    ({ db, app } = await demoApp());
  }, 600_000);
  afterAll(() => app?.close());
  const one = async (sql: string) => (await sqlRows(db, sql))[0];

  it('last 30 days (16 Oct – 14 Nov 2026): the Savings Plan fee billed hourly is daily spend, not a posting', async () => {
    const spFee = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c, count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS d, max(date_diff('hour', ChargePeriodStart, ChargePeriodEnd)) AS h
      FROM line_items WHERE ${days('2026-10-16', '2026-11-15')} AND x_LineItemType = 'SavingsPlanRecurringFee'`);
    expect([spFee.c, spFee.d, spFee.h]).toEqual(['1753.9200000000', '30', '1']); // $58.46 a day, hour by hour
    const posted = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-10-16', '2026-11-15')} AND ${POSTED}`);
    const top = await one(`SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS d, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items
      WHERE ${days('2026-10-16', '2026-11-15')} AND ${POSTED} GROUP BY 1 ORDER BY abs(sum(BilledCost)) DESC LIMIT 1`);
    const dailyFees = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c, string_agg(DISTINCT x_ChargeClass) AS classes FROM line_items WHERE ${days('2026-10-16', '2026-11-15')} AND x_ChargeClass <> 'usage' AND NOT ${POSTED}`);
    expect([posted.c, top.d, top.c, dailyFees.c, dailyFees.classes]).toEqual(['2078.3300000000', '2026-11-01', '2078.3300000000', '1753.9200000000', 'recurring']);
    const html = await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed')).text();
    const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1];
    expect(textOf(note)).toBe(`${LEAD} ${usd(posted.c)} of these days' cost, the most on 1 Nov 2026 (${usd(top.c)}), so a day can stand far above the others. `
      + `Show usage only (it leaves out too what other charge classes bill by the hour or the day, which is daily spend: recurring fees such as a Savings Plan's ${usd(dailyFees.c)}).`);
    expect(usd(posted.c)).toBe('$2,078.33'); // it read $3,832.25, the Savings Plan fee's $1,753.92 included
    expect(note).toContain(`data-value="${posted.c}"`);
  });

  it('with a comparison: one note, one link, both spans\' postings, each span\'s daily fees named by its days (it read "$409.25 and $409.25"); the compare line has none', async () => {
    const html = await (await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed&compare=previous')).text();
    expect(html).toContain('Previous period (same length): 1–7 Nov 2026');
    expect(html).not.toContain('explore-compare-fees');
    expect(html.match(/charge_class=usage/g)?.length).toBe(1);
    const sum = async (start: string, end: string, where: string) => (await one(`SELECT CAST(coalesce(sum(BilledCost), 0) AS VARCHAR) AS c FROM line_items WHERE ${days(start, end)} AND ${where}`)).c;
    const [nowPosted, thenPosted] = [await sum('2026-11-08', '2026-11-15', POSTED), await sum('2026-11-01', '2026-11-08', POSTED)];
    const [nowFees, thenFees] = [await sum('2026-11-08', '2026-11-15', `x_ChargeClass = 'recurring' AND NOT ${POSTED}`), await sum('2026-11-01', '2026-11-08', `x_ChargeClass = 'recurring' AND NOT ${POSTED}`)];
    const otherFees = await sum('2026-11-01', '2026-11-15', `x_ChargeClass NOT IN ('usage', 'recurring') AND NOT ${POSTED}`);
    expect([nowPosted, thenPosted, nowFees, thenFees, otherFees]).toEqual(['0.0000000000', '2078.3300000000', '409.2480000000', '409.2480000000', '0.0000000000']);
    const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1];
    expect(textOf(note)).toBe(`${LEAD} none in these days. Previous period (same length): 1–7 Nov 2026 holds ${usd(thenPosted)} of them; the change compares usage alone, so they do not move it. `
      + 'Compare usage only (it leaves out too what other charge classes bill by the hour or the day, which is daily spend: '
      + `8–14 Nov 2026, recurring fees such as a Savings Plan's ${usd(nowFees)}; 1–7 Nov 2026, recurring fees such as a Savings Plan's ${usd(thenFees)}).`);
    expect(await (await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed&compare=previous&charge_class=usage')).text()).not.toContain('explore-chart-fees');
  });
});
