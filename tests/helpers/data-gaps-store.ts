/**
 * The store whose billing periods leave gaps (the real 2018 CURs of Oct and Nov 2018, the legacy CUR
 * of 1–14 Nov 2023 and the FOCUS sample of September 2024, ingested together: one cached store,
 * tests/helpers/cached-stores.ts), the gaps and notes its pages and commands name, and how the tests
 * read figures off a page (its sentences: tests/server/page-helpers.ts textOf). Used by tests/server/data-gaps*.test.ts and legacy-cur-alone.test.ts.
 */
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018 } from './cli.ts';
import { cachedStore } from './cached-stores.ts';
import { exactOf, roundCents, usd as usdOfCents } from './shown-cents-rule.ts';

/** The files of the store with gaps, in one `costlens ingest`. */
export const GAPS_INGESTS = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;

/** The cached store with gaps between its billing periods (read only: callers do not write to it). */
export function storeWithGaps(): Promise<string> {
  return cachedStore(GAPS_INGESTS);
}

/** The gap between the 2018 CURs and the legacy CUR. */
export const GAP_2023 = 'the store holds no billing data from 1 Dec 2018 to 31 Oct 2023';
/** The gap between the legacy CUR and the FOCUS sample. */
export const GAP_2024 = 'the store holds no billing data from 15 Nov 2023 to 31 Aug 2024';
/** Invoice's note of the legacy CUR's 2023-11, in a store of the file alone. */
export const LEGACY_NOTE = '2023-11: 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the bill of the days the store holds, not complete';
/**
 * Invoice's note of the legacy CUR's 2023-11 beside later data (the store with gaps): 13 Nov 2023 is where its data ends, not the
 * data horizon (the store's runs to 30 Sep 2024), in the words of commitments' days.
 */
export const LEGACY_NOTE_ENDED = '2023-11: 1–13 Nov 2023 (the data of aws/123412340534 ends on 13 Nov 2023; lines dated up to 14 Nov 2023 are counted too): the bill of the days the store holds, not complete';
/** The FOCUS sample's sources, one delivery (they share its file), whose data is the store's latest. */
export const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

/** A decimal text as the pages show it: rounded once to the cent. */
export const usd = (decimal: string | null): string => usdOfCents(roundCents(exactOf(decimal ?? '0')));
