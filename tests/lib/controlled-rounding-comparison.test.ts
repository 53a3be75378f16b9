/**
 * A comparison (each row's amount then and now, and the change) rounded so that it adds up both ways
 * and every figure, each change too, is its exact amount rounded down or up
 * (src/lib/controlled-rounding-comparison.ts). Amounts are in cents; figures worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { floorRatio, largestRemainder, roundComparison, roundRatio, sumRatios, type Ratio } from '../../src/lib/controlled-rounding.ts';
import { prng } from '../helpers/prng.ts';

/** An amount in cents from decimal cents text (`'100.6'` → 100.6 cents). */
const c = (text: string): Ratio => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const num = BigInt(whole + fraction);
  return { num: text.startsWith('-') ? -num : num, den: 10n ** BigInt(fraction.length) };
};
const minus = (a: Ratio, b: Ratio) => sumRatios([a, { num: -b.num, den: b.den }]);
/** Whether whole cents are the amount rounded down or up (the amount itself when whole). */
const roundsTo = (x: bigint, a: Ratio) => x === floorRatio(a) || (a.num % a.den !== 0n && x === floorRatio(a) + 1n);

/** Rows of [then, now] with each column's largest-remainder rounding to its total rounded once as the preferred figures. */
function comparison(rows: [string, string][]) {
  const then = rows.map(([t]) => c(t));
  const now = rows.map(([, n]) => c(n));
  const totals = { then: roundRatio(sumRatios(then)), now: roundRatio(sumRatios(now)) };
  const [lrThen, lrNow] = [largestRemainder(then, totals.then), largestRemainder(now, totals.now)];
  return { rows: rows.map((_, i) => ({ then: then[i], now: now[i], shown: { then: lrThen[i], now: lrNow[i] } })), totals };
}

describe('roundComparison', () => {
  it('keeps each column\'s own rounding when every change it makes is a rounding of the exact change', () => {
    // then 0.335 + 0.334 + 0.331 = 1.00 → 34, 33, 33; now 0.335 + 0.335 + 0.33 = 1.00 → 34, 33, 33 (the tie to the earlier row).
    const { rows, totals } = comparison([['33.5', '33.5'], ['33.4', '33.5'], ['33.1', '33']]);
    expect(roundComparison(rows, totals)).toEqual([{ then: 34n, now: 34n }, { then: 33n, now: 33n }, { then: 33n, now: 33n }]);
  });

  it('an unchanged row shows one figure in both columns: the fewest figures move, compared ones before current ones', () => {
    // then 100.6 + 200 + 300 = 600.6 → 601: A 101 (the only remainder); now 100.6 + 200.7 + 300.7 = 602: A 100, B 201, C 301.
    // A's change is exactly 0, so A must read 101 now too; B or C gives a cent back, the tie (0.7 each) going to the earlier, B.
    const { rows, totals } = comparison([['100.6', '100.6'], ['200', '200.7'], ['300', '300.7']]);
    expect(rows.map((r) => r.shown)).toEqual([{ then: 101n, now: 100n }, { then: 200n, now: 201n }, { then: 300n, now: 301n }]);
    expect(roundComparison(rows, totals)).toEqual([{ then: 101n, now: 101n }, { then: 200n, now: 201n }, { then: 300n, now: 300n }]);
  });

  it('a whole-cent change reads as itself: 130.964 against 58.464 (+72.50) is not 130.96 against 58.47 (+72.49)', () => {
    // then 58.464 + 680.4735 = 738.9375 → 73894: LR gives 58.47 (remainder .4) and 680.47; now 130.964 + 1602.9444 = 1733.9084 → 173391: 130.96, 1602.95.
    const { rows, totals } = comparison([['5846.4', '13096.4'], ['68047.35', '160294.44']]);
    expect(rows.map((r) => r.shown)).toEqual([{ then: 5847n, now: 13096n }, { then: 68047n, now: 160295n }]);
    expect(roundComparison(rows, totals)).toEqual([{ then: 5846n, now: 13096n }, { then: 68048n, now: 160295n }]);
  });

  it('is null when the totals\' difference is not a rounding of the exact change: −0.5 against 5.5 rounds to −1 and 6, a change of −7 for an exact −6', () => {
    const { rows, totals } = comparison([['5.5', '-0.5']]);
    expect(totals).toEqual({ then: 6n, now: -1n });
    expect(roundComparison(rows, totals)).toBeNull();
  });

  it('is null when a preferred figure or a total is not a rounding of its exact amount', () => {
    expect(roundComparison([{ then: c('1.2'), now: c('2.2'), shown: { then: 3n, now: 2n } }], { then: 1n, now: 2n })).toBeNull();
    expect(roundComparison([{ then: c('1.2'), now: c('2.2'), shown: { then: 1n, now: 2n } }], { then: 1n, now: 4n })).toBeNull();
  });

  it('for 3000 random comparisons (credits, unchanged rows, whole cents): both totals kept, every figure and change a rounding of its exact amount, or null only when no rounding can keep the totals', () => {
    const random = prng(20261206);
    const pick = (n: number) => Math.floor(random() * n);
    let moved = 0;
    for (let t = 0; t < 3000; t++) {
      const den = BigInt([1, 3, 10, 100][pick(4)]);
      const amount = () => BigInt(pick(2000) - (random() < 0.2 ? 1000 : 0));
      const rows = Array.from({ length: 1 + pick(8) }, () => {
        const then = amount();
        const kind = pick(3);
        return [{ num: then, den }, { num: kind === 0 ? then : kind === 1 ? then + BigInt(pick(5) - 2) * den : amount(), den }] as const;
      });
      const then = rows.map(([x]) => x);
      const now = rows.map(([, y]) => y);
      const totals = { then: roundRatio(sumRatios(then)), now: roundRatio(sumRatios(now)) };
      const [lrThen, lrNow] = [largestRemainder(then, totals.then), largestRemainder(now, totals.now)];
      const result = roundComparison(rows.map((_, i) => ({ then: then[i], now: now[i], shown: { then: lrThen[i], now: lrNow[i] } })), totals);
      if (result === null) {
        expect(roundsTo(totals.now - totals.then, minus(sumRatios(now), sumRatios(then))), `case ${t}`).toBe(false);
        continue;
      }
      expect([result.reduce((s, r) => s + r.then, 0n), result.reduce((s, r) => s + r.now, 0n)], `case ${t}`).toEqual([totals.then, totals.now]);
      result.forEach((r, i) => {
        expect([roundsTo(r.then, then[i]), roundsTo(r.now, now[i]), roundsTo(r.now - r.then, minus(now[i], then[i]))], `case ${t} row ${i}`).toEqual([true, true, true]);
      });
      if (result.some((r, i) => r.then !== lrThen[i] || r.now !== lrNow[i])) moved++;
    }
    // 433 of the 3,000 comparisons move a figure off largest remainder's to keep every change a rounding of its own.
    expect(moved).toBe(433);
  });
});
