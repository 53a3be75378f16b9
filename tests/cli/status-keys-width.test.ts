import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows, textSink } from '../helpers/cli.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';

/** `costlens status` on an 80-column terminal (COLUMNS=80). */
async function statusAt80(db: string): Promise<string> {
  const [out, err] = [textSink(), textSink()];
  const code = await main(['status', '--today', '2026-12-07'], { stdout: out.stream, stderr: err.stream, env: { ...process.env, COSTLENS_DB: db, COLUMNS: '80' }, cwd: process.cwd() });
  expect(code, err.text()).toBe(0);
  return out.text();
}

describe('costlens status at 80 columns keeps each row\'s source and billing period whole (src/lib/table.ts keys)', () => {
  let db: string;
  beforeAll(async () => {
    db = await realFilesStore();
  }, 300_000);

  it('on the real Oct and Nov 2018 CURs: `aws/836060457634` whole (it read `aws/83606045…`); the descriptive columns go first, as the note says', async () => {
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
      'source            billing_period    rows  billed_cost  effective_cost',
      '----------------  --------------  ------  -----------  --------------',
      'aws/836060457634  2018-10         119307    $4,064.48       $4,195.96',
      'aws/836060457634  2018-11         124340    $3,505.33       $3,632.56',
      '(2 rows; 5 columns not shown: --wide shows them)',
      '',
    ].join('\n'));
  });
});
