/**
 * The commitment analyses on a pinned store generation for the Commitments page and its charts:
 * the report of a billing period (as `costlens commitments --period P --format json` gives it),
 * the figures over every billing period, and coverage per account, each computed once per
 * generation. The charts read them as analysis sources.
 */
import { allInGaps, analyseCommitments, type ChosenPeriod, type CommitmentsGrouping, commitmentsJson, defaultCommitmentsPeriod, unusedCostCentsText } from '../../../analyze/commitments/index.ts';
import { billingPeriodBounds, type AttributionRange } from '../../../analyze/attribution/index.ts';
import { addDays, billingDataDays, type BillingDaySpan, storeDays } from '../../../analyze/billing-calendar.ts';
import { daySpan, earlierDay, laterDay, monthEnd, monthLabel } from '../../../lib/calendar.ts';
import type { StoreDays } from '../../../lib/store-days.ts';
import type { QueryParam } from '../../../engine/queries.ts';
import { CostlensError } from '../../../errors.ts';
import type { AnalysisSource, Analyses } from '../../analysis-service.ts';
import { refuseDaysOutsideData } from '../../data-days.ts';
import { FieldError } from '../../field-error.ts';
import { FilterReader, readSelection } from '../../filters.ts';

/** The report `costlens commitments --format json` prints. */
export type CommitmentsReport = ReturnType<typeof commitmentsJson>;

/**
 * The report's owner tag key when the server was given the whole config file (its `report`
 * section is not an analysis section, so it is read without importing the report layer), else
 * the report's default, `team`.
 */
function reportOwnerTagKey(config: object): string {
  return (config as { report?: { ownerTagKey?: string } }).report?.ownerTagKey ?? 'team';
}

/** The commitments report of a range, grouped by `by`, cached per generation. */
export async function commitmentsReport(analyses: Analyses, range: AttributionRange, label: string, by: CommitmentsGrouping = 'commitment'): Promise<CommitmentsReport> {
  const key = `commitments\u0000${JSON.stringify([range, by])}`;
  return (await analyses.cached(key, async () => {
    const config = analyses.config;
    const analysis = await analyseCommitments(analyses.engine, {
      commitments: config.commitments, attribution: config.attribution, teamTagKey: config.commitments.teamTagKey ?? reportOwnerTagKey(config),
    }, { range, label, by, outlook: by === 'commitment' && label !== 'all' });
    return commitmentsJson(analysis);
  })).value;
}

/** The report of one billing period (`YYYY-MM`). */
export function periodReport(analyses: Analyses, period: string, by: CommitmentsGrouping = 'commitment'): Promise<CommitmentsReport> {
  return commitmentsReport(analyses, billingPeriodBounds(period), period, by);
}

/** Every billing period of the store, for figures over time. */
export function allPeriodsReport(analyses: Analyses): Promise<CommitmentsReport> {
  return commitmentsReport(analyses, {}, 'all');
}

/**
 * The default period, as `costlens commitments` picks it (src/analyze/commitments/days.ts): the last
 * month up to the data horizon complete by every delivery holding it (analyses.sourceSpans), or the
 * horizon's month, up to the horizon, when the store does not hold that month (`notInStore` says
 * which and why). Undefined for a store without usage.
 */
export async function defaultCommitments(analyses: Analyses): Promise<ChosenPeriod | undefined> {
  const [span, spans] = await Promise.all([analyses.billingSpan(), analyses.sourceSpans()]);
  if (!span || !spans) return undefined;
  return defaultCommitmentsPeriod(span, await daysOfStore(analyses, span), spans);
}

/** The store's days and the gaps between its billing periods, read once per generation. */
async function daysOfStore(analyses: Analyses, span: BillingDaySpan): Promise<StoreDays> {
  return (await analyses.cached('commitments\u0000store-days', () => storeDays(analyses.engine, span))).value;
}

/**
 * The period a request names (`period=YYYY-MM`, checked by src/analyze/selection.ts), else the
 * default ({@link defaultCommitments}). A period holding no day of the store's billing data is a
 * 400 naming `period` and the store's days (src/server/data-days.ts), as `costlens commitments
 * --period` refuses it; so is one whose days all lie in a gap between billing periods.
 */
export async function requestedPeriod(analyses: Analyses, value: string | undefined): Promise<string> {
  const selection = readSelection({ period: value === '' ? undefined : value });
  const chosen = await defaultCommitments(analyses);
  if (!chosen) throw new CostlensError('not_found', 'the store holds no billing data', { hint: 'ingest billing files first: costlens ingest PATH' });
  if (selection.kind !== 'period') return chosen.period;
  const period = selection.period;
  const days = { start: `${period}-01`, end: billingPeriodBounds(period).billingTo! };
  const given = `period ${period} (${daySpan(days.start, addDays(days.end, -1))})`;
  const hint = (data: { first: string; last: string }) => {
    const [first, last] = [data.first.slice(0, 7), data.last.slice(0, 7)];
    return first === last ? `give period ${first}, or leave period out` : `give a period from ${first} to ${last}, or leave period out for ${chosen.period}`;
  };
  await refuseDaysOutsideData(analyses, { param: 'period', given, days, hint });
  const span = (await analyses.billingSpan())!;
  const gaps = allInGaps(days.start, days.end, span, await daysOfStore(analyses, span));
  if (gaps) throw new FieldError('period', `${given} is not in the store: ${gaps}`, { hint: hint(billingDataDays(span)) });
  return period;
}

/** The report of the period an analysis request names (its only filter), for the sources below. */
async function requestedReport(analyses: Analyses, filters: Record<string, string[]>, source: string): Promise<{ period: string; report: CommitmentsReport }> {
  const period = await requestedPeriod(analyses, new FilterReader(filters, source, ['period']).one('period'));
  return { period, report: await periodReport(analyses, period) };
}

const PERIOD_PARAM: QueryParam = { name: 'period', type: 'VARCHAR', defaultValue: '', description: 'YYYY-MM: the billing period (default: the last complete month up to the data horizon)' };

/**
 * A billing period as the charts name it: `Oct 2026` when the store holds all its days, else the
 * month and the days it holds (`Dec 2026 (1–6 Dec)`: the data horizon cuts it, or the data begins
 * inside it), so a part of a month is not read as a whole one. A store of whole monthly bills
 * (no daily usage) names its periods alone.
 */
export function periodLabel(period: string, span: BillingDaySpan | undefined): string {
  const [first, last] = [`${period}-01`, monthEnd(`${period}-01`)];
  if (!span || span.wholeBillsOnly) return monthLabel(period);
  const [from, to] = [laterDay(first, span.firstDay.slice(0, 10)), earlierDay(last, span.lastDay.slice(0, 10))];
  if ((from === first && to === last) || from > to) return monthLabel(period);
  return `${monthLabel(period)} (${daySpan(from, to, false)})`;
}

/** `commitments/over_time`: utilisation and coverage percentages per billing period. */
const overTimeSource: AnalysisSource = {
  name: 'commitments/over_time',
  description: 'Per billing period (label: the month, with the days the store holds of a month it holds only part of, `Dec 2026 (1–6 Dec)`): commitment utilisation (share of commitment cost used; RI hours; Savings Plan dollars) and coverage (eligible instance hours; on-demand-equivalent cost), as `costlens commitments` defines them.',
  params: [],
  returns: ['period', 'label', 'measure', 'percent'],
  async compute(analyses, filters) {
    new FilterReader(filters, 'commitments/over_time', []);
    const report = await allPeriodsReport(analyses);
    const span = await analyses.billingSpan();
    const rows: (string | null)[][] = [];
    for (const p of report.byPeriod) {
      for (const [measure, value] of [['utilisation', p.utilisationPercent], ['coverage (hours)', p.coveragePercent], ['coverage (cost)', p.coverageCostPercent]] as const) {
        if (value !== null) rows.push([p.period, periodLabel(p.period, span), measure, String(value)]);
      }
    }
    return { params: {}, columns: this.returns, types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE'], rows };
  },
};

/**
 * `commitments/by_commitment`: each commitment of a period with its unused cost (exact, and
 * `unused_cost_shown`: to the cent as the page's table and `costlens commitments` write it, the
 * largest-remainder share of the period's unused commitment cost, which the chart draws and its
 * description states, so they add up to the headline), end and monthly value.
 */
const byCommitmentSource: AnalysisSource = {
  name: 'commitments/by_commitment',
  description: 'Each Reserved Instance and Savings Plan of a billing period: its unused commitment cost (exact; and to the cent as shown, the commitments\' shares of the period\'s unused commitment cost rounded by largest remainder, adding up to it), utilisation, term end and monthly value.',
  params: [PERIOD_PARAM],
  returns: ['commitment', 'arn', 'type', 'end', 'utilisation_pct', 'unused_cost', 'unused_cost_shown', 'monthly_value'],
  async compute(analyses, filters) {
    const { period, report } = await requestedReport(analyses, filters, 'commitments/by_commitment');
    const shown = unusedCostCentsText(report);
    return {
      params: { period },
      columns: this.returns,
      types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMP', 'DOUBLE', 'DECIMAL(38,10)', 'DECIMAL(38,2)', 'DECIMAL(38,10)'],
      rows: report.commitments.map((c, i) => [shortId(c.arn), c.arn, c.type, c.end, c.utilisationPercent === null ? null : String(c.utilisationPercent), c.unusedCost, shown[i], c.monthlyValue]),
    };
  },
};

/**
 * `commitments/term_ends`: each commitment of a period whose term end the bill states (CUR's
 * reservation and Savings Plan end times; FOCUS carries none), with its monthly value (null where
 * the bill cannot say): the rows the expiry timeline can place on its time axis.
 */
const termEndsSource: AnalysisSource = {
  name: 'commitments/term_ends',
  description: 'Each Reserved Instance and Savings Plan of a billing period whose term end the bill states: its end and monthly value (commitments without a stated end are left out).',
  params: [PERIOD_PARAM],
  returns: ['commitment', 'arn', 'type', 'end', 'monthly_value'],
  async compute(analyses, filters) {
    const { period, report } = await requestedReport(analyses, filters, 'commitments/term_ends');
    return {
      params: { period },
      columns: this.returns,
      types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMP', 'DECIMAL(38,10)'],
      rows: report.commitments.filter((c) => c.end !== null).map((c) => [shortId(c.arn), c.arn, c.type, c.end, c.monthlyValue]),
    };
  },
};

/** The last part of an ARN (`reserved-instances/3a2944f2-…` → `3a2944f2-…`), for labels. */
export function shortId(arn: string): string {
  return arn.split(/[/:]/).pop() ?? arn;
}

export const COMMITMENTS_SOURCES: AnalysisSource[] = [overTimeSource, byCommitmentSource, termEndsSource];
