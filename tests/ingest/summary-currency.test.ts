import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';

/**
 * The ingest summary prints money with $ whatever the currency: for a store in another billing
 * currency (one per store: src/ingest/currency.ts) it names the currency above its table, as
 * `costlens status` does, and `--json` carries it as `billingCurrency`.
 */
describe('the ingest summary names a billing currency other than USD', () => {
  const { dir } = tempStore();

  it('a EUR file: "billing currency EUR" above the table, billingCurrency "EUR" in --json', async () => {
    const eur = join(dir, 'focus-eur.csv');
    await duckdbRows(`COPY (SELECT * REPLACE ('EUR' AS BillingCurrency) FROM read_csv($src, all_varchar = true)) TO '${eur}' (HEADER)`, { src: REAL_FOCUS });
    const { db } = tempStore();
    const run = await costlens(db, 'ingest', eur, '--wide');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('billing currency EUR: amounts shown with $ are EUR');
    expect(lines[1]).toMatch(/^source +format +billing_period +rows +billed_cost +effective_cost +replaced_rows$/);
    const again = await costlens(db, 'ingest', eur, '--json');
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as { billingCurrency: string | null; periods: { billedCost: string }[] };
    expect(summary.billingCurrency).toBe('EUR');
    expect(summary.periods).toHaveLength(4);
  });

  it('a USD file: the table alone, billingCurrency "USD"; metrics alone: null', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'ingest', REAL_LEGACY_CSV, '--wide');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^source +format +billing_period/);
    expect(run.stdout).not.toContain('billing currency');
    expect(JSON.parse((await costlens(db, 'ingest', REAL_LEGACY_CSV, '--json')).stdout).billingCurrency).toBe('USD');
    const metrics = join(dir, 'metrics.csv');
    writeFileSync(metrics, 'resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit\ni-1,AWS/EC2,CPUUtilization,Average,3600,2023-11-01T00:00:00Z,1.5,Percent\n');
    expect(JSON.parse((await costlens(db, 'ingest', metrics, '--json')).stdout).billingCurrency).toBe(null);
  });

  it('a fees-only file ingested alone warns on stderr that it replaced the period\'s usage (exit 0, replaced all the same); a whole re-ingest does not', async () => {
    const { db } = tempStore();
    const first = await costlens(db, 'ingest', REAL_LEGACY_CSV, '--json');
    expect([first.code, first.stderr]).toEqual([0, '']);
    const again = await costlens(db, 'ingest', REAL_LEGACY_CSV, '--json');
    expect([again.code, again.stderr, JSON.parse(again.stdout).usageRemoved]).toEqual([0, '', []]);
    const fees = join(dir, 'cur-tax-only.csv');
    await duckdbRows(`COPY (SELECT * FROM read_csv($src, header = true, all_varchar = true) WHERE "lineItem/LineItemType" <> 'Usage') TO '${fees}' (HEADER)`, { src: REAL_LEGACY_CSV });
    const [whole] = await duckdbRows(`SELECT count(*) AS n, count(*) FILTER (WHERE "lineItem/LineItemType" = 'Usage') AS usage,
        sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS billed FROM read_csv($src, header = true, all_varchar = true)`, { src: REAL_LEGACY_CSV });
    const [tax] = await duckdbRows(`SELECT count(*) AS n, sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS billed, any_value("bill/PayerAccountId") AS payer
      FROM read_csv($src, header = true, all_varchar = true)`, { src: fees });
    expect([whole, tax]).toEqual([{ n: '1281', usage: '1269', billed: '1.6823086974' }, { n: '12', billed: '0.0800000000', payer: '123412340534' }]);
    const run = await costlens(db, 'ingest', fees);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('costlens ingest: warning: aws/123412340534 2023-11: replaced 1,281 lines (BilledCost $1.6823086974) with 12 lines (BilledCost $0.08)'
      + ' that hold no usage: the period\'s 1,269 usage lines are no longer in the store\n'
      + '  each (source, billing period) an ingest brings replaces what the store held for it: to get them back, ingest all of the period\'s files together in one run (its usage and its fees)\n');
    expect(await sqlRows(db, `SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '12', billed: '0.0800000000' }]);
  });
});
