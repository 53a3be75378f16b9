/**
 * The "Incomplete week" warning names the days after the store's data as every span of days is written (src/lib/calendar.ts
 * daySpan): on the FOCUS sample alone (data to 30 Sep 2024), 2024-W40 reads "1–6 Oct 2024 are not in it yet"; it read
 * "1 Oct – 6 Oct", beside "30 Sep – 6 Oct 2024" in the same e-mail's subject.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, duckdbRows } from '../helpers/cli.ts';

const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };

describe('the FOCUS sample alone, 2024-W40 (30 Sep – 6 Oct 2024)', () => {
  let report: WeeklyReport;
  beforeAll(async () => {
    const db = await cachedStore([[REAL_FOCUS]]);
    report = (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek('2024-W40'), audiences: [{ kind: 'finance' }] }))).reports[0];
  }, 300_000);

  it('the file\'s last charge day is 30 Sep 2024 (by DuckDB), so 1–6 Oct 2024 are not in the store: the warning says "1–6 Oct 2024", not "1 Oct – 6 Oct"', async () => {
    const [file] = await duckdbRows(`SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last FROM read_csv($file, header = true, nullstr = 'NULL')`, { file: REAL_FOCUS });
    expect(file.last).toBe('2024-09-30');
    expect(dataWarnings(report)[0]).toBe('Incomplete week: the store has billing data up to 30 Sep 2024; 1–6 Oct 2024 are not in it yet, so this week\'s days are compared with the same days of the weeks before.');
  });
});
