/**
 * The "Untagged spend and … tag coverage" section: this week's untagged usage and coverage, then
 * the trend of the weeks before, each week's usage split into tagged, account default, shared and
 * untagged. Usage, as the splits and movers measure spend: fees, tax and credits post once a
 * billing period and seldom carry a tag, so a week holding the 1st would dip with no change in tagging.
 */
import type { LayoutSection } from './layout-parts.ts';
import type { CoveragePoint, DataStatus } from './model.ts';
import type { IsoWeek } from './week.ts';
import { formatPercentTenths, formatUsd } from '../lib/money.ts';
import { trendWeekLabel } from './layout-comparison.ts';
import { endedDeliveriesPhrase } from '../analyze/ended-delivery.ts';
import { andList, capitalised } from '../lib/text.ts';

/** What the coverage figures measure, and how they differ from attribute --coverage's and the Attribution page's. */
export const COVERAGE_NOTE = 'Coverage is the tagged usage BilledCost over the week\'s usage, as the tables above measure spend: fees, tax and credits post '
  + 'once a billing period (often on the 1st) and seldom carry a tag, so a week holding them would dip with no change in tagging. '
  + 'Each line is counted once, in the class costlens attribute --coverage gives it; that command and the Attribution page measure every charge of a billing period, fees and tax included.';

/** The coverage section of `coverage` (the tag key and its weekly points) for the report `week`. */
export function coverageLayoutSection(coverage: { key: string; points: CoveragePoint[] }, week: IsoWeek, status: DataStatus): LayoutSection {
  const points = coverage.points;
  const last = points.at(-1);
  // The trend leaves out weeks the store holds no day of: its last point is this week only when this week has data.
  const thisWeek = last && last.week.start === week.start ? last : null;
  return {
    id: 'coverage', title: `Untagged spend and ${coverage.key} tag coverage`,
    paragraphs: [thisWeek
      ? `${formatUsd(thisWeek.untagged)} of ${formatUsd(thisWeek.total)} of usage carried no ${coverage.key} tag this week; coverage ${formatPercentTenths(thisWeek.coverageTenths)}.`
      : `This week has no billing data in the store, so no coverage; the weeks before it are listed.`],
    chart: 'trend',
    tables: [{
      columns: ['Week', 'Usage', 'Tagged', 'Account default', 'Shared', 'Untagged', 'Coverage'],
      numeric: [false, true, true, true, true, true, true],
      rows: points.map((p) => [trendWeekLabel(p.week, status), formatUsd(p.total), formatUsd(p.tagged), formatUsd(p.accountDefault), formatUsd(p.shared), formatUsd(p.untagged), formatPercentTenths(p.coverageTenths)]),
    }],
    notes: [COVERAGE_NOTE, ...endedTrendNote(points, status)],
  };
}

/**
 * What the trend's weeks hold of a delivery that has ended (CoveragePoint.ended), in a note: `2018-W45 and 2018-W46
 * leave out the lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018), as the tables
 * above compare them; 2018-W43 and 2018-W44 hold them: the other deliveries' data does not cover those weeks whole,
 * so they are not compared.`; none when no week holds any.
 */
function endedTrendNote(points: readonly CoveragePoint[], status: DataStatus): string[] {
  const weeks = (leftOut: boolean) => points.filter((p) => p.ended?.leftOut === leftOut);
  const [without, holding] = [weeks(true), weeks(false)];
  if (without.length + holding.length === 0) return [];
  const sources = new Set([...without, ...holding].flatMap((p) => p.ended!.sources));
  const ended = (status.endedBefore?.deliveries ?? []).filter((own) => own.sources.some((source) => sources.has(source)));
  const delivery = ended.length > 0 ? endedDeliveriesPhrase(ended) : `${[...sources].join(', ')} (a delivery that has ended)`;
  const labels = (list: CoveragePoint[]) => andList(list.map((p) => trendWeekLabel(p.week, status)));
  const parts = [
    ...(without.length > 0 ? [`${labels(without)} ${without.length === 1 ? 'leaves' : 'leave'} out the lines of ${delivery}, as the tables above compare ${without.length === 1 ? 'it' : 'them'}`] : []),
    ...(holding.length > 0 ? [`${labels(holding)} ${holding.length === 1 ? 'holds' : 'hold'} ${without.length > 0 ? 'them' : `the lines of ${delivery}`}: the other deliveries' data does not cover ${holding.length === 1 ? 'that week' : 'those weeks'} whole, so ${holding.length === 1 ? 'it is' : 'they are'} not compared`] : []),
  ];
  return [`${capitalised(parts.join('; '))}.`];
}
