/**
 * What the pages could not classify or judge on the real files is said, not shown as $0.00:
 * Storage, Data transfer and the KPIs on the FOCUS sample's lines without a usage type (941 AWS
 * usage lines of September 2024, by SQL on the file), and the idle rules that could not run on the
 * 2018 CUR (no metrics, no inventory), on the Optimisation page as `costlens idle` names them.
 * The Commitments page on the same store: commitments-real-files.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_FOCUS, REAL_NOV_2018, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { GAP_2024 } from '../helpers/data-gaps-store.ts';
import { appOn } from './helpers.ts';
import { textOf } from './page-helpers.ts';
import { EVERY_REAL_FILE, cardOf, pageHtml, textById } from './real-files-pages.ts';

describe('what the pages could not classify or judge on the real files is said, not shown as $0.00', () => {
  let app: CostlensApp;
  /** The FOCUS sample's AWS usage lines of September 2024 (none carries a usage type), by SQL on the file. */
  let focus: Record<string, string | null>;
  beforeAll(async () => {
    app = appOn(await cachedStore(EVERY_REAL_FILE));
    const money = (column: string, where = 'true') => `CAST(sum(CAST(${column} AS DECIMAL(38, 10))) FILTER (WHERE ${where}) AS VARCHAR)`;
    const ec2 = "ServiceName = 'Amazon Elastic Compute Cloud'";
    [focus] = await duckdbRows(`SELECT count(*) AS lines, ${money('EffectiveCost')} AS effective, ${money('BilledCost')} AS billed,
        count(*) FILTER (WHERE ${ec2}) AS ec2_lines, ${money('EffectiveCost', ec2)} AS ec2_effective, ${money('BilledCost', ec2)} AS ec2_billed,
        CAST(CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS first_day
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE ProviderName = 'AWS' AND ChargeCategory = 'Usage'`, { file: REAL_FOCUS });
  });
  afterAll(() => app?.close());

  const html = (path: string) => pageHtml(app, path);
  /** `941 AWS usage lines charged on DAYS (…) carry no usage type (…), so` from the file's figures: DAYS from the first day its lines are charged (first_day), whatever the page's days, to 30 Sep 2024. */
  const noteFrom = (days: string) => {
    const dollars = (exact: string | null) => `$${Number(exact).toFixed(2)}`;
    return `${focus.lines} AWS usage lines charged on ${days} (EffectiveCost ${dollars(focus.effective)}, billed ${dollars(focus.billed)};`
      + ` the most, Amazon Elastic Compute Cloud: ${focus.ec2_lines} lines, ${dollars(focus.ec2_effective)}, billed ${dollars(focus.ec2_billed)})`
      + ' carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so';
  };

  it('by SQL on the FOCUS file: 941 AWS usage lines in September 2024, billed $20.62 (EffectiveCost $16.00), 553 of them EC2', () => {
    expect(focus).toEqual({ lines: '941', effective: '16.0000000000', billed: '20.6203386184', ec2_lines: '553', ec2_effective: '16.0000000000', ec2_billed: '18.6553930505', first_day: '2024-09-01' });
  });


  it('Storage (data horizon 30 Sep 2024): the lines it cannot classify under its days, both cards "not classified" (they read $0.00), and why each table is empty', async () => {
    const body = await html('/storage');
    expect(textById(body, 'p', 'storage-not-classified')).toBe(`Not classified: ${noteFrom('1–30 Sep 2024')} the Storage page cannot tell their storage`
      + ' (S3 storage classes, EBS volumes and snapshots, EFS, RDS storage) from their other usage: none of them is in its figures.');
    // The days the store holds of the six months, and why not the others (it named 1 Apr – 30 Sep 2024: tests/server/data-gaps-storage.test.ts).
    expect(cardOf(body, 'storage-total')).toEqual(['', 'not classified', `1–30 Sep 2024 (${GAP_2024}): 941 AWS usage lines without a usage type, billed $20.62`]);
    expect(cardOf(body, 'storage-latest')).toEqual(['', 'not classified', '1–30 Sep 2024: 941 AWS usage lines without a usage type, billed $20.62']);
    expect(cardOf(await html('/storage?cost=effective'), 'storage-latest')).toEqual(['', 'not classified', '1–30 Sep 2024: 941 AWS usage lines without a usage type, EffectiveCost $16.00']);
    const why = '941 AWS usage lines carry no usage type (the note above).';
    expect(textById(body, 'p', 'storage-none')).toBe(`No line classified as storage in these days: ${why}`);
    for (const id of ['top-buckets-none', 'top-volumes-none', 'top-snapshots-none']) expect(textById(body, 'p', id), id).toBe(`None classified in these days: ${why}`);
  });


  it('Data transfer (as of 30 Sep 2024): the month\'s lines it cannot classify, its card "not classified" (it read $0.00, 0.00 GB billed), and why its tables are empty', async () => {
    const body = await html('/data-transfer');
    expect(textById(body, 'p', 'transfer-not-classified')).toBe(`Not classified: ${noteFrom('1–30 Sep 2024')} the Data transfer page cannot tell their transfer`
      + ' (internet egress, inter-region, inter-AZ, NAT processing, CloudFront) from their other usage: none of them is in its figures.');
    // August 2024 lies in a gap of the store: no data, and nothing of it to classify.
    expect(body).not.toContain('id="transfer-before-not-classified"');
    expect(cardOf(body, 'transfer-current')).toEqual(['', 'not classified', '1–30 Sep 2024: 941 AWS usage lines without a usage type, billed $20.62']);
    expect(cardOf(body, 'transfer-previous').slice(0, 2)).toEqual(['', 'no data']);
    expect(cardOf(body, 'transfer-change').slice(0, 2)).toEqual(['', 'not compared']);
    const why = '941 AWS usage lines carry no usage type (the note above).';
    expect(textById(body, 'p', 'transfer-none')).toBe(`No line classified as data transfer in these days: ${why}`);
    for (const id of ['top-transfer-resources-none', 'top-transfer-accounts-none']) expect(textById(body, 'p', id), id).toBe(`None classified in these days: ${why}`);
  });


  it('KPIs, September 2024: the EC2, EBS and S3 cards say "not classified" (not "nothing to measure"), every EC2 instance cost reads "not classified" (it read $0.00); coverage, from FOCUS\'s own columns, is measured', async () => {
    const body = await html('/kpi?months=1');
    const unmeasured = 'not classified: the lines carry no usage type (the note above)';
    expect(cardOf(body, 'kpi-spot')).toEqual(['', '–', `of EC2 instance hours; target ≥ 10%; ${unmeasured}`]);
    expect(cardOf(body, 'kpi-gp3')).toEqual(['', '–', `of EBS GB-months; target ≥ 90%; ${unmeasured}`]);
    expect(cardOf(body, 'kpi-s3Standard')).toEqual(['', '–', `of S3 GB-months (a ceiling); target ≤ 50%; ${unmeasured}`]);
    expect(cardOf(body, 'kpi-commitmentCoverage')).toEqual(['0.82', '0.82%', 'of eligible on-demand-equivalent cost; target ≥ 70%; at target: $3.24 less']);
    const lastCells = (id: string) => [...new RegExp(`<table id="${id}"[^]*?</table>`).exec(body)![0].matchAll(/<tr data-group="[^"]*">[^]*?(<td[^>]*>[^<]*<\/td>)<\/tr>/g)].map((m) => m[1]);
    // The 12 accounts billed in the month, and all of them; the month's row of every month.
    expect(lastCells('kpi-by-group')).toEqual(Array(13).fill('<td data-value="">not classified</td>'));
    expect(lastCells('kpi-by-month')).toEqual(['<td data-value="">not classified</td>']);
    // The saving at every target follows `costlens kpi`'s table, which leaves saving_at_targets blank where a saving it adds up is not classified
    // (kpi-without-usage-type.test.ts): it read "would have saved $3.24", the coverage saving alone, beside the unmeasured Spot, Graviton, gp3 and S3 savings.
    expect([/id="kpi-total-saving" data-value="([^"]*)"/.exec(body)?.[1], textById(body, 'p', 'kpi-total-saving')])
      .toEqual(['', 'Reaching every target: the saving in the bill of 1–30 Sep 2024 (all accounts measured together) is not classified (the note below).']);
    expect(textById(body, 'p', 'kpi-saving-not-classified')).toBe('Saving at targets reads "not classified" where a saving it adds up is not classified (Spot, Graviton, Current generation, gp3, S3 Standard): '
      + 'the sum of the measured savings alone is not the saving at every target, as costlens kpi leaves it blank.');
    const savingCells = (id: string) => [...new RegExp(`<table id="${id}"[^]*?</table>`).exec(body)![0].matchAll(/<tr data-group="[^"]*"><td>[^<]*<\/td>\s*(<td[^>]*>[^<]*<\/td>)/g)].map((m) => m[1]);
    expect(savingCells('kpi-by-group')).toEqual(Array(13).fill('<td data-value="">not classified</td>'));
    expect(savingCells('kpi-by-month')).toEqual(['<td data-value="">not classified</td>']);
    expect(body).not.toContain('would have saved');
  });


  it('Optimisation as of 1 Dec 2018: idle\'s rules that could not run (no metrics, no inventory) are named as `costlens idle` names them, with the resources the CUR bills in their look-back, counted here on the file', async () => {
    const [billed] = await duckdbRows(`SELECT
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%SpotUsage%'
          OR line_item_usage_type LIKE '%DedicatedUsage%') AND line_item_usage_end_date > TIMESTAMP '2018-11-17') AS VARCHAR) AS ec2,
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE line_item_usage_type LIKE '%EBS:VolumeUsage%' AND line_item_usage_end_date > TIMESTAMP '2018-11-24') AS VARCHAR) AS ebs,
        CAST(count(DISTINCT line_item_resource_id) FILTER (WHERE (line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
          AND line_item_usage_end_date > TIMESTAMP '2018-11-24') AS VARCHAR) AS rds
      FROM read_parquet($file) WHERE line_item_usage_start_date < TIMESTAMP '2018-12-01' AND line_item_resource_id <> ''`, { file: REAL_NOV_2018 });
    expect(billed).toEqual({ ec2: '96', ebs: '48', rds: '3' });
    const body = await html('/optimisation?as_of=2018-12-01&owner_key=-');
    const notRun = /<div id="idle-not-run" data-rules="(\d+)">([^]*?)<\/div>/.exec(body);
    expect(notRun?.[1]).toBe('4');
    expect([...notRun![2].matchAll(/<p class="note"[^>]*>([^]*?)<\/p>/g)].map((m) => textOf(m[1]))).toEqual([
      `Not run: ec2-low-utilisation reads EC2 CPU and network metrics (AWS/EC2 CPUUtilization, NetworkIn, NetworkOut), and the store holds none: ${billed.ec2} EC2 instances billed in its 14-day look-back were not judged by it.`,
      `Not run: ebs-unattached reads the inventory of EBS volumes (state and attachment), and the store holds no inventory: ${billed.ebs} EBS volumes billed in its 7-day look-back were not judged by it.`,
      `Not run: ebs-low-iops reads EBS I/O metrics (AWS/EBS VolumeReadOps, VolumeWriteOps), and the store holds none: ${billed.ebs} EBS volumes billed in its 7-day look-back were not judged by it.`,
      `Not run: rds-no-connections reads RDS connection metrics (AWS/RDS DatabaseConnections), and the store holds none: ${billed.rds} RDS instances billed in its 7-day look-back were not judged by it.`,
      'To judge them: ingest a metrics CSV and an inventory CSV (costlens ingest metrics.csv inventory.csv; README, "Ingest") or run costlens pull metrics and costlens pull inventory.',
    ]);
    // The Idle card's one finding is not read as the only idle resource: it counts the rules not run.
    expect(cardOf(body, 'optimisation-idle').slice(1)).toEqual(['$7.30', '1 resource at its current hourly rate × 730 h; it costs $2.81 (EffectiveCost 1–30 Nov 2018); 4 rules not run for want of metrics or inventory (below)']);
    // With a filter, the counts are still the whole store's, and say so.
    expect(textOf(/<div id="idle-not-run"[^>]*>([^]*?)<\/p>/.exec(await html('/optimisation?as_of=2018-12-01&owner_key=-&rule=eip-idle-address'))![1]))
      .toMatch(/were not judged by it \(of all accounts and owners: the filters above do not apply to it\)\.$/);
  });
});
