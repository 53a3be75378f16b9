/**
 * `costlens anomalies --format csv` on the real October and November 2018 CURs: each "top" column
 * names the top of one list of the JSON's drivers, with that item's own change, so a row never reads
 * as one driver made of two. The RDS drop of 25–27 Nov 2018 (against its median days, 8 and 17 Nov)
 * has InstanceUsage:db.r4.large on top of its usage types (−41.76) and the Multi-AZUsage:db.m4.large
 * hours of db:prod on top of its resources (−25.20; prod moved −47.70 in all); before, the row wrote
 * `InstanceUsage:db.r4.large,arn:…:db:prod,-25.20`, as if prod's r4 hours had moved −25.20 (prod has
 * none: db:prod2 and db:prod2-us-east-1c hold them). The changes are computed here by DuckDB on the
 * files too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';

const RDS = 'service:Amazon Relational Database Service:2018-11-25';
const TOP = ['topUsageType', 'topUsageTypeChange', 'topResource', 'topResourceUsageType', 'topResourceChange', 'topRegion', 'topRegionChange'] as const;

type Driver = { usageType?: string; resource?: string; region?: string; change: string };
type Event = { id: string; start: string; lastDay: string; expected: string; baseline: { day: string; medianDays: string[] }[]; drivers: Record<'usageTypes' | 'resources' | 'regions', Driver[]> };

/** The top columns as the JSON's drivers give them: each list's first item, and that item's change. */
function topFromJson(e: Event): Record<(typeof TOP)[number], string> {
  const [u, r, g] = [e.drivers.usageTypes[0], e.drivers.resources[0], e.drivers.regions[0]];
  return {
    topUsageType: u.usageType!, topUsageTypeChange: u.change,
    topResource: r.resource!, topResourceUsageType: r.usageType!, topResourceChange: r.change,
    topRegion: g.region!, topRegionChange: g.change,
  };
}

describe('anomalies CSV: each top column with its own change, on the real 2018 CUR', () => {
  let rows: Record<string, string>[];
  let events: Event[];

  beforeAll(async () => {
    const db = await realFilesStore();
    const [csv, json] = await Promise.all([costlens(db, 'anomalies', '--format', 'csv'), costlens(db, 'anomalies', '--format', 'json')]);
    expect([csv.code, json.code]).toEqual([0, 0]);
    const [header, ...records] = parseCsvRecords(csv.stdout);
    rows = records.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i]])));
    events = (JSON.parse(json.stdout) as { events: Event[] }).events;
  });

  it('the RDS event: the top usage type, the top resource (with its usage type) and the top region, each with its change, as the JSON gives them', () => {
    const row = rows.find((r) => r.id === RDS)!;
    const event = events.find((e) => e.id === RDS)!;
    const top = Object.fromEntries(TOP.map((c) => [c, row[c]]));
    expect(top).toEqual({
      topUsageType: 'InstanceUsage:db.r4.large', topUsageTypeChange: '-41.76',
      topResource: 'arn:aws:rds:us-east-1:836060457634:db:prod', topResourceUsageType: 'Multi-AZUsage:db.m4.large', topResourceChange: '-25.20',
      topRegion: 'us-east-1', topRegionChange: '-89.81',
    });
    expect(top).toEqual(topFromJson(event));
  });

  it('every event row: each top column and its change are the same item of the JSON', () => {
    // The four events of the real 2018 CURs, so the loop below checks each of them, not an empty list.
    expect(events.map((e) => e.id)).toEqual(['service:AWS Glue:2018-11-21', 'account:836060457634:2018-11-21', 'service:Amazon Relational Database Service:2018-11-25', 'service:Amazon Elastic Compute Cloud:2018-11-25']);
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id));
    for (const e of events) {
      const row = rows.find((r) => r.id === e.id)!;
      expect(Object.fromEntries(TOP.map((c) => [c, row[c]])), e.id).toEqual(topFromJson(e));
    }
  });

  it('DuckDB on the files: the RDS event days against their median days give those changes', async () => {
    const event = events.find((e) => e.id === RDS)!;
    // Every event day is compared with the same two median days (the mean of the two middle days of its trailing 28).
    expect(event.baseline).toEqual(['2018-11-25', '2018-11-26', '2018-11-27'].map((day) => ({ day, medianDays: ['2018-11-08', '2018-11-17'] })));
    const change = (key: string) => `WITH d AS (
        SELECT CAST(line_item_usage_start_date AS DATE) AS d, ${key} AS k, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost
        FROM read_parquet([$oct, $nov])
        WHERE product_product_name = 'Amazon Relational Database Service' AND line_item_line_item_type = 'Usage')
      SELECT k, CAST(sum(CASE WHEN d BETWEEN DATE '2018-11-25' AND DATE '2018-11-27' THEN cost ELSE 0 END) AS VARCHAR) AS actual,
        CAST(sum(CASE WHEN d IN (DATE '2018-11-08', DATE '2018-11-17') THEN cost ELSE 0 END) * 3 / 2 AS VARCHAR) AS expected,
        CAST(CAST(sum(CASE WHEN d BETWEEN DATE '2018-11-25' AND DATE '2018-11-27' THEN cost ELSE 0 END)
          - sum(CASE WHEN d IN (DATE '2018-11-08', DATE '2018-11-17') THEN cost ELSE 0 END) * 3 / 2 AS DECIMAL(18,2)) AS VARCHAR) AS change
      FROM d GROUP BY k ORDER BY sum(CASE WHEN d BETWEEN DATE '2018-11-25' AND DATE '2018-11-27' THEN cost ELSE 0 END)
          - sum(CASE WHEN d IN (DATE '2018-11-08', DATE '2018-11-17') THEN cost ELSE 0 END) * 3 / 2, k LIMIT 1`;
    const files = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };
    const [total] = await duckdbRows(change("'all'"), files);
    expect(total.expected).toBe(event.expected);
    const [usageType] = await duckdbRows(change('line_item_usage_type'), files);
    const [pair] = await duckdbRows(change("line_item_usage_type || ' ' || line_item_resource_id"), files);
    const [resource] = await duckdbRows(change('line_item_resource_id'), files);
    const [region] = await duckdbRows(change('product_region'), files);
    const row = rows.find((r) => r.id === RDS)!;
    expect([usageType.k, usageType.change]).toEqual([row.topUsageType, row.topUsageTypeChange]);
    expect([pair.k, pair.change]).toEqual([`${row.topResourceUsageType} ${row.topResource}`, row.topResourceChange]);
    expect([region.k, region.change]).toEqual([row.topRegion, row.topRegionChange]);
    // prod as a whole moved more than its top pair: the change is the pair's, so the row names the pair's usage type.
    expect([resource.k, resource.change]).toEqual([row.topResource, '-47.70']);
  });
});
