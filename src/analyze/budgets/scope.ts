/**
 * A budget's scope as the parameters of the queries in queries/budgets/: accounts and services
 * as given, the tag through attribution's normalisation (the raw keys that mean the key, and the
 * raw values whose canonical value is one of the budget's), the cost category as given.
 */
import { listParam, type RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { type AttributionConfig, type AttributionRange, rawValuesOf, readTagValues } from '../attribution/index.ts';
import type { BudgetScope } from './config.ts';
import { pluralNoun } from '../../lib/text.ts';

/** The scope parameters, with what the tag filter resolved to (for `--detail` and tests). */
export interface ScopeParams {
  params: RawParams;
  /** With a tag filter: the raw keys read, the canonical values asked for and the raw values that stand for them. */
  tag?: { key: string; rawKeys: string[]; values: string[]; rawValues: string[] };
}

/**
 * Resolves `scope` over the charge days of `range`. A tag key absent from the data still filters
 * (nothing matches), so a scope never widens to the whole bill by accident.
 */
export async function scopeParams(engine: Engine, attribution: AttributionConfig, scope: BudgetScope, range: AttributionRange): Promise<ScopeParams> {
  const params: RawParams = {
    accounts: listParam(scope.accounts ?? []),
    services: listParam(scope.services ?? []),
    cost_category: scope.costCategory?.name ?? '(none)',
    cost_category_values: listParam(scope.costCategory?.values ?? []),
  };
  if (!scope.tag) return { params: { ...params, tag_keys: listParam([]), tag_raw_values: listParam([]) } };
  const values = await readTagValues(engine, attribution, scope.tag.key, range);
  const wanted = new Set(scope.tag.values.map((v) => values.resolve(v) ?? v));
  const rawKeys = values.key.rawKeys.length > 0 ? values.key.rawKeys : [scope.tag.key];
  const rawValues = [...wanted].flatMap((v) => rawValuesOf(values, v));
  return {
    params: { ...params, tag_keys: listParam(rawKeys), tag_raw_values: listParam(rawValues) },
    tag: { key: values.key.name, rawKeys, values: [...wanted], rawValues },
  };
}

/** The scope in words: `account 730604943011 · tag team = payments`, or `the whole bill`. */
export function describeScope(scope: BudgetScope): string {
  const parts: string[] = [];
  if (scope.accounts) parts.push(`${pluralNoun(scope.accounts.length, 'account')} ${scope.accounts.join(', ')}`);
  if (scope.services) parts.push(`${pluralNoun(scope.services.length, 'service')} ${scope.services.join(', ')}`);
  if (scope.tag) parts.push(`tag ${scope.tag.key} = ${scope.tag.values.join(' or ')}`);
  if (scope.costCategory) parts.push(`cost category ${scope.costCategory.name} = ${scope.costCategory.values.join(' or ')}`);
  return parts.length ? parts.join(' · ') : 'the whole bill';
}
