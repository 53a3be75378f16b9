/**
 * The Overview's month to date beside a delivery that has ended (src/analyze/ended-comparison.ts, the rule the
 * weekly e-mail compares its weeks by): compared without its lines where the others' data covers both spans,
 * said in one sentence naming it and the usage each span leaves out; else not compared, saying why. The real
 * 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov: 1–30 Nov against 1–30 Oct read −$1,747.99
 * (−46.44 %), the 14–30 Nov the CUR never sent; October holds only the CUR's data, so it is not compared. When a
 * span holds a day not in the store, usage is not compared for that reason alone, and every line is shown.
 */
import { listParam } from '../../../engine/duckdb.ts';
import { type PageRequest, records } from '../../html/index.ts';
import { type MonthToDateEnded, monthToDateEnded } from '../../month-to-date-ended.ts';

type Row = Record<string, string | null>;

/**
 * What the end of a delivery changes in the Overview's usage comparison (month-to-date-ended.ts); null when neither span
 * holds its data or nothing is compared. Compared, `without` is the usage row read without `sources` (the cards', the top
 * tables' and the chart's), `exclude` each span's.
 */
export type OverviewEnded = MonthToDateEnded<Row>;

/** What the Overview says of a delivery that has ended, once, with its cards: compared without its lines, or why usage is not compared. */
export function endedSentence(ended: OverviewEnded): string {
  return ended.notCompared === null ? ended.sentence : `Usage is not compared: ${ended.notCompared}.`;
}

/**
 * What the top tables and the month-to-date by service chart say of it, referring to the cards' sentence
 * ({@link endedSentence}) rather than saying it again: `Compared without the lines of aws/836060457634, as the
 * cards above.`, or `Not compared, as the cards above: a delivery that has ended.`
 */
export function endedReference(ended: OverviewEnded): string {
  return ended.notCompared === null ? `Compared without the lines of ${ended.sources.join(', ')}, as the cards above.`
    : 'Not compared, as the cards above: a delivery that has ended.';
}

/**
 * Reads what the month-to-date spans of `usage` (overview/month_to_date's usage row, read whole) leave out of a
 * delivery that has ended: their usage row read without its sources (one list for both spans: a span holding none
 * of its data holds none of its lines compared) and the sentence, or why they are not compared (monthToDateEnded).
 */
export async function overviewEnded(request: PageRequest, usage: Row, params: { as_of: string; cost: string }): Promise<OverviewEnded | null> {
  return monthToDateEnded(request, usage, async (sources) => {
    const without = records(await request.run('overview/month_to_date', { ...params, exclude_sources: listParam(sources) })).find((r) => r.charge_class === 'usage')!;
    return { without, total: without };
  });
}
