/**
 * Explore's comparison of spans of days beside a delivery that has ended (src/analyze/ended-comparison.ts,
 * the rule the weekly e-mail compares its weeks by): usage is compared without its lines where the other
 * deliveries' data covers both spans, said in one sentence naming it and the usage each span leaves out; else
 * not compared, saying why. The real 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov: 12–18 Nov
 * against the week before read −70.64 %, the CUR's days it never sent.
 */
import { comparedWithoutSentence, endedInComparison, leftOutCents, type ComparedDays, type EndedInComparison } from '../../../analyze/ended-comparison.ts';
import { runOfRange } from '../../../lib/calendar.ts';
import type { Analyses } from '../../analysis-service.ts';
import type { DayRange } from './range.ts';

/** A half-open range as the days it holds, both included. */
function daysOf(range: DayRange): ComparedDays {
  return runOfRange(range.start, range.end);
}

/**
 * What the end of deliveries changes in comparing `range` with `compared` (the span before it): null when
 * neither span holds the data of one that has ended before the range's last day, or the store has no sources.
 */
export async function exploreEnded(analyses: Analyses, range: DayRange, compared: DayRange): Promise<EndedInComparison | null> {
  const spans = await analyses.sourceSpans();
  return spans ? endedInComparison(spans, { old: daysOf(compared), new: daysOf(range) }) : null;
}

/**
 * The sentence of a comparison made without the lines of deliveries that have ended, with the usage each span
 * leaves out (`leftOut`, exact: `now` of the range, `then` of the compared span).
 */
export function exploreEndedSentence(ended: EndedInComparison, range: DayRange, compared: DayRange, leftOut: { now: string; then: string }): string {
  return comparedWithoutSentence(ended, { old: daysOf(compared), new: daysOf(range) }, leftOutCents(ended, { old: leftOut.then, new: leftOut.now }));
}
