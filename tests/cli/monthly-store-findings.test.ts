/**
 * The commands that read days of usage, and `costlens status`, on a store without daily usage: a
 * CUR at monthly time granularity made by DuckDB from the real Oct and Nov 2018 CURs
 * (tests/helpers/monthly-store-fixture.ts). `idle` and `rightsize` said "the store holds no billing
 * lines and no metrics to analyse" (false: it holds 243,647 lines), `modernise` the bare "no daily
 * usage"; each now says what the store holds and what it needs (exit 5, with the hint to re-export
 * the CUR). `budgets`, which refused too, judges the whole bills (tests/budgets/whole-bills.test.ts).
 * `status` showed each period's days as "2018-10-01 – 2018-10-01"; its lines span their month, so
 * the days are the whole month, and its figures are the files'.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { fileSums, monthlyStore } from '../helpers/monthly-store-fixture.ts';

const HOLDS = "costlens: no daily usage: the store's CUR is monthly (every usage line spans its month); ";
const HINT = '  hint: re-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11\n';
const FINDINGS = "idle and rightsizing findings read each resource's cost day by day, so they need a daily or hourly CUR\n";

describe('commands that read days of usage, and status, on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let db: string;
  let files: { oct: string; nov: string };
  const { dir } = tempStore();

  beforeAll(async () => {
    ({ db, ...files } = await monthlyStore());
  }, 300_000);

  it('idle and rightsize refuse saying what the store holds and what they need (they said "no billing lines and no metrics"), with or without --as-of', async () => {
    for (const args of [['idle'], ['rightsize'], ['idle', '--as-of', '2018-11-15'], ['rightsize', '--as-of', '2018-12-01', '--format', 'json']]) {
      const run = await costlens(db, ...args);
      expect([run.code, run.stdout, run.stderr], args.join(' ')).toEqual([5, '', `${HOLDS}${FINDINGS}${HINT}`]);
    }
  });

  it('modernise refuses saying what it needs', async () => {
    const run = await costlens(db, 'modernise');
    expect([run.code, run.stdout, run.stderr]).toEqual([5, '', `${HOLDS}modernisation prices each resource's last 30 days of usage, so it needs a daily or hourly CUR\n${HINT}`]);
  });

  it('budgets judge the whole bills (they refused, saying they need a daily or hourly CUR): November\'s, the last complete one', async () => {
    const config = join(dir, 'costlens.config.yaml');
    writeFileSync(config, 'budgets:\n  - name: all\n    amount: 4000\n    period: monthly\n');
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [all] = JSON.parse(run.stdout).budgets;
    expect([all.periodLabel, all.judged, all.actual, all.forecast]).toEqual(['2018-11', true, (await fileSums([files.nov]))['2018-11'].billed, null]);
  });

  it('status shows each period over its whole month (it said 2018-10-01 – 2018-10-01), its lines and figures the files\' as DuckDB counts them', async () => {
    const sums = await fileSums([files.oct, files.nov]);
    const spans = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, CAST(min(line_item_usage_start_date) AS DATE) AS first,
        CAST(max(line_item_usage_end_date) - INTERVAL 1 DAY AS DATE) AS last FROM read_parquet([$oct, $nov]) GROUP BY 1 ORDER BY 1`, files);
    expect(spans.map((s) => [s.period, s.first, s.last])).toEqual([['2018-10', '2018-10-01', '2018-10-31'], ['2018-11', '2018-11-01', '2018-11-30']]);
    const run = await costlens(db, 'status', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = (JSON.parse(run.stdout) as Record<string, unknown>[]).map((r) => [r.billingPeriod, r.rows, r.billedCost, r.effectiveCost, r.firstDay, r.lastDay]);
    expect(rows).toEqual(spans.map((s) => [s.period, Number(sums[s.period!].lines), sums[s.period!].billed, sums[s.period!].effective, s.first, s.last]));
    const table = await costlens(db, 'status', '--wide');
    expect(table.stdout).toMatch(/2018-10 +119307 +\$4,064\.48 +\$4,195\.96 +2018-10-01 +2018-10-31 /);
    expect(table.stdout).toContain("(2 rows)\nThe store holds no daily usage: every line spans its month, so each period's days are its whole month (costlens explain compares whole monthly bills).\n");
  });
});
