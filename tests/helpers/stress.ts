/**
 * How many times the stress tests repeat a race or a kill: the lower count in a plain `npm test`,
 * the higher with `COSTLENS_TEST_STRESS=1` (before a release, or after touching the lock, the
 * ledger or the send journal). Every scenario runs in both; only the repetitions differ.
 */
export function repetitions(plain: number, stressed: number): number {
  return process.env.COSTLENS_TEST_STRESS === '1' ? stressed : plain;
}
