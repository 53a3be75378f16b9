/**
 * Builds the weekly reports of one ISO week for the audiences asked for, from one pass over the
 * store: the report week and the weeks before it (for last week, the 4-week average and the
 * coverage trend), the month to date and forecast, the week's anomalies and the savings waiting.
 */
import type { AttributionConfig } from '../analyze/attribution/index.ts';
import type { CommitmentsConfig } from '../analyze/commitments/index.ts';
import { addDays, billingDaySpan, storeDays } from '../analyze/billing-calendar.ts';
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
import { cutRows } from './cuts.ts';
import { sharingReads } from '../engine/shared-reads.ts';
import { monthFigures } from './month.ts';
import type { Audience, WeeklyReport } from './model.ts';
import { findSavings, savingsSection } from './savings.ts';
import { type KeySpend, readWeekSpend, type WeekSpend } from './spend.ts';
import { teamsWeekCents, usageByTeam } from './team-cents.ts';
import { readWeekUsage } from './usage.ts';
import { AVERAGE_WEEKS, comparedDaysOf, dailyPoints, dataStatus, spanForWeek, weekDaysRead } from './week-data.ts';
import { endedAroundWeek, weekSourceEnd } from './week-source-end.ts';
import { withUsageLeftOut } from './ended-left-out.ts';
import { endedNotCompared } from './layout-comparison.ts';
import { LISTED_CHARGE_CLASSES } from '../store/charge-class.ts';
import { earlierDay } from '../lib/calendar.ts';
import { readSourceSpans } from '../analyze/source-spans.ts';
import { provisionalFromOf } from '../analyze/provisional-from.ts';
import { endedPartialDays } from '../analyze/ended-delivery.ts';
import { checkWeekInData, checkWeekNotInGap, defaultReportWeek, type IsoWeek, lastReportedDay, shiftWeek } from './week.ts';
import { readReportWeeks } from './build-weeks.ts';
import { invoicedPeriodsHolding } from './provisional-invoiced.ts';
import { coveragePoint, readCoverageTrend } from './coverage-trend.ts';
import { moversOf, shownOf, totalFigures } from './figures.ts';
import { teamReport } from './build-team.ts';

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
export { totalFigures } from './figures.ts';

/** What {@link buildWeeklyReports} made. */
export interface BuiltReports {
  week: IsoWeek;
  reports: WeeklyReport[];
  /** Things a reader of the run should know (a configured team with no spend, …). */
  warnings: string[];
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
  // The default week is refused when it lies wholly in a gap (defaultReportWeek), a given one here.
  const week = options.week ?? defaultReportWeek(span, store);
  checkWeekInData(week, span, store);
  // A week wholly in a gap between deliveries holds no day to report on: refused, as the forecast refuses a month in a gap.
  checkWeekNotInGap(week, store);
  const keys = { owner: rc.ownerTagKey, costCentre: rc.costCentreTagKey };
  const history = Math.max(rc.trendWeeks, AVERAGE_WEEKS + 1);
  // The sections read the store independently: their queries run at once (each on its own connection).
  const sources = await readSourceSpans(memo, span);
  // Before a gap the week's data ends at its own delivery's data horizon, not at a partial day of it (week-source-end.ts).
  const sourceEnd = await weekSourceEnd(memo, span, store, week, sources);
  // A delivery that has ended inside the week, the others' data running on, does not end it: the week is read whole (endedAroundWeek).
  const reported = spanForWeek(span, store, week, sourceEnd);
  const comparedDays = comparedDaysOf(week, reported);
  // This week's spend is read up to where its data ends: none of a week whose data ends before its Monday (a partial day).
  const thisWeek = weekDaysRead(week, reported);
  // Provisional days (the daily chart's lighter bars, the alert, the subject) are those anomalies leaves
  // unjudged and the Overview draws lighter: anomalies.provisionalDays. The forecast reads its own key.
  // They are counted back from the data horizon of the delivery holding the days the week reads (provisional-from.ts).
  const provisionalFrom = provisionalFromOf(sources, earlierDay(week.start, reported.lastDay), lastReportedDay(week, reported), configs.anomalies.provisionalDays);
  const provisionalSources = sources.sourcesOf(sources.ofRange(earlierDay(week.start, reported.lastDay), lastReportedDay(week, reported)));
  // The weeks compared, this one too, are read without the data of a delivery that has ended before it or inside it: its end is no drop in spend.
  const ended = endedAroundWeek(week, sources, shiftWeek(week, -AVERAGE_WEEKS).start, lastReportedDay(week, reported));
  const weekStatus = dataStatus(span, store, week, configs.anomalies.provisionalDays, comparedDays, sourceEnd, provisionalFrom, ended);
  const weeks = await readReportWeeks(memo, {
    attribution: configs.attribution, keys, week, thisWeek, comparedDays, history, ended,
  });
  const { compared, usage: usageCompared } = weeks;
  // Provisional days of an invoiced billing period: final in costlens status, treated as provisional all the same.
  const provisionalInvoiced = await invoicedPeriodsHolding(memo, weekStatus.provisionalDays, provisionalSources, addDays(reported.lastDay, 1));
  const status = withUsageLeftOut({ ...weekStatus, provisionalSources, provisionalInvoiced }, weeks);
  // The average takes the weeks wholly in the store (status.averaged, which the e-mail names).
  const averagedWeek = (w: IsoWeek) => status.averaged.some((a) => a.start === w.start);
  // The coverage trend is of usage too, each week read as the comparisons read it (coverage-trend.ts).
  const trend = await readCoverageTrend(memo, { attribution: configs.attribution, keys, week, thisWeek: usageCompared[0], trendWeeks: rc.trendWeeks, ended, store });
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
    // The daily chart draws the weeks as they are compared: without the lines each leaves out (a delivery that has ended),
    // a partial day of a delivery that has ended marked where its bar holds that delivery's lines.
    needsOrg ? dailyPoints(memo, week, status, store, reported.lastDay, { partialDays: endedPartialDays(sources), leftOut: { thisWeek: weeks.leftOut[0], lastWeek: weeks.leftOut[1] } }) : [],
    findSavings(memo, configs, catalogue, rc.ownerTagKey, earlierDay(week.end, addDays(reported.lastDay, 1)), forFinance ? rc.costCentreTagKey : undefined),
    commitmentsFor('finance'),
    commitmentsFor('engineering'),
    options.audiences.some((a) => a.kind === 'engineering')
      ? buildKpiSection(memo, { kpi: configs.kpi, commitments: configs.commitments, attribution: configs.attribution, ownerTagKey: configs.commitments.teamTagKey ?? rc.ownerTagKey }, lastReportedDay(week, reported))
      : null,
    needsOrg ? buildAlertsSection(memo, week) : null,
    needsOrg ? buildBudgetSection(memo, { budgets: configs.budgets ?? [], attribution: configs.attribution, forecast: configs.forecast }, lastReportedDay(week, reported)) : null,
    needsOrg ? Promise.all(compared.map((w, i) => readWeekUsage(memo, w.spend.week, weeks.leftOut[i]))) : [],
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
  for (const w of [...weeks.whole].reverse()) for (const [id, name] of w.spend.accountNames) names.set(id, name);
  for (const w of [...usageWeeks].reverse()) for (const [id, name] of w.accountNames) names.set(id, name);
  const [usageNow, usageBefore] = usageWeeks;
  const orgCuts = {
    service: usageNow ? cutRows(usageNow.service, usageBefore.service, usageNow.usage.billed) : [],
    account: usageNow ? cutRows(usageNow.account, usageBefore.account, usageNow.usage.billed, names) : [],
    owner: cutRows(usageByTeam(teamsByWeek[0]), usageByTeam(teamsByWeek[1]), usageNowByTag.total.billed),
    costCentre: cutRows(usageNowByTag.costCentre, usageBeforeByTag.costCentre, usageNowByTag.total.billed),
  };
  const orgTotals = {
    billed: totalFigures(shownOf(now.total, 'billed'), shownOf(before.total, 'billed'), averaged.map((w) => shownOf(w.total, 'billed'))),
    effective: totalFigures(shownOf(now.total, 'effective'), shownOf(before.total, 'effective'), averaged.map((w) => shownOf(w.total, 'effective'))),
  };
  const usageAveraged = usageWeeks.slice(1, AVERAGE_WEEKS + 1).filter((w) => averagedWeek(w.week));
  const orgUsage = usageNow ? {
    billed: totalFigures(shownOf(usageNow.usage, 'billed'), shownOf(usageBefore.usage, 'billed'), usageAveraged.map((w) => shownOf(w.usage, 'billed'))),
    effective: totalFigures(shownOf(usageNow.usage, 'effective'), shownOf(usageBefore.usage, 'effective'), usageAveraged.map((w) => shownOf(w.usage, 'effective'))),
  } : null;
  const orgClasses = usageNow ? LISTED_CHARGE_CLASSES.filter((c) => c !== 'usage').map((chargeClass) => ({
    chargeClass, current: usageNow.classes.get(chargeClass)!, previous: usageBefore.classes.get(chargeClass)!,
  })) : null;
  const orgMovers = [moversOf('service', orgCuts.service, rc.topMovers), moversOf('account', orgCuts.account, rc.topMovers), moversOf(ownerKey, orgCuts.owner, rc.topMovers)];
  // The drivers explain the weeks as they are compared: without the lines each leaves out, or not at all when the delivery's end keeps them from being compared.
  const endedDrivers = { notCompared: endedNotCompared(week, status)?.why ?? null, leftOut: { old: weeks.leftOut[1], new: weeks.leftOut[0] } };
  const drivers = needsOrg && usageNow ? await buildMoverDrivers(memo, configs.attribution, week, reported, orgMovers, { week: status.comparedNotInStore, lastWeek: status.lastWeekNotInStore }, endedDrivers) : null;
  const coverage = (pick: (s: WeekSpend) => KeySpend, key: string) => ({ key, points: trend.map((w) => coveragePoint(w, pick)) });
  // The weeks left out of the average for a delivery's end, read whole and without its lines: whether they hold a team's lines of it.
  const endedSources = ended.deliveries.flatMap((own) => own.sources);
  const readBoth = async (w: IsoWeek) => ({ whole: await readWeekSpend(memo, configs.attribution, keys, w), without: await readWeekSpend(memo, configs.attribution, keys, w, 'all', endedSources) });
  const weeksLeftOut = options.audiences.some((a) => a.kind === 'team') ? await Promise.all((status.endedBefore?.weeksLeftOut ?? []).map(readBoth)) : [];

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
    return teamReport(base, audience, weeks, { teamsByWeek, averagedWeek, names, topMovers: rc.topMovers, topSavings: rc.topSavings, savings, weeksLeftOut, store }, warnings);
  });
  return { week, reports, warnings };
}
