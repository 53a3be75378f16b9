/**
 * The parameter sets each Athena twin is compared with its portable query on
 * (tests/aws/athena-twins.test.ts), read from the demo store's facts (tests/helpers/demo-query-facts.ts),
 * and the twins that have none, with why.
 */
import { listParam, type RawParams } from '../../src/engine/duckdb.ts';
import type { DemoFacts } from './demo-query-facts.ts';
import { addDays } from '../../src/lib/calendar.ts';

/** Idle's days on the demo's data: as of the day after its last charge day, the data horizon the day before; `asOf` may be given. */
const idleDays = (facts: DemoFacts, asOf = facts.dayAfterLast): RawParams => ({ as_of: asOf, data_horizon: addDays(facts.dayAfterLast, -1), complete_until: facts.dayAfterLast });

/** The middle billing period's last day: on the demo 31 October, longer than the September before it (month to date then compares as many days just before it). */
const monthEnd = (facts: DemoFacts): string => addDays(facts.nextMonth, -1);
const keys = (facts: DemoFacts, n: number): RawParams => ({ tag_keys: listParam(facts.tagKeys.slice(0, n)) });
/** The first `n` tag keys as a VARCHAR[] parameter (a JSON array, as the CLI and the server take it). */
const keyList = (facts: DemoFacts, n: number): string => JSON.stringify(facts.tagKeys.slice(0, n));
const DIMENSIONS = ['service', 'account', 'region', 'usage_type', 'tag'];
/**
 * Explore's parameter sets over the whole range, one per dimension with `extra`: at both costs
 * (`costs` 'both'), or at one cost each, alternating from billed (0) or effective (1) for the first
 * dimension, so each variant meets both costs and every dimension. The portable queries and their
 * twins differ only in filtered_lines (the tag value and the filters); the cost is chosen after it,
 * in text both share, so a variant at every dimension and both costs ran twice what it needs.
 */
const dimensions = (facts: DemoFacts, extra: RawParams, costs: 'both' | 0 | 1 = 'both'): RawParams[] =>
  DIMENSIONS.flatMap((dimension, i) => (costs === 'both' ? ['billed', 'effective'] : [['billed', 'effective'][(i + costs) % 2]]).map((cost) => ({
    dimension, cost, start: facts.firstDay, end: facts.dayAfterLast, ...(dimension === 'tag' ? { tag_key: facts.tagKeys[0] } : {}), ...extra,
  })));

/**
 * The demo store's one delivery (x_Source: its payer account, `costlens sql "SELECT DISTINCT x_Source FROM line_items"`),
 * the source the cases' `exclude_sources` leave out: a twin ignoring the parameter gives the rows of the same set without it,
 * which `differs` checks are other rows (a source the demo does not hold left every line in, so such a twin passed).
 */
const DEMO_SOURCE_ID = 'aws/315897898083';
const DEMO_SOURCE = listParam([DEMO_SOURCE_ID]);

/** Explore's filters: a tag value (normalised through a renamed value), usage lines only, two regions. */
const exploreFilters = (facts: DemoFacts): RawParams => ({
  tag_key: facts.tagKeys[0], tag_keys: keyList(facts, 2), tag_raw_values: JSON.stringify([facts.tagValue]), tag_values: '["renamed"]',
  tag_filter: '["renamed","(untagged)"]', charge_classes: '["usage"]', regions: '["us-east-1","eu-west-1"]',
});

/**
 * Each twin's parameter sets. `order`: `total` when the ORDER BY fixes the order of every row
 * (rows compared in order), `partial` when rows may tie on it (compared as a multiset). `store`:
 * `bill` to compare on the demo's bill alone (its CUR 2.0 only), else on the whole demo store.
 * `differs`: pairs [i, j] of parameter sets whose portable rows must differ, set i leaving {@link DEMO_SOURCE}
 * out of set j (set j gives rows; set i may give none, every line left out).
 */
export const CASES: Record<string, { order: 'total' | 'partial'; store?: 'bill'; differs?: [number, number][]; params: (facts: DemoFacts) => RawParams[] }> = {
  'attribution/spend_by_tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4, 5, 6: rows that differ only in tag values tie
    differs: [[3, 2]],
    params: (f) => [{}, keys(f, 8), { ...keys(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo },
      { ...keys(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo, exclude_sources: DEMO_SOURCE }],
  },
  'attribution/posted_by_tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4, 5, 6: rows that differ only in tag values tie
    // The posted fees are dated the 1st: a range from the month's first day holds them.
    params: (f) => [{}, keys(f, 8), { ...keys(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.month, charge_to: f.midTo }],
  },
  'attribution/tag_values': {
    order: 'total',
    params: (f) => [{ tag_keys: keyList(f, 1) }, { tag_keys: keyList(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'commitments/coverage': {
    order: 'partial',
    params: (f) => [{}, keys(f, 4), { ...keys(f, 2), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'attribution/tag_key_periods': {
    order: 'total',
    params: (f) => [keys(f, 1), keys(f, 3)],
  },
  'attribution/tag_keys': {
    order: 'total',
    params: (f) => [{}, { billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'explore/daily_spend_by': {
    order: 'total',
    // Explore leaves a delivery that has ended out: the demo's one delivery left out (set 1) gives other rows than every line (set 0);
    // leaving the CUR out of the 2018 CUR beside FOCUS: tests/server/explore-ended-delivery-twins.test.ts.
    differs: [[1, 0]],
    params: (f) => [
      { dimension: 'service', start: f.firstDay, end: f.dayAfterLast }, { dimension: 'service', start: f.firstDay, end: f.dayAfterLast, exclude_sources: DEMO_SOURCE },
      ...dimensions(f, {}), ...dimensions(f, { top: '2' }, 1), ...dimensions(f, { tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' }, 0),
      ...dimensions(f, { grain: 'month' }, 1), ...dimensions(f, exploreFilters(f), 0), { ...exploreFilters(f), dimension: 'resource', grain: 'month', start: f.firstDay, end: f.dayAfterLast },
    ],
  },
  'explore/daily_postings': {
    order: 'total',
    params: (f) => [
      // Each charge day of the view is a row: Explore's filters as they are (usage lines only) give usage_cost, and with
      // the other classes instead, the postings (posted_cost: fees, tax, credits charged for over a day) and daily_fee_cost.
      { start: f.firstDay, end: f.dayAfterLast }, { ...exploreFilters(f), start: f.firstDay, end: f.dayAfterLast },
      { ...exploreFilters(f), charge_classes: '["recurring","tax","credit"]', start: f.firstDay, end: f.dayAfterLast },
      { start: f.firstDay, end: f.dayAfterLast, tag_key: f.tagKeys[0], tag_filter: '["(untagged)"]', cost: 'effective' },
    ],
  },
  'explore/spend_by': {
    order: 'total',
    differs: [[1, 0]],
    params: (f) => [
      { dimension: 'account', start: f.midFrom, end: f.midTo, charge_classes: '["usage"]' }, { dimension: 'account', start: f.midFrom, end: f.midTo, charge_classes: '["usage"]', exclude_sources: DEMO_SOURCE },
      ...dimensions(f, {}), ...dimensions(f, { top: '3' }, 1), ...dimensions(f, { tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' }, 0),
      ...dimensions(f, exploreFilters(f), 1), { ...exploreFilters(f), dimension: 'resource', start: f.firstDay, end: f.dayAfterLast },
      { dimension: 'service', start: f.firstDay, end: f.dayAfterLast, tag_key: f.tagKeys[0], tag_filter: '["(untagged)"]', charge_classes: '["usage","tax"]' },
    ],
  },
  'overview/top_accounts': {
    order: 'total',
    // The Overview's top tables and month-to-date chart leave a delivery that has ended out: the demo's one delivery left out, no row, where the same day's with every line has some.
    differs: [[3, 2]],
    params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective', top: '3' }, { as_of: f.dayAfterLast, cost: 'effective', top: '3', exclude_sources: DEMO_SOURCE }],
  },
  'overview/top_services': {
    order: 'total',
    // The Overview's top tables and month-to-date chart leave a delivery that has ended out: the demo's one delivery left out, no row, where the same day's with every line has some.
    differs: [[3, 2]],
    params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective', top: '3' }, { as_of: f.dayAfterLast, cost: 'effective', top: '3', exclude_sources: DEMO_SOURCE }, { as_of: monthEnd(f), top: '3', other: 'yes' }],
  },
  // Their Athena forms read the store's days from line_items (queries/calendar/period_days.athena.cte.sql).
  'data_transfer/by_type': {
    order: 'total',
    // The Data transfer page leaves a delivery that has ended out: the demo's one delivery left out, only the total row, at zero, where the same day's with every line has each type.
    differs: [[3, 2]],
    params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective' }, { as_of: f.dayAfterLast, cost: 'effective', exclude_sources: DEMO_SOURCE }],
  },
  // Their Athena forms read the store's days around the range from line_items (queries/calendar/period_days.athena.cte.sql).
  'data_transfer/monthly_cost_by_type': {
    order: 'total',
    // The fourth set as a chart asks it past the horizon: the days from complete_until on partial; the last with the demo's delivery as one that
    // has ended inside the range (its days after that day partial; the month it stops inside named, where the others' data runs on: none here).
    params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, cost: 'effective' }, { from: f.midFrom, to: f.nextMonth }, { from: f.midFrom, to: f.nextMonth, complete_until: f.midTo },
      { from: f.midFrom, to: f.nextMonth, ended: listParam([`${addDays(f.midTo, -3)} ${DEMO_SOURCE_ID}`]) }],
  },
  'storage/monthly_cost_by_class': {
    order: 'total',
    // The fourth set as a chart asks it past the horizon: the days from complete_until on partial; the last with the demo's delivery as one that
    // has ended inside the range (its days after that day partial; the month it stops inside named, where the others' data runs on: none here).
    params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, cost: 'effective' }, { from: f.midFrom, to: f.nextMonth }, { from: f.midFrom, to: f.nextMonth, complete_until: f.midTo },
      { from: f.midFrom, to: f.nextMonth, ended: listParam([`${addDays(f.midTo, -3)} ${DEMO_SOURCE_ID}`]) }],
  },
  'data_transfer/top_sources': {
    order: 'total',
    // The Data transfer page leaves a delivery that has ended out: the demo's one delivery left out, no source, where the same day's with every line has some.
    differs: [[3, 2]],
    params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f), dimension: 'account' }, { as_of: f.dayAfterLast, cost: 'effective', top: '3' },
      { as_of: f.dayAfterLast, cost: 'effective', top: '3', exclude_sources: DEMO_SOURCE }],
  },
  'report/resource_tag_values': {
    order: 'partial', // ORDER BY 1, 2: a resource whose lines carry several tag values ties
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast, tag_keys: keyList(f, 4) },
      { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' },
    ],
  },
  'resource/tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4 DESC: value combinations with as many lines tie
    params: (f) => [{ start: f.firstDay, end: f.dayAfterLast, ...keys(f, 8) }, { start: f.midFrom, end: f.midTo, ...keys(f, 2) }],
  },
  'resource/tags': { order: 'total', params: (f) => [{ id: f.resourceId }] },
  'trends/daily_cost_and_units': {
    order: 'total',
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, charges: 'all' },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, tag_key: f.tagKeys[0], tag_value: f.tagValue },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, tag_key: f.tagKeys[0], tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]', tag_value: 'renamed' },
    ],
  },
  'trends/daily_spend': {
    order: 'total',
    // The weekly report's daily chart leaves a delivery that has ended out: the demo's one delivery left out, no day is left.
    differs: [[2, 1]],
    // The month-end forecast reads the days by source (each delivery that has ended apart).
    params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }, { from: f.midFrom, to: f.midTo, exclude_sources: DEMO_SOURCE }, { from: f.firstDay, to: f.dayAfterLast, by: 'source' }],
  },
  'trends/spend_by_class_and_service': {
    order: 'total',
    differs: [[2, 1]],
    // The month-end forecast reads this month's charges by source (with and without each delivery that has ended).
    params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }, { from: f.midFrom, to: f.midTo, exclude_sources: DEMO_SOURCE }, { from: f.firstDay, to: f.dayAfterLast, by: 'source' }],
  },
  'calendar/data_horizon': { order: 'total', params: () => [{}] },
  'calendar/billing_period_days': { order: 'total', params: () => [{}] },
  'explain/cost_drivers': {
    order: 'total',
    // The demo's one delivery left out of the old span (every driver new), then of the new span (every driver gone).
    differs: [[2, 1], [3, 1]],
    params: (f) => {
      const charged = { old_charge_from: f.firstDay, old_charge_to: f.midFrom, new_charge_from: f.midFrom, new_charge_to: f.midTo, cost: 'effective',
        tag_keys: listParam(f.tagKeys.slice(0, 3)), tag_raw_values: listParam([f.tagValue]), tag_values: listParam(['renamed']) };
      return [
        { old_billing_from: f.firstDay, old_billing_to: f.month, new_billing_from: f.month, new_billing_to: f.nextMonth },
        charged, { ...charged, old_exclude_sources: DEMO_SOURCE }, { ...charged, new_exclude_sources: DEMO_SOURCE },
      ];
    },
  },
  'attribution/tag_value_spend': {
    order: 'total',
    params: (f) => [{ tag_keys: listParam(f.tagKeys.slice(0, 3)) }, { tag_keys: listParam([f.tagKeys[0]]), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'budgets/scope_daily_spend': {
    order: 'total',
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast },
      { from: f.midFrom, to: f.midTo, tag_keys: listParam(f.tagKeys.slice(0, 2)), tag_raw_values: listParam([f.tagValue]) },
      { from: f.firstDay, to: f.dayAfterLast, services: listParam(['Amazon Elastic Compute Cloud', 'AmazonS3']), cost_category: 'business_unit', cost_category_values: listParam(['Data', 'Commerce']) },
    ],
  },
  'budgets/scope_cost_drivers': {
    order: 'total',
    params: (f) => [
      { old_from: f.firstDay, old_to: f.month, new_from: f.month, new_to: f.nextMonth },
      { old_from: f.firstDay, old_to: f.midFrom, new_from: f.midFrom, new_to: f.midTo, cost: 'net', tag_keys: listParam(f.tagKeys.slice(0, 3)), tag_raw_values: listParam([f.tagValue]) },
      { old_from: f.firstDay, old_to: f.month, new_from: f.month, new_to: f.nextMonth, cost: 'effective', cost_category: 'business_unit', cost_category_values: listParam(['Data']) },
    ],
  },
  'overview/month_to_date': {
    order: 'total',
    // The Overview leaves a delivery that has ended out: the demo's one delivery left out, so its rows differ from the same day's with every line.
    differs: [[3, 2]],
    params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective' }, { as_of: f.dayAfterLast, cost: 'effective', exclude_sources: DEMO_SOURCE }],
  },
  'trends/daily_spend_by_service_and_account': {
    order: 'total',
    differs: [[2, 1]],
    params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }, { from: f.midFrom, to: f.midTo, exclude_sources: DEMO_SOURCE }],
  },
  'kpi/ec2_compute_by_type': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'kpi/ebs_storage_by_type': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'kpi/s3_storage_by_class': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'optimisation/billed_resources': {
    order: 'total',
    params: (f) => [
      { as_of: f.dayAfterLast, complete_until: f.dayAfterLast },
      { as_of: f.dayAfterLast, complete_until: addDays(f.dayAfterLast, -1), ec2_days: '3', rds_days: '0', ebs_days: '30', load_balancer_days: '2', nat_days: '2' },
      { as_of: f.midTo, ec2_days: '1', rds_days: '40' },
    ],
  },
  'optimisation/idle_elastic_ips': {
    order: 'total',
    store: 'bill',
    params: (f) => [
      idleDays(f), { ...idleDays(f, addDays(f.dayAfterLast, 2)) }, // the look-back's days after the horizon not counted
      { ...idleDays(f, f.midTo), data_horizon: addDays(f.midTo, -1), complete_until: f.midTo, days: '3', cost_days: '10', min_idle_hours: '1' },
    ],
  },
  'optimisation/idle_gateways_from_bill': {
    order: 'total',
    store: 'bill',
    params: (f) => [idleDays(f), { ...idleDays(f, f.midTo), data_horizon: addDays(f.midTo, -1), complete_until: f.midTo, days: '3', cost_days: '10' }, { ...idleDays(f, f.midTo), days: '5', cost_days: '45' }],
  },
  'optimisation/idle_volumes_from_bill': {
    order: 'total',
    store: 'bill',
    // The demo's office-hours instances stop at the weekend: on its last Saturday (the day before
    // dayAfterLast) and on the weekend before, some accounts and regions bill storage and no instance hours.
    params: (f) => [{ ...idleDays(f), days: '1' }, { ...idleDays(f, addDays(f.dayAfterLast, -6)), days: '2' }, { ...idleDays(f), days: '1', cost_days: '45' }],
  },
};

/**
 * Twins that cannot run on DuckDB at all (an Athena-only function with no DuckDB equivalent),
 * with the reason. Keep it short: a twin listed here is checked for syntax only.
 */
export const CANNOT_RUN_ON_DUCKDB: Record<string, string> = {};

