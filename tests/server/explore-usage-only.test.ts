/**
 * Explore's "Show usage only" led to an empty view. On the demo as of 15 Nov 2026, AWS Support
 * (Business) alone over month to date, without a comparison, holds one posting ($1,398.06 on
 * 1 Nov) and no usage line, yet its postings note ended "Show usage only." with a link to a view of
 * $0.00 and no row, which said nothing of why. On a monthly CUR (the real Oct and Nov 2018 bills,
 * every usage line spanning its month, so counted as recurring) every view offered it ("Show usage
 * only", "Compare usage only"), and each led to $0.00. Now the link is offered when the view's
 * filters can select usage and the view, or its compared span, holds some (explore/daily_postings'
 * usage_cost), and a view of usage alone with no line says why there is none and links every charge class. Figures by SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { useDemoApp } from '../helpers/demo-app.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const SUPPORT = 'AWS Support (Business)';
const MTD = '/explore?dimension=service&preset=month_to_date&cost=billed';
const within = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
const NO_USAGE_DAILY = 'No usage in these days: no line of the usage charge class (spend by the hour or the day) matches the filters; fees, tax and credits are other charge classes. Show every charge class.';

/** The postings note's text, the link it offers (its href, as served) and the note of a view without usage. */
function notes(html: string): { postings: string; link?: string; noUsage?: string; noUsageHref?: string } {
  const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)?.[1] ?? '';
  const empty = /<p class="note" id="explore-no-usage">([^]*?)<\/p>/.exec(html)?.[1];
  return {
    postings: textOf(note),
    link: /<a href="([^"]*)">(?:Show|Compare) usage only<\/a>/.exec(note)?.[1].replaceAll('&amp;', '&'),
    noUsage: empty === undefined ? undefined : textOf(empty).replace(/ \.$/, '.'),
    noUsageHref: empty === undefined ? undefined : /<a href="([^"]*)"/.exec(empty)?.[1].replaceAll('&amp;', '&'),
  };
}

const total = (html: string) => exactOf(/id="explore-total" data-value="([^"]*)"/.exec(html)![1]);

describe('Explore on the demo: "Show usage only" is offered where it shows usage', () => {
  const demo = useDemoApp();

  it('Support alone, without a comparison: a posting and no usage line, so no link; the note ends with its posting', async () => {
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS cost, count(*) FILTER (WHERE x_ChargeClass = 'usage') AS usage_lines,
        CAST(sum(BilledCost) FILTER (WHERE ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY) AS VARCHAR) AS posted
      FROM line_items WHERE ServiceName = '${SUPPORT}' AND ${within('2026-11-01', '2026-11-15')}`);
    expect(sql).toEqual({ cost: '1398.0600000000', usage_lines: '0', posted: '1398.0600000000' });
    const html = await (await page(demo.app, `${MTD}&service=${encodeURIComponent(SUPPORT)}`)).text();
    expect(total(html)).toBe(exactOf(sql.cost!));
    const { postings, link, noUsage } = notes(html);
    expect(postings).toBe('Postings for a charge period longer than a day (a month\'s RI and Support fees, tax, monthly credits) count on the day they are dated, not day by day: '
      + `${usd(roundCents(exactOf(sql.posted!)))} of these days' cost, the most on 1 Nov 2026 ( ${usd(roundCents(exactOf(sql.posted!)))} ), so a day can stand far above the others.`);
    expect([link, noUsage]).toEqual([undefined, undefined]);
    expect(html).not.toContain('charge_class=usage');
  });

  it('Support alone, usage only (a link made before, or typed): the empty table says why and links every charge class, which shows its $1,398.06', async () => {
    const html = await (await page(demo.app, `${MTD}&service=${encodeURIComponent(SUPPORT)}&charge_class=usage`)).text();
    expect(total(html)).toBe(0n);
    const { noUsage, noUsageHref } = notes(html);
    expect(noUsage).toBe(NO_USAGE_DAILY);
    expect(noUsageHref).toBe('/explore?dimension=service&preset=month_to_date&cost=billed&service=AWS+Support+%28Business%29');
    expect(total(await (await page(demo.app, noUsageHref!)).text())).toBe(exactOf('1398.06'));
  });

  it('a view that holds usage keeps its link, whose view shows the usage SQL sums; a view of fees alone, whose usage the filter leaves out, has none', async () => {
    const [sql] = await sqlRows(demo.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS usage FROM line_items WHERE x_ChargeClass = 'usage' AND ${within('2026-11-01', '2026-11-15')}`);
    const html = await (await page(demo.app, MTD)).text();
    const { link, noUsage } = notes(html);
    expect([link, noUsage]).toEqual([`${MTD}&charge_class=usage`, undefined]);
    const usage = await (await page(demo.app, link!)).text();
    expect(total(usage)).toBe(exactOf(sql.usage!));
    expect(notes(usage).noUsage).toBeUndefined();
    const fees = await (await page(demo.app, `${MTD}&charge_class=recurring`)).text();
    expect(notes(fees).postings).toMatch(/^Postings for a charge period longer than a day/);
    expect([notes(fees).link, notes(fees).noUsage]).toEqual([undefined, undefined]);
  });
});

describe('Explore on a monthly CUR: no link to usage, which the store has none of, and a view of usage alone says why', () => {
  let app: CostlensApp;
  let db: string;
  beforeAll(async () => {
    ({ db } = await monthlyStore());
    app = appOn(db);
  }, 300_000);
  afterAll(() => app?.close());

  it('November, alone or against October: the postings note offers no usage view', async () => {
    const [sql] = await sqlRows(db, `SELECT count(*) FILTER (WHERE x_ChargeClass = 'usage') AS usage_lines, count(*) AS lines FROM line_items`);
    expect(sql.usage_lines).toBe('0');
    for (const compare of ['', '&compare=last_month', '&compare=previous']) {
      const html = await (await page(app, `/explore?dimension=service&start=2018-11-01&end=2018-12-01&cost=billed${compare}`)).text();
      expect(notes(html).postings, compare).toMatch(/^Postings for a charge period longer than a day/);
      expect(notes(html).link, compare).toBeUndefined();
      expect(html, compare).not.toContain('charge_class=usage');
    }
  });

  it('a view of usage alone says the store holds no daily usage and why its lines are not usage', async () => {
    const html = await (await page(app, '/explore?dimension=service&start=2018-11-01&end=2018-12-01&cost=billed&charge_class=usage')).text();
    expect(total(html)).toBe(0n);
    const { noUsage, noUsageHref } = notes(html);
    expect(noUsage).toBe('No usage in these days: the store holds no daily usage, as its CUR is monthly, every usage line spanning its month, '
      + 'and the charge classes count those lines as recurring (a charge period longer than a day). Show every charge class.');
    expect(noUsageHref).toBe('/explore?dimension=service&start=2018-11-01&end=2018-12-01&cost=billed');
  });
});
