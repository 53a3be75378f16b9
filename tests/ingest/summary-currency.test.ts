import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';

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
});
