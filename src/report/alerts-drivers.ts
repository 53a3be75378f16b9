/**
 * explain's drivers (src/analyze/explain/drivers.ts) as alerts name them: the top N with a label
 * along their hierarchy, their change and parts in cents (each row rounded once, as explain
 * rounds them), and what the rest explains together, so the lines add up to the total.
 */
import { PARTS, restAfter, shareOfChange, type DriverSet } from '../analyze/explain/index.ts';
import { formatCents } from '../lib/money.ts';
import { alertRest, type AlertCandidate, type AlertDriver } from './alerts-source.ts';

/** The top `top` drivers of `set` and the rest. */
export function alertDrivers(set: DriverSet, top: number): Pick<AlertCandidate, 'drivers' | 'rest' | 'driversTotal'> {
  const drivers = set.drivers.slice(0, top).map((d): AlertDriver => {
    const path = set.dimensions.map((k) => d.key[k] ?? '(none)');
    return {
      label: [...(d.chargeClass === 'usage' ? [] : [d.chargeClass]), ...path].join(' › '),
      change: formatCents(d.cents.change),
      parts: Object.fromEntries(PARTS.filter((p) => d.cents[p] !== 0n).map((p) => [p, formatCents(d.cents[p])])),
      shareOfChange: shareOfChange(d.change, set.change),
    };
  });
  const rest = restAfter(set, top);
  return { driversTotal: formatCents(set.changeCents), drivers, rest: alertRest({ drivers: rest.drivers, change: formatCents(rest.cents.change) }) };
}
