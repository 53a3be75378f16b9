/**
 * The "Untagged spend and … tag coverage" section: this week's untagged BilledCost and coverage,
 * then the trend of the weeks before, each week split into tagged, account default, shared and
 * untagged.
 */
import type { LayoutSection } from './layout-parts.ts';
import type { CoveragePoint, DataStatus } from './model.ts';
import type { IsoWeek } from './week.ts';
import { formatPercentTenths, formatUsd } from '../lib/money.ts';
import { trendWeekLabel } from './layout-comparison.ts';

/** The coverage section of `coverage` (the tag key and its weekly points) for the report `week`. */
export function coverageLayoutSection(coverage: { key: string; points: CoveragePoint[] }, week: IsoWeek, status: DataStatus): LayoutSection {
  const points = coverage.points;
  const last = points.at(-1);
  // The trend leaves out weeks the store holds no day of: its last point is this week only when this week has data.
  const thisWeek = last && last.week.start === week.start ? last : null;
  return {
    id: 'coverage', title: `Untagged spend and ${coverage.key} tag coverage`,
    paragraphs: [thisWeek
      ? `${formatUsd(thisWeek.untagged)} of ${formatUsd(thisWeek.total)} carried no ${coverage.key} tag this week; coverage ${formatPercentTenths(thisWeek.coverageTenths)}.`
      : `This week has no billing data in the store, so no coverage; the weeks before it are listed.`],
    chart: 'trend',
    tables: [{
      columns: ['Week', 'Total', 'Tagged', 'Account default', 'Shared', 'Untagged', 'Coverage'],
      numeric: [false, true, true, true, true, true, true],
      rows: points.map((p) => [trendWeekLabel(p.week, status), formatUsd(p.total), formatUsd(p.tagged), formatUsd(p.accountDefault), formatUsd(p.shared), formatUsd(p.untagged), formatPercentTenths(p.coverageTenths)]),
    }],
    notes: ['Coverage is the tagged BilledCost over the week total; each line is counted once, as costlens attribute --coverage counts it.'],
  };
}
