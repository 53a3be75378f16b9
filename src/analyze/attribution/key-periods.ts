/**
 * Where in the store a tag key is carried: the billing periods whose line items carry it under
 * any spelling attribution reads (its own, its aliases, and with foldKeys every spelling in the
 * store that folds to them). `costlens attribute` names them when no line item of the range asked
 * for carries the key, so that a key carried in other months is not taken for a key never used.
 */
import { listParam } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { AttributionConfig } from './config.ts';
import { resolveKey } from './keys.ts';
import { readTagKeys } from './tag-values.ts';

/**
 * The billing periods (`YYYY-MM`, in order) whose line items carry `tagKey` under any spelling it reads; [] when none does.
 * `storeKeys`: the raw tag keys of the whole store (readTagKeys over no range), read once by a caller asking of several keys.
 */
export async function periodsCarryingKey(engine: Engine, config: AttributionConfig, tagKey: string, storeKeys?: readonly string[]): Promise<string[]> {
  storeKeys ??= await readTagKeys(engine, {});
  const { rawKeys } = resolveKey(config, tagKey, config.foldKeys ? storeKeys : undefined);
  const carried = rawKeys.filter((raw) => storeKeys.includes(raw));
  if (carried.length === 0) return [];
  const rows = await runQuery(engine, 'attribution/tag_key_periods', { tag_keys: listParam(carried) });
  return rows.map((r) => String(r.billing_period).slice(0, 7));
}
