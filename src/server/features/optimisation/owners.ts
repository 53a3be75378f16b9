/**
 * Whose a finding is: the owner tag the page reads (the URL's, else the one the config and the
 * data suggest), the keys to choose from, and each resource's owner by that key.
 */
import { foldKey, keySettings, pickRawValue, rangeParams, readClassifiedSpend, resolveKey, tagKeyChoices, UNTAGGED } from '../../../analyze/attribution/index.ts';
import { MONTHLY_COST_DAYS, lookbackRange, type DateRange } from '../../../analyze/findings-window.ts';
import { listParam } from '../../../engine/duckdb.ts';
import { listCell } from '../../../engine/engine.ts';
import { runQuery } from '../../../engine/query-types.ts';
import type { Analyses } from '../../analysis-service.ts';
import { codePointOrder, descending } from '../../../lib/order.ts';

/** Raw tag keys of the bill in a window (with line counts) and of the inventory. */
async function rawKeys(analyses: Analyses, window: DateRange): Promise<{ bill: Map<string, number>; inventory: string[] }> {
  const { value } = await analyses.cached(`raw-keys\u0000${window.start}\u0000${window.end}`, async () => {
    const bill = await runQuery(analyses.engine, 'attribution/tag_keys', rangeParams({ chargeFrom: window.start, chargeTo: window.end }));
    const inventory = await runQuery(analyses.engine, 'resource/inventory_tag_keys');
    return {
      bill: [...bill.map((r): [string, number] => [String(r.tag_key), r.lines ?? 0])],
      inventory: inventory.map((r) => String(r.tag_key)),
    };
  });
  return { bill: new Map(value.bill), inventory: value.inventory };
}

/**
 * The owner tags to choose from, named as Explore's tag menu names them (tagKeyChoices: a configured
 * key stands for its spellings and aliases, other spellings that fold together are one key named
 * by the one on most cost): the bill's keys in the window, most cost first as Explore orders them
 * (explore/tag_keys), then the inventory's; a configured key the data lacks comes first all the same.
 */
export async function ownerKeyChoices(analyses: Analyses, window: DateRange): Promise<string[]> {
  const { inventory } = await rawKeys(analyses, window);
  const { value: billKeys } = await analyses.cached(`explore-tag-keys\u0000${window.start}\u0000${window.end}`, async () =>
    (await runQuery(analyses.engine, 'explore/tag_keys', { start: window.start, end: window.end, cost: 'billed' })).map((r) => String(r.tag_key)));
  const choices = tagKeyChoices(analyses.config.attribution, [...new Set([...billKeys, ...inventory.filter((k) => !billKeys.includes(k)).sort(codePointOrder)])]);
  return [...Object.keys(analyses.config.attribution.tags).filter((k) => !choices.includes(k)), ...choices];
}

/**
 * The owner tag when the URL names none: the weekly report's `report.ownerTagKey` when the config
 * or the data knows that key; else the first key configured under attribution.tags; else the raw
 * key spelled `team` or `owner` (any case or separators) on the most line items; else none.
 */
export async function defaultOwnerKey(analyses: Analyses, asOf: string): Promise<string | undefined> {
  const { bill, inventory } = await rawKeys(analyses, lookbackRange(asOf, MONTHLY_COST_DAYS));
  const present = [...new Set([...bill.keys(), ...inventory])];
  const configured = Object.keys(analyses.config.attribution.tags);
  // The weekly report's owner tag (`report.ownerTagKey`), when the config or the data knows the key.
  const reportKey = (analyses.config as { report?: { ownerTagKey?: unknown } }).report?.ownerTagKey;
  if (typeof reportKey === 'string' && reportKey !== '') {
    const { name, configPath } = keySettings(analyses.config.attribution, reportKey);
    if (configPath || resolveKey(analyses.config.attribution, name, present).rawKeys.length > 0) return name;
  }
  if (configured.length > 0) return configured[0];
  const candidates = present.filter((k) => ['team', 'owner'].includes(foldKey(k)));
  candidates.sort((a, b) => (bill.get(b) ?? 0) - (bill.get(a) ?? 0) || codePointOrder(a, b));
  return candidates[0];
}

/**
 * Each resource's owner: the owner tag's value on its own line items in the window, normalised as
 * attribution normalises the key (its spellings, aliases, value aliases and case folding, labels
 * as the Attribution page shows them); a resource billed under several values belongs to the one
 * that carried most of its EffectiveCost (ties: code-point order). As the weekly report reads
 * owners, then (where the bill carries no value) the resource's latest inventory tags, then the
 * key's account default, else `(untagged)`.
 */
export async function resourceOwners(analyses: Analyses, ownerKey: string, window: DateRange): Promise<{ name: string; rawKeys: string[]; ownerOf(id: string | null, accountId: string | null): string }> {
  const classified = await readClassifiedSpend(analyses.engine, analyses.config.attribution, { tagKey: ownerKey, range: { chargeFrom: window.start, chargeTo: window.end } });
  const { inventory } = await rawKeys(analyses, window);
  const billKeys = classified.key.rawKeys;
  const inventoryKeys = resolveKey(analyses.config.attribution, ownerKey, inventory).rawKeys;
  const readKeys = [...new Set([...billKeys, ...inventoryKeys])];
  const rows = readKeys.length > 0 ? await runQuery(analyses.engine, 'resource/tag_values', { start: window.start, end: window.end, tag_keys: listParam(readKeys) }) : [];
  const billCost = new Map<string, Map<string, bigint>>();
  const fromInventory = new Map<string, string>();
  for (const row of rows) {
    const keys = row.source === 'bill' ? billKeys : inventoryKeys;
    const values = listCell(row.tag_values);
    const picked = pickRawValue(keys, (k) => values[readKeys.indexOf(k)]);
    if (picked === null) continue;
    const value = classified.resolveValue(picked.raw);
    const id = String(row.resource_id);
    if (row.source === 'bill') {
      const values = billCost.get(id) ?? new Map<string, bigint>();
      values.set(value, (values.get(value) ?? 0n) + (row.effective_cost ?? 0n));
      billCost.set(id, values);
    } else {
      fromInventory.set(id, value);
    }
  }
  const accountDefaults = classified.key.settings.accountDefaults;
  return {
    name: classified.key.name,
    rawKeys: readKeys,
    ownerOf(id, accountId) {
      const values = id === null ? undefined : billCost.get(id);
      if (values && values.size > 0) return [...values].sort(([a, x], [b, y]) => descending(x, y) || codePointOrder(a, b))[0][0];
      const listed = id === null ? undefined : fromInventory.get(id);
      if (listed !== undefined) return listed;
      const fallback = accountId ? accountDefaults[accountId] : undefined;
      return fallback ? classified.resolveValue(fallback) : UNTAGGED;
    },
  };
}
