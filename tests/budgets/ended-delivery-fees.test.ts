/**
 * A budget's forecast beside a delivery that has ended whose lines lie only in the month before the budget's month: the real
 * Oct 2018 CUR (aws/836060457634, data to 31 Oct 2018) beside the FOCUS sample moved back 70 months (1–30 Nov 2018), as of
 * 10 Nov 2018. The forecast leaves the CUR out (src/analyze/budgets/ended-fit.ts), so its October RI fees are not expected
 * again in November; its basis said "plus the recurring fees and tax expected from the month before" and nothing named them.
 * The budgets' notes now name them once per delivery, with each budget's money, in the words `costlens forecast` says them
 * in (src/analyze/ended-delivery.ts endedFeesClause). Figures by DuckDB on the CUR file; cents by tests/helpers/shown-cents-rule.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsNotes, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { UNITS_PER_CENT } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { focusMovedBack } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, usd } from '../helpers/shown-cents-rule.ts';

const CUR = 'aws/836060457634';
const ENDED = `Delivery ended: the data of ${CUR} ends on 31 Oct 2018, more than 7 days before the store's latest data (that delivery has ended): `;

const configs = parseConfig({
  budgets: [
    { name: 'all', amount: 200 },
    { name: 'eff', amount: 200, cost: 'effective' },
    { name: 'ec2', amount: 200, scope: { services: ['Amazon Elastic Compute Cloud'] } },
    { name: 's3', amount: 200, scope: { services: ['Amazon Simple Storage Service'] } },
    { name: 'q', amount: 5000, period: 'quarterly' },
  ],
});

describe('budgets of Nov 2018 beside the real Oct 2018 CUR, which has ended: its October RI fees are not expected again, and the notes say so', () => {
  let db: string;
  /** The CUR's RIFee lines of October, by DuckDB on the file: BilledCost, and EffectiveCost (their unused amortised upfront and recurring fee). */
  let fees: { billed: string; effective: string; services: string };
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, await focusMovedBack(70)]]);
    const [row] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS effective,
        string_agg(DISTINCT product_product_name, ', ') AS services
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' AND line_item_usage_start_date < TIMESTAMP '2018-11-01'`, { file: REAL_OCT_2018 });
    fees = { billed: row.billed!, effective: row.effective!, services: row.services! };
  }, 300_000);

  it('as of 10 Nov: one note names the fees, $149.78 for all and ec2, $49.00 for eff; none for s3 (no fee of it in scope) nor q (the CUR\'s lines count in its actual, said as before)', async () => {
    expect(fees).toEqual({ billed: '149.7753790000', effective: '48.9955607900', services: 'Amazon Elastic Compute Cloud' });
    expect([usd(cents(fees.billed)), usd(cents(fees.effective))]).toEqual(['$149.78', '$49.00']);
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2018-11-10' }));
    const notes = budgetsNotes(report).filter((n) => n.startsWith('Delivery ended'));
    expect(notes).toEqual([
      `${ENDED}the forecast of q counts its lines in the actual, but does not fit them, and nothing more of it is projected or expected.`,
      `${ENDED}the fees of ${CUR} (${usd(cents(fees.billed))} for all and ec2; ${usd(cents(fees.effective))} for eff) posted in Oct 2018 are not expected again.`,
    ]);
    const byName = new Map(report.statuses.map((s) => [s.budget.name, s]));
    // The forecast is unchanged: the whole bill's is `costlens forecast`'s BilledCost $10.799492 (tests/trends/forecast-ended-delivery.test.ts), no fee expected.
    expect(byName.get('all')!.forecast).toBe(cents('10.799492') * UNITS_PER_CENT);
    expect(report.statuses.map((s) => (s.endedFeesNotExpected ?? []).map((f) => [f.own.sources, f.month, f.units])))
      .toEqual([[[[CUR], '2018-10-01', exactOf(fees.billed)]], [[[CUR], '2018-10-01', exactOf(fees.effective)]], [[[CUR], '2018-10-01', exactOf(fees.billed)]], [], []]);
  }, 300_000);

  it('as of 30 Nov the month is complete: nothing is expected, and no note names the fees', async () => {
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2018-11-30' }));
    expect(budgetsNotes(report).filter((n) => n.includes('posted in Oct 2018'))).toEqual([]);
  }, 300_000);
});
