/**
 * The "Incomplete week" warning names the days after the store's data as every span of days is written (src/lib/calendar.ts
 * daySpan): on the FOCUS sample alone (data to 30 Sep 2024), 2024-W40 reads "1–6 Oct 2024 are not in it yet"; it read
 * "1 Oct – 6 Oct", beside "30 Sep – 6 Oct 2024" in the same e-mail's subject. A day after the data horizon that holds
 * usage stopping before midnight is named as the partial day it is, not as a day not in the store: on the legacy CUR of
 * Nov 2023 alone (usage to 14 Nov 04:00), 2023-W46 reads "14 Nov 2023 is a partial day (…) and 15–19 Nov 2023 are not in
 * it yet"; it read "14–19 Nov 2023 are not in it yet".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { subjectLine } from '../../src/report/layout-headline.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { percentChangeText } from '../helpers/shown-cents-rule.ts';

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

describe('the legacy CUR of Nov 2023 alone, 2023-W46 (13–19 Nov 2023): its usage stops at 04:00 on 14 Nov', () => {
  let report: WeeklyReport;
  beforeAll(async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    report = (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek('2023-W46'), audiences: [{ kind: 'finance' }] }))).reports[0];
  }, 300_000);

  it('by DuckDB on the file: 13 Nov\'s usage reaches midnight and 14 Nov\'s stops at 04:00, so 13 Nov is the data horizon, 14 Nov partial and 15–19 Nov not in the store', async () => {
    const ends = await duckdbRows(`SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS ends
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-13' GROUP BY day ORDER BY day`, { file: REAL_LEGACY_CSV });
    expect(ends).toEqual([{ day: '2023-11-13', ends: '2023-11-14 00:00:00' }, { day: '2023-11-14', ends: '2023-11-14 04:00:00' }]);
    expect([report.status.lastDay, report.status.partialDays, report.status.missingDays]).toEqual(['2023-11-13', ['2023-11-14'], ['2023-11-15', '2023-11-16', '2023-11-17', '2023-11-18', '2023-11-19']]);
    expect(dataWarnings(report)[0]).toBe('Incomplete week: the store has billing data up to 13 Nov 2023; 14 Nov 2023 is a partial day (not all of its usage is in the store) '
      + 'and 15–19 Nov 2023 are not in it yet, so this week\'s days are compared with the same days of the weeks before.');
    // Usage of 13 Nov against 6 Nov (the same days of the week before), exact by DuckDB: $0.20 both, +4.5% (it read 0.0%, the change of the cents shown).
    const usage = await duckdbRows(`SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) IN (DATE '2023-11-06', DATE '2023-11-13') GROUP BY day ORDER BY day`, { file: REAL_LEGACY_CSV });
    expect(usage).toEqual([{ day: '2023-11-06', billed: '0.1957673895' }, { day: '2023-11-13', billed: '0.2046081542' }]);
    expect(percentChangeText(usage[1].billed!, usage[0].billed!, 1)).toBe('+4.5%');
    expect(subjectLine(report, '[costlens]')).toBe('[costlens] Finance weekly 2023-W46 (13–19 Nov 2023): $0.20 billed, usage +4.5% vs last week [incomplete week]');
  });
});
