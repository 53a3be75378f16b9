/**
 * `costlens attribute`, `invoice` and `budgets` on the real FOCUS 1.0 sample, whose billing periods
 * are 2024-09 and 2024-10 (one Oracle line of 2024-10 charged on 30 Sep 2024): a period outside the
 * data names both, a range ending on 30 Sep names 2024-10 by its charge day, and budgets count by
 * charge day where the invoice counts by billing period. On the real 2018 CURs: real-files.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { attributeJson } from './fixtures.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { appOn } from '../server/helpers.ts';
import { evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';

describe('costlens attribute and invoice --period on the real FOCUS 1.0 sample: its billing periods 2024-09 and 2024-10', () => {
  let app: CostlensApp | undefined;
  afterAll(() => app?.close());

  it('a period outside the data names both in its hint; 2024-10, one Oracle line charged on 30 Sep 2024, is attributed and invoiced (the CLI and the Attribution page)', async () => {
    const db = await cachedStore([[REAL_FOCUS]]);
    const [oracle] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS lines, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed, strftime(min(ChargePeriodStart), '%Y-%m-%d') AS charged
      FROM read_csv($file, nullstr = 'NULL') WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-10'`, { file: REAL_FOCUS });
    expect(oracle).toEqual({ lines: '1', billed: '0.2400000000', charged: '2024-09-30' });
    const outside = await costlens(db, 'attribute', '--tag', 'environment', '--period', '2023-09');
    // Before: "give --period 2024-09, or leave --period out", as if the store held one billing period.
    expect([outside.code, outside.stdout, outside.stderr]).toEqual([2, '', 'costlens: --period 2023-09 (1–30 Sep 2023) is outside the billing data in the store (1–30 Sep 2024)\n'
      + '  hint: give a period from 2024-09 to 2024-10, or leave --period out for 2024-09\n']);
    const october = await attributeJson(db, '--tag', 'environment', '--period', '2024-10');
    // Its days run from the day its line is charged, 30 Sep, to the end of its month (they said 1–31 Oct).
    expect(october.map((r) => [r.period, r.billedExact, r.from, r.to])).toEqual([['2024-10', oracle.billed, oracle.charged, '2024-10-31']]);
    // The store holds its line of 30 Sep, a complete day, and no day of October (the data horizon is 30 Sep): said as invoice says it, on
    // the page too. It said "1–31 Oct 2024, after the data horizon (30 Sep 2024): no day of it is complete", of a bill whose line is charged on a complete day.
    const horizon = '2024-10: the rows cover 30 Sep 2024 (the data ends on 30 Sep 2024, the data horizon): the bill of the days the store holds, not complete';
    const table = await costlens(db, 'attribute', '--tag', 'environment', '--period', '2024-10');
    expect([table.code, table.stdout.split('\n').slice(-3)]).toEqual([0, ['', horizon, '']]);
    // The page alike: it refused period=2024-10 (no day of October holds a line) and hinted 2024-09 alone.
    app = appOn(db);
    const refused = await app.request('/api/analyses/attribution/allocation?tag=environment&period=2023-09', { headers: { accept: 'application/json' } });
    expect([refused.status, (await refused.json()).error]).toEqual([400, {
      code: 'usage', message: 'period 2023-09 (1–30 Sep 2023) is outside the billing data in the store (1–30 Sep 2024)',
      hint: 'give a period from 2024-09 to 2024-10, or leave period out for 2024-09',
    }]);
    // invoice selects a --period by billing period too: it refused 2024-10 with the same one-period hint.
    const invoice = await costlens(db, 'invoice', '--period', '2024-10', '--format', 'json');
    expect(invoice.code, invoice.stderr).toBe(0);
    expect(JSON.parse(invoice.stdout).map((p: { period: string; total: { lines: number; billedCost: string } }) => [p.period, p.total.lines, p.total.billedCost])).toEqual([['2024-10', 1, oracle.billed]]);
    const page = await (await app.request('/attribution?tag=environment&period=2024-10&cost=billed')).text();
    expect(/<div class="note" id="covered-days"><p>([^<]*)<\/p><\/div>/.exec(page)?.[1]).toBe(horizon.replace("'", '&#39;'));
    const csv = await app.request('/attribution.csv?tag=environment&period=2024-10');
    expect([csv.status, (await csv.text()).split('\r\n')[1]]).toEqual([200, '2024-10,dev,tag,0.24,0.00,0.24,0.00,0.00,0.00,100.00,']);
  });

  it('a range ending on 30 Sep names 2024-10 by the day its line is charged, from ≤ to (it printed "2024-10-01 2024-09-30", "1 Oct – 30 Sep 2024"), in invoice and attribute', async () => {
    const db = await cachedStore([[REAL_FOCUS]]);
    const bills = await duckdbRows(`SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, CAST(count(*) AS VARCHAR) AS lines, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        strftime(min(ChargePeriodStart), '%Y-%m-%d') AS first, strftime(max(ChargePeriodStart), '%Y-%m-%d') AS last
      FROM read_csv($file, nullstr = 'NULL') WHERE ChargePeriodStart >= TIMESTAMP '2024-09-01' AND ChargePeriodStart < TIMESTAMP '2024-10-01' GROUP BY 1 ORDER BY 1`, { file: REAL_FOCUS });
    expect(bills).toEqual([
      { period: '2024-09', lines: '999', billed: '20.2802267289', first: '2024-09-01', last: '2024-09-30' },
      { period: '2024-10', lines: '1', billed: '0.2400000000', first: '2024-09-30', last: '2024-09-30' },
    ]);
    const range = ['--from', '2024-09-01', '--to', '2024-10-01'];
    const invoice = await costlens(db, 'invoice', ...range, '--format', 'json');
    expect(JSON.parse(invoice.stdout).map((p: { period: string; from: string; to: string; wholeBill: boolean; complete: boolean; covers: string; total: { lines: number; billedCost: string } }) => (
      [p.period, p.from, p.to, p.wholeBill, p.complete, p.covers, p.total.lines, p.total.billedCost]))).toEqual([
      ['2024-09', '2024-09-01', '2024-09-30', true, true, '1–30 Sep 2024', 999, bills[0].billed],
      ['2024-10', '2024-09-30', '2024-09-30', false, true, '30 Sep 2024', 1, bills[1].billed],
    ]);
    const table = await costlens(db, 'invoice', ...range);
    expect(table.stdout.split('\n').slice(6)).toEqual([
      '2024-10  2024-09-30  2024-09-30  usage             1   $0.24      $0.00          $0.00          $0.24',
      '2024-10  2024-09-30  2024-09-30  total             1   $0.24      $0.00          $0.00          $0.24',
      '(6 rows)', '',
      '2024-10: 30 Sep 2024 (--from 2024-09-01 --to 2024-10-01, --to excluded): the daily spend of these days by charge class, its total their sum. '
        + 'No fee was posted in these days. --period 2024-10 gives the whole bill.', '',
    ]);
    // A range holding all of 2024-10's days is its bill, not complete (it said "1–31 Oct 2024, after the data horizon (30 Sep 2024): no day of it is complete").
    const fromLastDay = await costlens(db, 'invoice', '--from', '2024-09-30');
    expect(fromLastDay.stdout.split('\n').slice(-3)).toEqual([
      '2024-09: 30 Sep 2024 (--from 2024-09-30): the daily spend of these days by charge class, its total their sum. No fee was posted in these days. --period 2024-09 gives the whole bill.',
      '2024-10: 30 Sep 2024 (the data ends on 30 Sep 2024, the data horizon): the bill of the days the store holds, not complete', '',
    ]);
    const attributed = await costlens(db, 'attribute', '--tag', 'environment', '--from', '2024-09-15', '--to', '2024-10-01', '--format', 'json');
    expect([...new Set((JSON.parse(attributed.stdout) as Record<string, string>[]).map((r) => `${r.period} ${r.from} ${r.to} ${r.covers}`))])
      .toEqual(['2024-09 2024-09-15 2024-09-30 15–30 Sep 2024', '2024-10 2024-09-30 2024-09-30 30 Sep 2024']);
    expect(attributed.stderr.split('\n')[1].split(': the lines charged')[0]).toBe('2024-10: the rows cover 30 Sep 2024 (--from 2024-09-15 --to 2024-10-01, --to excluded)');
  });

  it('budgets count by charge day, invoice by billing period: a whole-bill budget of 2024-09 reads 20.52 where the invoice reads 20.28, and a note under its table says why', async () => {
    const db = await cachedStore([[REAL_FOCUS]]);
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS charged,
        CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE strftime(BillingPeriodStart, '%Y-%m') = '2024-09') AS VARCHAR) AS billed
      FROM read_csv($file, nullstr = 'NULL') WHERE ChargePeriodStart >= TIMESTAMP '2024-09-01' AND ChargePeriodStart < TIMESTAMP '2024-10-01'`, { file: REAL_FOCUS });
    expect(file).toEqual({ charged: '20.5202267289', billed: '20.2802267289' });
    const config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'whole', amount: 100 }] }));
    const json = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(JSON.parse(json.stdout).budgets[0].actual).toBe(file.charged);
    const invoice = await costlens(db, 'invoice', '--period', '2024-09', '--format', 'json');
    expect(JSON.parse(invoice.stdout)[0].total.billedCost).toBe(file.billed);
    const table = await costlens(db, 'budgets', '--config', config);
    // It said nothing: the table's $20.52 against the invoice's $20.28, with no word of why.
    expect(table.stdout.split('\n').slice(-2)).toEqual(['whole: 2024-09: budgets count lines by charge day, whatever their billing period (`costlens invoice` and `attribute` count them '
      + 'by billing period): the actual holds $0.24 of billing period 2024-10 charged on 30 Sep 2024.', '']);
    // As of 29 Sep one day of September is left to forecast: "the 1 remaining day", not "days"; and the report's as-of
    // reason reads in one bracket on the Overview, without a bracket inside it.
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, parseConfig({ budgets: [{ name: 'whole', amount: 100 }] }), { asOf: '2024-09-29' }));
    expect(report.statuses[0].forecastBasis).toMatch(/^the actual to 2024-09-29, plus the usage run-rate \(linear, fitted on 27 days\) over the 1 remaining day, /);
    const latest = await withEngine(db, (engine) => evaluateBudgets(engine, parseConfig({ budgets: [{ name: 'whole', amount: 100 }] })));
    expect(latest.asOfReason).toBe('the data horizon, the last complete day in the store');
  });
});
