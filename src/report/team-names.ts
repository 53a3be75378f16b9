/**
 * How a run names teams: the owner tag's values as attribution reads them in the report week
 * (`team:Paymnets` is `team:payments`), for the audiences, their recipients and the send ledger.
 */
import { buildValueResolver, readClassifiedSpend, resolveKey, resolvesWithoutData } from '../analyze/attribution/index.ts';
import { billingDaySpan, storeDays } from '../analyze/billing-calendar.ts';
import type { Engine } from '../engine/engine.ts';
import type { TeamName } from './audiences.ts';
import type { ReportConfigs } from './build.ts';
import { defaultReportWeek, type IsoWeek } from './week.ts';

/**
 * How attribution reads the owner tag's values in the report week: the resolver build.ts names a
 * team's report by (`now.spend.owner.canonical`, from readClassifiedSpend over the same range), so
 * `team:Paymnets` is `team:payments` for its recipients, subject, file name and send ledger too.
 * When every spelling the run names a team by (`spellings`: the keys of report.audiences.teams
 * and the team asked for) is read the same whatever the data hold — a configured value or alias,
 * or values not case-folded — the config alone names them and no query runs; otherwise the
 * week's values are read (through the run's memo engine, the build reuses that query).
 */
export async function ownerTeamName(engine: Engine, configs: ReportConfigs, week: IsoWeek | undefined, spellings: readonly string[]): Promise<TeamName> {
  const tagKey = configs.report.ownerTagKey;
  const key = resolveKey(configs.attribution, tagKey, undefined);
  if (spellings.every((spelling) => resolvesWithoutData(key, spelling))) {
    const resolver = buildValueResolver(key, []);
    return (raw) => resolver.resolve(raw) ?? raw;
  }
  const reportWeek = week ?? await defaultWeekOfStore(engine);
  const owner = await readClassifiedSpend(engine, configs.attribution, { tagKey, range: { chargeFrom: reportWeek.start, chargeTo: reportWeek.end } });
  return owner.resolveValue;
}

/** The default report week of the store (defaultReportWeek: refused when the store holds none, or it lies in a gap). */
async function defaultWeekOfStore(engine: Engine): Promise<IsoWeek> {
  const span = await billingDaySpan(engine);
  return defaultReportWeek(span, await storeDays(engine, span));
}
