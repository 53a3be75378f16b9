/**
 * The first provisional day of the charge days a command reads, counted back from the data horizon
 * of the delivery holding them, not from the store's: a delivery's last days are provisional
 * relative to its own data horizon (one that has ended was never restated after its last file). In
 * a store of the real 2018 CUR, the legacy CUR of 1–13 Nov 2023 and the FOCUS sample of Sept 2024,
 * `forecast --as-of 2023-11-13` leaves out 11–13 Nov 2023 from its fit, as in a store of the legacy
 * file alone, not 28–30 Sep 2024. The delivery is the one source-spans.ts judges the days on
 * (SourceSpans.ofRange: that of the latest billing period the days reach that a delivery holds);
 * a store of one delivery counts from its own span, reading nothing more.
 */
import type { Engine } from '../engine/engine.ts';
import { firstProvisionalDay, type BillingDaySpan } from './billing-calendar.ts';
import { readSourceSpans, type SourceSpans } from './source-spans.ts';

/**
 * The first provisional day of the charge days from `first` to `last` (both included): the first of
 * the last `provisionalDays` complete days up to the data horizon of the delivery they are judged on
 * (`spans.ofRange`, the store's for days no delivery holds, as in a gap); null when none are.
 */
export function provisionalFromOf(spans: SourceSpans, first: string, last: string, provisionalDays: number): string | null {
  return firstProvisionalDay(spans.ofRange(first, last), provisionalDays);
}

/**
 * {@link provisionalFromOf} on the store's deliveries (readSourceSpans of `span`, billingDaySpan's or
 * billSpan's: a store of one delivery reads no query for it, nor one whose deliveries it read already).
 */
export async function readProvisionalFrom(engine: Engine, span: BillingDaySpan, first: string, last: string, provisionalDays: number): Promise<string | null> {
  if (provisionalDays <= 0) return null;
  return provisionalFromOf(await readSourceSpans(engine, span), first, last, provisionalDays);
}
