/**
 * What the note under the Overview's "Every charge class" table says of the days its two columns
 * lack: this month's (a store that begins inside the month, a gap, days after the data horizon) and
 * last month's (its whole month not in the store, or not whole). One reason heads one sentence, so
 * a store that begins on 10 Nov 2018 reads `The store's billing data begins on 10 Nov 2018, so
 * 1–9 Nov 2018 are not in it this month, and Oct 2018 is not in it.`: its columns are the bills of
 * the days the store holds, never a whole bill unsaid.
 */
import { html } from 'hono/html';
import { addDays, monthStart } from '../../../lib/calendar.ts';
import { daysNotInStore, type DaysNotInStore, daysNotInStoreAre, type StoreDays } from '../../../lib/store-days.ts';
import { capitalised } from '../../../lib/text.ts';
import type { Html } from '../../html/index.ts';

/** This month's days up to `asOf` that are not in the store (daysNotInStore), or null when it holds them all. */
export function monthDaysNotInStore(asOf: string, store: StoreDays | undefined): DaysNotInStore | null {
  return daysNotInStore(monthStart(asOf), addDays(asOf, 1), store);
}

/**
 * The sentences of the days not in the store of each column: `current`, this month's up to as-of;
 * `previous`, the month before's (named `previousMonth`, `Oct 2018`). Empty when the store holds both.
 */
export function chargeClassDaysNotInStore(current: DaysNotInStore | null, previous: DaysNotInStore | null, previousMonth: string): Html {
  const previousText = previous ? `${previousMonth} is ${previous.all ? 'not' : 'not whole'} in it` : '';
  const currentText = !current ? '' : current.all ? "this month's days up to the as-of day are not in it" : `${daysNotInStoreAre(current)} not in it this month`;
  if (current && previous && current.why === previous.why) {
    return html` <span id="current-month-partial">${capitalised(current.why)}, so ${currentText},</span> <span id="previous-month-partial">and ${previousText}.</span>`;
  }
  return html`${current ? html` <span id="current-month-partial">${capitalised(current.why)}, so ${currentText}.</span>` : ''}${previous
    ? html` <span id="previous-month-partial">${capitalised(previous.why)}, so ${previousText}.</span>` : ''}`;
}
