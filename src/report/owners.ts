/**
 * Who owns a resource: the owner tag's value on the resource's own line items over a window,
 * normalised as attribution normalises it (aliases, value spellings), falling back to the
 * account default of the key, else `(untagged)`. A resource tagged with several values over the
 * window belongs to the one that carried most of its EffectiveCost (ties: code-point order).
 */
import { codePointOrder } from '../analyze/attribution-keys.ts';
import type { AttributionConfig } from '../analyze/attribution-config.ts';
import { readClassifiedSpend, UNTAGGED } from '../analyze/attribution-spend.ts';
import { toUnits } from '../analyze/findings-money.ts';
import type { DateRange } from '../analyze/findings-window.ts';
import type { Engine } from '../engine/engine.ts';

/** The raw key spellings one owner query reads (`key_1` … `key_4` of report/resource_tag_values.sql). */
export const OWNER_KEY_SLOTS = 4;

/** Resolves owners of resources (by id) and of account-level findings (by account). */
export interface OwnerResolver {
  /** The owner of a resource; `accountId` gives the account-default fallback. */
  owner(resourceId: string | null, accountId: string | null): string;
}

/**
 * Reads the owner tag of every resource billed in `window` and builds a resolver. Raw spellings
 * beyond the first {@link OWNER_KEY_SLOTS} in attribution's pick order are not read.
 */
export async function readOwners(engine: Engine, config: AttributionConfig, tagKey: string, window: DateRange): Promise<OwnerResolver> {
  const classified = await readClassifiedSpend(engine, config, { tagKey, range: { chargeFrom: window.start, chargeTo: window.end } });
  const rawKeys = classified.key.rawKeys.slice(0, OWNER_KEY_SLOTS);
  const params: Record<string, string> = { from: window.start, to: window.end };
  rawKeys.forEach((k, i) => (params[`key_${i + 1}`] = k));
  const { rows } = rawKeys.length > 0 ? await engine.run('report/resource_tag_values', params) : { rows: [] };
  const costByOwner = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    const raw = rawKeys.map((_, i) => row[`value_${i + 1}`]).find((v) => v !== null && v !== undefined && v.trim() !== '');
    if (raw === undefined || raw === null) continue;
    const value = classified.resolveValue(raw);
    const owners = costByOwner.get(row.resource_id!) ?? new Map<string, bigint>();
    owners.set(value, (owners.get(value) ?? 0n) + toUnits(row.effective_cost ?? '0'));
    costByOwner.set(row.resource_id!, owners);
  }
  const accountDefaults = classified.key.settings.accountDefaults;
  return {
    owner(resourceId, accountId) {
      const owners = resourceId === null ? undefined : costByOwner.get(resourceId);
      if (owners && owners.size > 0) {
        return [...owners].sort(([a, x], [b, y]) => (x > y ? -1 : x < y ? 1 : codePointOrder(a, b)))[0][0];
      }
      const fallback = accountId ? accountDefaults[accountId] : undefined;
      return fallback ? classified.resolveValue(fallback) : UNTAGGED;
    },
  };
}
