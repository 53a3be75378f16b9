/**
 * Explore's "Show usage only" link follows the view's filters, and its usage is read from the
 * query. On the demo as of 15 Nov 2026 a view of fees alone (`/explore?charge_class=recurring`, the
 * last 30 days) still offered it: the filter leaves usage out, so usage only of that view is none,
 * and for AWS Support's recurring fees its target was $0.00 with a note saying why. Now the link is
 * offered only when the filters can select usage and a span holds some: not for a charge-class
 * filter without usage, still for one of usage and fees. Whether a span holds usage was its total
 * less its postings and daily fees; explore/daily_postings now returns each day's usage
 * (`usage_cost`, a row for every day holding a line), restated here by SQL on the store.
 */
import { describe, expect, it } from 'vitest';
import { sqlRows } from '../helpers/cli.ts';
import { useDemoApp } from '../helpers/demo-app.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { apiRows, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const SUPPORT = 'AWS Support (Business)';
const LAST_30 = '/explore?dimension=service&preset=last_30_days&cost=billed';
const MTD = '/explore?dimension=service&preset=month_to_date&cost=billed';
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
const POSTED = 'ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY';

/** The postings note's text and the usage link it offers (its href as served), if any. */
function postingsNote(html: string): { text: string; link?: string } {
  const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)?.[1] ?? '';
  return { text: textOf(note), link: /<a href="([^"]*)">(?:Show|Compare) usage only<\/a>/.exec(note)?.[1].replaceAll('&amp;', '&') };
}

const total = (html: string) => exactOf(/id="explore-total" data-value="([^"]*)"/.exec(html)![1]);

describe('Explore on the demo: the usage link only where the view\'s filters can select usage', () => {
  const demo = useDemoApp();

  it('/explore?charge_class=recurring (the last 30 days): the postings note, with no link to usage', async () => {
    const redirect = await page(demo.app, '/explore?charge_class=recurring');
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, `${LAST_30}&charge_class=recurring`]);
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS cost, CAST(sum(BilledCost) FILTER (WHERE ${POSTED}) AS VARCHAR) AS posted
      FROM line_items WHERE x_ChargeClass = 'recurring' AND ${within('2026-10-16', '2026-11-15')}`);
    const html = await (await page(demo.app, redirect.headers.get('location')!)).text();
    expect(total(html)).toBe(exactOf(sql.cost!));
    const note = postingsNote(html);
    expect(note.text).toMatch(/^Postings for a charge period longer than a day .* \$1,427\.81 of these days' cost, the most on 1 Nov 2026 \( \$1,427\.81 \), so a day can stand far above the others\.$/);
    expect(exactOf(sql.posted!)).toBe(exactOf('1427.81'));
    expect(note.link).toBeUndefined();
    expect(html).not.toContain('charge_class=usage');
  });

  it('AWS Support\'s recurring fees, month to date: no link, whose target was a view of $0.00 saying why', async () => {
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS cost
      FROM line_items WHERE ServiceName = '${SUPPORT}' AND x_ChargeClass = 'recurring' AND ${within('2026-11-01', '2026-11-15')}`);
    const view = `${MTD}&service=${encodeURIComponent(SUPPORT)}`;
    const html = await (await page(demo.app, `${view}&charge_class=recurring`)).text();
    expect(total(html)).toBe(exactOf(sql.cost!));
    expect(postingsNote(html).text).toContain(`the most on 1 Nov 2026`);
    expect(postingsNote(html).link).toBeUndefined();
    const target = await (await page(demo.app, `${view}&charge_class=usage`)).text();
    expect(total(target)).toBe(0n);
    expect(target).toContain('id="explore-no-usage"');
  });

  it('usage and recurring fees selected: the link stays, and its view shows the usage SQL sums', async () => {
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS usage FROM line_items WHERE x_ChargeClass = 'usage' AND ${within('2026-11-01', '2026-11-15')}`);
    const html = await (await page(demo.app, `${MTD}&charge_class=usage&charge_class=recurring`)).text();
    const { link } = postingsNote(html);
    expect(link).toBe(`${MTD}&charge_class=usage`);
    expect(total(await (await page(demo.app, link!)).text())).toBe(exactOf(sql.usage!));
  });

  it('explore/daily_postings returns each day\'s usage beside its postings and daily fees, a row for every day, which add up to the day\'s spend (SQL)', async () => {
    const rows = await apiRows(await demo.app.request('/api/analyses/explore/daily_postings?start=2026-10-30&end=2026-11-03&cost=billed'));
    const sql = await sqlRows(demo.db, `SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE ${POSTED}), 0) AS VARCHAR) AS posted,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE x_ChargeClass <> 'usage' AND NOT ${POSTED}), 0) AS VARCHAR) AS fees,
        CAST(coalesce(sum(BilledCost) FILTER (WHERE x_ChargeClass = 'usage'), 0) AS VARCHAR) AS usage,
        CAST(sum(BilledCost) AS VARCHAR) AS spend
      FROM line_items WHERE ${within('2026-10-30', '2026-11-03')} GROUP BY 1 ORDER BY 1`);
    expect(sql.map((r) => r.day)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(rows.map((r) => [r.day, exactOf(r.posted_cost!), exactOf(r.daily_fee_cost!), exactOf(r.usage_cost!)]))
      .toEqual(sql.map((r) => [r.day, exactOf(r.posted!), exactOf(r.fees!), exactOf(r.usage!)]));
    for (const [i, r] of rows.entries()) expect(exactOf(r.posted_cost!) + exactOf(r.daily_fee_cost!) + exactOf(r.usage_cost!), r.day!).toBe(exactOf(sql[i].spend!));
  });
});
