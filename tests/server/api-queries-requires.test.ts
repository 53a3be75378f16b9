/**
 * `GET /api/queries` lists each query's `@requires` lines (src/engine/query-requires.ts) as
 * `requires`: the parameter needed, the parameter whose value calls for it (and, for
 * `when=a,b`, those values) and what to give. Before, the listing carried parameters and
 * returned columns only, so a client could not know that `dimension=tag` needs `tag_key` until
 * the 400 told it. The expected entries are written here from the headers of
 * queries/explore/spend_by.sql, daily_spend_by.sql and daily_postings.sql.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { appOn, ingestedStore } from './helpers.ts';

type Listed = { name: string; requires: { param: string; when: string; values?: string[]; description: string }[] } & Record<string, unknown>;

const BY_TAG = { param: 'tag_key', when: 'dimension', values: ['tag'], description: 'the tag key to group by' };
const BY_FILTER = { param: 'tag_key', when: 'tag_filter', description: 'the tag key whose values tag_filter lists' };
const list = (description: string) => ({ type: 'VARCHAR[]', required: false, default: '[]', description });

/** `GET /api/queries/explore/spend_by`'s entry, word for word from its header. */
const SPEND_BY = {
  name: 'explore/spend_by',
  description: 'Spend over a half-open range of charge days grouped by one dimension: service (ServiceName), account (SubAccountId), region (RegionId), usage_type (x_UsageType) or tag '
    + '(the value of the tag: of $tag_key as spelled, or, with $tag_keys and the value pairs, as src/analyze/attribution/tag-values.ts normalises it, so "payments " and "Payments" are one group). '
    + 'The $top largest groups are listed by value, largest first, and the rest are summed into one "Other (N more)" row, so the rows always add up to the range\'s total. '
    + 'Lines without a value are grouped as "(untagged)" for a tag and "(none)" otherwise.',
  params: [
    { name: 'dimension', type: 'VARCHAR', required: false, default: 'service', description: 'what to group by', oneOf: ['service', 'account', 'region', 'usage_type', 'tag', 'resource'] },
    { name: 'tag_key', type: 'VARCHAR', required: false, default: '-', description: 'the tag key to group by when dimension is tag, and whose values tag_filter lists' },
    { name: 'tag_keys', ...list('the tag\'s raw keys in pick order, as src/analyze/attribution/tag-values.ts reads them (empty: tag_key alone)') },
    { name: 'tag_raw_values', ...list('raw values of the tag that stand for another value (paired with tag_values)') },
    { name: 'tag_values', ...list('the value each of tag_raw_values stands for (a raw value not listed stands for itself)') },
    { name: 'accounts', ...list('only these accounts (SubAccountId; empty: every account)') },
    { name: 'services', ...list('only these services (ServiceName; empty: every service)') },
    { name: 'regions', ...list('only these regions (RegionId; empty: every region)') },
    { name: 'usage_types', ...list('only these usage types (x_UsageType; empty: every usage type)') },
    { name: 'charge_classes', ...list('only these charge classes (x_ChargeClass: usage, recurring, one-time, tax, credit; empty: every class)') },
    { name: 'tag_filter', ...list('only lines whose $tag_key value (read as for the tag dimension) is one of these; "(untagged)" for none (empty: every line)') },
    { name: 'exclude_sources', ...list('sources (x_Source) whose lines are left out (Explore compares usage without a delivery that has ended, as the weekly e-mail compares its weeks: src/analyze/ended-comparison.ts)') },
    { name: 'start', type: 'DATE', required: true, description: 'the first charge day (inclusive)' },
    { name: 'end', type: 'DATE', required: true, description: 'the day after the last (exclusive)', notBefore: 'start' },
    { name: 'cost', type: 'VARCHAR', required: false, default: 'billed', description: 'the cost to sum', oneOf: ['billed', 'effective'] },
    { name: 'top', type: 'INTEGER', required: false, default: '25', description: 'how many groups to list before "Other"', min: 1, max: 500 },
  ],
  requires: [BY_TAG, BY_FILTER],
  withoutDailyUsage: { rule: 'whole-months', bounds: ['start', 'end'] },
  returns: ['value', 'name', 'cost', 'lines', 'share_pct', 'rank'],
};

describe('GET /api/queries lists each query\'s @requires rules (the real October 2018 file)', () => {
  let app: CostlensApp;
  let byName: Record<string, Listed>;

  beforeAll(async () => {
    const { db } = await ingestedStore(REAL_OCT_2018);
    app = appOn(db);
    const response = await app.request('/api/queries');
    expect(response.status).toBe(200);
    const { queries } = (await response.json()) as { queries: Listed[] };
    byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  });
  afterAll(() => app?.close());

  it('explore/spend_by: its whole entry, the two @requires lines in header order as `requires`', () => {
    expect(byName['explore/spend_by']).toEqual(SPEND_BY);
  });

  it('the other explore queries list their own lines (daily_postings has no dimension, so only the tag_filter one); a query without @requires lists none', () => {
    expect(byName['explore/daily_spend_by'].requires).toEqual([BY_TAG, BY_FILTER]);
    expect(byName['explore/daily_postings'].requires).toEqual([BY_FILTER]);
    expect(byName['store/spend_by_service'].requires).toEqual([]);
    expect(Object.keys(byName['store/spend_by_service'])).toEqual(['name', 'description', 'params', 'requires', 'withoutDailyUsage', 'returns']);
  });

  it('each listed rule is the one a request breaking it is refused by: 400 naming `param`, the value of `when` and the description', async () => {
    const calls = [['dimension=tag', BY_TAG], [`tag_filter=${encodeURIComponent('["Cost001"]')}`, BY_FILTER]] as const;
    for (const [given, rule] of calls) {
      expect(byName['explore/spend_by'].requires).toContainEqual(rule);
      const response = await app.request(`/api/queries/explore/spend_by?${given}&start=2018-10-01&end=2018-11-01`);
      expect(response.status, given).toBe(400);
      const { error } = await response.json();
      const calledBy = 'values' in rule ? `${rule.when}=${rule.values[0]}` : rule.when;
      expect(error.message).toBe(`parameter "${rule.param}" of explore/spend_by is needed with ${calledBy}: give ${rule.description}`);
    }
  });
});
