import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { apiRows, appOn, page } from './helpers.ts';

/** The shared demo (tests/global-setup.ts) is generated as of 2026-11-15: November is the current, provisional month. */
const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');

describe('the dashboards on the demo organisation (what `npm start` serves)', () => {
  const { db } = tempStore();
  let app: CostlensApp;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
  });
  afterAll(() => app?.close());

  /** The store's data horizon (the last complete charge day of usage), as the server reads it. */
  async function horizon(): Promise<string> {
    const [row] = await apiRows(await app.request('/api/queries/calendar/data_horizon'));
    return row.horizon!;
  }

  it('Overview: as of the data horizon, usage month to date against the same days of October, November labelled provisional', async () => {
    const lastDay = await horizon();
    expect(lastDay < '2026-11-15' && lastDay >= '2026-11-10').toBe(true);
    const html = await (await page(app, '/')).text();
    const [expected] = await sqlRows(db, `SELECT
        sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < CAST(DATE '${lastDay}' + 1 AS TIMESTAMP) THEN BilledCost END) AS current_cost,
        sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < CAST(DATE '${lastDay}' - INTERVAL 1 MONTH + INTERVAL 1 DAY AS TIMESTAMP) THEN BilledCost END) AS previous_cost
      FROM line_items WHERE x_ChargeClass = 'usage'`);
    expect(/id="mtd-current">[^]*?data-value="([^"]*)"/.exec(html)![1]).toBe(expected.current_cost);
    expect(/id="mtd-previous">[^]*?data-value="([^"]*)"/.exec(html)![1]).toBe(expected.previous_cost);
    expect(html).toMatch(/<span data-period="2026-11">2026-11 \(aws\/\d+: current month\)<\/span>/);
    expect(html).not.toContain('data-period="2026-10"');
    expect(html).not.toContain('data-period="2026-09"');
  });

  it('Overview: each billing period\'s billed beside its amortised and net amortised cost, as `costlens invoice` reports them; billed is the period\'s BilledCost to the last decimal', async () => {
    const html = await (await page(app, '/')).text();
    const table = /id="net-view">([^]*?)<\/table>/.exec(html)![1];
    const shown = [...table.matchAll(/<tr data-billing-period="([^"]*)"><td>([^<]*)<\/td>\s*<td data-value="([^"]*)">[^<]*<\/td><td data-value="([^"]*)">[^<]*<\/td><td data-value="([^"]*)">/g)].map((m) => m.slice(1));
    const expected: string[][] = [];
    for (const [period, label] of [['2026-11', 'Nov 2026 (so far)'], ['2026-10', 'Oct 2026']]) {
      const run = await costlens(db, 'invoice', '--period', period, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const [{ total }] = JSON.parse(run.stdout) as { total: { billedCost: string; amortisedCost: string; netAmortisedCost: string } }[];
      const [sql] = await sqlRows(db, `SELECT sum(BilledCost) AS billed, sum(EffectiveCost) AS amortised FROM line_items WHERE BillingPeriodStart = TIMESTAMP '${period}-01'`);
      expect([total.billedCost, total.amortisedCost]).toEqual([sql.billed, sql.amortised]);
      expected.push([period, label, total.billedCost, total.amortisedCost, total.netAmortisedCost]);
    }
    expect(shown).toEqual(expected);
  });

  it('top accounts show their names, with this month\'s usage as line_items sums it', async () => {
    const html = await (await page(app, '/')).text();
    const table = /<table class="numbers stack" id="top-accounts">([^]*?)<\/table>/.exec(html)![1];
    const shown = [...table.matchAll(/<tr><td>(\d+)<\/td><td class="text">([^<]*)<\/td><td data-value="([^"]*)">/g)].map((m) => [m[1], m[2], m[3]]);
    const expected = await sqlRows(db, `SELECT SubAccountId AS id, max(SubAccountName) AS name, sum(BilledCost) AS cost FROM line_items
      WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < CAST(DATE '${await horizon()}' + 1 AS TIMESTAMP)
      GROUP BY SubAccountId ORDER BY sum(BilledCost) DESC, SubAccountId LIMIT 10`);
    expect(shown).toEqual(expected.map((r) => [r.id, r.name, r.cost]));
    expect(shown.every(([, name]) => name.length > 0)).toBe(true);
  });

  it('the daily chart draws lighter exactly the provisional days anomalies leaves unjudged: the last 3 complete days, not all of November', async () => {
    // It drew every day of a billing period not invoiced yet lighter (1–14 Nov), where anomalies and the
    // weekly e-mail call provisional only the last anomalies.provisionalDays (3) complete days up to the horizon.
    const [{ horizon: lastDay }] = await sqlRows(db, `SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS horizon FROM line_items
      WHERE x_ChargeClass = 'usage' AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`);
    expect(lastDay).toBe('2026-11-14');
    const html = await (await page(app, '/')).text();
    const figure = /<figure[^>]*>(?:(?!<\/figure>)[^])*data-chart="daily_spend_by_service"[^]*?<\/figure>/.exec(html)![0];
    const params = /data-params="([^"]*)"/.exec(figure)![1].replaceAll('&amp;', '&');
    expect(params).toBe('start=2026-10-01&end=2026-11-15&first_provisional_day=2026-11-12&cost=billed');
    expect(/<figcaption>([^<]*)</.exec(figure)![1]).toContain('Lighter bars: 12–14 Nov 2026, treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).');
    expect(/<figcaption>([^:<]*):/.exec(figure)![1]).toBe('Daily usage (billed cost) by service, 1 Oct – 14 Nov 2026');
    // The month-to-date chart names its days too, those of the cards above it.
    expect(html).toContain('<figcaption>Usage month to date by service, 1–14 Nov 2026 against the same days last month, 1–14 Oct 2026 (billed cost).</figcaption>');
    expect(/id="anomaly-days">([^<]*)</.exec(html)![1]).toContain('12–14 Nov 2026 are not judged yet');
    const spec = await (await app.request(`/api/charts/daily_spend_by_service?${params}`)).json();
    const days = new Map<string, boolean>();
    for (const v of spec.data.values as { day: string; provisional: boolean }[]) days.set(v.day, v.provisional);
    expect([...days].filter(([, provisional]) => provisional).map(([day]) => day)).toEqual(['2026-11-12', '2026-11-13', '2026-11-14']);
    expect([...days.keys()][0]).toBe('2026-10-01');
    expect([...days.keys()].at(-1)).toBe('2026-11-14');
    // The chart alone (no first_provisional_day) draws no day lighter: only the caller knows the config's provisionalDays.
    const bare = await (await app.request('/api/charts/daily_spend_by_service')).json();
    expect((bare.data.values as { provisional: boolean }[]).some((v) => v.provisional)).toBe(false);
  });

  it('Explore by the team tag: the rows add up to the range total, to the cent and beyond', async () => {
    const rows = await apiRows(await app.request('/api/queries/explore/spend_by?dimension=tag&tag_key=team&start=2026-10-01&end=2026-11-01&top=500'));
    const expected = await sqlRows(db, `SELECT coalesce(Tags['team'], '(untagged)') AS value, sum(BilledCost) AS cost FROM line_items
      WHERE x_BillingPeriod = '2026-10' GROUP BY 1 ORDER BY 2 DESC, 1`);
    expect(rows.map((r) => ({ value: r.value, cost: r.cost }))).toEqual(expected);
    const [total] = await sqlRows(db, `SELECT sum(BilledCost) AS c FROM line_items WHERE x_BillingPeriod = '2026-10'`);
    const exact = rows.reduce((sum, r) => sum + BigInt(r.cost!.replace('.', '')), 0n);
    expect(exact).toBe(BigInt(total.c!.replace('.', '')));
  });
});
