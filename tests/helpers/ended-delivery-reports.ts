/**
 * The weekly reports of the ended-delivery stores (tests/helpers/ended-delivery-files.ts) with teams by the
 * `environment` tag: the real 2018 CUR's `Production` and the FOCUS sample's `prod` are team prod, and the
 * legacy CUR's account (which carries no tag) is prod's by default (tests/report/ended-delivery-*.test.ts).
 */
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';

const attribution = { tags: { environment: { values: { prod: ['Production'] }, accountDefaults: { '123412340534': 'prod' } } } };
const configs: ReportConfigs = { ...parseConfig({ attribution }), report: reportConfigSchema.parse({ ownerTagKey: 'environment' }) };

/** A team's audience: the report of the team `name` (a value of the `environment` tag, after its aliases). */
export const team = (name: string): WeeklyReport['audience'] => ({ kind: 'team', team: name });

/**
 * The reports of `week` (ISO, `2018-W46`) for `audiences` on the store `db`, teams by the `environment` tag; the name of
 * each query they ran is pushed, in order, onto `ran` when given.
 */
export async function reportsByEnvironment(db: string, week: string, audiences: WeeklyReport['audience'][], ran?: string[]): Promise<WeeklyReport[]> {
  const logged = (engine: Engine): Engine => ran === undefined ? engine
    : { name: engine.name, run: (name, params) => (ran.push(name), engine.run(name, params)), close: () => engine.close() };
  const built = await withEngine(db, (engine) => buildWeeklyReports(logged(engine), configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences }));
  return built.reports;
}
