/**
 * A budget period that begins before the store's first charge day, or holds days in a gap between
 * its billing periods: those days are missing data, not $0 of spend. On the shared demo (charge
 * days 1 Sep – 14 Nov 2026) an annual budget for 2026 and a quarterly one for 2026-Q3 are not
 * judged: the actual covers the days in the store and says which, the period is not complete, there
 * is no forecast (not "the forecast is the actual"), and no threshold is said crossed or not — in
 * `costlens budgets` (JSON, table, csv), budget alerts, the Overview's card and the weekly
 * e-mails' section alike, while a budget whose period is all in the store is judged as before.
 * A gap inside a period is treated the same: a gap put into the demo's store days, and the real
 * 2018, 2023 and 2024 files ingested together. Every figure is restated by SQL on line_items.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { budgetDrivers, budgetsNotes, evaluateBudget, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { billingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { budgetLayoutSection } from '../../src/report/budget-section.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { usd } from '../report/helpers.ts';
import { overviewBudgetCard } from './overview-card.ts';

const BUDGETS = [
  { name: 'org', amount: 40000 },
  { name: 'q', amount: 100000, period: 'quarterly', cost: 'effective' },
  { name: 'y', amount: 400000, period: 'annual', thresholds: [{ percent: 10 }, { percent: 50 }, { percent: 100, basis: 'forecast' }] },
];
const BEGINS = "the store's billing data begins on 1 Sep 2026";
const MISSING = 'a day not in the store is missing data, not $0 of spend: no threshold is judged and no forecast made';

interface BudgetJson {
  name: string; periodLabel: string; asOf: string; daysToAsOf: number; daysCounted: number; daysInPeriod: number; complete: boolean;
  judged: boolean; notJudged: string | null; coverage: string | null; notInStore: { days: number; runs: { first: string; last: string }[]; why: string } | null;
  actual: string | null; sharePercent: number | null; forecast: string | null; forecastSharePercent: number | null; forecastBasis: string;
  thresholds: { id: string; crossed: boolean | null; since: string | null }[];
}

/** The sum of `measure` over the charge days [from, to), as DuckDB's text (and in cents), and the count of distinct charge days. */
async function spend(db: string, measure: string, from: string, to: string): Promise<{ total: string; cents: bigint; days: number; pct: (amount: number) => Promise<number> }> {
  const where = `ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}'`;
  const [row] = await sqlRows(db, `SELECT sum(${measure}) AS total, CAST(round(sum(${measure}) * 100) AS BIGINT) AS cents, count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS days
    FROM line_items WHERE ${where}`);
  return {
    total: row.total!, cents: BigInt(row.cents!), days: Number(row.days),
    pct: async (amount) => Number((await sqlRows(db, `SELECT round(sum(${measure}) / ${amount} * 100, 1) AS pct FROM line_items WHERE ${where}`))[0].pct),
  };
}

async function budgetsJsonOf(db: string, config: string, ...args: string[]): Promise<Map<string, BudgetJson>> {
  const run = await costlens(db, 'budgets', '--config', config, '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  return new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
}

describe('budget periods that begin before the store\'s data, on the demo (charge days 1 Sep – 14 Nov 2026)', () => {
  let db: string;
  let config: string;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
  }, 300_000);

  it('the store\'s first charge day is 1 Sep 2026 and its horizon 14 Nov 2026; nothing is charged before', async () => {
    const [row] = await sqlRows(db, `SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first, count(*) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-09-01') AS before FROM line_items`);
    expect([row.first, row.before]).toEqual(['2026-09-01', '0']);
  });

  it('plain `costlens budgets`: the annual budget covers the 75 days in the store of 2026\'s 318 to 14 Nov, says so, and is not judged', async () => {
    const budgets = await budgetsJsonOf(db, config);
    const year = await spend(db, 'BilledCost', '2026-01-01', '2026-11-15');
    expect(year.days).toBe(75);
    const y = budgets.get('y')!;
    expect([y.periodLabel, y.asOf, y.daysToAsOf, y.daysCounted, y.daysInPeriod, y.complete, y.judged]).toEqual(['2026', '2026-11-14', 318, 75, 365, false, false]);
    expect(y.actual).toBe(year.total);
    expect(y.actual).toBe('85704.3216805266');
    expect(y.sharePercent).toBe(await year.pct(400000));
    expect(y.coverage).toBe('2026: 75 of its 365 days in the store (1 Sep – 14 Nov 2026)');
    expect(y.notInStore).toEqual({ days: 243, runs: [{ first: '2026-01-01', last: '2026-08-31' }], why: BEGINS });
    expect(y.notJudged).toBe(`1 Jan – 31 Aug 2026 are not in the store: ${BEGINS}, and ${MISSING}`);
    expect([y.forecast, y.forecastSharePercent, y.forecastBasis]).toEqual([null, null, `no forecast: 1 Jan – 31 Aug 2026 are not in the store: ${BEGINS}`]);
    // 10 % of 400,000 is 40,000, below the covered actual: still not said crossed (nor not crossed).
    expect(y.thresholds).toEqual([
      { id: 'actual:10', basis: 'actual', percent: 10, amount: '40000.00', crossed: null, since: null },
      { id: 'actual:50', basis: 'actual', percent: 50, amount: '200000.00', crossed: null, since: null },
      { id: 'forecast:100', basis: 'forecast', percent: 100, amount: '400000.00', crossed: null, since: null },
    ]);
    // The month and the quarter holding 14 Nov are all in the store: judged, as before.
    const org = budgets.get('org')!;
    expect([org.judged, org.notJudged, org.coverage, org.notInStore, org.daysToAsOf, org.daysCounted, org.complete]).toEqual([true, null, null, null, 14, 14, false]);
    expect(org.actual).toBe((await spend(db, 'BilledCost', '2026-11-01', '2026-11-15')).total);
    expect(org.forecast).not.toBeNull();
    const q = budgets.get('q')!;
    expect([q.periodLabel, q.judged, q.daysCounted, q.daysInPeriod]).toEqual(['2026-Q4', true, 45, 92]);
    expect(q.actual).toBe((await spend(db, 'EffectiveCost', '2026-10-01', '2026-11-15')).total);
    expect(q.thresholds.every((t) => typeof t.crossed === 'boolean')).toBe(true);
  });

  it('the table says "not judged" with no forecast, and a note under it names the days covered and the days missing', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--wide');
    expect(run.code, run.stderr).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('y '))!;
    expect(row.split(/\s{2,}/)).toEqual(['y', '2026', '75/365', 'billed', '$400,000.00', '$85,704.32', '21.4', 'not judged', 'the whole bill']);
    expect(run.stdout.endsWith(`(3 rows)\ny: 2026: 75 of its 365 days in the store (1 Sep – 14 Nov 2026); 1 Jan – 31 Aug 2026 are not in the store: ${BEGINS}, and ${MISSING}.\n`)).toBe(true);
    const csv = await costlens(db, 'budgets', '--config', config, '--format', 'csv');
    expect(csv.stdout.split(/\r?\n/).find((l) => l.startsWith('y,'))).toBe('y,2026,75/365,billed,400000.00,85704.3216805266,21.4,,,not judged,the whole bill');
    expect(csv.stderr).toContain(`y: 2026: 75 of its 365 days in the store (1 Sep – 14 Nov 2026); 1 Jan – 31 Aug 2026 are not in the store`);
  });

  it('`--period 2026-Q3`: the quarterly budget covers 30 of its 92 days, is not complete and has no forecast; September alone is complete', async () => {
    const budgets = await budgetsJsonOf(db, config, '--period', '2026-Q3');
    const september = await spend(db, 'EffectiveCost', '2026-07-01', '2026-10-01');
    expect(september.days).toBe(30);
    const q = budgets.get('q')!;
    expect([q.periodLabel, q.asOf, q.daysToAsOf, q.daysCounted, q.daysInPeriod, q.complete, q.judged]).toEqual(['2026-Q3', '2026-09-30', 92, 30, 92, false, false]);
    expect(q.actual).toBe(september.total);
    expect(q.sharePercent).toBe(await september.pct(100000));
    expect(q.coverage).toBe('2026-Q3: 30 of its 92 days in the store (1–30 Sep 2026)');
    expect(q.notInStore).toEqual({ days: 62, runs: [{ first: '2026-07-01', last: '2026-08-31' }], why: BEGINS });
    expect([q.forecast, q.forecastBasis]).toEqual([null, `no forecast: 1 Jul – 31 Aug 2026 are not in the store: ${BEGINS}`]);
    expect(q.forecastBasis).not.toContain('the forecast is the actual');
    expect(q.thresholds.map((t) => [t.id, t.crossed, t.since])).toEqual([['actual:50', null, null], ['actual:80', null, null], ['actual:100', null, null], ['forecast:100', null, null]]);
    const org = budgets.get('org')!;
    expect([org.periodLabel, org.complete, org.judged, org.daysCounted, org.forecastBasis]).toEqual(['2026-09', true, true, 30, '2026-09 is complete: the forecast is the actual']);
    expect(org.actual).toBe((await spend(db, 'BilledCost', '2026-09-01', '2026-10-01')).total);
    const y = budgets.get('y')!;
    expect([y.daysToAsOf, y.daysCounted, y.coverage]).toEqual([273, 30, '2026: 30 of its 365 days in the store (1–30 Sep 2026)']);
  });

  it('a forecast made in the store\'s first month says that no fees or tax are expected, the month before not being in the store', async () => {
    const config = parseConfig({ budgets: [{ name: 'org', amount: 40000 }] });
    const { statuses: [org] } = await withEngine(db, (engine) => evaluateBudgets(engine, config, { asOf: '2026-09-20' }));
    expect([org.notJudged, org.complete, org.forecast === null]).toEqual([null, false, false]);
    expect(org.forecastBasis).toMatch(/ over the 10 remaining days, with no recurring fees or tax expected, as the month before \(Aug 2026\) is not in the store: the store's billing data begins on 1 Sep 2026$/);
  });

  it('budget alerts: the annual budget\'s 10 % is not sent (it is not judged); the month\'s crossings are, as before', async () => {
    const store = storeWithConfig(db, { budgets: BUDGETS, alerts: { email: ['finops@acme.example'], topDrivers: 1, anomalyEvents: false } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const alerts = (JSON.parse(run.stdout).alerts as { subjectKey: string; threshold: string }[]).map((a) => `${a.subjectKey} ${a.threshold}`);
    expect(alerts.filter((a) => a.startsWith('y/'))).toEqual([]);
    expect(alerts).toContain('q/2026-Q4 actual:50');
  });

  it('the weekly e-mails\' section: the annual budget\'s actual and days in the store, no forecast, its thresholds not judged', async () => {
    const configs = parseConfig({ budgets: BUDGETS });
    const model = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2026-11-08' }));
    const section = budgetLayoutSection(model);
    const row = section.tables[0].rows.find((r) => String(r[0]).startsWith('y '))!;
    const year = await spend(db, 'BilledCost', '2026-01-01', '2026-11-09');
    expect(year.days).toBe(69);
    expect(row.slice(0, 5)).toEqual(['y (2026, 69 of 365 days)', usd(year.cents), '$400,000.00', `${(await year.pct(400000)).toFixed(1)}%`, '–']);
    expect(row[5]).toBe('not judged');
    expect(budgetsNotes(model)).toEqual([`y: 2026: 69 of its 365 days in the store (1 Sep – 8 Nov 2026); 1 Jan – 31 Aug 2026 are not in the store: ${BEGINS}, and ${MISSING}.`]);
  });

  describe('the Overview\'s budget card', () => {
    const readCard = overviewBudgetCard(() => db, BUDGETS);

    it('shows the annual budget\'s actual over the days in the store and their count, with no forecast and its thresholds not judged', async () => {
      const card = await readCard();
      const row = /<tr data-budget="y"[^]*?<\/tr>/.exec(card)![0];
      const year = await spend(db, 'BilledCost', '2026-01-01', '2026-11-15');
      expect(row).toContain('2026, 75 of 365 days');
      expect(/<td data-value="([^"]*)">/.exec(row)![1]).toBe(year.total);
      expect(row).toContain('<td data-value="">–');
      expect(row).not.toContain('class="crossed"');
      expect(row).toContain('<td>not judged</td>');
    }, 300_000);
  });
});

describe('a gap inside a budget period is treated as days before the data are', () => {
  it('a gap of 10–15 Oct 2026 put into the demo\'s store days: 2026-Q4 counts 39 of its 45 days to 14 Nov, sums only those, and is not judged', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const configs = parseConfig({ budgets: [{ name: 'q', amount: 100000, period: 'quarterly' }] });
    const status = await withEngine(db, async (engine) => {
      const span = await billingDaySpan(engine);
      return evaluateBudget(engine, configs, configs.budgets[0], '2026-11-14', span, { firstDay: span.firstDay, gaps: [{ first: '2026-10-10', last: '2026-10-15' }] });
    });
    const [row] = await sqlRows(db, `SELECT sum(BilledCost) AS total FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'
      AND NOT (ChargePeriodStart >= TIMESTAMP '2026-10-10' AND ChargePeriodStart < TIMESTAMP '2026-10-16')`);
    const why = 'the store holds no billing data on 10–15 Oct 2026';
    expect([status.daysToAsOf, status.daysCounted, status.complete, status.forecast, status.storedRuns]).toEqual([45, 39, false, null,
      [{ first: '2026-10-01', last: '2026-10-09' }, { first: '2026-10-16', last: '2026-11-14' }]]);
    expect(status.actual).toBe(BigInt(row.total!.replace('.', '')));
    expect(status.coverage).toBe('2026-Q4: 39 of its 92 days in the store (1–9 Oct 2026 and 16 Oct – 14 Nov 2026)');
    expect(status.notJudged).toBe(`10–15 Oct 2026 are not in the store: ${why}, and ${MISSING}`);
    expect(status.thresholds.map((t) => t.crossed)).toEqual([null, null, null, null]);
    // Its drivers are not compared either, and no query runs.
    const refusing: Engine = { name: 'duckdb', run: () => Promise.reject(new Error('no query should run')), close: async () => {} };
    expect((await budgetDrivers(refusing, status)).notCompared)
      .toBe(`10–15 Oct 2026 are not in the store (6 of 2026-Q4's days to 2026-11-14, 1 Oct – 14 Nov 2026): ${why}`);
  });

  it('a gap of 10–15 Oct 2026 in the month before a judged November: no fees or tax expected, said in the words of the forecast and of a budget with no forecast', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const configs = parseConfig({ budgets: [{ name: 'org', amount: 40000 }, { name: 'support', amount: 2000, scope: { services: ['AWS Support (Business)'] } }] });
    const [org, support] = await withEngine(db, async (engine) => {
      const span = await billingDaySpan(engine);
      const store = { firstDay: span.firstDay, gaps: [{ first: '2026-10-10', last: '2026-10-15' }] };
      return Promise.all(configs.budgets.map((b) => evaluateBudget(engine, configs, b, '2026-11-14', span, store)));
    });
    const month = 'the month before (Oct 2026) is not all in the store: the store holds no billing data on 10–15 Oct 2026';
    // It wrote "as 10–15 Oct 2026 are (6 days of the month before, Oct 2026) not in the store: …", the days twice, where the
    // budget with no forecast and `costlens forecast` say the month is not all in the store.
    expect([org.notJudged, org.forecast === null]).toEqual([null, false]);
    expect(org.forecastBasis).toBe(`the actual to 2026-11-14, plus the usage run-rate (linear, fitted on 27 days) over the 16 remaining days, with no recurring fees or tax expected, as ${month}`);
    expect([support.notJudged, support.forecast, support.forecastBasis])
      .toEqual([null, null, `no forecast: no usage in scope in the 27 days of its fit window the store holds (16 Oct – 11 Nov 2026) to project, and no recurring fees or tax expected: ${month}`]);
  });

  it('the real 2018, 2023 and 2024 files together: 2023-Q4 is judged on the legacy CUR\'s data, 1–13 Nov 2023 (its 14 Nov partial), 2024 only September; December 2023 is all gap', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    const config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'm', amount: 1000 }, { name: 'q', amount: 1000, period: 'quarterly' }, { name: 'y', amount: 1000, period: 'annual' }] }));
    const q4 = await budgetsJsonOf(db, config, '--period', '2023-Q4');
    // As of 13 Nov 2023, where the legacy CUR's data ends, as on that file alone (it was as of 31 Dec: 14 of 92 days, 14 Nov's partial day counted, $1.6823086974).
    const nov = await spend(db, 'BilledCost', '2023-10-01', '2023-11-14');
    expect(nov.days).toBe(13);
    const q = q4.get('q')!;
    expect([q.asOf, q.daysToAsOf, q.daysCounted, q.complete, q.judged, q.forecast, q.actual]).toEqual(['2023-11-13', 44, 13, false, false, null, nov.total]);
    expect(q.coverage).toBe('2023-Q4: 13 of its 92 days in the store (1–13 Nov 2023)');
    expect(q.notInStore).toEqual({ days: 31, runs: [{ first: '2023-10-01', last: '2023-10-31' }], why: 'the store holds no billing data from 1 Dec 2018 to 31 Oct 2023' });
    // The month holding 31 Dec 2023 has none of its days in the store: no actual, not $0.00.
    const m = (await budgetsJsonOf(db, config, '--period', '2023-12')).get('m')!;
    expect([m.periodLabel, m.daysCounted, m.actual, m.sharePercent, m.judged, m.coverage]).toEqual(['2023-12', 0, null, null, false, '2023-12: none of its 31 days in the store']);
    const year = (await budgetsJsonOf(db, config, '--period', '2024')).get('y')!;
    const september = await spend(db, 'BilledCost', '2024-01-01', '2025-01-01');
    expect([year.asOf, year.daysToAsOf, year.daysCounted, year.judged, year.actual]).toEqual(['2024-09-30', 274, september.days, false, september.total]);
    expect(year.notInStore).toEqual({ days: 244, runs: [{ first: '2024-01-01', last: '2024-08-31' }], why: 'the store holds no billing data from 15 Nov 2023 to 31 Aug 2024' });
  });
});
