/**
 * Tag keys listed the most used first (queries/attribution/tag_keys.sql and its Athena twin order
 * by lines, then key), a key with blanks at an end (or a control character) quoted: `attribute`'s
 * hint of the keys in a range, the Attribution page's Tag key list, and the key `costlens start`
 * suggests. On the FOCUS sample the hint listed the first 12 keys in code-point order, `" org"`
 * unquoted first, and left out application, business_unit and environment (659 lines each in
 * 2024-09); `start` suggested `--tag team`, a key no real file carries.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore, demoStoreCopy, storeCopy } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';

/** The tag keys of the FOCUS sample's 2024-09 lines with a non-empty value, and their lines, most first, by DuckDB on the CSV itself. */
async function focusKeysOfSeptember(): Promise<[string, number][]> {
  const rows = await duckdbRows(`SELECT k, count(*) AS n
    FROM (SELECT unnest(json_keys(Tags)) AS k, Tags FROM read_csv($file, nullstr = 'NULL')
      WHERE strftime(CAST(BillingPeriodStart AS TIMESTAMP), '%Y-%m') = '2024-09')
    WHERE coalesce(json_extract_string(Tags, '$."' || k || '"'), '') <> ''
    GROUP BY k ORDER BY n DESC, k`, { file: REAL_FOCUS });
  return rows.map((r) => [r.k!, Number(r.n)]);
}

/** `&quot; org&quot;` as the text it shows. */
const unescaped = (text: string) => text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

describe('tag keys the most used first, " org" quoted: the FOCUS sample, 2024-09', () => {
  let db: string;
  let keys: [string, number][];
  let app: CostlensApp;
  beforeAll(async () => {
    [db, keys] = await Promise.all([cachedStore([[REAL_FOCUS]]), focusKeysOfSeptember()]);
    app = appOn(db);
  }, 120_000);
  afterAll(() => app?.close());

  it('DuckDB on the file: 30 keys, application, business_unit and environment on 659 lines each, " org" on 23 beside org on 42', () => {
    expect(keys).toHaveLength(30);
    expect(keys.slice(0, 9)).toEqual([['application', 659], ['business_unit', 659], ['environment', 659], ['CostAllocationTest', 45], ['env', 42], ['org', 42], ['CostCenter', 36], ['Project', 31], [' org', 23]]);
  });

  it('attribute --tag team: the hint lists the 12 most used keys (it listed " org", ClancyTag, ComputeType… in code-point order), " org" quoted', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2024-09', '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    const listed = 'application, business_unit, environment, CostAllocationTest, env, org, CostCenter, Project, " org", ComputeType, Cost department, cm-resource-parent, … (30)';
    expect(listed).toBe(`${keys.slice(0, 12).map(([k]) => (k === ' org' ? '" org"' : k)).join(', ')}, … (30)`);
    expect(run.stderr).toContain('attribute: no line item in 2024-09 carries the tag key "team" under any spelling\n'
      + `  hint: tag keys in 2024-09, the most used first: ${listed}\n`);
  });

  it('the Attribution page lists the raw keys in that order (the key asked for first), " org" shown quoted beside org', async () => {
    const html = await (await page(app, '/attribution?tag=team&period=2024-09&cost=billed')).text();
    const raw = /<optgroup label="raw keys in the data">([^]*?)<\/optgroup>/.exec(html)![1];
    const options = [...raw.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [unescaped(m[1]), unescaped(m[2])]);
    expect(options.map(([value]) => value)).toEqual(['team', ...keys.map(([k]) => k)]);
    expect(options.slice(0, 10)).toEqual([['team', 'team'], ['application', 'application'], ['business_unit', 'business_unit'], ['environment', 'environment'],
      ['CostAllocationTest', 'CostAllocationTest'], ['env', 'env'], ['org', 'org'], ['CostCenter', 'CostCenter'], ['Project', 'Project'], [' org', '" org"']]);
    expect(options.filter(([, label]) => label.includes('org'))).toEqual([['org', 'org'], [' org', '" org"']]);
  });
});

describe('costlens start suggests attribute by the key the store carries most in the period attribute reads by default', () => {
  const tryAttribute = async (db: string) => {
    const run = await costlens(db, 'start', '--no-serve');
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.slice(run.stdout.indexOf('Try:')).split('\n')[1];
  };

  it('the demo: team, its most used key in every billing period (aws:created_by aside); the real 2018 CURs: cost_center; the FOCUS sample: application (it was team on all)', async () => {
    const demo = await demoStoreCopy(inject('demoDir'), ['cur2']);
    const top = await sqlRows(demo.db, `SELECT p, arg_max(k, n) AS k FROM (SELECT x_BillingPeriod AS p, k, count(*) AS n
      FROM (SELECT x_BillingPeriod, unnest(map_keys(Tags)) AS k FROM line_items) WHERE NOT starts_with(k, 'aws:') GROUP BY 1, 2) GROUP BY p ORDER BY p`);
    // The shared demo's 3 months as of 15 Nov 2026 (tests/global-setup.ts): its three billing periods, team the most used key in each.
    expect(top).toEqual(['2026-09', '2026-10', '2026-11'].map((p) => ({ p, k: 'team' })));
    expect(await tryAttribute(demo.db)).toBe('  npx costlens attribute --tag team');
    // 2018-11 (the default period) by DuckDB on the file: aws:created_by 73,578 lines, cost_center and department 30,899 each.
    const [november] = await duckdbRows(`SELECT count(*) FILTER (WHERE coalesce(resource_tags_aws_created_by, '') <> '') AS created_by,
        count(*) FILTER (WHERE coalesce(resource_tags_user_cost_center, '') <> '') AS cost_center, count(*) FILTER (WHERE coalesce(resource_tags_user_department, '') <> '') AS department
      FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    expect(november).toEqual({ created_by: '73578', cost_center: '30899', department: '30899' });
    expect(await tryAttribute((await storeCopy([[REAL_OCT_2018], [REAL_NOV_2018]])).db)).toBe('  npx costlens attribute --tag cost_center');
    expect(await tryAttribute((await storeCopy([[REAL_FOCUS]])).db)).toBe('  npx costlens attribute --tag application');
    // No tag at all (the legacy CUR has no tag column): no attribute line.
    expect(await tryAttribute((await storeCopy([[REAL_LEGACY_CSV]])).db)).toBe('  npx costlens idle');
  });
});
