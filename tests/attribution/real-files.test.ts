/**
 * `costlens attribute` on the real October 2018 CUR (Athena Parquet): each value's cost, the CSV
 * chargeback, an alias of the key and the coverage are DuckDB's sums on the file; and `--from`/`--to`
 * on the October and November CURs: the days each period row covers, and the fees posted in them.
 * The FOCUS sample's billing periods: real-focus-periods.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { attributeJson, cents, parseCsv } from './fixtures.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';

/** Money on the file as the store keeps it: each line cast to DECIMAL(38,10), summed exactly. */
const BILLED_ON_FILE = 'sum(CAST(line_item_unblended_cost AS DECIMAL(38,10)))';
/** The standard amortisation formula (as tests/ingest/real-files.test.ts writes it), per line cast to DECIMAL(38,10). */
const EFFECTIVE_ON_FILE = `sum(CAST(CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END AS DECIMAL(38,10)))`;

/** Rounds a 10-decimal string to 4 decimals, half away from zero (as DuckDB's round does). */
function round4(exact: string): string {
  const negative = exact.startsWith('-');
  const [whole, fraction] = exact.replace('-', '').split('.');
  const units = BigInt(whole + fraction.padEnd(10, '0'));
  const rounded = (units + 500_000n) / 1_000_000n;
  const text = `${rounded / 10_000n}.${(rounded % 10_000n).toString().padStart(4, '0')}`;
  return negative ? `-${text}` : text;
}

describe('costlens attribute on the real October 2018 CUR (Athena Parquet)', () => {
  let db: string;
  let byValueOnFile: Record<string, string>;
  let totalsOnFile: { billed_cents: string; effective_cents: string; tagged: string; total: string };

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018]]); // the shared store of this file alone: attribute only reads it
    const rows = await duckdbRows(`SELECT coalesce(NULLIF(resource_tags_user_cost_center, ''), '(untagged)') AS value, CAST(round(${BILLED_ON_FILE}, 4) AS VARCHAR) AS billed
      FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file: REAL_OCT_2018 });
    byValueOnFile = Object.fromEntries(rows.map((r) => [r.value!, r.billed!]));
    [totalsOnFile] = await duckdbRows(`SELECT CAST(round(${BILLED_ON_FILE}, 2) AS VARCHAR) AS billed_cents, CAST(round(${EFFECTIVE_ON_FILE}, 2) AS VARCHAR) AS effective_cents,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE resource_tags_user_cost_center <> '') AS VARCHAR) AS tagged,
        CAST(${BILLED_ON_FILE} AS VARCHAR) AS total
      FROM read_parquet($file)`, { file: REAL_OCT_2018 }) as typeof totalsOnFile[];
  });

  it('by cost_center, billed: (untagged) 3682.9709, Cost001 174.8049, Cost002 149.3874, and every value as DuckDB sums the file', async () => {
    const rows = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10');
    const exact = Object.fromEntries(rows.map((r) => [r.tagValue as string, round4(r.billedExact as string)]));
    expect(exact['(untagged)']).toBe('3682.9709');
    expect(exact.Cost001).toBe('174.8049');
    expect(exact.Cost002).toBe('149.3874');
    expect(exact).toEqual(byValueOnFile);
    expect(rows.map((r) => [r.tagValue, r.attributedBy])).toEqual([
      ['Cost001', 'tag'], ['Cost002', 'tag'], ['Cost006', 'tag'], ['Cost005', 'tag'], ['Cost004', 'tag'], ['(untagged)', 'untagged'],
    ]);
  });

  it('the CSV chargeback export has a header, one row per value, and cents that add up to the period total exactly', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'cost_center', '--period', '2018-10', '--format', 'csv');
    expect(run.stderr).toBe('');
    const { header, rows } = parseCsv(run.stdout);
    expect(header).toEqual(['period', 'cost_center', 'attributed_by', 'billed_direct', 'billed_shared_by_billed', 'billed_cost',
      'effective_direct', 'effective_shared_by_effective', 'effective_cost', 'billed_share_pct', 'effective_share_pct']);
    expect(rows.map((r) => r[1])).toEqual(['Cost001', 'Cost002', 'Cost006', 'Cost005', 'Cost004', '(untagged)']);
    const column = (name: string) => rows.map((r) => cents(r[header.indexOf(name)]));
    const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
    expect(totalsOnFile.billed_cents).toBe('4064.48');
    expect(sum(column('billed_cost'))).toBe(cents(totalsOnFile.billed_cents));
    expect(sum(column('effective_cost'))).toBe(cents(totalsOnFile.effective_cents));
    expect([sum(column('billed_share_pct')), sum(column('effective_share_pct'))]).toEqual([10_000n, 10_000n]);
    expect(rows.find((r) => r[1] === 'Cost001')!.slice(3, 6)).toEqual(['174.80', '0.00', '174.80']);
    expect(rows.find((r) => r[1] === '(untagged)')!.slice(3, 6)).toEqual(['3682.97', '0.00', '3682.97']);
  });

  it('a folded spelling of the key (CostCenter) reads the same tag, and says the key was an alias', async () => {
    const rows = await attributeJson(db, '--tag', 'CostCenter', '--period', '2018-10');
    expect(rows.map((r) => [r.tagValue, r.billedCost, r.attributedBy])).toEqual([
      ['Cost001', '174.80', 'alias'], ['Cost002', '149.39', 'alias'], ['Cost006', '37.24', 'alias'],
      ['Cost005', '14.15', 'alias'], ['Cost004', '5.93', 'alias'], ['(untagged)', '3682.97', 'untagged'],
    ]);
  });

  it('coverage per period: tagged ÷ total, with tagged and untagged cents adding up to the total', async () => {
    const [row] = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10', '--coverage', 'period');
    const expected = await duckdbRows(`SELECT CAST(round(CAST($tagged AS DECIMAL(38,10)), 2) AS VARCHAR) AS tagged,
        CAST(round(CAST($tagged AS DECIMAL(38,10)) * 100 / CAST($total AS DECIMAL(38,10)), 2) AS DOUBLE) AS pct`,
      { tagged: totalsOnFile.tagged, total: totalsOnFile.total });
    expect(row).toEqual({
      period: '2018-10', billedTagged: expected[0].tagged, billedShared: '0.00', billedAccountDefault: '0.00',
      billedUntagged: '3682.97', billedTotal: '4064.48', coveragePct: Number(expected[0].pct), from: '2018-10-01', to: '2018-10-31', covers: '1–31 Oct 2018',
    });
    expect(cents(row.billedTagged as string) + cents(row.billedUntagged as string)).toBe(cents(row.billedTotal as string));
  });

  it('--cost effective makes --coverage count in EffectiveCost alone (effective_* columns), as --help now says (it said --cost "changes no figure")', async () => {
    const [row] = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10', '--coverage', 'period', '--cost', 'effective');
    const [onFile] = await duckdbRows(`SELECT CAST(round(${EFFECTIVE_ON_FILE} FILTER (WHERE resource_tags_user_cost_center <> ''), 2) AS VARCHAR) AS tagged
      FROM read_parquet($file)`, { file: REAL_OCT_2018 });
    expect([Object.keys(row).filter((k) => k !== 'period').slice(0, 5), row.effectiveTagged, row.effectiveTotal]).toEqual([
      ['effectiveTagged', 'effectiveShared', 'effectiveAccountDefault', 'effectiveUntagged', 'effectiveTotal'], onFile.tagged, totalsOnFile.effective_cents]);
    expect(cents(row.effectiveTagged as string) + cents(row.effectiveUntagged as string)).toBe(cents(row.effectiveTotal as string));
    const help = (await costlens(db, 'attribute', '--help')).stdout;
    expect([help.includes('it changes no figure\n'), help.includes('but --coverage counts\n              coverage in it alone: its columns are billed_* or effective_*')]).toEqual([false, true]);
  });

  it('coverage by account lists both accounts, worst tagged first; their totals add up to the month\'s cents', async () => {
    const rows = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10', '--coverage', 'account');
    const expected = await duckdbRows(`SELECT line_item_usage_account_id AS account_id,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE coalesce(resource_tags_user_cost_center, '') = ''), 2) AS VARCHAR) AS untagged,
        CAST(${BILLED_ON_FILE} AS VARCHAR) AS total
      FROM read_parquet($file) GROUP BY 1 ORDER BY 2 DESC`, { file: REAL_OCT_2018 });
    // The accounts split the month's 4,064.48 (exact 4,064.4831…): 3,993.0273… and 71.4558… rounded alone give 3,993.03 +
    // 71.46 = 4,064.49; by largest remainder the floors 3,993.02 + 71.45 take the one cent missing where the remainder is larger
    // (0.0073… > 0.0058…): 3,993.03 and 71.45. Each account's tagged, untagged, … then add up to its total.
    const cent = 10n ** 8n;
    const exact = expected.map((e) => BigInt(e.total!.replace('.', '')));
    const floors = exact.map((u) => u / cent);
    const missing = cents('4064.48') - floors.reduce((s, f) => s + f, 0n);
    const byRemainder = exact.map((u, i) => ({ i, rest: u - floors[i] * cent })).sort((a, b) => (a.rest > b.rest ? -1 : a.rest < b.rest ? 1 : a.i - b.i));
    for (const { i } of byRemainder.slice(0, Number(missing))) floors[i] += 1n;
    const twoDecimals = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
    expect(rows.map((r) => ({ account_id: r.accountId, untagged: r.billedUntagged, total: r.billedTotal })))
      .toEqual(expected.map((e, i) => ({ ...e, total: twoDecimals(floors[i]) })));
    expect(rows.reduce((s, r) => s + cents(r.billedTotal as string), 0n)).toBe(cents('4064.48'));
  });
});

describe('costlens attribute --from/--to on the real Oct + Nov 2018 CUR: the days each period row covers, and the fees posted in them', () => {
  let db: string;
  /** Per billing period, from the Parquet files: the lines charged from 15 Oct to 14 Nov, and those of them charged for longer than a day (posted). */
  let onFiles: Record<string, { lines: string; billed: string; billedCents: string; effective: string; postedLines: string; postedTagged: string; postedBilled: string; postedEffective: string }>;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const posted = 'line_item_usage_end_date > line_item_usage_start_date + INTERVAL 1 DAY';
    const rows = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, CAST(count(*) AS VARCHAR) AS lines,
        CAST(${BILLED_ON_FILE} AS VARCHAR) AS billed, CAST(round(${BILLED_ON_FILE}, 2) AS VARCHAR) AS billed_cents, CAST(${EFFECTIVE_ON_FILE} AS VARCHAR) AS effective,
        CAST(count(*) FILTER (WHERE ${posted}) AS VARCHAR) AS posted_lines,
        CAST(count(*) FILTER (WHERE ${posted} AND resource_tags_user_environment <> '') AS VARCHAR) AS posted_tagged,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE ${posted}), 2) AS VARCHAR) AS posted_billed,
        CAST(round(sum(CAST(CASE line_item_line_item_type WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
          ELSE line_item_unblended_cost END AS DECIMAL(38,10))) FILTER (WHERE ${posted}), 2) AS VARCHAR) AS posted_effective
      FROM read_parquet([$oct, $nov]) WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-15' AND line_item_usage_start_date < TIMESTAMP '2018-11-15'
      GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    onFiles = Object.fromEntries(rows.map((r) => [r.period!, {
      lines: r.lines!, billed: r.billed!, billedCents: r.billed_cents!, effective: r.effective!, postedLines: r.posted_lines!, postedTagged: r.posted_tagged!,
      postedBilled: r.posted_billed ?? '0', postedEffective: r.posted_effective ?? '0',
    }]));
  }, 180_000);

  it('15–31 Oct and 1–14 Nov 2018 are named under the table (csv, json: on stderr) and in each JSON row; Nov\'s rows hold its nine RIFee lines posted on the 1st, 147.38 billed, all in (untagged)', async () => {
    // DuckDB on the files: November's days hold the month's nine RIFee lines (147.384, amortised 43.2164…), none with an environment tag; October's none.
    expect(onFiles['2018-10'].postedLines).toBe('0');
    expect(onFiles['2018-11']).toMatchObject({ postedLines: '9', postedTagged: '0', postedBilled: '147.38', postedEffective: '43.22' });
    const notes = [
      '2018-10: the rows cover 15–31 Oct 2018 (--from 2018-10-15 --to 2018-11-15, --to excluded): the lines charged in these days. No fee for a charge period longer than a day '
        + '(the month\'s RI and Support fees, tax, monthly credits) was posted in these days; one posted on another day of the month is in none of the rows. --period 2018-10 gives the whole bill.',
      '2018-11: the rows cover 1–14 Nov 2018 (--from 2018-10-15 --to 2018-11-15, --to excluded): the lines charged in these days. They include, whole (not prorated to these days), '
        + 'the fees posted in these days for a charge period longer than a day (the month\'s RI and Support fees, tax, monthly credits): BilledCost 147.38, EffectiveCost 43.22, '
        + 'which `costlens invoice` lists apart as posted:commitment-fees. The row holding them, by environment (BilledCost, EffectiveCost): (untagged) 147.38, 43.22. '
        + '--period 2018-11 gives the whole bill.',
    ];
    const table = await costlens(db, 'attribute', '--tag', 'environment', '--from', '2018-10-15', '--to', '2018-11-15');
    expect([table.code, table.stderr]).toEqual([0, '']);
    // The rows' money is the lines charged in the range, posted fees included, as the files sum them (Nov: 2,148.29 of daily spend + 147.38).
    const summary = (period: string) => `${period}: ${onFiles[period].lines} line items, BilledCost ${onFiles[period].billedCents} (${onFiles[period].billed})`;
    expect(onFiles['2018-11'].billed).toBe('2295.6762925953');
    expect(table.stdout).toContain(`\n${summary('2018-10')}, `);
    expect(table.stdout).toContain(`\n${summary('2018-11')}, `);
    expect(table.stdout.endsWith(`the rows add up to both to the cent\n\n${notes.join('\n')}\n`)).toBe(true);
    const json = await costlens(db, 'attribute', '--tag', 'environment', '--from', '2018-10-15', '--to', '2018-11-15', '--format', 'json');
    expect([json.code, json.stderr]).toEqual([0, `${notes.join('\n')}\n`]);
    const rows = JSON.parse(json.stdout) as Record<string, string>[];
    expect(rows.map((r) => [r.period, r.tagValue, r.from, r.to, r.covers])).toEqual([
      ['2018-10', 'Production', '2018-10-15', '2018-10-31', '15–31 Oct 2018'], ['2018-10', 'Development', '2018-10-15', '2018-10-31', '15–31 Oct 2018'],
      ['2018-10', '(untagged)', '2018-10-15', '2018-10-31', '15–31 Oct 2018'],
      ['2018-11', 'Production', '2018-11-01', '2018-11-14', '1–14 Nov 2018'], ['2018-11', 'Development', '2018-11-01', '2018-11-14', '1–14 Nov 2018'],
      ['2018-11', '(untagged)', '2018-11-01', '2018-11-14', '1–14 Nov 2018'],
    ]);
    for (const period of ['2018-10', '2018-11']) {
      const exact = rows.filter((r) => r.period === period).reduce((sum, r) => sum + BigInt(r.billedExact.replace('.', '')), 0n);
      expect(exact).toBe(BigInt(onFiles[period].billed.replace('.', '')));
    }
    // Each row's part of the fees posted in its days, so automation can take them out: all of November's in (untagged), none in October.
    expect(rows.map((r) => [r.period, r.tagValue, r.postedFeesBilled, r.postedFeesEffective])).toEqual([
      ['2018-10', 'Production', '0.00', '0.00'], ['2018-10', 'Development', '0.00', '0.00'], ['2018-10', '(untagged)', '0.00', '0.00'],
      ['2018-11', 'Production', '0.00', '0.00'], ['2018-11', 'Development', '0.00', '0.00'],
      ['2018-11', '(untagged)', onFiles['2018-11'].postedBilled, onFiles['2018-11'].postedEffective],
    ]);
  });

  it('one run reads the charge days of the billing periods once: the days its notes name come from those the allocation read to judge the cuts', async () => {
    const run = vi.spyOn(DuckDBEngine.prototype, 'run');
    try {
      const json = await costlens(db, 'attribute', '--tag', 'environment', '--from', '2018-10-15', '--to', '2018-11-15', '--format', 'json');
      expect(json.code).toBe(0);
      expect(run.mock.calls.filter(([name]) => name === 'calendar/billing_period_days')).toHaveLength(1);
    } finally {
      run.mockRestore();
    }
  });
});
