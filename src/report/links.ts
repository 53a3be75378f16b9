/**
 * The dashboard page behind each section of the e-mail, with the filters that show the same days,
 * tag key and owner as the section: the reader who wants more than the e-mail holds is one tap
 * away from it. Paths and filters are those of src/server/pages (Explore, Attribution, Overview,
 * Optimisation); the base is the public URL (public-url.ts).
 */
import type { WeeklyReport } from './model.ts';
import { pageUrl } from './public-url.ts';
import { shiftWeek } from './week.ts';
import { driversSectionLink } from './drivers-section.ts';
import { monthToDateName } from '../analyze/month-names.ts';
import { capitalised } from '../lib/text.ts';

import type { SectionLink } from './layout-parts.ts';

export type { SectionLink } from './layout-parts.ts';

/**
 * The link of every section a report can have, by section id (`totals`, `daily`, `month`,
 * `split`, `movers`, `drivers`, `anomalies`, `coverage`, `savings`, `commitments`, `kpi`, `budgets`, `alerts`), starting with `base`. A new section of
 * layout.ts adds its link here (tests/report/email-screens.test.ts wants one under every section).
 */
export function sectionLinks(report: WeeklyReport, base: string): Record<string, SectionLink> {
  const { week } = report;
  const before = shiftWeek(week, -1);
  const teamTag = report.ownerTagKey;
  const splitTag = report.audience.kind === 'finance' ? report.costCentreTagKey : teamTag;
  const weekOnly = { start: week.start, end: week.end, cost: 'billed' };
  const bothWeeks = { start: before.start, end: week.end, cost: 'billed' };
  const attribution = (tag: string, start: string) => pageUrl(base, '/attribution', { tag, start, end: week.end, cost: 'billed' });
  const coverageStart = report.coverage?.points[0]?.week.start ?? week.start;
  const savingsOwnerKey = report.audience.kind === 'finance' ? report.costCentreTagKey : teamTag;
  return {
    totals: report.audience.kind === 'team'
      ? { text: `Every ${teamTag}'s spend this week in Attribution`, href: attribution(teamTag, week.start) }
      : { text: 'This week by service in Explore', href: pageUrl(base, '/explore', { dimension: 'service', ...weekOnly }) },
    daily: { text: 'Both weeks day by day in Explore', href: pageUrl(base, '/explore', { dimension: 'service', ...bothWeeks }) },
    month: { text: `${capitalised(monthToDateName(report.month?.through ?? week.last))} on the Overview`, href: pageUrl(base, '/', { as_of: report.month?.through ?? week.last, cost: 'billed' }) },
    split: { text: `Every ${splitTag} value this week in Attribution`, href: attribution(splitTag, week.start) },
    movers: { text: 'Both weeks by service in Explore', href: pageUrl(base, '/explore', { dimension: 'service', ...bothWeeks }) },
    drivers: driversSectionLink(week, base),
    anomalies: {
      text: 'The anomaly events with their drivers on the Overview',
      href: `${pageUrl(base, '/', { as_of: week.last, cost: 'billed' })}#anomaly-events`,
    },
    coverage: { text: `${report.coverage?.key ?? splitTag} tag coverage in Attribution`, href: attribution(report.coverage?.key ?? splitTag, coverageStart) },
    savings: {
      text: report.audience.kind === 'finance' ? 'Every finding with its evidence on the Optimisation page' : 'The findings with their evidence and thresholds on the Optimisation page',
      href: pageUrl(base, '/optimisation', {
        as_of: report.savings.asOf, owner_key: savingsOwnerKey, owner: report.team ?? undefined,
      }),
    },
    // The budgets as of the section's day (the week's last day with data), as the other Overview links are: without it the card shows the data horizon's.
    budgets: { text: 'Budget status on the Overview', href: `${pageUrl(base, '/', { as_of: report.budgets?.asOf ?? week.last })}#budget-status` },
    alerts: { text: 'The alerts sent on the Overview', href: `${pageUrl(base, '/')}#alerts-sent` },
    commitments: {
      text: `Reserved Instances and Savings Plans of ${report.commitments?.period ?? week.last.slice(0, 7)} on the Commitments page`,
      href: pageUrl(base, '/commitments', { period: report.commitments?.period ?? week.last.slice(0, 7) }),
    },
    kpi: { text: `Every KPI by ${teamTag} and month on the KPI page`, href: pageUrl(base, '/kpi', { by: 'team', months: '3' }) },
  };
}
