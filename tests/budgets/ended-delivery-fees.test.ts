/**
 * A budget's forecast beside a delivery that has ended whose lines lie only in the month before the budget's month: the real
 * Oct 2018 CUR (aws/836060457634, data to 31 Oct 2018) beside the FOCUS sample moved back 70 months (1–30 Nov 2018), as of
 * 10 Nov 2018. The forecast leaves the CUR out (src/analyze/budgets/ended-fit.ts), so its October RI fees are not expected
 * again in November; its basis said "plus the recurring fees and tax expected from the month before" and nothing named them.
 * The budgets' notes now name them once per delivery, with each budget's money, in the words `costlens forecast` says them
 * in (src/analyze/ended-delivery.ts endedFeesClause), and the basis says that nothing is expected, and why
 * (src/analyze/budgets/expected-words.ts): it still said "plus the recurring fees and tax expected from the month before".
 * The tax of such a delivery is named beside its fees, or alone: the real legacy CUR of Nov 2023 (aws/123412340534, data to
 * 13 Nov 2023, $0.08 of tax) beside the FOCUS sample moved to Nov and to Dec 2023, as of 10 Dec 2023, where nothing named it.
 * Figures by DuckDB on the CUR files; cents by tests/helpers/shown-cents-rule.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsNotes, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { UNITS_PER_CENT } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { endedFeesClause } from '../../src/analyze/ended-delivery.ts';
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

  it('as of 10 Nov: one note for the delivery names q, whose forecast counts its lines unfitted, and the fees, $149.78 for all, ec2 and q, $49.00 for eff; none for s3 (no fee of it in scope)', async () => {
    expect(fees).toEqual({ billed: '149.7753790000', effective: '48.9955607900', services: 'Amazon Elastic Compute Cloud' });
    expect([usd(cents(fees.billed)), usd(cents(fees.effective))]).toEqual(['$149.78', '$49.00']);
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2018-11-10' }));
    const notes = budgetsNotes(report).filter((n) => n.startsWith('Delivery ended'));
    // One note per delivery (it wrote two, each opening "Delivery ended: …"), and q's forecast, which expects none of those fees in Nov or Dec, named among them.
    expect(notes).toEqual([
      `${ENDED}the forecast of q counts its lines in the actual, but does not fit them, and nothing more of it is projected or expected; `
        + `the fees of ${CUR} (${usd(cents(fees.billed))} for all, ec2 and q; ${usd(cents(fees.effective))} for eff) posted in Oct 2018 are not expected again.`,
    ]);
    const byName = new Map(report.statuses.map((s) => [s.budget.name, s]));
    // The forecast is unchanged: the whole bill's is `costlens forecast`'s BilledCost $10.799492 (tests/trends/forecast-ended-delivery.test.ts), no fee expected.
    expect(byName.get('all')!.forecast).toBe(cents('10.799492') * UNITS_PER_CENT);
    expect(report.statuses.map((s) => (s.endedFeesNotExpected ?? []).map((f) => [f.own.sources, f.month, f.fees, f.tax])))
      .toEqual([[[[CUR], '2018-10-01', exactOf(fees.billed), 0n]], [[[CUR], '2018-10-01', exactOf(fees.effective), 0n]], [[[CUR], '2018-10-01', exactOf(fees.billed), 0n]], [], [[[CUR], '2018-10-01', exactOf(fees.billed), 0n]]]);
    // Nothing is expected: October's fees and tax in scope are the CUR's alone (s3 and q hold none of anyone's; q counts the CUR's lines, said after).
    const none = 'with no recurring fees or tax expected, as the month before (Oct 2018)';
    const run = (days: number) => `the actual to 2018-11-10, plus the usage run-rate (linear, fitted on 10 days) over the ${days} remaining days, ${none}`;
    expect(report.statuses.map((s) => s.forecastBasis)).toEqual([
      ...Array(3).fill(`${run(20)} holds none in scope but those of ${CUR}, a delivery that has ended`),
      `${run(20)} holds no recurring fee and no tax in scope`,
      `${run(51)} holds none in scope but those of ${CUR}; ${ENDED.slice('Delivery ended: '.length)}its lines count in the actual, but it is not fitted and nothing more of it is projected or expected`,
    ]);
  }, 300_000);

  it('as of 30 Nov the month is complete: nothing is expected of the monthly budgets; q\'s forecast still expects none of the fees in Dec, and its one note says so', async () => {
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2018-11-30' }));
    expect(budgetsNotes(report).filter((n) => n.startsWith('Delivery ended'))).toEqual([
      `${ENDED}the forecast of q counts its lines in the actual, but does not fit them, and nothing more of it is projected or expected; `
        + `the fees of ${CUR} (${usd(cents(fees.billed))} for q) posted in Oct 2018 are not expected again.`,
    ]);
  }, 300_000);
});

describe('budgets of Dec 2023 beside the real legacy CUR of Nov 2023, which has ended: its November tax is not expected again, and the notes name it', () => {
  const LEGACY = 'aws/123412340534';
  let db: string;
  /** The CUR's Tax lines, by DuckDB on the file: all of them, and the S3 ones. */
  let tax: { all: string; s3: string };
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV, await focusMovedBack(10), await focusMovedBack(9)]]);
    const [row] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS all_tax,
        CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) FILTER (WHERE "product/ProductName" = 'Amazon Simple Storage Service') AS VARCHAR) AS s3
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Tax'`, { file: REAL_LEGACY_CSV });
    tax = { all: row.all_tax!, s3: row.s3! };
  }, 300_000);

  it('as of 10 Dec: one note names the tax alone ($0.08 for all and eff, $0.07 for s3), the basis says nothing is expected and why; forecast says it too', async () => {
    expect(tax).toEqual({ all: '0.0800000000', s3: '0.0700000000' });
    const report = await withEngine(db, (engine) => evaluateBudgets(engine, configs, { asOf: '2023-12-10' }));
    const ended = `Delivery ended: the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has ended): `;
    expect(budgetsNotes(report).filter((n) => n.startsWith('Delivery ended'))).toEqual([
      `${ended}the tax of ${LEGACY} (${usd(cents(tax.all))} for all and eff; ${usd(cents(tax.s3))} for s3) posted in Nov 2023 is not expected again.`,
    ]);
    // Its usage and tax are BilledCost and EffectiveCost alike (a legacy CUR's EffectiveCost of Usage and Tax lines is their UnblendedCost); no fee.
    expect(report.statuses.map((s) => (s.endedFeesNotExpected ?? []).map((f) => [f.own.sources, f.month, f.fees, f.tax])))
      .toEqual([[[[LEGACY], '2023-11-01', 0n, exactOf(tax.all)]], [[[LEGACY], '2023-11-01', 0n, exactOf(tax.all)]], [], [[[LEGACY], '2023-11-01', 0n, exactOf(tax.s3)]], []]);
    const run = 'the actual to 2023-12-10, plus the usage run-rate (linear, fitted on 28 days) over the 21 remaining days, with no recurring fees or tax expected, as the month before (Nov 2023) holds';
    expect(report.statuses.slice(0, 4).map((s) => s.forecastBasis)).toEqual([
      `${run} none in scope but those of ${LEGACY}, a delivery that has ended`,
      `${run} none in scope but those of ${LEGACY}, a delivery that has ended`,
      `${run} no recurring fee and no tax in scope`,
      `${run} none in scope but those of ${LEGACY}, a delivery that has ended`,
    ]);
    const forecast = await costlens(db, 'forecast', '--as-of', '2023-12-10');
    expect(forecast.code, forecast.stderr).toBe(0);
    expect(forecast.stdout).toContain(`\n${ended}it holds no usage in 2023-12, and it is not fitted and nothing more of it is projected or expected; `
      + `the tax of ${LEGACY} ($${tax.all.replace(/0+$/, '')} BilledCost and $${tax.all.replace(/0+$/, '')} EffectiveCost) posted in Nov 2023 is not expected again.\n`);
  }, 300_000);

  it('the clause names a delivery\'s tax beside its fees, or alone, in the money a surface writes', () => {
    const own = { sources: [LEGACY] };
    expect(endedFeesClause(own, '2023-11-01', { fees: '$1.00' })).toBe(`the fees of ${LEGACY} ($1.00) posted in Nov 2023 are not expected again`);
    expect(endedFeesClause(own, '2023-11-01', { fees: '$1.00', tax: '$0.08' })).toBe(`the fees of ${LEGACY} ($1.00) and its tax ($0.08) posted in Nov 2023 are not expected again`);
    expect(endedFeesClause(own, '2023-11-01', { tax: '$0.08' })).toBe(`the tax of ${LEGACY} ($0.08) posted in Nov 2023 is not expected again`);
  });
});
