/**
 * `report weekly` names only days and weeks the store holds: a `--week` outside the data is refused naming the
 * runs of days held around the gaps and the weeks of each (it offered "2018-W40 to 2024-W40", gap weeks among
 * them, which it then refused), and the data horizon with the partial day `costlens status` counts (the legacy
 * CUR read "the store holds 2023-11-01 to 2023-11-13" where status shows 14 Nov); a team without spend is named
 * over the weeks read that the store holds days of; and a week after a gap says "not compared" once in its alerts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { CostlensError } from '../../src/errors.ts';
import { buildWeeklyReports, type BuiltReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { GAP_2024, storeWithGaps } from '../helpers/data-gaps-store.ts';

const attribution = { tags: { environment: { values: { prod: ['Production'] }, accountDefaults: { '123412340534': 'prod' } } } };
const configs: ReportConfigs = { ...parseConfig({ attribution }), report: reportConfigSchema.parse({ ownerTagKey: 'environment', audiences: { teams: { dev: ['dev@example.com'] } } }) };
const build = (db: string, week: string, audiences: BuiltReports['reports'][number]['audience'][]): Promise<BuiltReports> =>
  withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences }));
const refusal = (built: Promise<unknown>) => built.then(() => null, (error: unknown) => error as CostlensError);

describe('the store of every real file (2018 CURs, legacy CUR of Nov 2023, FOCUS sample of Sep 2024)', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeWithGaps();
  }, 300_000);

  it('--week 2025-W01: refused naming the three runs of days held and the weeks of each (the hint read "from 2018-W40 to 2024-W40")', async () => {
    const error = await refusal(build(db, '2025-W01', [{ kind: 'finance' }]));
    expect([error?.code, error?.message, error?.hint]).toEqual(['usage',
      '--week 2025-W01 (30 Dec 2024 – 5 Jan 2025) begins after the billing data ends (30 Sep 2024, its data horizon): the store holds 1 Oct – 30 Nov 2018, 1–14 Nov 2023 and 1–30 Sep 2024',
      'give a week from 2018-W40 to 2018-W48, 2023-W44 to 2023-W46 or 2024-W35 to 2024-W40, or leave --week out for the last complete week (2024-W39)']);
  });

  it('2023-W45, team dev without spend: named over 2023-W44 and W45, the weeks read the store holds days of (it named 2023-W41 to W45, three of them in the gap)', async () => {
    // No dev line in 30 Oct – 12 Nov 2023: the legacy CUR, the only data of those days, has no environment tag column (its account is prod's by default).
    const [tagged] = await duckdbRows('SELECT count(*) AS n FROM (DESCRIBE SELECT * FROM read_csv($file, all_varchar = true)) WHERE lower(column_name) LIKE \'%environment%\'', { file: REAL_LEGACY_CSV });
    expect(Number(tagged.n)).toBe(0);
    const built = await build(db, '2023-W45', [{ kind: 'team', team: 'dev' }]);
    expect(built.warnings).toEqual(['team dev has no environment spend in 2023-W44 to 2023-W45; check report.audiences.teams against `costlens attribute --tag environment`']);
  });

  it('2024-W35, after the gap: "not compared" once in its alerts, the gap named once (its incomplete-week alert said it too, beside "No last week" naming the same gap)', async () => {
    const [report] = (await build(db, '2024-W35', [{ kind: 'finance' }])).reports;
    expect(dataWarnings(report)).toEqual([
      `Incomplete week: ${GAP_2024}; 26–31 Aug 2024 are not in it, so this week has 1 of its days.`,
      'No last week: last week is not in the store either, so this week is not compared with it.',
    ]);
  });
});

describe('the legacy CUR of Nov 2023 alone (usage to 04:00 on 14 Nov, its data horizon 13 Nov)', () => {
  it('--week 2023-W47: refused naming the data horizon and the partial day costlens status counts (it said "the last billing day (2023-11-13)" where status shows 14 Nov)', async () => {
    const [last] = await duckdbRows('SELECT CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS latest FROM read_csv($file, all_varchar = true)', { file: REAL_LEGACY_CSV });
    expect(last.latest!.slice(0, 10)).toBe('2023-11-14');
    const error = await refusal(build(await cachedStore([[REAL_LEGACY_CSV]]), '2023-W47', [{ kind: 'finance' }]));
    expect([error?.message, error?.hint]).toEqual([
      '--week 2023-W47 (20–26 Nov 2023) begins after the billing data ends (13 Nov 2023, its data horizon; lines dated up to 14 Nov 2023 are counted too): the store holds 1–13 Nov 2023',
      'give a week from 2023-W44 to 2023-W46, or leave --week out for the last complete week (2023-W45)']);
  });
});
