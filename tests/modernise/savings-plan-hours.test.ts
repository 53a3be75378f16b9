/**
 * Instance hours under a Savings Plan: AWS bills each covered hour twice, a SavingsPlanCoveredUsage
 * line and a SavingsPlanNegation line that cancels its on-demand cost, both with the hour as their
 * usage amount. The hours are counted once, in `costlens kpi` and in `costlens modernise`'s
 * evidence; the figures are DuckDB's on the demo's CUR 2.0 Parquet files, by line item type.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { KpiReport } from '../../src/analyze/kpi/efficiency.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';

describe('instance hours covered by a Savings Plan count once', () => {
  const demoDir = inject('demoDir');
  const parquet = join(demoDir, 'cur2', 'exports', '*', 'data', '*', '*.parquet');
  let db: string;

  beforeAll(async () => {
    db = await cachedDemoStore(demoDir, ['cur2']);
  });

  it('costlens kpi: EC2 hours per month and account are the usage amounts of every BoxUsage line but the negations', async () => {
    const run = await costlens(db, 'kpi', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report: KpiReport = JSON.parse(run.stdout);
    const expected = await duckdbRows(`
      SELECT strftime(line_item_usage_start_date, '%Y-%m') AS month, line_item_usage_account_id AS account_id,
        CAST(sum(line_item_usage_amount) AS VARCHAR) AS hours,
        CAST(sum(line_item_usage_amount) FILTER (WHERE line_item_line_item_type = 'SavingsPlanCoveredUsage') AS VARCHAR) AS covered
      FROM read_parquet($files)
      WHERE line_item_usage_type LIKE '%BoxUsage%' AND line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
        AND line_item_usage_start_date >= TIMESTAMP '${report.from}' AND line_item_usage_start_date < TIMESTAMP '${report.to}' + INTERVAL 1 DAY
      GROUP BY ALL ORDER BY month, account_id`, { files: parquet });
    expect(expected.some((e) => Number(e.covered) > 0), 'the demo has Savings Plan covered hours').toBe(true);
    // Accounts without EC2 (their rows hold the other KPIs) have 0 hours.
    const byAccount = report.rows.filter((r) => r.accountId !== null && r.ec2Hours > 0).map((r) => [r.month, r.accountId, r.ec2Hours]);
    expect(byAccount).toEqual(expected.map((e) => [e.month, e.account_id, Number(e.hours)]));
  });

  it('costlens modernise: an instance a Savings Plan covers all day was billed 24 h that day, not 48', async () => {
    const run = await costlens(db, 'modernise', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const findings: { resourceId: string; explanation: string }[] = JSON.parse(run.stdout).findings;
    const [covered] = await duckdbRows(`
      SELECT line_item_resource_id AS id, strftime(max(line_item_usage_start_date), '%Y-%m-%d') AS day
      FROM read_parquet($files) WHERE line_item_line_item_type = 'SavingsPlanNegation' AND line_item_usage_type LIKE '%BoxUsage%'
      GROUP BY 1 ORDER BY 1 LIMIT 1`, { files: parquet });
    const finding = findings.find((f) => f.resourceId === covered.id);
    expect(finding, covered.id!).toBeDefined();
    expect(finding!.explanation).toMatch(new RegExp(`^billed 24 h of \\S+ on ${covered.day} at `));
  });
});
