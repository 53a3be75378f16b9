/**
 * The month-end forecast fits and projects only the deliveries that have not ended (src/analyze/ended-delivery.ts
 * endedLeftOutOfFit, src/analyze/forecast/ended-sources.ts). The legacy CUR of Nov 2023 (aws/123412340534, data to
 * 13 Nov 2023, usage to 04:00 on 14 Nov) beside the FOCUS sample moved back 10 months (data 1–30 Nov 2023): the CUR
 * has ended (its data more than 7 days behind the store's latest). Its lines stay in usage_actual and posted_other,
 * but the run-rate is the FOCUS export's alone: as of 20 Nov the forecast projected $15.963403 of BilledCost usage
 * from a trend of 1–20 Nov over both deliveries, which read the CUR's end as falling usage and projected its days to
 * come; it now projects $15.767057, the forecast of a store of the FOCUS file alone to the digit, and the least-squares
 * line of the FOCUS file's own daily usage by DuckDB. Every figure is checked by DuckDB on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { endedLeftOutOfFit } from '../../src/analyze/ended-delivery.ts';
import { sourceSpansOf } from '../../src/analyze/source-spans.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { focusMovedBack, legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';
import { row } from '../helpers/source-span-rows.ts';

type Json = Record<string, unknown>;
const LEGACY = 'aws/123412340534';
const FOCUS = 'aws/1234567890123';

/** Exact decimal text → units, and units → the forecast's 6 decimals (half away from zero; all positive here). */
const micro = (exact: string): string => {
  const units = toUnits(exact);
  const rounded = (units + 5_000n) / 10_000n;
  return `${rounded / 1_000_000n}.${String(rounded % 1_000_000n).padStart(6, '0')}`;
};

/**
 * By DuckDB on the files, the charge days 1 Nov to `to`: usage (the CUR's Usage lines; the FOCUS lines of no fee, tax, credit
 * or adjustment category, not recurring, of a day or less) in BilledCost and EffectiveCost, and every line's BilledCost, of
 * each file; and the least-squares line of the FOCUS file's daily usage BilledCost over those days carried over the days to
 * 30 Nov (each floored at 0), to 6 decimals.
 */
async function onTheFiles(focus: string, to: string) {
  const [sums] = await duckdbRows(`WITH lines AS (
      SELECT 'legacy' AS part, CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, "lineItem/LineItemType" = 'Usage' AS usage,
        CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS billed, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS effective
      FROM read_csv($legacy, all_varchar = true)
      UNION ALL
      SELECT 'focus', CAST(ChargePeriodStart AS DATE), ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring'
        AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY, CAST(BilledCost AS DECIMAL(38,10)), CAST(EffectiveCost AS DECIMAL(38,10)) FROM read_parquet($focus)),
    held AS (SELECT * FROM lines WHERE day BETWEEN DATE '2023-11-01' AND CAST($to AS DATE)),
    points AS (SELECT date_diff('day', DATE '2023-11-01', day) AS x, CAST(sum(billed) AS DOUBLE) AS y FROM held WHERE part = 'focus' AND usage GROUP BY day),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    rest AS (SELECT date_diff('day', DATE '2023-11-01', CAST(d AS DATE)) AS x FROM range(CAST($to AS DATE) + INTERVAL 1 DAY, DATE '2023-12-01', INTERVAL 1 DAY) t(d))
    SELECT
      CAST(sum(billed) FILTER (WHERE part = 'legacy' AND usage) AS VARCHAR) AS legacy_usage,
      CAST(sum(effective) FILTER (WHERE part = 'legacy' AND usage) AS VARCHAR) AS legacy_usage_effective,
      CAST(sum(billed) FILTER (WHERE usage) AS VARCHAR) AS usage_billed,
      CAST(sum(effective) FILTER (WHERE usage) AS VARCHAR) AS usage_effective,
      CAST(sum(billed) AS VARCHAR) AS all_billed,
      CAST(round((SELECT sum(greatest(0, a + b * x)) FROM rest, fit), 6) AS DECIMAL(38,6)) AS focus_projected,
      (SELECT n FROM fit) AS focus_days
    FROM held`, { legacy: REAL_LEGACY_CSV, focus, to });
  return sums;
}

/** The moved FOCUS file's lines charged from 28 Nov 2023 on (a delivery whose data begins on its last 3 days), written once per machine. */
async function derivedFilesOf(focus: string): Promise<{ late: string }> {
  const files = await derivedFiles([{ name: 'focus-2023-11-28-on.parquet', sql: 'SELECT * FROM read_parquet($file) WHERE ChargePeriodStart >= TIMESTAMP \'2023-11-28\'', params: { file: focus } }]);
  return { late: files['focus-2023-11-28-on.parquet'] };
}

const FIT_KEYS = ['fitFrom', 'fitTo', 'fitDays', 'projectedUsage', 'projectedUsageLow', 'projectedUsageHigh', 'nextDayRunRate', 'levelShift'];
/** A row's fit: `FIT_KEYS` and the month at the recent rate but for what the month holds (each store's own). */
const fitOf = (r: Json) => {
  const { monthAtThatRate: _, ...recent } = (r.recentRate ?? {}) as Json;
  return { ...Object.fromEntries(FIT_KEYS.map((k) => [k, r[k]])), recentRate: r.recentRate === null ? null : recent };
};

describe('forecast: the legacy CUR of Nov 2023, which has ended, beside the FOCUS sample moved to Nov 2023', () => {
  let two: string;
  let focusAlone: string;
  let focus: string;
  beforeAll(async () => {
    ({ focus, two, focusAlone } = await legacyBesideFocusStores());
  }, 300_000);

  const forecastJson = async (db: string, asOf: string) => {
    const run = await costlens(db, 'forecast', '--as-of', asOf, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    return { rows: JSON.parse(run.stdout) as Json[], notes: run.stderr };
  };

  it.each([
    ['2023-11-20', '15.767057', '28.603043'],
    ['2023-11-26', '6.234705', '23.590227'],
  ])('as of %s: fitted and projected as the FOCUS file alone (projected usage %s), both deliveries\' usage in usage_actual, the CUR named in endedSources', async (asOf, projected, forecast) => {
    const [{ rows }, alone, files] = await Promise.all([forecastJson(two, asOf), forecastJson(focusAlone, asOf), onTheFiles(focus, asOf)]);
    const [billed, effective] = rows;
    // The fit and everything it gives are the FOCUS file's alone, day for day, in both measures.
    expect(rows.map(fitOf)).toEqual(alone.rows.map(fitOf));
    for (const r of rows.filter((x) => x.recentRate !== null)) {
      const recent = r.recentRate as Json;
      expect(toUnits(recent.monthAtThatRate as string)).toBe(toUnits(r.mtdActual as string) + toUnits(recent.projectedUsage as string));
    }
    expect([billed.fitFrom, billed.fitTo, billed.fitDays, billed.projectedUsage]).toEqual(['2023-11-01', asOf, Number(files.focus_days), files.focus_projected]);
    expect(billed.projectedUsage).toBe(projected);
    // What the month holds is both deliveries': usage, and every line (the CUR's tax, the FOCUS credit and adjustment).
    expect([billed.usageActual, effective.usageActual, billed.mtdActual]).toEqual([micro(files.usage_billed!), micro(files.usage_effective!), micro(files.all_billed!)]);
    expect(billed.forecast).toBe(forecast);
    expect(toUnits(billed.forecast as string)).toBe(toUnits(micro(files.all_billed!)) + toUnits(projected));
    expect([billed.expectedOther, effective.expectedOther]).toEqual(['0.000000', '0.000000']);
    // The CUR's usage in the month, 1–14 Nov (its lines of 14 Nov to 04:00): 1.6023086974 in both measures.
    expect([files.legacy_usage, files.legacy_usage_effective]).toEqual(['1.6023086974', '1.6023086974']);
    for (const r of rows) {
      expect(r.endedSources).toEqual([{ source: LEGACY, dataEndsOn: '2023-11-13', usageActual: micro(files.legacy_usage!) }]);
      expect(r.endedUsageActual).toBe('1.602309');
    }
    // A store of the FOCUS file alone has no delivery that has ended: no endedSources.
    expect(alone.rows.map((r) => 'endedSources' in r)).toEqual([false, false]);
  }, 120_000);

  it('refused when the delivery that runs on holds no non-provisional day to fit: the FOCUS file cut to 28–30 Nov, its provisional days, as of 30 Nov (it fitted the CUR\'s 1–14 Nov alone, its partial day too, and forecast $7.78)', async () => {
    const { late } = await derivedFilesOf(focus);
    const db = await cachedStore([[REAL_LEGACY_CSV, late]]);
    const run = await costlens(db, 'forecast', '--as-of', '2023-11-30');
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', `costlens: no billing data to fit a run-rate on: from 2023-10-31 to 2023-11-27 only the data of ${LEGACY}, a delivery that has ended `
      + '(its data ends on 13 Nov 2023, more than 7 days before the store\'s latest data), holds usage on a non-provisional day: its spend stopped arriving, so it is not projected\n'
      + '  hint: the run-rate is fitted on the deliveries whose data runs on, without their last 3 days (forecast.provisionalDays); give a later --as-of, or ingest more of their history\n']);
  }, 120_000);

  it('says so in one note naming the delivery, where its data ends and its usage in the month; the partial day 14 Nov is fitted without its lines; CSV gains its columns', async () => {
    const { notes } = await forecastJson(two, '2023-11-20');
    const lines = notes.split('\n');
    expect(lines.filter((n) => n.startsWith('Delivery ended'))).toEqual([
      `Delivery ended: the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has ended): `
      + 'its usage in 2023-11, $1.602309 BilledCost and $1.602309 EffectiveCost, counts in usage_actual, but it is not fitted and nothing more of it is projected or expected.',
    ]);
    expect(lines.filter((n) => n.includes('partial day'))).toEqual([
      `2023-11-14 is a partial day (the data of ${LEGACY} ends on 13 Nov 2023): counted in usage_actual and mtd_provisional, fitted without the lines of ${LEGACY}.`,
    ]);
    expect(lines.filter((n) => n.startsWith('Usage run-rate'))).toEqual(['Usage run-rate: least-squares trend of daily usage (the usage charge class) over 20 days with data in 1–20 Nov 2023.']);
    const csv = (await costlens(two, 'forecast', '--as-of', '2023-11-20', '--format', 'csv')).stdout.trim().split(/\r?\n/).map((l) => l.split(','));
    expect(csv.map((r) => r.slice(-2))).toEqual([['ended_sources', 'ended_usage_actual'], [LEGACY, '1.602309'], [LEGACY, '1.602309']]);
    // As of 13 Nov, the CUR's data horizon, it has not ended yet as of the day forecast: both are fitted, as before.
    const asOf13 = await forecastJson(two, '2023-11-13');
    expect(asOf13.rows.map((r) => 'endedSources' in r)).toEqual([false, false]);
    expect(asOf13.notes).not.toContain('Delivery ended');
  }, 120_000);
});

describe('forecast: the real Oct 2018 CUR, which has ended, beside the FOCUS sample moved to Nov 2018', () => {
  let two: string;
  let focusAlone: string;
  beforeAll(async () => {
    const focus = await focusMovedBack(70);
    [two, focusAlone] = await Promise.all([cachedStore([[REAL_OCT_2018, focus]]), cachedStore([[focus]])]);
  }, 300_000);

  it('as of 10 Nov: the FOCUS file alone\'s forecast, fitted on its 10 days (too few to judge a level shift, and said so), none of the CUR\'s October RI fees expected, and said so', async () => {
    const [withCur, alone] = await Promise.all([two, focusAlone].map((db) => costlens(db, 'forecast', '--as-of', '2018-11-10', '--format', 'json')));
    const rows = JSON.parse(withCur.stdout) as Json[];
    // Every figure is the FOCUS file's alone (the CUR holds no usage of November), BilledCost $10.799492: it fitted 14 Oct – 10 Nov
    // over both, the CUR's October usage then the FOCUS export's cents, a trend falling below $0 ($0.00 projected), and expected
    // the CUR's October RI fees for November ($147.384): $148.78.
    expect(rows.map(({ endedSources: _, endedUsageActual: __, ...r }) => r)).toEqual(JSON.parse(alone.stdout));
    expect(rows[0].forecast).toBe('10.799492');
    expect(rows.map((r) => [r.fitFrom, r.fitDays, r.expectedOther, r.expectedCharges, r.endedSources])).toEqual([['BilledCost', '0.000000'], ['EffectiveCost', '0.000000']]
      .map(([, usage]) => ['2018-11-01', 10, '0.000000', [], [{ source: 'aws/836060457634', dataEndsOn: '2018-10-31', usageActual: usage }]]));
    const notes = withCur.stderr.split('\n');
    expect(notes).toContain('Level shift: not judged, the fit has 10 days and the check needs 14 (the last 7 against at least 7 before them).');
    // The CUR's October RI fees, which the forecast does not expect again, are named (they were left out unsaid), in the budgets' words:
    // by DuckDB on the file, its RIFee lines' BilledCost 149.775379 and EffectiveCost (their unused amortised upfront and recurring fee,
    // the store's formula) 48.99556079, $48.995561 to the micro-dollar.
    const [fees] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS effective
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`, { file: REAL_OCT_2018 });
    expect([fees.billed, fees.effective, micro(fees.effective!)]).toEqual(['149.7753790000', '48.9955607900', '48.995561']);
    expect(notes).toContain('Delivery ended: the data of aws/836060457634 ends on 31 Oct 2018, more than 7 days before the store\'s latest data (that delivery has ended): '
      + 'it holds no usage in 2018-11, and it is not fitted and nothing more of it is projected or expected; '
      + 'the fees of aws/836060457634 ($149.775379 BilledCost and $48.995561 EffectiveCost) posted in Oct 2018 are not expected again.');
  }, 120_000);
});

describe('endedLeftOutOfFit: the deliveries a forecast leaves out of its run-rate', () => {
  const legacy = row(LEGACY, '2023-11', 'legacy.csv', ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11']);
  const ended = [{ firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', sources: [LEGACY] }];

  it('the legacy CUR, ended on 13 Nov, beside a FOCUS export of 1–30 Nov: left out as of a day after its end, not as of its own days', () => {
    const span = { firstDay: '2023-11-01', lastDay: '2023-11-30', lastChargeDay: '2023-11-30', lastUsagePeriod: '2023-11' };
    const spans = sourceSpansOf([legacy, row(FOCUS, '2023-11', 'focus.parquet', ['2023-11-01', '2023-11-30', '2023-12-01 00:00:00', '2023-11-30', '2023-11'])], span);
    expect(endedLeftOutOfFit(spans, '2023-10-01', '2023-11-20')).toEqual({ ended, othersFrom: '2023-11-01' });
    expect(endedLeftOutOfFit(spans, '2023-10-01', '2023-11-13')).toEqual({ ended: [], othersFrom: null });
  });

  it('beside the FOCUS sample of Sept 2024 alone (a gap after it, no delivery running on in its month): none left out, its month projected as before', () => {
    const span = { firstDay: '2023-11-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-09' };
    const spans = sourceSpansOf([legacy, row(FOCUS, '2024-09', 'focus.csv', ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09'])], span);
    expect(endedLeftOutOfFit(spans, '2023-10-01', '2023-11-20')).toEqual({ ended: [], othersFrom: null });
    // As of a day of Sept 2024 the CUR holds nothing of the days read: nothing to leave out.
    expect(endedLeftOutOfFit(spans, '2024-08-01', '2024-09-20')).toEqual({ ended: [], othersFrom: null });
  });
});
