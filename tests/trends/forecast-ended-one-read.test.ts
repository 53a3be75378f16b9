/**
 * The month-end forecast reads its days once, by source (trends/daily_spend `by: 'source'`: src/analyze/forecast/ended-sources.ts):
 * every line for what the month holds, the rows without the deliveries that have ended for the fit, and each one's usage
 * summed from its own rows (it read the days again without each delivery that has ended, one after the other). The legacy
 * CUR of Nov 2023 (aws/123412340534, data to 13 Nov 2023) beside the FOCUS sample moved to Nov 2023, as of 20 Nov 2023.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastMonthEnd } from '../../src/analyze/forecast/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { toUnits } from '../../src/lib/money.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { legacyBesideFocusStores } from '../helpers/ended-delivery-files.ts';

const config = parseConfig({}).forecast;
/** The forecast of `db` as of `asOf`, and the names of the queries it ran, in order. */
const forecastOf = async (db: string, asOf: string) => {
  const ran: string[] = [];
  const logged = (engine: Engine): Engine => ({ name: engine.name, run: (name, params) => (ran.push(name), engine.run(name, params)), close: () => engine.close() });
  return { forecast: await withEngine(db, (engine) => forecastMonthEnd(logged(engine), config, { asOf })), ran };
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
});
