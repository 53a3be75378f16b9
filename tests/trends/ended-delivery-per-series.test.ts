/**
 * A delivery that has ended leaves unjudged only the series that held its data (src/analyze/anomalies/ended-series.ts),
 * and an event whose series got no verdict after its last flagged day is ongoing. On the real 2018 CURs beside the
 * FOCUS sample moved back 71 months to October 2018 (about $20 against $7,570, its data ending on 29 Oct 2018),
 * every day from 17 to 26 Nov was left unjudged for every service and account: AWS Glue's drop of −$685.77 from
 * 21 Nov (the CURs' alone, by DuckDB on them: the FOCUS sample holds no Glue line) read as a one-day drop of −$97.91 on 27 Nov, "flagged
 * on the first day that can be judged: the day before has fewer than 28 trailing days of billing data", untrue.
 * On the store of every real file, `anomalies --as-of 2018-12-05` closed every event on 27 Nov, the last day before
 * the provisional days and the gap after the CURs' end, though no day after it got a verdict: they are ongoing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findAnomalyEvents, unjudgedRuns } from '../../src/analyze/anomalies/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cursBesideFocusOctober2018Store } from '../helpers/ended-delivery-files.ts';

const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';
const FOCUS_ENDED = `the data of ${FOCUS_SOURCES}, a delivery that has ended (its data ends on 29 Oct 2018, more than 7 days before the store's latest data)`;

/**
 * AWS Glue's usage spend over 21–27 Nov 2018 and the sum of its doubled medians (each day's 28 trailing days, a day
 * without lines spending 0), exact, by DuckDB on the two CURs alone: the drop's actual and twice its expected spend.
 */
async function glueDrop(): Promise<{ actual: string; twiceExpected: string; impact: string }> {
  const [row] = await duckdbRows(`WITH d AS (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS cost FROM read_parquet([$oct, $nov])
      WHERE product_product_name = 'AWS Glue' AND line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
        AND line_item_usage_end_date - line_item_usage_start_date <= INTERVAL 1 DAY
      GROUP BY 1
    ), f AS (SELECT CAST(range AS DATE) AS day, coalesce(d.cost, 0) AS cost FROM range(DATE '2018-10-01', DATE '2018-12-01', INTERVAL 1 DAY) LEFT JOIN d ON d.day = CAST(range AS DATE)),
    j AS (SELECT f.day, f.cost AS actual, list_sort(list(g.cost)) AS xs FROM f JOIN f g ON g.day >= f.day - 28 AND g.day < f.day
      WHERE f.day BETWEEN DATE '2018-11-21' AND DATE '2018-11-27' GROUP BY f.day, f.cost)
    SELECT CAST(sum(actual) AS VARCHAR) AS actual, CAST(sum(xs[14] + xs[15]) AS VARCHAR) AS twice_expected, CAST(sum(actual) - sum(xs[14] + xs[15]) * 0.5 AS VARCHAR) AS impact FROM j`,
  { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
  return { actual: row.actual!, twiceExpected: row.twice_expected!, impact: row.impact! };
}

type EventJson = { id: string; start: string; end: string | null; lastDay: string; days: number; impact: string; startCut: string | null };

describe('the 2018 CURs beside the FOCUS sample moved to October 2018, a delivery that ends on 29 Oct 2018', () => {
  let focus: string;
  let db: string;
  beforeAll(async () => {
    ({ focus, db } = await cursBesideFocusOctober2018Store());
  }, 300_000);

  it('the FOCUS copy holds no AWS Glue line, and EC2 usage on 28–30 Oct 2018, $0.8166825723 of it on 30 Oct (by DuckDB on the file)', async () => {
    const rows = await duckdbRows(`SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_parquet($file) WHERE ServiceName = 'Amazon Elastic Compute Cloud' AND ChargeCategory = 'Usage' AND ChargePeriodStart >= TIMESTAMP '2018-10-28 00:00:00' GROUP BY 1 ORDER BY 1`, { file: focus });
    expect(rows).toEqual([{ day: '2018-10-28', billed: '0.1072221540' }, { day: '2018-10-29', billed: '1.7725388268' }, { day: '2018-10-30', billed: '0.8166825723' }]);
    const [glue] = await duckdbRows('SELECT count(*)::VARCHAR AS n FROM read_parquet($file) WHERE ServiceName = \'AWS Glue\'', { file: focus });
    expect(glue.n).toBe('0');
  });

  it('AWS Glue, its account and RDS are judged as without the FOCUS copy: Glue −$685.77 from 21 Nov, ongoing (it read "≤2018-11-27–ongoing 1 drop −$97.91"); EC2, whose trailing days hold the copy\'s EC2 usage to 30 Oct, is not judged 17–27 Nov and named', async () => {
    const drop = await glueDrop();
    expect(drop).toEqual({ actual: '0.0000000000', twiceExpected: '1371.5412110400', impact: '-685.77060552000' });
    const run = await costlens(db, 'anomalies', '--format', 'json');
    const json = JSON.parse(run.stdout) as { events: EventJson[]; unjudgedDays: { day: string; cause: string }[]; unjudgedSeries: Record<string, unknown>[] };
    expect(json.events.map((e) => [e.id, e.end, e.lastDay, e.days, e.impact, e.startCut])).toEqual([
      ['service:AWS Glue:2018-11-21', null, '2018-11-27', 7, '-685.7706055200', null],
      ['account:836060457634:2018-11-21', null, '2018-11-27', 7, '-843.2989713102', null],
      ['service:Amazon Relational Database Service:2018-11-25', null, '2018-11-27', 3, '-89.8101747024', null],
    ]);
    // No day is left unjudged as a whole (they read 17–26 Nov, cause ended): only the provisional days.
    expect(json.unjudgedDays.map((d) => [d.day, d.cause])).toEqual([['2018-11-28', 'provisional'], ['2018-11-29', 'provisional'], ['2018-11-30', 'provisional']]);
    const ec2 = json.unjudgedSeries.find((s) => s.value === 'Amazon Elastic Compute Cloud');
    expect(ec2).toEqual({ dimension: 'service', value: 'Amazon Elastic Compute Cloud', name: null, from: '2018-11-17', to: '2018-11-27', days: 11, cause: 'ended', reason: `its trailing days hold ${FOCUS_ENDED}` });
    // RDS held the copy's usage to 26 Oct only: judged again from 24 Nov, before its drop of 25 Nov.
    expect(json.unjudgedSeries.find((s) => s.value === 'Amazon Relational Database Service')).toMatchObject({ from: '2018-11-17', to: '2018-11-23', days: 7 });
    expect(json.unjudgedSeries.some((s) => s.value === 'AWS Glue' || s.value === '836060457634')).toBe(false);
    expect(json.unjudgedSeries.length).toBe(69);
    const text = await costlens(db, 'anomalies');
    expect(text.stdout).toMatch(/AWS Glue +2018-11-21–ongoing +7 +drop +-\$685\.77/);
    expect(text.stdout).not.toContain('≤');
    expect(text.stdout.split('\n').filter((line) => line.startsWith('Not judged'))).toEqual([
      'Not judged: service Amazon Elastic Compute Cloud (17–27 Nov 2018), account 11353890204 (17–27 Nov 2018), service Amazon Relational Database Service (17–23 Nov 2018) '
      + `and 66 more series (19 services and 50 accounts in all), whose trailing days hold ${FOCUS_ENDED}; the other series were judged.`,
    ]);
  });
});

describe('anomalies --as-of 2018-12-05 on the store of every real file: the days after 27 Nov 2018 got no verdict (provisional, then a gap)', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
  }, 300_000);

  it('every event flagged on 27 Nov is ongoing (JSON end null, "2018-11-21–ongoing"); they were closed on 27 Nov', async () => {
    const json = JSON.parse((await costlens(db, 'anomalies', '--as-of', '2018-12-05', '--format', 'json')).stdout) as { events: EventJson[] };
    expect(json.events.map((e) => [e.id, e.end, e.lastDay, e.impact])).toEqual([
      ['service:AWS Glue:2018-11-21', null, '2018-11-27', '-685.7706055200'],
      ['account:836060457634:2018-11-21', null, '2018-11-27', '-843.2989713102'],
      ['service:Amazon Relational Database Service:2018-11-25', null, '2018-11-27', '-89.8101747024'],
      ['service:Amazon Elastic Compute Cloud:2018-11-25', null, '2018-11-27', '-46.1785780320'],
    ]);
    expect((await costlens(db, 'anomalies', '--as-of', '2018-12-05')).stdout).toMatch(/AWS Glue +2018-11-21–ongoing +7/);
    const found = await withEngine(db, (engine) => findAnomalyEvents(engine, { config: parseConfig({}).anomalies, asOf: '2018-12-05' }));
    expect([found.report.runs.every((r) => r.ongoing), unjudgedRuns(found.report).map((r) => [r.from, r.to, r.cause])]).toEqual([true, [['2018-12-01', '2018-12-05', 'missing']]]);
  });
});
