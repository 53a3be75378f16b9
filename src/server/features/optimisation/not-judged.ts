/**
 * What the Optimisation page says where idle or rightsizing judged nothing (src/analyze/not-judged.ts:
 * the AWS usage lines of its days carry no usage type, a FOCUS 1.0 export): its card reads "not
 * judged" with the lines it could not judge, never $0.00, as the Storage and Data transfer pages
 * read "not classified"; and where no finding is listed, whether none was found, none matches the
 * filters, or nothing was judged.
 */
import { html } from 'hono/html';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { addDays } from '../../../lib/calendar.ts';
import { day, daysSpan, type Html } from '../../html/index.ts';
import { linesLeftOut } from '../../usage-without-type.ts';
import type { OptimisationView } from './view.ts';

/** The analyses of the page that judged nothing, as a clause: `idle and rightsizing`, `rightsizing`, or null when both judged. */
export function notJudgedNames(notJudged: OptimisationView['notJudged']): string | null {
  const names = [notJudged.idle ? 'idle' : null, notJudged.rightsizing ? 'rightsizing' : null].filter(Boolean);
  return names.length === 0 ? null : names.join(' and ');
}

/**
 * A card's figure where its analysis judged nothing: "not judged", with the days and the lines it
 * could not judge (`1–30 Sep 2024: 941 AWS usage lines without a usage type, EffectiveCost
 * $16.00`) and `more` after them.
 */
export function notJudgedFigure(usage: UsageWithoutType, more = ''): Html {
  return html`<p class="figure" data-value="" data-lines="${usage.lines}">not judged</p>
    <p class="range">${daysSpan(usage.from, addDays(usage.to, -1))}: ${linesLeftOut(usage, 'effective')}${more} (the notes below)</p>`;
}

/** Why the worklist lists no finding, as of `asOf`: nothing judged, no finding, or none the filters keep. */
export function noFindingWhy(view: Pick<OptimisationView, 'rows' | 'notJudged'>, asOf: string): string {
  if (view.notJudged.idle && view.notJudged.rightsizing) return `Nothing judged as of ${day(asOf)}: idle and rightsizing could judge none of the AWS usage lines, which carry no usage type (the notes above)`;
  if (view.rows.length > 0) return `No finding matches these filters as of ${day(asOf)}`;
  const apart = notJudgedNames(view.notJudged);
  return `No finding as of ${day(asOf)}${apart ? ` (${apart} not judged: the notes above)` : ''}`;
}
