/**
 * A team's weekly report (`--audience team:NAME`): its usage compared with last week and the weeks
 * averaged, its share of fees, tax and credits listed beside it, its total, its usage by service and
 * account, movers and savings, each week's figures its cells of the teams' table (team-cents.ts). In a
 * week a delivery that has ended stops inside, the team's spend is its whole week, and its "Delivery
 * ended" warning and flag are about its own part of the lines left out (teamEndedBefore).
 */
import type { ReportWeeks } from './build-weeks.ts';
import { cutRows } from './cuts.ts';
import { teamEndedBefore, type WeeksLeftOutRead } from './ended-left-out.ts';
import { moversOf, shownOf, totalFigures } from './figures.ts';
import type { Audience, WeeklyReport } from './model.ts';
import { savingsSection, type SavingsWaiting } from './savings.ts';
import { type TeamCents, teamWeekCents } from './team-cents.ts';
import type { IsoWeek } from './week.ts';
import { daysHeldOf, type StoreDays } from '../lib/store-days.ts';

/** What every audience's report shares that a team's keeps: the week, its status, the keys. */
export type TeamReportBase = Pick<WeeklyReport, 'week' | 'ownerTagKey' | 'costCentreTagKey' | 'status'>;

/** What a team's report is built from besides the week's reads. */
export interface TeamReportInputs {
  /** The teams' table of each week compared (teamsWeekCents), in ReportWeeks.spans' order. */
  teamsByWeek: Map<string, TeamCents>[];
  /** Whether a span compared is one the 4-week average takes (DataStatus.averaged). */
  averagedWeek: (w: IsoWeek) => boolean;
  /** Account names by id. */
  names: ReadonlyMap<string, string>;
  topMovers: number;
  topSavings: number;
  savings: SavingsWaiting;
  /** The weeks left out of the average for a delivery's end (EndedBeforeStatus.weeksLeftOut), each read whole and without that delivery's lines. */
  weeksLeftOut: WeeksLeftOutRead;
  /** The days the store holds (its gaps). */
  store: StoreDays;
}

/**
 * The report of `audience` (a team), and a warning when the team has no spend in the weeks read
 * (`warnings` gets it): a configured team no tag value names.
 */
export function teamReport(base: TeamReportBase, audience: Extract<Audience, { kind: 'team' }>, weeks: ReportWeeks, inputs: TeamReportInputs, warnings: string[]): WeeklyReport {
  const { whole, compared, usage } = weeks;
  const now = compared[0];
  const ownerKey = base.ownerTagKey;
  const team = now.spend.owner.canonical(audience.team);
  const teamTotals = whole.map((w) => w.owner.get(w.spend.owner.canonical(team)));
  if (teamTotals.every((t) => !t || (t.billed === 0n && t.effective === 0n))) {
    // The weeks read that the store holds days of: a week in a gap holds no spend of anyone.
    const held = whole.map((w) => w.spend.week).filter((w) => daysHeldOf(w.start, w.last, inputs.store).runs.length > 0);
    const from = (held.at(-1) ?? base.week).label;
    warnings.push(`team ${team} has no ${ownerKey} spend in ${from === base.week.label ? from : `${from} to ${base.week.label}`}; check report.audiences.teams against \`costlens attribute --tag ${ownerKey}\``);
  }
  // Each compared week: the team's usage and its share of fees, tax and credits, its cells of the teams' table.
  const teamWeeks = compared.map((w, i) => teamWeekCents(inputs.teamsByWeek[i], w.spend, usage[i].spend, team));
  const [t0, t1] = teamWeeks;
  const teamAveraged = teamWeeks.slice(1).filter((_, i) => inputs.averagedWeek(usage[i + 1].spend.week));
  const serviceRows = cutRows(t0.service, t1.service, t0.usage.billed);
  const { savings } = inputs;
  return {
    ...base, audience, month: null, anomalies: null, daily: [], drivers: null, budgets: null, alerts: null, chargebackSpan: null, commitments: null,
    // The delivery's end as the team's figures hold it: its own lines left out, its whole week's spend.
    status: { ...base.status, endedBefore: teamEndedBefore(base.status.endedBefore, weeks, team, inputs.weeksLeftOut) },
    scope: `team ${team}`, team,
    totals: {
      billed: totalFigures(shownOf(t0.total, 'billed'), shownOf(t1.total, 'billed'), []),
      effective: totalFigures(shownOf(t0.total, 'effective'), shownOf(t1.total, 'effective'), []),
    },
    usage: {
      billed: totalFigures(shownOf(t0.usage, 'billed'), shownOf(t1.usage, 'billed'), teamAveraged.map((t) => shownOf(t.usage, 'billed'))),
      effective: totalFigures(shownOf(t0.usage, 'effective'), shownOf(t1.usage, 'effective'), teamAveraged.map((t) => shownOf(t.usage, 'effective'))),
    },
    // Its share of fees, tax and credits (shared-cost rules included), listed but not compared.
    classes: [{ chargeClass: 'posted', current: t0.posted, previous: t1.posted }],
    movers: [moversOf('service', serviceRows, inputs.topMovers), moversOf('account', cutRows(t0.account, t1.account, t0.usage.billed, inputs.names), inputs.topMovers)],
    split: { dimension: 'service', rows: serviceRows },
    coverage: null,
    savings: savingsSection(savings, savings.savings.filter((s) => s.owner === savings.canonicalOwner(team)), inputs.topSavings, null),
  };
}
