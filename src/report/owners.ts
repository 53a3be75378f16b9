/**
 * Who owns a resource: the owner tag's value on the resource's own line items over a window, read
 * as attribution reads it (src/analyze/attribution/tag-values.ts: every spelling of the key, value aliases,
 * case folded and spaces at the ends trimmed), falling back to the account default of the key, else `(untagged)`.
 * A resource tagged with several values over the window belongs to the one that carried most of
 * its EffectiveCost (ties: code-point order).
 */
import { type AttributionConfig, readTagValues, tagValueParams, UNTAGGED } from '../analyze/attribution/index.ts';
import type { DateRange } from '../analyze/findings-window.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { codePointOrder, descending } from '../lib/order.ts';

/** Resolves owners of resources (by id) and of account-level findings (by account). */
export interface OwnerResolver {
  /** The owner of a resource; `accountId` gives the account-default fallback. */
  owner(resourceId: string | null, accountId: string | null): string;
  /** The value a spelling of an owner stands for (`Payments ` → `payments`), as owners are named. */
  canonical(value: string): string;
}

/** Reads the owner tag of every resource billed in `window` and builds a resolver. */
export async function readOwners(engine: Engine, config: AttributionConfig, tagKey: string, window: DateRange): Promise<OwnerResolver> {
  const values = await readTagValues(engine, config, tagKey, { chargeFrom: window.start, chargeTo: window.end });
  const rows = values.key.rawKeys.length > 0
    ? await runQuery(engine, 'report/resource_tag_values', { from: window.start, to: window.end, ...tagValueParams(values) })
    : [];
  const costByOwner = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    if (row.value === null || row.resource_id === null) continue;
    const owners = costByOwner.get(row.resource_id) ?? new Map<string, bigint>();
    owners.set(row.value, (owners.get(row.value) ?? 0n) + (row.effective_cost ?? 0n));
    costByOwner.set(row.resource_id, owners);
  }
  const canonical = (value: string) => values.resolve(value) ?? value;
  const accountDefaults = values.key.settings.accountDefaults;
  return {
    owner(resourceId, accountId) {
      const owners = resourceId === null ? undefined : costByOwner.get(resourceId);
      if (owners && owners.size > 0) {
        return [...owners].sort(([a, x], [b, y]) => descending(x, y) || codePointOrder(a, b))[0][0];
      }
      const fallback = accountId ? accountDefaults[accountId] : undefined;
      return fallback ? canonical(fallback) : UNTAGGED;
    },
    canonical,
  };
}
