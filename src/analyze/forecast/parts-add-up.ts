/**
 * The parts a basis names add up to the figure beside them as shown, to the digit. A fee's figure is
 * its exact fraction rounded once; each part it names (a term's fee, the fees of no term, a FOCUS
 * commitment's at its hourly rate; each commitment's fee in a basis of several) is its own fraction
 * rounded once, so the parts, each shown to 6 decimals, could add up to a micro-dollar more or less
 * than the figure (two parts of …0.48 each: the figure rounds up, neither part does). The parts shown
 * are the largest-remainder rounding of the parts to the micro-dollar: each rounded once, then moved
 * by the micro-dollars left of the figure shown, first the one whose own rounding moved it furthest
 * the other way, each at most once; a part then reads a micro-dollar from its own product, never the
 * sum from the figure. `costlens forecast`'s notes and JSON basis write them so.
 */
import { ascending, descending } from '../../lib/order.ts';
import { toMicroGrid, UNITS_PER_MICRO } from '../billing-calendar.ts';
import type { MoneyFigure, MoneyText } from './money-text.ts';

/**
 * `parts` (units) on the micro-dollar grid, adding up to `total` on it (largest remainder: see the
 * module comment); each part rounded once when they already do, or when no move of one micro-dollar
 * per part can make them.
 */
export function partsAddingUp(parts: readonly bigint[], total: bigint): bigint[] {
  const shown = parts.map(toMicroGrid);
  let left = (toMicroGrid(total) - shown.reduce((sum, p) => sum + p, 0n)) / UNITS_PER_MICRO;
  if (left === 0n || (left < 0n ? -left : left) > BigInt(parts.length)) return shown;
  // What each rounding lost (units; positive when it rounded down): the parts that lost most the way the total went move first.
  const lost = parts.map((p, i) => p - shown[i]);
  const order = parts.map((_, i) => i).sort((a, b) => (left > 0n ? descending(lost[a], lost[b]) : descending(lost[b], lost[a])) || ascending(a, b));
  for (const i of order) {
    if (left === 0n) break;
    const step = left > 0n ? 1n : -1n;
    shown[i] += step * UNITS_PER_MICRO;
    left -= step;
  }
  return shown;
}

/** `text` with the figures it marks as parts (money-text.ts `moneyPart`) shown so that they add up to `total` as shown ({@link partsAddingUp}); unchanged without such figures. */
export function addingUpTo(text: MoneyText, total: bigint): MoneyText {
  const parts = text.filter((p): p is MoneyFigure => typeof p === 'object' && 'units' in p && p.part === true);
  if (parts.length === 0) return text;
  const shown = partsAddingUp(parts.map((p) => p.units), total);
  return text.map((p) => {
    const i = parts.indexOf(p as MoneyFigure);
    return i < 0 ? p : { ...parts[i], units: shown[i] };
  });
}
