import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, duckdbRows, textSink } from '../helpers/cli.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';

/** `costlens status` on an 80-column terminal (COLUMNS=80). */
async function statusAt80(db: string): Promise<string> {
  const [out, err] = [textSink(), textSink()];
  const code = await main(['status', '--today', '2026-12-07'], { stdout: out.stream, stderr: err.stream, env: { ...process.env, COSTLENS_DB: db, COLUMNS: '80' }, cwd: process.cwd() });
  expect(code, err.text()).toBe(0);
  return out.text();
}

describe('costlens status at 80 columns keeps each row\'s source and billing period (src/lib/table.ts keys) and provisional (kept)', () => {
  let db: string;
  let every: string;
  beforeAll(async () => {
    [db, every] = await Promise.all([realFilesStore(), cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]])]);
  }, 300_000);

  it('on the real Oct and Nov 2018 CURs: `aws/836060457634` whole (it read `aws/83606045…`) and provisional shown (it was dropped); the descriptive columns go first, rows last of them, as the note says', async () => {
    // Lines and sums per billing period as DuckDB reads the two Parquet files, rounded to the cent.
    const sums = (cost: string) => `CAST(round(sum(CAST(${cost} AS DECIMAL(38,10))), 2) AS VARCHAR)`;
    const truth = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, count(*) AS n,
        ${sums('line_item_unblended_cost')} AS billed,
        ${sums(`CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost
          WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
          ELSE line_item_unblended_cost END`)} AS effective
      FROM read_parquet([$oct, $nov]) GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    expect(truth).toEqual([
      { period: '2018-10', n: '119307', billed: '4064.48', effective: '4195.96' },
      { period: '2018-11', n: '124340', billed: '3505.33', effective: '3632.56' },
    ]);
    const out = await statusAt80(db);
    expect(out.slice(0, out.indexOf('\nOther tables'))).toBe([
      'Billing data',
      'source            billing_period  billed_cost  effective_cost  provisional',
      '----------------  --------------  -----------  --------------  -----------',
      'aws/836060457634  2018-10           $4,064.48       $4,195.96  no',
      'aws/836060457634  2018-11           $3,505.33       $3,632.56  no',
      '(2 rows; 5 columns not shown: --wide shows them)',
      '',
    ].join('\n'));
  });

  it('on every real file: Microsoft\'s 62-character source is cut in its middle to `microsoft…/8611537`, so money and provisional fit (it showed source and billing period alone, `8 columns not shown`)', async () => {
    // Sums per source and period as DuckDB reads the legacy CUR and the FOCUS sample, rounded to the cent (the 2018 CURs' are above).
    const sums = (cost: string) => `CAST(round(sum(CAST(${cost} AS DECIMAL(38,10))), 2) AS VARCHAR)`;
    const [legacy] = await duckdbRows(`SELECT ${sums('"lineItem/UnblendedCost"')} AS billed FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    const focus = await duckdbRows(`SELECT ProviderName AS provider, strftime(CAST(BillingPeriodStart AS TIMESTAMP), '%Y-%m') AS period, ${sums('BilledCost')} AS billed, ${sums('EffectiveCost')} AS effective
      FROM read_csv($file, nullstr = 'NULL') GROUP BY ALL ORDER BY ALL`, { file: REAL_FOCUS });
    expect([legacy.billed, ...focus.map((f) => `${f.provider} ${f.period} ${f.billed} ${f.effective}`)]).toEqual(['1.68',
      'AWS 2024-09 18.01 13.00', 'Microsoft 2024-09 1.98 1.98', 'Oracle 2024-09 0.30 0.00', 'Oracle 2024-10 0.24 0.00']);
    const out = await statusAt80(every);
    const table = out.slice(0, out.indexOf('\n2023-11: '));
    expect(table).toBe([
      'Billing data',
      'source              billing_period  billed_cost  effective_cost  provisional',
      '------------------  --------------  -----------  --------------  ---------------',
      'aws/836060457634    2018-10           $4,064.48       $4,195.96  no',
      'aws/836060457634    2018-11           $3,505.33       $3,632.56  no',
      'aws/123412340534    2023-11               $1.68           $1.68  yes: incomplete',
      'aws/1234567890123   2024-09              $18.01          $13.00  no',
      'microsoft…/8611537  2024-09               $1.98           $1.98  no',
      'oracle/20209880     2024-09               $0.30           $0.00  no',
      'oracle/20209880     2024-10               $0.24           $0.00  yes: incomplete',
      '(7 rows; 5 columns not shown: --wide shows them)',
    ].join('\n'));
    for (const line of table.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
