/**
 * The refusal of `costlens explain` with --from and --to left out when the store holds no default
 * comparison (spans.ts, defaultSpans): one line saying why, then each candidate after it, `; ` between them.
 */
import { CostlensError } from '../../errors.ts';
import { addDays } from '../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre, type DaysNotInStore, type StoreDays } from '../../lib/store-days.ts';
import type { ExplainSpan } from './span-shapes.ts';

/** Why a default comparison is not wholly in the store: the days of its earlier (else later) span missing. */
export interface Refusal {
  missing: DaysNotInStore;
  /** Whether the missing days are all of that span. */
  whole: 'the earlier' | 'the later' | null;
}

/** Why a default comparison is refused (its earlier span first), or null when both spans are wholly in the store. */
export function refusalOf(c: { old: ExplainSpan; new: ExplainSpan }, store: StoreDays): Refusal | null {
  for (const [span, which] of [[c.old, 'the earlier'], [c.new, 'the later']] as const) {
    const missing = daysNotInStore(span.first, addDays(span.last, 1), store);
    if (missing) return { missing, whole: missing.days === span.days ? which : null };
  }
  return null;
}

/**
 * The refusal of both spans left out when no default comparison is wholly in the store: one line
 * saying why (the reason the candidates share, else that none is), then each candidate, `; ` between
 * them, naming its spans once: `the last complete month against the month
 * before, Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the earlier month is not in
 * the store`.
 */
export function noDefaultComparison(candidates: readonly { old: ExplainSpan; new: ExplainSpan; named: string }[], refused: readonly Refusal[], hint: string): CostlensError {
  const shared = refused.every((r) => r.missing.why === refused[0].missing.why) ? refused[0].missing.why : null;
  const details = candidates.map((c, i) => {
    const { missing, whole } = refused[i];
    const which = whole ? `${whole} ${c.new.kind === 'month' ? 'month' : 'span'} is` : daysNotInStoreAre(missing);
    return `${c.named}, ${c.old.label} → ${c.new.label}: ${which} not in the store${shared ? '' : ` (${missing.why})`}`;
  });
  const why = shared ?? 'neither comparison is wholly in the store';
  return new CostlensError('usage', `--from and --to left out: no default comparison can be made, as ${why}: ${details.join('; ')}`, { hint });
}
