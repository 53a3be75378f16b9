/**
 * A scoped budget's run-rate is fitted on every day of the fit window the store holds, a day
 * without usage in scope counting as $0 of it: it was fitted only on the days the scope had usage
 * lines, so a service used every third day was projected at its spend on those days alone (QA: an
 * RDS budget on a FOCUS store fitted on 10 of 28 days, $94.39, its run-rate 1.98 a day for ≈0.73).
 *
 * The file: EC2 10.00 of usage every day from 1 Sep to 14 Oct 2024, except 21 Sep, which holds no
 * line at all (a gap: not in the store); RDS 4 + k on the k-th of 14, 17, … 11 Oct (k = 0…9) and
 * 7.00 on 13 Oct. No fees, no tax. As of 14 Oct (provisional 12–14 Oct) the fit window is
 * 14 Sep–11 Oct: 28 days, 27 in the store. By hand, with `forecast.method: mean`: RDS 85.00 ÷ 27
 * a day (was 85 ÷ 10 = 8.50) over the 17 days left of October, 3.1481… × 17 = 53.518519, plus its
 * actual 10 + 11 + 12 + 13 + 7 = 53.00 (2, 5, 8, 11, 13 Oct): 106.52 (was 53 + 144.50 = 197.50). With
 * the least-squares line (the default) the expected line is DuckDB's regr_slope/regr_intercept on
 * the window's days in the store, RDS usage or 0, read straight from the file (1.398662 +
 * 0.127321 x): 108.191127 over 15–31 Oct, 161.19 (was the line 4 + x/3 through its 10 days alone:
 * 289.00, 342.00).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayRange } from '../../src/lib/calendar.ts';
import { costlens, duckdbRows, tempStore } from '../helpers/cli.ts';

interface BudgetJson { name: string; asOf: string; actual: string; forecast: string | null; forecastBasis: string }

const COLUMNS = ['BilledCost', 'EffectiveCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd',
  'ChargeCategory', 'ChargeFrequency', 'ChargePeriodStart', 'ChargePeriodEnd', 'ServiceName', 'SubAccountId', 'SubAccountName', 'ProviderName',
  'ResourceId', 'RegionId', 'ConsumedQuantity', 'ConsumedUnit', 'x_UsageType'];
const EC2 = 'Amazon Elastic Compute Cloud';
const RDS = 'Amazon Relational Database Service';
const GAP = '2024-09-21';
const RDS_DAYS = new Map([...Array.from({ length: 10 }, (_, k) => [addDays('2024-09-14', 3 * k), (4 + k).toFixed(2)] as const), ['2024-10-13', '7.00']]);

function usageLine(day: string, service: string, cost: string): string {
  const period = `${day.slice(0, 7)}-01`;
  const next = day.slice(0, 7) === '2024-09' ? '2024-10-01' : '2024-11-01';
  return [cost, cost, '111111111111', 'payer', 'USD', `${period} 00:00:00`, `${next} 00:00:00`, 'Usage', 'Usage-Based', `${day} 00:00:00`,
    `${addDays(day, 1)} 00:00:00`, service, '222222222222', 'acct', 'AWS', `r-${service.length}`, 'us-east-1', '24', 'Hrs', 'BoxUsage'].join(',');
}

function sparseFocusCsv(path: string): void {
  const lines = dayRange('2024-09-01', '2024-10-14').filter((d) => d !== GAP).map((d) => usageLine(d, EC2, '10.00'));
  for (const [day, cost] of RDS_DAYS) lines.push(usageLine(day, RDS, cost));
  writeFileSync(path, `${COLUMNS.join(',')}\n${lines.join('\n')}\n`);
}

function configFile(dir: string, name: string, method: 'linear' | 'mean'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ forecast: { method }, budgets: [
    { name: 'whole', amount: 1000 },
    { name: 'rds', amount: 100, scope: { services: [RDS] } },
  ] }));
  return path;
}

describe('costlens budgets: a scope without usage on a day the store holds fits that day at $0', () => {
  let db: string;
  let file: string;
  let dir: string;

  beforeAll(async () => {
    ({ db, dir } = tempStore());
    file = join(dir, 'sparse-focus.csv');
    sparseFocusCsv(file);
    const ingest = await costlens(db, 'ingest', file);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);

  async function budgets(method: 'linear' | 'mean'): Promise<Map<string, BudgetJson>> {
    const run = await costlens(db, 'budgets', '--config', configFile(dir, `${method}.json`, method), '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    return new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }

  it('mean: RDS is 85.00 over the 27 days of the window in the store, 106.52 (was 197.50 on its 10 days of usage)', async () => {
    const rds = (await budgets('mean')).get('rds')!;
    expect([rds.asOf, rds.actual, rds.forecast]).toEqual(['2024-10-14', '53.0000000000', '106.52']);
    expect(rds.forecastBasis).toContain('(mean, fitted on 27 days) over the 17 remaining days');
  });

  it('linear: RDS projects the least-squares line of the 27 days in the store, its usage or 0, as DuckDB fits it on the file', async () => {
    const [fit] = await duckdbRows(`WITH usage AS (
        SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(CAST(BilledCost AS DECIMAL(38,10))) AS cost FROM read_csv($file, all_varchar = true)
        WHERE ServiceName = $rds GROUP BY 1),
      window_days AS (SELECT CAST(d AS DATE) AS day FROM generate_series(DATE '2024-09-14', DATE '2024-10-11', INTERVAL 1 DAY) t(d) WHERE CAST(d AS DATE) <> DATE '${GAP}'),
      points AS (SELECT CAST(w.day - DATE '2024-09-14' AS DOUBLE) AS x, CAST(coalesce(u.cost, 0) AS DOUBLE) AS y FROM window_days w LEFT JOIN usage u USING (day))
      SELECT CAST(regr_slope(y, x) AS VARCHAR) AS slope, CAST(regr_intercept(y, x) AS VARCHAR) AS intercept, CAST(count(*) AS VARCHAR) AS days FROM points`, { file, rds: RDS });
    const line = (x: number) => Math.max(0, Number(fit.intercept) + Number(fit.slope) * x);
    const projected = dayRange('2024-10-15', '2024-10-31').reduce((sum, _d, i) => sum + line(31 + i), 0);
    expect(fit.days).toBe('27');
    const budget = await budgets('linear');
    const rds = budget.get('rds')!;
    expect(rds.forecast).toBe((Math.round((53 + projected) * 100) / 100).toFixed(2));
    expect(rds.forecast).toBe('161.19');
    expect(rds.forecastBasis).toContain('(linear, fitted on 27 days)');
  });

  it('the whole bill (usage every day in the store) is still `costlens forecast`, to the cent', async () => {
    const whole = (await budgets('linear')).get('whole')!;
    const run = await costlens(db, 'forecast', '--config', join(dir, 'linear.json'), '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as { cost: string; forecast: string; fitDays: number }[];
    expect([billed.cost, billed.fitDays]).toEqual(['BilledCost', 27]);
    expect(whole.forecast).toBe(Number(billed.forecast).toFixed(2));
    expect(whole.forecastBasis).toContain('fitted on 27 days');
  });
});
