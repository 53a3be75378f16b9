/**
 * Month to date at the end of a month longer than the one before (31 October against September's
 * 30 days, 29–31 March against February's 28): there are no same days of last month for its last
 * days, so the Overview and Data transfer compare it with as many days just before it (as
 * `costlens explain --to mtd` does), never 31 days against 30. A store of daily usage lines from
 * 1 Jan to 31 Oct 2025 (FOCUS); every figure is DuckDB's sum on the CSV file itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { days } from '../trends/fixtures.ts';
import { apiRows, appOn, page } from './helpers.ts';

const figure = (html: string, id: string) => new RegExp(`id="${id}"[^]*?data-value="([^"]*)"`).exec(html)?.[1];

describe('month to date on the last days of a month longer than the one before', () => {
  let app: CostlensApp;
  let file: string;
  /** DuckDB's sum of the file's BilledCost over charge days [from, to). */
  const onFile = async (from: string, to: string, usageType = '%') => (await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS c FROM read_csv($file, all_varchar = true)
    WHERE CAST(ChargePeriodStart AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST(ChargePeriodStart AS TIMESTAMP) < CAST($to AS TIMESTAMP) AND x_UsageType LIKE $usageType`, { file, from, to, usageType }))[0].c;

  beforeAll(async () => {
    // Each day an EC2 usage line, an internet egress line and an EBS volume line (FOCUS with AWS's x_UsageType), at costs that
    // differ day by day, so a span one day off gives another sum.
    const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const month = (day: string) => `${day.slice(0, 7)}-01 00:00:00`;
    const nextMonth = (day: string) => { const [y, m] = day.split('-').map(Number); return `${new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)} 00:00:00`; };
    const rows = days('2025-01-01', '2025-10-31').flatMap((day, i) => [
      ['Amazon Elastic Compute Cloud', 'BoxUsage:m5.large', `${100 + i}.${String(i % 100).padStart(2, '0')}`],
      ['Amazon Elastic Compute Cloud', 'USE1-DataTransfer-Out-Bytes', `${1 + (i % 7)}.${String(i % 97).padStart(2, '0')}`],
      ['Amazon Elastic Compute Cloud', 'EBS:VolumeUsage.gp3', `${2 + (i % 5)}.${String(i % 89).padStart(2, '0')}`],
    ].map(([service, usageType, cost]) => ['999999999999', 'USD', month(day), nextMonth(day), `${day} 00:00:00`, `${next(day)} 00:00:00`, 'Usage', 'Usage-Based',
      cost, cost, 'AWS', `"${service}"`, '111111111111', '"Account 111111111111"', usageType].join(',')));
    // The file written and ingested once per machine (tests/helpers/cached-text-store.ts); the store only read.
    const { db, paths } = await cachedStoreOf([{ name: 'focus.csv', text: `BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ProviderName,ServiceName,SubAccountId,SubAccountName,x_UsageType\n${rows.join('\n')}\n` }]);
    file = paths['focus.csv'];
    app = appOn(db);
  });
  afterAll(() => app?.close());

  it('31 October: 1–31 Oct against the 31 days just before it, 31 Aug – 30 Sep, named as such', async () => {
    const html = await (await page(app, '/?as_of=2025-10-31')).text();
    const [october, before] = [await onFile('2025-10-01', '2025-11-01'), await onFile('2025-08-31', '2025-10-01')];
    expect(figure(html, 'mtd-current')).toBe(october);
    expect(figure(html, 'mtd-previous')).toBe(before);
    expect(figure(html, 'mtd-change')).toBe((await duckdbRows(`SELECT CAST(CAST($a AS DECIMAL(38,10)) - CAST($b AS DECIMAL(38,10)) AS VARCHAR) AS d`, { a: october!, b: before! }))[0].d);
    expect(html).toContain('Usage is compared over this month&#39;s complete days and as many days just before it (last month has fewer days): <strong id="mtd-days">1–31 Oct 2025 (31 days)</strong> against <strong>31 Aug – 30 Sep 2025 (31 days)</strong>.');
    expect(html).toContain('<h2>Usage, the 31 days before</h2>');
    expect(html).toContain('<th>This month</th><th>The 31 days before</th><th>Change</th>');
    expect(html).toMatch(/% against the 31 days before<\/p>/);
    expect(html).not.toMatch(/same complete days|on the same days/);
    // Equal spans, so the change is explained (explain refuses 31 days against 30).
    expect(html).toContain('<p class="range" id="why-spans">Usage 1–31 Oct 2025 (31 days) against 31 Aug – 30 Sep 2025 (31 days), billed cost');
    // The charges that post once a period still stand against the whole of September.
    expect(html).toContain('<th>Sep 2025, whole month</th>');
    expect(/<tr data-class="usage"><td>Usage \(compared above\)<\/td><td data-value="[^"]*">[^<]*<\/td><td data-value="([^"]*)">/.exec(html)?.[1]).toBe(await onFile('2025-09-01', '2025-10-01'));
  });

  it('29 and 31 March: against the 29 and 31 days before (31 Jan – 28 Feb, 29 Jan – 28 Feb); 28 March and 30 September keep the same days of last month', async () => {
    const cases: [string, string, string, string][] = [
      ['2025-03-29', '2025-01-31', '29 days before', '31 Jan – 28 Feb 2025 (29 days)'],
      ['2025-03-31', '2025-01-29', '31 days before', '29 Jan – 28 Feb 2025 (31 days)'],
    ];
    for (const [asOf, from, label, span] of cases) {
      const html = await (await page(app, `/?as_of=${asOf}`)).text();
      expect(figure(html, 'mtd-previous'), asOf).toBe(await onFile(from, '2025-03-01'));
      expect(html, asOf).toContain(`<h2>Usage, the ${label}</h2>`);
      expect(html, asOf).toContain(`against <strong>${span}</strong>`);
    }
    for (const [asOf, from, to, span] of [['2025-03-28', '2025-02-01', '2025-03-01', '1–28 Feb 2025 (28 days)'], ['2025-09-30', '2025-08-01', '2025-08-31', '1–30 Aug 2025 (30 days)']]) {
      const html = await (await page(app, `/?as_of=${asOf}`)).text();
      expect(figure(html, 'mtd-previous'), asOf).toBe(await onFile(from, to));
      expect(html, asOf).toContain(`Usage is compared over the same complete days: <strong id="mtd-days">`);
      expect(html, asOf).toContain(`against <strong>${span}</strong>`);
    }
  });

  it('Data transfer takes the same spans: 31 October against 31 Aug – 30 Sep', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2025-10-31')).text();
    expect(figure(html, 'transfer-current')).toBe(await onFile('2025-10-01', '2025-11-01', '%DataTransfer-Out-Bytes'));
    expect(figure(html, 'transfer-previous')).toBe(await onFile('2025-08-31', '2025-10-01', '%DataTransfer-Out-Bytes'));
    // 31 October is the month's last day: October is over, named as a month, not "month to date".
    expect(html).toContain('<th>Type</th><th>Cost, Oct 2025</th><th>The 31 days before</th>');
    expect(html).toContain('<h2>Data transfer, Oct 2025</h2>');
    expect(html).toContain('<strong>1–31 Oct 2025</strong> against as many days just before this month (the month before has fewer days), <strong>31 Aug – 30 Sep 2025</strong> (equal spans of complete charge days)');
    expect(html).toContain('<h2>The 31 days before</h2>');
  });

  it('monthly charts tell a part of a month from a whole one: each month with its days in the range and all its days (drawn lighter when fewer)', async () => {
    for (const query of ['data_transfer/monthly_cost_by_type', 'storage/monthly_cost_by_class']) {
      const rows = await apiRows(await app.request(`/api/queries/${query}?from=2025-08-10&to=2025-10-15`));
      const spans = Object.fromEntries(rows.map((r) => [r.month, [r.days, r.month_days]]));
      expect(spans, query).toEqual({ '2025-08-01': ['22', '31'], '2025-09-01': ['30', '30'], '2025-10-01': ['14', '31'] });
    }
    // The storage chart's months are the EBS lines of the file, August cut at the 10th and October at the 14th.
    const storage = await apiRows(await app.request('/api/queries/storage/monthly_cost_by_class?from=2025-08-10&to=2025-10-15'));
    for (const [month, from, to] of [['2025-08-01', '2025-08-10', '2025-09-01'], ['2025-09-01', '2025-09-01', '2025-10-01'], ['2025-10-01', '2025-10-01', '2025-10-15']]) {
      expect(storage.find((r) => r.month === month)?.cost, month).toBe(await onFile(from, to, 'EBS:VolumeUsage%'));
    }
    const spec = await (await app.request('/api/charts/data_transfer_by_type?from=2025-08-10&to=2025-10-15')).json();
    expect(spec.encoding.opacity.scale).toEqual({ domain: ['whole month', 'part of the month'], range: [1, 0.45] });
    expect(spec.data.values.map((v: { month: string; days: number; month_days: number }) => [v.month, v.days, v.month_days])).toEqual([['2025-08-01', 22, 31], ['2025-09-01', 30, 30], ['2025-10-01', 14, 31]]);
  });
});
