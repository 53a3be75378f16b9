/**
 * The Attribution page's "(untagged)" card gives its share of the total by the rule `costlens
 * attribute` gives each row's `share_pct`: the exact amounts' shares, apportioned by largest
 * remainder so that they add up to 100.00 % (attribute.ts, `sharesOf`). It divided the rounded cents
 * instead, and read 14.65 % where the chargeback row beside it and the CLI read 14.66 % (the demo's
 * 2026-11: $5,022.65 of $34,272.75).
 */
import { addExact, apportion, type Attribution, type CostMeasure, type Exact, sumExact, UNTAGGED, ZERO } from '../../../analyze/attribution/index.ts';
import { codePointOrder } from '../../../lib/order.ts';

/**
 * The share of `value` (default `(untagged)`) in hundredths of a percent, in `measure`: in one period
 * without a --by key, its row's `share_pct` itself; over several periods or rows, the values' exact
 * amounts summed and apportioned the same way (by largest remainder to 100.00 %, in value order, as
 * attribute orders a period's rows). Null when the total is not above zero; 0 when no row has the value.
 */
export function valueShareHundredths(result: Attribution, measure: CostMeasure, value = UNTAGGED): bigint | null {
  const rows = result.periods.flatMap((p) => p.rows);
  const own = rows.filter((r) => r.value === value);
  if (result.periods.length === 1 && !result.byKey && own.length === 1) return own[0].shareHundredths[measure];
  const byValue = new Map<string, Exact>();
  for (const r of rows) byValue.set(r.value, addExact(byValue.get(r.value) ?? ZERO, r.exact[measure]));
  const values = [...byValue.keys()].sort(codePointOrder);
  const amounts = values.map((v) => byValue.get(v)!);
  const total = sumExact(amounts);
  if (total.num <= 0n) return null;
  const index = values.indexOf(value);
  return index < 0 ? 0n : apportion(amounts, 10_000n, { num: total.num, den: total.den * 10_000n })[index];
}
