/**
 * What a budget's forecast basis says of the recurring fees and tax its forecast expects (evaluate.ts), by what
 * it expects: `plus the recurring fees and tax expected from the month before` only when some are (with the fees
 * of the month before expected at nothing named after it, in `costlens forecast`'s words: forecast/term-notes.ts
 * `endedTermWords`, `endedFocusWords`); else why none is: the month before not (all) in the store, or holding none
 * in scope, or none but those of deliveries that have ended (ended-fit.ts), which are not expected again.
 */
import { addMonths, monthLabel, monthStart } from '../../lib/calendar.ts';
import type { DaysNotInStore } from '../../lib/store-days.ts';
import { andList, pluralNoun } from '../../lib/text.ts';
import { endedFocusWords, endedTermWords, monthBeforeNotInStore } from '../forecast/index.ts';
import type { PeriodForecast } from './forecast.ts';
import type { EndedFees } from './status.ts';
import type { EndedDelivery } from '../ended-delivery.ts';

/**
 * The basis's clause on fees and tax of a budget's forecast as of `asOf` (`fitted`), its reference month not in
 * the store as `referenceMissing` says (null: held whole), `endedFees` the fees and tax in scope of that month
 * that deliveries left out of it posted (ended-fit.ts `chargesLeftOut`: deliveries that have ended, none of it expected): `plus the recurring fees and tax
 * expected from the month before[; …expected at nothing]`; `with no recurring fees or tax expected, as the month
 * before (Oct 2026) is not all in the store: …`; `…, as the month before (Oct 2018) holds no recurring fee and no
 * tax in scope`; `…, as the month before (Oct 2018) holds none in scope but those of aws/836060457634, a delivery
 * that has ended` (the real Oct 2018 CUR beside the FOCUS sample moved to Nov 2018, as of 10 Nov: it said "plus the
 * recurring fees and tax expected from the month before", though nothing was); `namedAfter`, the deliveries the basis
 * names after this clause as ended (ended-fit.ts leftOutWords), which it does not call ended again.
 */
export function expectedChargesWords(fitted: PeriodForecast, asOf: string, referenceMissing: DaysNotInStore | null, endedFees: readonly EndedFees[],
  namedAfter: readonly EndedDelivery[] = []): string {
  const month = addMonths(monthStart(asOf), -1);
  const none = 'with no recurring fees or tax expected, as';
  if (referenceMissing !== null) return `${none} ${monthBeforeNotInStore(month, referenceMissing)}`;
  if (fitted.noneExpected !== undefined) {
    if (endedFees.length === 0) return `${none} ${fitted.noneExpected}`;
    // That they have ended is said once: by the basis's clause after this one when it names them all (ended-fit.ts leftOutWords).
    const said = endedFees.every((ended) => namedAfter.includes(ended.own));
    const whose = `${andList(endedFees.map((ended) => ended.own.sources.join(', ')))}${said ? '' : `, ${pluralNoun(endedFees.length, 'a delivery that has', 'deliveries that have')} ended`}`;
    return `${none} the month before (${monthLabel(month)}) holds none in scope but those of ${whose}`;
  }
  const atNothing = [
    endedTermWords(fitted.endedTerms, monthStart(asOf), 'its fees'),
    endedFocusWords(fitted.endedCommitments, monthStart(asOf), 'its fees'),
  ].filter(Boolean).join('; ');
  return `plus the recurring fees and tax expected from the month before${atNothing ? `; ${atNothing}` : ''}`;
}
