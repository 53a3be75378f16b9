/**
 * The month-end forecast reads its days once, by source (trends/daily_spend `by: 'source'`: src/analyze/forecast/ended-sources.ts):
 * every line for what the month holds, the rows without the deliveries that have ended for the fit, and each one's usage
 * summed from its own rows (it read the days again without each delivery that has ended, one after the other). So are this
 * month's charges (trends/spend_by_class_and_service `by: 'source'`): read once, summed with and without the deliveries that
 * have ended (it read them twice, the second time with exclude_sources). The legacy CUR of Nov 2023 (aws/123412340534, data
 * to 13 Nov 2023) beside the FOCUS sample moved to Nov 2023, as of 20 Nov 2023: the month before is not in that store, so
 * it is not read. The real 2018 CURs (Oct, and Nov cut after 13 Nov) beside the FOCUS sample moved to Nov 2018, as of
 * 25 Nov 2018: the month before is in the store whole, and its charges too are read once, by source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastMonthEnd } from '../../src/analyze/forecast/index.ts';
import { withoutSources } from '../../src/analyze/forecast/ended-sources.ts';
import { classTotal, POSTED_CLASSES } from '../../src/analyze/forecast/expected.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { listParam } from '../../src/engine/duckdb.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { curCutBesideFocusStore, legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';

const config = parseConfig({}).forecast;
/** The forecast of `db` as of `asOf`, and the names of the queries it ran, in order. */
const forecastOf = async (db: string, asOf: string) => {
  const ran: string[] = [];
  const reads: { name: string; params: Record<string, unknown> }[] = [];
  const logged = (engine: Engine): Engine => ({
    name: engine.name,
    run: (name, params) => (ran.push(name), reads.push({ name, params: { ...params } }), engine.run(name, params)),
    close: () => engine.close(),
  });
  return { forecast: await withEngine(db, (engine) => forecastMonthEnd(logged(engine), config, { asOf })), ran, reads };
};

describe('the legacy CUR of Nov 2023 beside the FOCUS sample moved to Nov 2023, as of 20 Nov 2023', () => {
  let stores: Awaited<ReturnType<typeof legacyBesideFocusStores>>;
  beforeAll(async () => {
    stores = await legacyBesideFocusStores();
  }, 300_000);

  it('one read of the days: the CUR\'s usage $1.6023086974 in both measures from its own rows, the fit the FOCUS file\'s alone', async () => {
    // The legacy CUR's Usage lines of 1–20 Nov 2023 (its data ends on 13 Nov, a line or two on the 14th), by DuckDB on the file.
    const [legacy] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
      WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-01' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-21'`, { file: REAL_LEGACY_CSV });
    expect(legacy.billed).toBe('1.6023086974');
    const [{ forecast, ran }, alone] = await Promise.all([forecastOf(stores.two, '2023-11-20'), forecastOf(stores.focusAlone, '2023-11-20')]);
    expect(ran.filter((name) => name === 'trends/daily_spend')).toEqual(['trends/daily_spend']);
    expect(forecast.endedSources.map((e) => [e.sources, e.usageActual])).toEqual([[['aws/123412340534'], { billed: toUnits(legacy.billed!), effective: toUnits(legacy.billed!) }]]);
    // Fitted on the FOCUS file's days alone: the fit of the store of that file alone, to the last digit.
    expect([forecast.billed.fit, forecast.effective.fit, forecast.fitDays]).toEqual([alone.forecast.billed.fit, alone.forecast.effective.fit, alone.forecast.fitDays]);
    expect(forecast.billed.usageActual - alone.forecast.billed.usageActual).toBe(toUnits(legacy.billed!));
  });

  it('one read of this month\'s charges: posted tax $0.08 (the CUR\'s Tax lines) with every line, $0 without the CUR; the adjustment $0.272 (the FOCUS file\'s) in both', async () => {
    // By DuckDB on the files: the CUR's Tax lines (all dated 1 Nov) and the moved FOCUS file's lines of 1–20 Nov by charge category.
    const [cur] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) FILTER (WHERE "lineItem/LineItemType" = 'Tax') AS VARCHAR) AS tax,
      CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) FILTER (WHERE "lineItem/LineItemType" = 'Usage') AS VARCHAR) AS usage FROM read_csv($file, all_varchar = true)
      WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-21'`, { file: REAL_LEGACY_CSV });
    expect(cur).toEqual({ tax: '0.0800000000', usage: '1.6023086974' });
    const focus = await duckdbRows(`SELECT ChargeCategory AS category, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed, CAST(sum(CAST(EffectiveCost AS DECIMAL(38,10))) AS VARCHAR) AS effective
      FROM read_parquet($file) WHERE ChargePeriodStart >= TIMESTAMP '2023-11-01' AND ChargePeriodStart < TIMESTAMP '2023-11-21' GROUP BY ChargeCategory ORDER BY ChargeCategory`, { file: stores.focus });
    expect(focus).toEqual([{ category: 'Adjustment', billed: '0.2720000000', effective: '0.0000000000' }, { category: 'Usage', billed: '10.8816769903', effective: '6.9765141858' }]);

    const { forecast, ran } = await forecastOf(stores.two, '2023-11-20');
    // It ran twice over 1–20 Nov: every line, then with exclude_sources ['aws/123412340534'].
    expect(ran.filter((name) => name === 'trends/spend_by_class_and_service')).toEqual(['trends/spend_by_class_and_service']);
    const posted = (tax: string, credit: string) => ({ recurring: 0n, 'one-time': 0n, tax: toUnits(tax), credit: toUnits(credit) });
    expect([forecast.billed.posted, forecast.effective.posted]).toEqual([posted(cur.tax!, '0.272'), posted(cur.tax!, '0')]);

    // The rows by source, summed in TypeScript with and without the CUR: each class the files' figures, and what the query gives with exclude_sources.
    const read = { from: '2023-11-01', to: '2023-11-21' };
    const [bySource, excluded] = await withEngine(stores.two, (engine) => Promise.all([
      runQuery(engine, 'trends/spend_by_class_and_service', { ...read, by: 'source' }),
      runQuery(engine, 'trends/spend_by_class_and_service', { ...read, exclude_sources: listParam(['aws/123412340534']) }),
    ]));
    const fitted = withoutSources(bySource, new Set(['aws/123412340534']));
    const totals = (rows: typeof bySource) => (['billed', 'effective'] as const).map((cost) => ['usage', ...POSTED_CLASSES].map((c) => classTotal(rows, c, cost)));
    expect(totals(fitted)).toEqual([[toUnits('10.8816769903'), 0n, 0n, 0n, toUnits('0.272')], [toUnits('6.9765141858'), 0n, 0n, 0n, 0n]]);
    expect(totals(bySource)).toEqual([[toUnits('10.8816769903') + toUnits(cur.usage!), 0n, 0n, toUnits(cur.tax!), toUnits('0.272')], [toUnits('6.9765141858') + toUnits(cur.usage!), 0n, 0n, toUnits(cur.tax!), 0n]]);
    expect(totals(fitted)).toEqual(totals(excluded));
  });
});

describe('the 2018 CURs (Oct, and Nov cut after 13 Nov) beside the FOCUS sample moved to Nov 2018, as of 25 Nov 2018: the month before is in the store', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await curCutBesideFocusStore());
  }, 300_000);

  it('one read of this month\'s charges and one of the month before\'s, each by source: none again without the CUR that has ended', async () => {
    const { forecast, reads } = await forecastOf(db, '2018-11-25');
    expect(forecast.endedSources.map((e) => e.sources)).toEqual([['aws/836060457634']]);
    // October is the month the charges are expected from; it holds the CUR's lines alone (the FOCUS file starts in November), so none is expected again.
    expect([forecast.expectationsFrom, forecast.billed.expected, forecast.effective.expected]).toEqual(['2018-10', [], []]);
    expect(reads.filter((r) => r.name === 'trends/daily_spend').length).toBe(1);
    expect(reads.filter((r) => r.name === 'trends/spend_by_class_and_service').map((r) => r.params)).toEqual([
      { from: '2018-11-01', to: '2018-11-26', by: 'source' },
      { from: '2018-10-01', to: '2018-11-01', by: 'source' },
    ]);
  });
});
