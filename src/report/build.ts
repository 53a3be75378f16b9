/**
 * Builds the weekly reports of one ISO week for the audiences asked for, from one pass over the
 * store: the report week and the weeks before it (for last week, the 4-week average and the
 * coverage trend), the month to date and forecast, the week's anomalies and the savings waiting.
 */
import { addExact, type AttributionConfig, type Exact, roundToCents } from '../analyze/attribution/index.ts';
import type { CommitmentsConfig } from '../analyze/commitments/index.ts';
import { addDays, billingDaySpan, storeDays } from '../analyze/billing-calendar.ts';
import { divideRounded } from '../lib/money.ts';
import type { IdleConfig, RightsizingConfig } from '../analyze/optimisation-config.ts';
import type { AnomaliesConfig, ForecastConfig } from '../analyze/trends-config.ts';
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import type { Engine } from '../engine/engine.ts';
import { buildAnomaliesSection } from './anomalies-section.ts';
import { buildAlertsSection } from './alerts-section.ts';
import { buildBudgetSection } from './budget-section.ts';
import type { BudgetConfig } from '../analyze/budgets/index.ts';
import { buildCommitmentsSection, commitmentsPeriod, type CommitmentsSectionModel } from './commitments-section.ts';
import { buildMoverDrivers } from './drivers-section.ts';
import { buildKpiSection } from './kpi-section.ts';
import type { KpiConfig } from '../analyze/kpi/index.ts';
import type { ReportConfig } from './config.ts';
import { cutRows, roundCut, topMovers, type Cents } from './cuts.ts';
import { sharingReads } from '../engine/shared-reads.ts';
import { monthFigures } from './month.ts';
import type { Audience, CoveragePoint, CutRow, TotalFigures, WeeklyReport } from './model.ts';
import { compare, shareTenths } from './money.ts';
import { findSavings, savingsSection } from './savings.ts';
import { readWeekSpend, type Amounts, type KeySpend, type WeekSpend } from './spend.ts';
import { teamsWeekCents, teamWeekCents, usageByTeam } from './team-cents.ts';
import { readWeekUsage } from './usage.ts';
import { AVERAGE_WEEKS, comparedDaysOf, dailyPoints, dataStatus, sameDays, spanForWeek, weekDaysRead } from './week-data.ts';
import { endedBeforeWeek, sourcesLeftOut, weekSourceEnd } from './week-source-end.ts';
import { withUsageLeftOut } from './ended-left-out.ts';
import { lastWeekEndedWhy } from './layout-comparison.ts';
import { LISTED_CHARGE_CLASSES } from '../store/charge-class.ts';
import { earlierDay } from '../lib/calendar.ts';
import { daysNotInStore } from '../lib/store-days.ts';
import { readSourceSpans } from '../analyze/source-spans.ts';
import { provisionalFromOf } from '../analyze/provisional-from.ts';
import { endedPartialDays } from '../analyze/ended-delivery.ts';
import { checkWeekInData, defaultReportWeek, type IsoWeek, lastReportedDay, shiftWeek } from './week.ts';

/** The config sections the report reads. */
export interface ReportConfigs {
  attribution: AttributionConfig;
  idle: IdleConfig;
  rightsizing: RightsizingConfig;
  anomalies: AnomaliesConfig;
  forecast: ForecastConfig;
  commitments: CommitmentsConfig;
  report: ReportConfig;
  /** KPI targets (default: the schema's). */
  kpi?: KpiConfig;
  /** budgets: of the config (finance and engineering e-mails show them). */
  budgets?: BudgetConfig[];
}

export { AVERAGE_WEEKS } from './week-data.ts';

/** What {@link buildWeeklyReports} made. */
export interface BuiltReports {
  week: IsoWeek;
  reports: WeeklyReport[];
  /** Things a reader of the run should know (a configured team with no spend, …). */
  warnings: string[];
}

/** The cents of a week: the total, and each cut rounded to it. */
interface WeekCents {
  spend: WeekSpend;
  total: Cents;
  service: Map<string, Cents>;
  account: Map<string, Cents>;
  owner: Map<string, Cents>;
  costCentre: Map<string, Cents>;
}

function weekCents(spend: WeekSpend): WeekCents {
  const total = { billed: roundToCents(spend.total.billed), effective: roundToCents(spend.total.effective) };
  return {
    spend,
    total,
    service: roundCut(spend.byService, total),
    account: roundCut(spend.byAccount, total),
    owner: roundCut(spend.owner.byValue, total),
    costCentre: roundCut(spend.costCentre.byValue, total),
  };
}

/** Builds one report per audience for `week` (default: the last complete week in the store). */
export async function buildWeeklyReports(
  engine: Engine,
  configs: ReportConfigs,
  catalogue: InstanceCatalogue,
  options: { week?: IsoWeek; audiences: Audience[] },
): Promise<BuiltReports> {
  const memo = sharingReads(engine);
  const { report: rc } = configs;
  const span = await billingDaySpan(memo);
  const store = await storeDays(memo, span);
  const week = options.week ?? defaultReportWeek(span);
  checkWeekInData(week, span);
  const keys = { owner: rc.ownerTagKey, costCentre: rc.costCentreTagKey };
  const history = Math.max(rc.trendWeeks, AVERAGE_WEEKS + 1);
  // The sections read the store independently: their queries run at once (each on its own connection).
  const sources = await readSourceSpans(memo, span);
  // Before a gap the week's data ends at its own delivery's data horizon, not at a partial day of it (week-source-end.ts).
  const sourceEnd = await weekSourceEnd(memo, span, store, week, sources);
  // A delivery that has ended inside the week, the others' data running on, does not end it: the week is read whole (endedBeforeWeek).
  const reported = spanForWeek(span, store, week, sourceEnd);
  const comparedDays = comparedDaysOf(week, reported);
  // This week's spend is read up to where its data ends: none of a week whose data ends before its Monday (a partial day).
  const thisWeek = weekDaysRead(week, reported);
  const weeks: WeekCents[] = (await Promise.all(Array.from({ length: history }, (_, i) => readWeekSpend(memo, configs.attribution, keys, i === 0 ? thisWeek : shiftWeek(week, -i))))).map(weekCents);
  // Provisional days (the daily chart's lighter bars, the alert, the subject) are those anomalies leaves
  // unjudged and the Overview draws lighter: anomalies.provisionalDays. The forecast reads its own key.
  // They are counted back from the data horizon of the delivery holding the days the week reads (provisional-from.ts).
  const provisionalFrom = provisionalFromOf(sources, earlierDay(week.start, reported.lastDay), lastReportedDay(week, reported), configs.anomalies.provisionalDays);
  const provisionalSources = sources.sourcesOf(sources.ofRange(earlierDay(week.start, reported.lastDay), lastReportedDay(week, reported)));
  // The weeks compared, this one too, are read without the data of a delivery that has ended before it or inside it: its end is no drop in spend.
  const ended = endedBeforeWeek(week, sources, shiftWeek(week, -AVERAGE_WEEKS).start, lastReportedDay(week, reported));
  const weekStatus = dataStatus(span, store, week, configs.anomalies.provisionalDays, comparedDays, sourceEnd, provisionalFrom, ended);
  const comparedSpans = Array.from({ length: AVERAGE_WEEKS + 1 }, (_, i) => (i === 0 ? thisWeek : sameDays(shiftWeek(week, -i), comparedDays)));
  const leftOut = (w: IsoWeek) => sourcesLeftOut(w, ended);
  // This week against the same days of the weeks before: the whole weeks, or their first days when this one is cut short.
  const compared = comparedDays === 7 && comparedSpans.every((w) => leftOut(w).length === 0) ? weeks.slice(0, AVERAGE_WEEKS + 1)
    : (await Promise.all(comparedSpans.map((w) => readWeekSpend(memo, configs.attribution, keys, w, 'all', leftOut(w))))).map(weekCents);
  // A week an ended delivery stops inside: its spend is the whole week's, its comparison without that delivery's lines.
  const whole = leftOut(thisWeek).length === 0 ? null : { total: weeks[0].total, leftOut: centsLeftOut(weeks[0].spend.total, compared[0].spend.total) };
  const status = await withUsageLeftOut(memo, { ...weekStatus, provisionalSources }, { thisWeek, lastWeek: comparedSpans[1] }, ended, whole);
  // The average takes the weeks wholly in the store (status.averaged, which the e-mail names).
  const averagedWeek = (w: IsoWeek) => status.averaged.some((a) => a.start === w.start);
  // Tag values and teams are compared on usage, as services and accounts are: recurring fees, tax and
  // credits post once a billing period (often on the 1st), so a week holding the 1st would move for no reason.
  const usageCompared = (await Promise.all(comparedSpans.map((w) => readWeekSpend(memo, configs.attribution, keys, w, 'usage', leftOut(w))))).map(weekCents);
  // The coverage trend is of usage too, as the splits beside it: fees, tax and credits post once a billing
  // period and seldom carry a tag, so a week holding the 1st would dip with no change in tagging.
  // Its report week is the days the totals read (cut short at the horizon or a gap); it leaves out weeks wholly outside the store rather than show $0.00.
  const usageTrend = await Promise.all(Array.from({ length: rc.trendWeeks - 1 }, (_, i) => readWeekSpend(memo, configs.attribution, keys, shiftWeek(week, -1 - i), 'usage')));
  const trend = [usageCompared[0], ...usageTrend.map(weekCents)].filter((w) => w.spend.week.end > w.spend.week.start && !daysNotInStore(w.spend.week.start, w.spend.week.end, store)?.all).reverse();
  const needsOrg = options.audiences.some((a) => a.kind !== 'team');
  const forFinance = options.audiences.some((a) => a.kind === 'finance');
  // The billing period the commitments section reads and finance's chargeback covers.
  const chargeback = commitmentsPeriod(reported, store, week, sources);

  const commitmentsFor = async (audience: 'finance' | 'engineering'): Promise<CommitmentsSectionModel | null> => {
    if (!options.audiences.some((a) => a.kind === audience)) return null;
    const period = chargeback;
    const teamTagKey = configs.commitments.teamTagKey ?? rc.ownerTagKey;
    return buildCommitmentsSection(memo, { commitments: configs.commitments, attribution: configs.attribution, teamTagKey }, audience, period.period, period.covers);
  };
  const [month, anomalies, daily, savings, financeCommitments, engineeringCommitments, kpi, alerts, budgets, usageWeeks] = await Promise.all([
    needsOrg ? monthFigures(memo, configs.forecast, week, reported, status) : null,
    needsOrg ? buildAnomaliesSection(memo, configs.anomalies, week, reported) : null,
    needsOrg ? dailyPoints(memo, week, status, store, reported.lastDay, endedPartialDays(sources)) : [],
    findSavings(memo, configs, catalogue, rc.ownerTagKey, earlierDay(week.end, addDays(reported.lastDay, 1)), forFinance ? rc.costCentreTagKey : undefined),
    commitmentsFor('finance'),
    commitmentsFor('engineering'),
    options.audiences.some((a) => a.kind === 'engineering')
      ? buildKpiSection(memo, { kpi: configs.kpi, commitments: configs.commitments, attribution: configs.attribution, ownerTagKey: configs.commitments.teamTagKey ?? rc.ownerTagKey }, lastReportedDay(week, reported))
      : null,
    needsOrg ? buildAlertsSection(memo, week) : null,
    needsOrg ? buildBudgetSection(memo, { budgets: configs.budgets ?? [], attribution: configs.attribution, forecast: configs.forecast }, lastReportedDay(week, reported)) : null,
    needsOrg ? Promise.all(compared.map((w) => readWeekUsage(memo, w.spend.week, leftOut(w.spend.week)))) : [],
  ]);
  const commitments = { finance: financeCommitments, engineering: engineeringCommitments };
  const [now, before] = compared;
  const [usageNowByTag, usageBeforeByTag] = usageCompared;
  // Each compared week's teams: usage and their share of fees, tax and credits, rounded as one table
  // (team-cents.ts), whose usage row is the engineering split and whose cells are the team e-mails'.
  const teamsByWeek = compared.map((w, i) => teamsWeekCents(w.spend, usageCompared[i].spend));
  const averaged = compared.slice(1).filter((w) => averagedWeek(w.spend.week));
  const ownerKey = now.spend.owner.key;
  const costCentreKey = now.spend.costCentre.key;
  const names = new Map<string, string>();
  for (const w of [...weeks].reverse()) for (const [id, name] of w.spend.accountNames) names.set(id, name);
  for (const w of [...usageWeeks].reverse()) for (const [id, name] of w.accountNames) names.set(id, name);
  const [usageNow, usageBefore] = usageWeeks;
  const orgCuts = {
    service: usageNow ? cutRows(usageNow.service, usageBefore.service, usageNow.usage.billed) : [],
    account: usageNow ? cutRows(usageNow.account, usageBefore.account, usageNow.usage.billed, names) : [],
    owner: cutRows(usageByTeam(teamsByWeek[0]), usageByTeam(teamsByWeek[1]), usageNowByTag.total.billed),
    costCentre: cutRows(usageNowByTag.costCentre, usageBeforeByTag.costCentre, usageNowByTag.total.billed),
  };
  const orgTotals = {
    billed: totalFigures(now.total.billed, before.total.billed, averaged.map((w) => w.total.billed)),
    effective: totalFigures(now.total.effective, before.total.effective, averaged.map((w) => w.total.effective)),
  };
  const usageAveraged = usageWeeks.slice(1, AVERAGE_WEEKS + 1).filter((w) => averagedWeek(w.week));
  const orgUsage = usageNow ? {
    billed: totalFigures(usageNow.usage.billed, usageBefore.usage.billed, usageAveraged.map((w) => w.usage.billed)),
    effective: totalFigures(usageNow.usage.effective, usageBefore.usage.effective, usageAveraged.map((w) => w.usage.effective)),
  } : null;
  const orgClasses = usageNow ? LISTED_CHARGE_CLASSES.filter((c) => c !== 'usage').map((chargeClass) => ({
    chargeClass, current: usageNow.classes.get(chargeClass)!, previous: usageBefore.classes.get(chargeClass)!,
  })) : null;
  const orgMovers = [moversOf('service', orgCuts.service, rc.topMovers), moversOf('account', orgCuts.account, rc.topMovers), moversOf(ownerKey, orgCuts.owner, rc.topMovers)];
  const drivers = needsOrg && usageNow ? await buildMoverDrivers(memo, configs.attribution, week, reported, orgMovers, { week: status.comparedNotInStore, lastWeek: status.lastWeekNotInStore },
    status.endedBefore?.lastWeek ? lastWeekEndedWhy(status.endedBefore.deliveries, status.endedBefore.thisWeek !== null) : null) : null;
  const coverage = (pick: (s: WeekSpend) => KeySpend, key: string) => ({ key, points: trend.map((w) => coveragePoint(w, pick)) });

  const warnings: string[] = [];
  const reports = options.audiences.map((audience): WeeklyReport => {
    const base = {
      week, audience, ownerTagKey: ownerKey, costCentreTagKey: costCentreKey, status, month, anomalies, daily,
      usage: orgUsage, classes: orgClasses, team: null as string | null,
      chargebackSpan: null as WeeklyReport['chargebackSpan'],
      commitments: null as CommitmentsSectionModel | null,
      drivers,
      budgets,
      alerts,
    };
    if (audience.kind === 'finance') {
      return {
        ...base, scope: 'the organisation', totals: orgTotals,
        movers: orgMovers,
        split: { dimension: costCentreKey, rows: orgCuts.costCentre },
        coverage: coverage((s) => s.costCentre, costCentreKey),
        savings: savingsSection(savings, savings.savings, rc.topSavings, 'costCentre'),
        chargebackSpan: chargeback,
        commitments: commitments.finance,
      };
    }
    if (audience.kind === 'engineering') {
      return {
        ...base, scope: 'the organisation', totals: orgTotals,
        movers: orgMovers,
        split: { dimension: ownerKey, rows: orgCuts.owner },
        coverage: coverage((s) => s.owner, ownerKey),
        savings: savingsSection(savings, savings.savings, rc.topSavings, 'owner'),
        commitments: commitments.engineering,
        kpi,
      };
    }
    const team = now.spend.owner.canonical(audience.team);
    const teamTotals = weeks.map((w) => w.owner.get(w.spend.owner.canonical(team)));
    if (teamTotals.every((t) => !t || (t.billed === 0n && t.effective === 0n))) {
      warnings.push(`team ${team} has no ${ownerKey} spend in ${weeks.at(-1)!.spend.week.label} to ${week.label}; check report.audiences.teams against \`costlens attribute --tag ${ownerKey}\``);
    }
    // Each compared week: the team's usage and its share of fees, tax and credits, its cells of the teams' table.
    const teamWeeks = compared.map((w, i) => teamWeekCents(teamsByWeek[i], w.spend, usageCompared[i].spend, team));
    const [t0, t1] = teamWeeks;
    const teamAveraged = teamWeeks.slice(1).filter((_, i) => averagedWeek(usageCompared[i + 1].spend.week));
    const serviceRows = cutRows(t0.service, t1.service, t0.usage.billed);
    return {
      ...base, month: null, anomalies: null, daily: [], drivers: null, budgets: null, alerts: null,
      scope: `team ${team}`, team,
      totals: {
        billed: totalFigures(t0.total.billed, t1.total.billed, []),
        effective: totalFigures(t0.total.effective, t1.total.effective, []),
      },
      usage: {
        billed: totalFigures(t0.usage.billed, t1.usage.billed, teamAveraged.map((t) => t.usage.billed)),
        effective: totalFigures(t0.usage.effective, t1.usage.effective, teamAveraged.map((t) => t.usage.effective)),
      },
      // Its share of fees, tax and credits (shared-cost rules included), listed but not compared.
      classes: [{ chargeClass: 'posted', current: t0.posted, previous: t1.posted }],
      movers: [moversOf('service', serviceRows, rc.topMovers), moversOf('account', cutRows(t0.account, t1.account, t0.usage.billed, names), rc.topMovers)],
      split: { dimension: 'service', rows: serviceRows },
      coverage: null,
      savings: savingsSection(savings, savings.savings.filter((s) => s.owner === savings.canonicalOwner(team)), rc.topSavings, null),
    };
  });
  return { week, reports, warnings };
}

/** The cents of the lines `whole` holds and `without` does not, the exact difference rounded once. */
function centsLeftOut(whole: Amounts, without: Amounts): Cents {
  const less = (a: Exact, b: Exact) => roundToCents(addExact(a, { num: -b.num, den: b.den }));
  return { billed: less(whole.billed, without.billed), effective: less(whole.effective, without.effective) };
}

/** This week, last week, and the mean of the earlier weeks' rounded totals (half away from zero). */
export function totalFigures(current: bigint, previous: bigint, earlier: bigint[]): TotalFigures {
  const n = BigInt(earlier.length);
  let average: bigint | null = null;
  if (n > 0n) average = divideRounded(earlier.reduce((s, x) => s + x, 0n), n);
  return { ...compare(current, previous), average, averageWeeks: earlier.length, vsAverage: average === null ? null : compare(current, average) };
}

function moversOf(dimension: string, rows: CutRow[], n: number): { dimension: string; rows: CutRow[] } {
  return { dimension, rows: topMovers(rows, n) };
}

function coveragePoint(w: WeekCents, pick: (s: WeekSpend) => KeySpend): CoveragePoint {
  const c = pick(w.spend).coverage;
  const classes = new Map<string, Amounts>([['1 tagged', c.tagged], ['2 shared', c.shared], ['3 accountDefault', c.accountDefault], ['4 untagged', c.untagged]]);
  const cents = roundCut(classes, w.total);
  const billed = (k: string) => cents.get(k)?.billed ?? 0n;
  return {
    week: w.spend.week, total: w.total.billed,
    tagged: billed('1 tagged'), shared: billed('2 shared'), accountDefault: billed('3 accountDefault'), untagged: billed('4 untagged'),
    coverageTenths: shareTenths(billed('1 tagged'), w.total.billed),
  };
}
