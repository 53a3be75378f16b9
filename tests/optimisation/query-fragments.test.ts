import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryRegistry, queryRegistry } from '../../src/engine/query-registry.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { HOURS_PER_MONTH } from '../../src/lib/calendar.ts';

/**
 * Shared CTEs (`*.cte.sql`) are spliced into the queries that `-- @include` them when a query is
 * loaded, so both engines and the Athena checks see one text; a fragment is not a query.
 */
describe('query fragments (-- @include)', () => {
  const dir = scratchDir();
  mkdirSync(join(dir, 'shared'));
  mkdirSync(join(dir, 'area'));
  writeFileSync(join(dir, 'shared/ones.cte.sql'), '-- one row\nones AS (\n  SELECT 1 AS one\n)\n');
  writeFileSync(join(dir, 'area/uses_ones.sql'), '-- Counts ones.\n-- @returns n BIGINT\nWITH\n-- @include ../shared/ones.cte.sql\ncounted AS (SELECT count(*) AS n FROM ones)\nSELECT n FROM counted\n');

  it('the include line becomes the fragment\'s CTEs and a comma; the header is the includer\'s', () => {
    const query = QueryRegistry.load(dir).find('area/uses_ones');
    expect(query.returns).toEqual(['n']);
    expect(query.sql).toBe('-- Counts ones.\n-- @returns n BIGINT\nWITH\n-- one row\nones AS (\n  SELECT 1 AS one\n),\ncounted AS (SELECT count(*) AS n FROM ones)\nSELECT n FROM counted\n');
  });

  it('a fragment is not listed as a query', () => {
    expect(QueryRegistry.load(dir).queries.map((q) => q.name)).toEqual(['area/uses_ones']);
  });

  it('a missing fragment is a config error naming the query, its line, the path and a hint: the registry does not load', () => {
    writeFileSync(join(dir, 'area/missing.sql'), '-- Broken.\n-- @returns n BIGINT\nWITH\n-- @include ../shared/nowhere.cte.sql\nx AS (SELECT 1 AS n)\nSELECT n FROM x\n');
    let error: unknown;
    try {
      QueryRegistry.load(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'config',
      message: `${join(dir, 'area/missing.sql')}:4: @include ../shared/nowhere.cte.sql: no CTE fragment (a .cte.sql file) at ${join(dir, 'shared/nowhere.cte.sql')}`,
      hint: 'an @include names a .cte.sql file relative to the query that includes it',
    });
  });

  it('the shipped rules include the one metric_days fragment, and none filters on one period', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nmetric_days AS (')).map((q) => q.name);
    expect(includers).toEqual([
      'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways',
      'optimisation/idle_rds_instances', 'optimisation/instance_commitments', 'optimisation/instance_costs', 'optimisation/instance_utilisation',
      'optimisation/lambda_functions',
    ]);
    // No rule takes a period to filter on any more.
    expect(queryRegistry().queries.filter((q) => q.params.some((p) => p.name === 'period_s')).map((q) => q.name)).toEqual([]);
  });

  it('rightsizing\'s and modernise\'s commitment coverage come from the one instance_commitment_coverage fragment, and no other query reads commitment lines that way', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\ncommitment_window_lines AS (')).map((q) => q.name);
    expect(includers).toEqual(['modernise/instance_commitments', 'optimisation/instance_commitments', 'optimisation/lambda_commitments']);
  });

  it('rightsizing\'s instance and Lambda commitments and modernise\'s read and prorate their commitment lines through the one commitment_window_lines fragment, and no query writes that proration itself', () => {
    const fragment = readFileSync(new URL('../../queries/optimisation/commitment_window_lines.cte.sql', import.meta.url), 'utf8').trimEnd();
    expect(queryRegistry().queries.filter((q) => q.sql.includes(fragment)).map((q) => q.name)).toEqual(['modernise/instance_commitments', 'optimisation/instance_commitments', 'optimisation/lambda_commitments']);
    const proration = /greatest\(li\.ChargePeriodStart, \w+\.cost_start\), least\(li\.ChargePeriodEnd, \w+\.\w+\)/g;
    const prorations = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(proration)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(prorations).toEqual({ 'modernise/instance_commitments': 2, 'optimisation/instance_commitments': 2, 'optimisation/lambda_commitments': 2 });
  });

  it('every idle rule and the rightsizing inputs price their resources through the one window_cost_lines fragment, and no query but idle_elastic_ips (for its addresses without an id) writes the proration itself', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nwindow_cost_lines AS (')).map((q) => q.name);
    expect(includers).toEqual([
      'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill',
      'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/idle_volumes_from_bill',
      'optimisation/instance_costs', 'optimisation/lambda_functions',
    ]);
    // The fragment prorates the cost and the quantity: twice, and nowhere else, but for the Elastic IP
    // addresses the bill names no resource id for (priced from their idle lines by account, region
    // and usage type, which a fragment selecting by resource id cannot reach).
    const proration = /greatest\(\w+\.bucket_start, \w+\.cost_start\), least\(\w+\.bucket_end, \w+\.cost_end\)/g;
    const prorations = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(proration)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(prorations).toEqual({ ...Object.fromEntries(includers.map((name) => [name, 2])), 'optimisation/idle_elastic_ips': 3 });
  });

  const idleRules = [
    'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill',
    'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/idle_volumes_from_bill',
  ];
  /** Per query, how many times its expanded SQL holds `text` (queries without it left out). */
  const occurrences = (text: string) => Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.split(text).length - 1]).filter(([, n]) => n !== 0));

  /** The rightsizing inputs that judge a look-back and price a cost window as the idle rules do. */
  const rightsizingInputs = ['optimisation/instance_costs', 'optimisation/lambda_functions'];

  it('every idle rule, the rightsizing inputs, the metric coverage and the modernise inputs that look back on days take their look-back and cost window from the one look_back_bounds fragment (their own look_back names the days); the idle rules sum their window costs in the one resource_window_costs fragment', () => {
    const windowStart = "CAST(CAST($as_of AS DATE) AS TIMESTAMP) - l.days * INTERVAL '1' DAY AS window_start";
    const ownWindows = ['metrics/metric_rows', 'modernise/network_processing', 'modernise/s3_standard_buckets', 'optimisation/instance_commitments', 'optimisation/instance_utilisation',
      'optimisation/instances_without_cpu'];
    // billed_resources (the resources billed in each kind's look-back, for the rules that could not judge them) looks back on the longest of its kinds' days.
    const boundsUsers = [...idleRules, ...rightsizingInputs, ...ownWindows, 'optimisation/billed_resources'].sort();
    expect(occurrences(windowStart)).toEqual(Object.fromEntries(boundsUsers.map((name) => [name, 1])));
    expect(queryRegistry().queries.filter((q) => q.sql.includes('WITH look_back AS (')).map((q) => q.name)).toEqual(boundsUsers);
    const lookBack = (name: string) => /WITH look_back AS \(\n(?:  --.*\n)*  SELECT CAST\(\$(\w+) AS INTEGER\) AS days, CAST\(\$(\w+) AS INTEGER\) AS cost_days\n\)/.exec(queryRegistry().find(name).sql)?.slice(1);
    expect([...rightsizingInputs, ...ownWindows].map(lookBack)).toEqual([
      ['lookback_days', 'cost_days'], ['lookback_days', 'cost_days'],
      // Without a cost window of their own, the look-back's days are the cost window's.
      ['days', 'days'], ['days', 'days'], ['days', 'days'], ['lookback_days', 'cost_days'], ['lookback_days', 'lookback_days'], ['lookback_days', 'lookback_days'],
    ]);
    // No query writes a look-back's start from its own parameter any more.
    const ownWindow = /CAST\(\$\w+ AS INTEGER\) \* INTERVAL '1' DAY AS window_start/;
    expect(queryRegistry().queries.filter((q) => ownWindow.test(q.sql)).map((q) => q.name)).toEqual([]);
    expect(occurrences('sum(li.window_cost_part) AS window_cost,')).toEqual(Object.fromEntries(idleRules.map((name) => [name, 1])));
  });

  it('the idle rules that judge resources by their id price each candidate (window, cost, current rate) in the one priced_candidates fragment; only idle_elastic_ips, which prices addresses without an id, writes its own', () => {
    const priced = idleRules.filter((name) => name !== 'optimisation/idle_elastic_ips');
    expect(queryRegistry().queries.filter((q) => q.sql.includes('\npriced_candidates AS (')).map((q) => q.name)).toEqual(priced);
    expect(occurrences('coalesce(r.hourly_rate, CAST(0 AS DECIMAL(38, 10)))')).toEqual(Object.fromEntries(priced.map((name) => [name, 1])));
    // Each rule states its cost window once: in the fragment, or in idle_elastic_ips' own SELECT.
    expect(idleRules.map((name) => queryRegistry().find(name).sql.split('CAST(b.cost_start AS DATE) AS cost_start').length - 1)).toEqual(idleRules.map(() => 1));
  });

  it('the bill-only rules leave resources with metrics to the metric rules through the one metered_resources fragment, and EC2 and RDS read the billed instance type that the one resource_window_costs fragment gives with the window cost, in the same grouping of the bill', () => {
    expect(occurrences('FROM metrics m CROSS JOIN bounds b CROSS JOIN cost_bounds c')).toEqual({ 'optimisation/idle_gateways_from_bill': 1, 'optimisation/idle_volumes_from_bill': 1 });
    expect(occurrences('NOT IN (SELECT resource_id FROM metered_resources)')).toEqual({ 'optimisation/idle_gateways_from_bill': 1, 'optimisation/idle_volumes_from_bill': 1 });
    expect(occurrences("THEN split_part(li.x_UsageType, ':', 2) END)) AS instance_type")).toEqual(Object.fromEntries(idleRules.map((name) => [name, 1])));
    expect(occurrences('coalesce(i.instance_type, c.billed_instance_type) AS')).toEqual({ 'optimisation/idle_ec2_instances': 1, 'optimisation/idle_rds_instances': 1 });
    // Each idle rule, and each rightsizing input, reads its window's bill once (EC2 and RDS read it twice before);
    // instance_costs scans those lines (a CTE DuckDB computes once) a second time for the instance-hour usage types among them.
    expect(occurrences('FROM window_cost_lines li')).toEqual({ ...Object.fromEntries([...idleRules, ...rightsizingInputs].map((name) => [name, 1])), 'optimisation/instance_costs': 2 });
  });

  it('every fragment of queries/optimisation, the idle rules\' four and the Athena forms among them, is included by some query (the Athena forms by the queries\' Athena forms alone)', () => {
    const dir = new URL('../../queries/optimisation/', import.meta.url);
    const fragments = readdirSync(dir).filter((f) => f.endsWith('.cte.sql')).sort();
    const forms = queryRegistry().queries.flatMap((q) => [q, queryRegistry().twinOf(q.name)].filter((form) => form !== undefined));
    const unused = fragments.filter((f) => !forms.some((q) => q.sql.includes(readFileSync(new URL(f, dir), 'utf8').trimEnd())));
    expect(unused).toEqual([]);
    // Athena has no usage_daily rollup: the queries that read the bill per resource and day roll it up from line_items in
    // the one fragment, usage_daily_source's Athena form, which their Athena forms read; none of them has a twin of its own.
    const billReaders = ['optimisation/billed_resources', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill', 'optimisation/idle_volumes_from_bill'];
    const rollup = readFileSync(new URL('usage_daily_source.athena.cte.sql', dir), 'utf8').trimEnd();
    expect(forms.filter((q) => q.sql.includes(rollup)).map((q) => q.name).sort()).toEqual(billReaders);
    for (const name of billReaders) {
      expect(queryRegistry().twinOf(name)!.path, name).toBe(queryRegistry().find(name).path);
      expect(queryRegistry().find(name).sql, name).toContain('\nusage_daily AS NOT MATERIALIZED (\n  SELECT * FROM usage_daily\n)');
    }
    // On Athena no resource is left to the metric and inventory rules: their fragments' Athena forms have no row.
    const none = 'AS (\n  SELECT CAST(NULL AS VARCHAR) AS resource_id WHERE 1 = 0\n)';
    for (const cte of ['metered_resources', 'inventoried_resources']) expect(queryRegistry().twinOf('optimisation/idle_volumes_from_bill')!.sql).toContain(`\n${cte} ${none},`);
    expect(queryRegistry().twinOf('optimisation/idle_gateways_from_bill')!.sql).toContain(`\nmetered_resources ${none},`);
    expect(fragments).toEqual(expect.arrayContaining(['look_back_bounds.cte.sql', 'metered_resources.cte.sql', 'priced_candidates.cte.sql', 'resource_window_costs.cte.sql']));
  });

  it('the idle rules judged from metrics and the rightsizing inputs read the inventory\'s latest word on a resource through the one latest_inventory fragment, and no query writes that lookup itself', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('WHERE r.resource_id IN (SELECT resource_id FROM cost_targets)')).map((q) => q.name);
    expect(includers).toEqual(['optimisation/idle_ec2_instances', 'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/instance_costs', 'optimisation/lambda_functions']);
    // Two read the latest observation of more than the resources they judge: idle_ebs_volumes of every
    // volume (whether it is attached decides the candidates), tag_values of every resource.
    const lookup = /l\.resource_id = r\.resource_id AND l\.observed_at = r\.observed_at/g;
    const writers = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(lookup)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writers).toEqual({ ...Object.fromEntries(includers.map((name) => [name, 1])), 'optimisation/idle_ebs_volumes': 1, 'resource/tag_values': 1 });
  });

  it('billed_resources, instance_costs and instances_without_cpu tell an EC2 or RDS instance hour from its usage type through the one instance_hour_usage_types fragment, and none writes those patterns itself', () => {
    const fragment = readFileSync(new URL('../../queries/optimisation/instance_hour_usage_types.cte.sql', import.meta.url), 'utf8').trimEnd();
    const includers = queryRegistry().queries.filter((q) => q.sql.includes(fragment)).map((q) => q.name);
    expect(includers).toEqual(['optimisation/billed_resources', 'optimisation/instance_costs', 'optimisation/instances_without_cpu']);
    for (const name of includers) expect(readFileSync(queryRegistry().find(name).path, 'utf8'), name).not.toMatch(/'%(BoxUsage|SpotUsage|DedicatedUsage|InstanceUsage|Multi-AZUsage)%'/);
  });

  it('the modernisation inputs that price a resource from its bill take each line\'s share of the last day and of the cost window from the one line_shares fragment, and no query writes those shares itself', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nshares AS (')).map((q) => q.name);
    expect(includers).toEqual(['modernise/ebs_volume_types', 'modernise/instance_types', 'modernise/old_snapshots']);
    const dayShare = /greatest\(v\.line_start, b\.day_start\), least\(v\.line_end, b\.window_end\)/g;
    const writers = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(dayShare)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writers).toEqual(Object.fromEntries(includers.map((name) => [name, 1])));
  });

  it('every month-to-date comparison takes its spans from the one month_to_date_spans fragment, and no query writes "the same days of last month" itself', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nbounds AS (\n  SELECT\n    m.current_start,')).map((q) => q.name);
    expect(includers).toEqual(['data_transfer/by_type', 'data_transfer/top_sources', 'overview/month_to_date', 'overview/top_accounts', 'overview/top_services']);
    const sameDaysOfLastMonth = /INTERVAL '1' MONTH \+ INTERVAL '1' DAY/g;
    const writers = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(sameDaysOfLastMonth)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writers).toEqual(Object.fromEntries(includers.map((name) => [name, 1])));
    // Each of them, and its Athena form, tells the spans' days not in the store from days of no spend through the one month_to_date_days_in_store fragment.
    const forms = queryRegistry().queries.flatMap((q) => [[q.name, q.sql], [`${q.name} (athena)`, queryRegistry().athenaForm(q.name).sql]]);
    expect(forms.filter(([, sql]) => sql.includes('\nspans_in_store AS (')).map(([name]) => name)).toEqual(includers.flatMap((name) => [name, `${name} (athena)`]));
  });

  it('which days a billing period covers is one rule, covered_days.cte.sql, that billing_period_days, every month-to-date query and the monthly Storage and Data transfer queries (and their Athena forms) include, and none writes itself', () => {
    const fragment = readFileSync(new URL('../../queries/calendar/covered_days.cte.sql', import.meta.url), 'utf8').trimEnd();
    const forms = queryRegistry().queries.flatMap((q) => [[q.name, q.sql], [`${q.name} (athena)`, queryRegistry().athenaForm(q.name).sql]]);
    const includers = ['calendar/billing_period_days', 'data_transfer/by_type', 'data_transfer/monthly_cost_by_type', 'data_transfer/top_sources', 'overview/month_to_date',
      'overview/top_accounts', 'overview/top_services', 'storage/monthly_cost_by_class'];
    expect(forms.filter(([, sql]) => sql.includes(fragment)).map(([name]) => name)).toEqual(includers.flatMap((name) => [name, `${name} (athena)`]));
    // The rule's two halves: a period of usage covers its days' runs; one without, its month to its last day.
    const rule = /max\(usage_day\) OVER \(PARTITION BY source, billing_period\)|INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE\), max\(day\)\)/g;
    const writers = Object.fromEntries(forms.map(([name, sql]) => [name, sql.replace(fragment, '').match(rule)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writers).toEqual({});
  });

  it('an include that is the last CTE (the SELECT follows) takes no comma', () => {
    const own = scratchDir();
    writeFileSync(join(own, 'ones.cte.sql'), '-- one row\nones AS (\n  SELECT 1 AS one\n)\n');
    writeFileSync(join(own, 'ones_last.sql'), '-- Ones.\n-- @returns one INTEGER\nWITH\n-- @include ones.cte.sql\n-- the answer\nSELECT one FROM ones\n');
    const sql = QueryRegistry.load(own).find('ones_last').sql;
    expect(sql).toBe('-- Ones.\n-- @returns one INTEGER\nWITH\n-- one row\nones AS (\n  SELECT 1 AS one\n)\n-- the answer\nSELECT one FROM ones\n');
  });

  it('the idle rules that price by the hour read the current rate from the one current_hourly_rates fragment', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nrates AS (')).map((q) => q.name);
    expect(includers).toEqual([
      'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill',
      'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/idle_volumes_from_bill',
    ]);
    // The fragment's rate: a row's cost an hour, GB-month charges scaled to their calendar month (× 24 × its days ÷ the hours of a month).
    const rate = "sum(CAST(li.effective_cost AS DOUBLE) * 3600 / date_diff('second', li.bucket_start, li.bucket_end)\n";
    const gbMonth = "THEN 24.0 * date_diff('day', date_trunc('month', li.bucket_start), date_trunc('month', li.bucket_start) + INTERVAL '1' MONTH) / m.hours ELSE 1 END";
    expect(includers.filter((name) => queryRegistry().find(name).sql.split(rate).length !== 2 || queryRegistry().find(name).sql.split(gbMonth).length !== 2)).toEqual([]);
    // Elastic IPs rate an address with an id through the fragment, and write out only the rate of the
    // addresses the bill names no id for (grouped by account, region and usage type, which a fragment
    // joining on the resource id cannot reach); no query rates its own rate day.
    const hourly = /sum\(CAST\(\w+\.effective_cost AS DOUBLE\) \* 3600 \/ date_diff\('second', \w+\.bucket_start, \w+\.bucket_end\)\)/g;
    const writtenOut = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(hourly)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writtenOut).toEqual({ 'optimisation/idle_elastic_ips': 1 });
    const rateDays = queryRegistry().queries.filter((q) => q.sql.split('\nrate_day AS (').length !== (includers.includes(q.name) ? 2 : 1)).map((q) => q.name);
    expect(rateDays).toEqual([]);
  });

  it('"a month" is 730 hours in the SQL as in the TypeScript: the one hours_per_month of current_hourly_rates, HOURS_PER_MONTH; no query, nor its Athena form, writes a month\'s hours itself', () => {
    // 730 = 8,760 h ÷ 12, AWS's list-price month; rightsizing scaled its 30 days' 720 h as the month once.
    expect(HOURS_PER_MONTH).toBe(730);
    const definition = `\nhours_per_month AS (\n  SELECT ${HOURS_PER_MONTH} AS hours\n)`;
    const texts = queryRegistry().queries.flatMap((q) => [[q.name, q.sql], [`${q.name} (athena)`, queryRegistry().twinOf(q.name)?.sql ?? '']]);
    const code = (sql: string) => sql.split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n');
    const definers = texts.filter(([, sql]) => sql.includes(definition)).map(([name]) => name);
    expect(definers.filter((name) => !name.endsWith('(athena)'))).toEqual([
      'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill',
      'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/idle_volumes_from_bill',
    ]);
    expect(definers.filter((name) => name.endsWith('(athena)'))).toEqual(['optimisation/idle_elastic_ips (athena)', 'optimisation/idle_gateways_from_bill (athena)', 'optimisation/idle_volumes_from_bill (athena)']);
    const writeHours = texts.filter(([, sql]) => /\b(730|720|744)\b/.test(code(sql).replace(definition, ''))).map(([name]) => name);
    expect(writeHours).toEqual([]);
  });

  it('the current rate joins only the rate day\'s usage_daily rows of the resources the rule prices (its cost_targets), never the whole of usage_daily', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\nrates AS (')).map((q) => q.name);
    // target_usage, the usage_daily rows of the cost_targets, is read once (window_cost_lines.cte.sql) for the window cost and the rate.
    const targetUsage = ['target_usage AS (', '  SELECT u.*', '  FROM usage_daily u', '  WHERE u.ResourceId IN (SELECT resource_id FROM cost_targets)', ')'].join('\n');
    const windowCostIncluders = queryRegistry().queries.filter((q) => q.sql.includes('\nwindow_cost_lines AS (')).map((q) => q.name);
    expect(occurrences(targetUsage)).toEqual(Object.fromEntries(windowCostIncluders.map((name) => [name, 1])));
    const rateDayLines = [
      '  LEFT JOIN (',
      '    SELECT u.*',
      '    FROM target_usage u CROSS JOIN rate_day rd',
      '    WHERE u.bucket_start < rd.day_end AND u.bucket_end > rd.day_start AND u.last_end > u.first_start',
      '  ) li ON li.ResourceId = k.resource_id',
    ].join('\n');
    expect(occurrences(rateDayLines)).toEqual(Object.fromEntries(includers.map((name) => [name, 1])));
    // Every resource rates reads (costs, from resource_window_costs) is one of the cost_targets, so the filter loses none.
    expect(includers.filter((name) => !/\ncost_targets AS \([\s\S]*\ncosts AS \([\s\S]*FROM window_cost_lines li[\s\S]*\nrates AS \(/.test(queryRegistry().find(name).sql))).toEqual([]);
    expect(occurrences('LEFT JOIN usage_daily li ON li.ResourceId = k.resource_id')).toEqual({});
  });

  it('the net amortised cost and the transfer type are each written once, in their fragments, and every query that needs them includes it', () => {
    const queries = queryRegistry().queries;
    const netRule = "WHEN x_LineItemType = 'SavingsPlanRecurringFee' THEN";
    expect(queries.filter((q) => q.sql.includes(netRule)).map((q) => [q.name, q.sql.split(netRule).length - 1])).toEqual([
      ['budgets/scope_cost_drivers', 1], ['budgets/scope_daily_spend', 1], ['invoice/by_charge_class', 1],
    ]);
    const transferRule = "WHEN li.x_UsageType LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ'";
    expect(queries.filter((q) => q.sql.includes(transferRule)).map((q) => [q.name, q.sql.split(transferRule).length - 1])).toEqual([
      ['data_transfer/by_type', 1], ['data_transfer/monthly_cost_by_type', 1], ['data_transfer/top_sources', 1],
    ]);
  });

  it('every query that sums a cost window or counts the look-back\'s metric days counts its complete days through the one counted_days fragment ($complete_until), and none writes that end itself', () => {
    const includers = queryRegistry().queries.filter((q) => q.sql.includes('\ncost_bounds AS (')).map((q) => q.name);
    // metric_rows (the coverage lines) and instance_utilisation (rightsizing's CPU and memory) count metric days up to the same end,
    // and instances_without_cpu (the instances billed in the look-back with no CPU metric) billed days.
    expect(includers).toEqual([
      'metrics/metric_rows', 'optimisation/idle_ebs_volumes', 'optimisation/idle_ec2_instances', 'optimisation/idle_elastic_ips', 'optimisation/idle_gateways_from_bill',
      'optimisation/idle_load_balancers', 'optimisation/idle_nat_gateways', 'optimisation/idle_rds_instances', 'optimisation/idle_volumes_from_bill',
      'optimisation/instance_commitments', 'optimisation/instance_costs', 'optimisation/instance_utilisation', 'optimisation/instances_without_cpu',
      'optimisation/lambda_commitments', 'optimisation/lambda_functions',
    ].concat('optimisation/billed_resources').sort());
    const end = /CAST\(CAST\(\$complete_until AS DATE\) AS TIMESTAMP\)/g;
    const writers = Object.fromEntries(queryRegistry().queries.map((q) => [q.name, q.sql.match(end)?.length ?? 0]).filter(([, n]) => n !== 0));
    expect(writers).toEqual(Object.fromEntries(includers.map((name) => [name, 1])));
    expect(queryRegistry().queries.filter((q) => q.sql.includes('counted_lines')).map((q) => q.name)).toEqual([]);
  });
});
