/**
 * What `costlens forecast` says of the deliveries that have ended that its run-rate leaves out
 * (src/analyze/forecast/ended-sources.ts): one note each, in the words of ended-delivery.ts (`Delivery
 * ended: the data of aws/123412340534 ends on 13 Nov 2023, …`), two CSV columns and, per JSON row,
 * `endedSources` with each one's usage in that row's measure. Money as the other notes write it
 * (`$1.602309`: money-text.ts) and as the JSON does (6-decimal strings).
 */
import { formatUnits } from '../analyze/billing-calendar.ts';
import { partialDayWords, type EndedPartialDay } from '../analyze/ended-delivery.ts';
import { endedSourceSentence, type CostForecast, type MonthForecast } from '../analyze/forecast/index.ts';
import { csvListCell } from '../lib/csv.ts';
import { noteMoney } from './forecast-expected.ts';

/** One note per delivery left out of the run-rate: where its data ends, its usage in the month, and that nothing more of it is projected. */
export function endedSourceNotes(f: MonthForecast): string[] {
  return f.endedSources.map((e) => endedSourceSentence(e, f.month, { counted: 'usage_actual', money: noteMoney }));
}

/** A delivery's sources as one name: `aws/1234567890123, oracle/20209880`, as the notes and the JSON's `source` write them. */
const deliveryName = (e: { sources: readonly string[] }) => e.sources.join(', ');

/**
 * The CSV and JSON columns of the deliveries left out (none when there are none): their sources, each
 * delivery's as the JSON's `source` writes them, the deliveries separated as every CSV list cell is
 * (csvListCell: `aws/1, oracle/2; aws/3`), and their usage in `c`'s measure, together.
 */
export function endedSourceColumns(f: Pick<MonthForecast, 'endedSources'>, c: Pick<CostForecast, 'cost'>): Record<string, string> {
  if (f.endedSources.length === 0) return {};
  return {
    ended_sources: csvListCell(f.endedSources.map(deliveryName)),
    ended_usage_actual: formatUnits(f.endedSources.reduce((sum, e) => sum + e.usageActual[c.cost], 0n)),
  };
}

/** A delivery left out of the run-rate in a forecast row's JSON (`endedSources[]`), in that row's measure. */
interface EndedSourceJson {
  /** Its source (several, comma-separated, when one delivery carries them). */
  source: string;
  /** Its data horizon, where its data ends (YYYY-MM-DD). */
  dataEndsOn: string;
  /** Its usage in the month up to as-of, part of the row's `usageActual` (6 decimals). */
  usageActual: string;
}

/**
 * The deliveries left out of the run-rate, for `c`'s JSON row (`endedSources`, in place of the CSV's
 * column of their sources), as the other columns of a forecast that has them (`daysMissing`): none when none is.
 */
export function endedSourcesJson(f: MonthForecast, c: CostForecast): { endedSources?: EndedSourceJson[] } {
  if (f.endedSources.length === 0) return {};
  return { endedSources: f.endedSources.map((e) => ({ source: deliveryName(e), dataEndsOn: e.lastDay, usageActual: formatUnits(e.usageActual[c.cost]) })) };
}

/**
 * The note on a partial day of the month, in the one wording of a partial day (partialDayWords, as unit-cost and anomalies say it):
 * `2023-11-14 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023): counted in usage_actual and mtd_provisional, not fitted.`;
 * when that delivery is left out of the run-rate and the day is fitted on the others' lines (`partialDaysFitted`): `…, fitted without the
 * lines of aws/123412340534.`
 */
export function partialDayForecastNote(f: MonthForecast, p: EndedPartialDay): string {
  const fitted = f.partialDaysFitted.includes(p.day) ? `fitted without the lines of ${p.sources.join(', ')}` : 'not fitted';
  return `${p.day} is a ${partialDayWords(p)}: counted in usage_actual and mtd_provisional, ${fitted}.`;
}
