/**
 * The Storage and Data transfer pages on the real October and November 2018 files: every total
 * they show equals the sum computed independently by DuckDB on the Parquet files themselves
 * (lineItem/UnblendedCost of Usage lines, each line as DECIMAL(38,10) as the store keeps it, by usage type), the month-over-month spans are equal
 * spans of complete days and are named, and an empty store gets an empty state, not a 404.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/open.ts';
import { REAL_NOV_2018, REAL_OCT_2018, tempStore } from '../helpers/cli.ts';
import { appOn, ingestedStore, page } from '../server/helpers.ts';

const PARQUET = `read_parquet(['${REAL_OCT_2018}', '${REAL_NOV_2018}'])`;
/** Storage usage types as the page defines them, restated on the CUR's own columns. */
const STORAGE = `line_item_line_item_type = 'Usage' AND (
  (line_item_product_code IN ('AmazonS3', 'AmazonGlacier') AND line_item_usage_type LIKE '%TimedStorage%')
  OR line_item_usage_type LIKE '%EBS:Volume%' OR line_item_usage_type LIKE '%EBS:Snapshot%'
  OR (line_item_product_code = 'AmazonEFS' AND line_item_usage_type LIKE '%ByteHrs%')
  OR (line_item_product_code = 'AmazonRDS' AND (line_item_usage_type LIKE '%Storage%' OR line_item_usage_type LIKE '%BackupUsage%' OR line_item_usage_type LIKE '%PIOPS')
      AND line_item_usage_type NOT LIKE '%StorageIOUsage%'))`;
const TRANSFER = `line_item_line_item_type = 'Usage' AND line_item_usage_type LIKE '%Bytes' AND (line_item_usage_type LIKE '%DataTransfer%'
  OR line_item_usage_type LIKE '%-AWS-Out-Bytes' OR line_item_usage_type LIKE '%-AWS-In-Bytes' OR line_item_usage_type LIKE '%NatGateway-Bytes')`;

/** One row of SQL straight on the Parquet files, as text cells. */
async function onParquet(sql: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows()[0].map(String);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const dataValue = (html: string, id: string) => new RegExp(`id="${id}"[^]*?class="figure[^"]*" data-value="([^"]*)"`).exec(html)?.[1];
const cells = (html: string, table: string, attribute: string, value: string) =>
  new RegExp(`<table id="${table}"[^]*?<tr [^>]*${attribute}="${value}"[^>]*>([^]*?)</tr>`).exec(html)?.[1] ?? '';
const values = (row: string) => [...row.matchAll(/data-value="([^"]*)"/g)].map((m) => m[1]);

describe('Storage and Data transfer pages on the real 2018 files (data horizon 30 Nov 2018)', () => {
  let app: CostlensApp;

  beforeAll(async () => {
    const { db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018);
    app = appOn(db);
  });
  afterAll(async () => app?.close());

  it('Storage: the two months and the total are the Parquet files\' storage usage, to the 10th decimal', async () => {
    const [oct, nov, total] = await onParquet(`SELECT
      sum(CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM ${PARQUET} WHERE ${STORAGE}`);
    expect([oct, nov, total]).toEqual(['267.9049081520', '223.8365446031', '491.7414527551']);
    const response = await page(app, '/storage');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(dataValue(html, 'storage-total')).toBe(total);
    // Six months are asked for by default; the bill starts on 1 Oct, and the card says so rather than "6 months".
    expect(html).toContain('<h2>Storage, since the bill starts</h2>');
    expect(dataValue(html, 'storage-latest')).toBe(nov);
    expect(html).toContain('Charge days <strong>1 Oct – 30 Nov 2018</strong>');
    const footer = /<tfoot>([^]*?)<\/tfoot>/.exec(html.slice(html.indexOf('id="storage-by-class"')))![1];
    expect(values(footer)).toEqual([oct, nov]);
    // EBS gp2 in November, and the largest volume of November, against the Parquet files.
    const [gp2] = await onParquet(`SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM ${PARQUET}
      WHERE ${STORAGE} AND line_item_usage_type LIKE '%EBS:VolumeUsage.gp2' AND line_item_usage_start_date >= TIMESTAMP '2018-11-01'`);
    expect(values(cells(html, 'storage-by-class', 'data-class', 'gp2'))[1]).toBe(gp2);
    const [volume, cost] = await onParquet(`SELECT line_item_resource_id, sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) c FROM ${PARQUET}
      WHERE ${STORAGE} AND line_item_usage_type LIKE '%EBS:Volume%' AND line_item_usage_start_date >= TIMESTAMP '2018-11-01'
      GROUP BY 1 ORDER BY c DESC, 1 LIMIT 1`);
    expect(volume).toBe('vol-09409784ef6121644');
    expect(values(cells(html, 'top-volumes', 'data-resource', volume))[0]).toBe(cost);
  });

  it('Storage: a class that is not a size (RDS provisioned IOPS) shows – under GB-months, not 0.00 beside its cost (it read "$159.17, GB-months 0.00")', async () => {
    const [october, piops, iopsMonths] = await onParquet(`SELECT
      sum(CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      round(sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN line_item_usage_amount END), 2)
      FROM ${PARQUET} WHERE ${STORAGE} AND line_item_product_code = 'AmazonRDS' AND line_item_usage_type LIKE '%PIOPS'`);
    expect(iopsMonths).toBe('795.83'); // IOPS-months, not GB
    const html = await (await page(app, '/storage')).text();
    const row = /<tr data-service="RDS storage" data-class="provisioned IOPS">([^]*?)<\/tr>/.exec(html)![1];
    expect(values(row)).toEqual([october, piops, '']);
    expect(row.trim().endsWith('<td data-value="">–</td>')).toBe(true);
    expect(values(cells(html, 'storage-by-class', 'data-class', 'gp2')).at(-1)).not.toBe('');
    // A size class keeps its GB-months: gp2's November, by DuckDB on the files.
    const [gp2Gb] = await onParquet(`SELECT round(sum(line_item_usage_amount), 2) FROM ${PARQUET}
      WHERE ${STORAGE} AND line_item_usage_type LIKE '%EBS:VolumeUsage.gp2' AND line_item_usage_start_date >= TIMESTAMP '2018-11-01'`);
    expect(cells(html, 'storage-by-class', 'data-class', 'gp2').trim().endsWith(`>${gp2Gb}</td>`)).toBe(true);
    expect(html).toContain('GB-months are the usage\n  quantity of the size lines (– for provisioned IOPS and throughput, which are not sizes).');
  });

  it('Data transfer: 1–30 Nov against 1–30 Oct (equal spans), each total the Parquet files\' transfer usage', async () => {
    const [current, previous, currentGb, previousGb] = await onParquet(`SELECT
      sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      sum(CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-10-31' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END),
      round(sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN line_item_usage_amount END), 6),
      round(sum(CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-10-31' THEN line_item_usage_amount END), 6)
      FROM ${PARQUET} WHERE ${TRANSFER}`);
    expect([current, previous, currentGb, previousGb]).toEqual(['0.0049764299', '0.0125887946', '6.775964', '2.710937']);
    const html = await (await page(app, '/data-transfer')).text();
    expect(html).toContain('<strong>1–30 Nov 2018</strong> against the same days of the month before, <strong>1–30 Oct 2018</strong>');
    expect(dataValue(html, 'transfer-current')).toBe(current);
    expect(dataValue(html, 'transfer-previous')).toBe(previous);
    expect(dataValue(html, 'transfer-change')).toBe('-0.0076123647');
    expect(values(cells(html, 'transfer-by-type', 'data-type', 'total'))).toEqual([current, previous, '-0.0076123647', '-60.47', currentGb, previousGb]);
    // The GB are billing quantities: the page says a byte billed under two types counts twice in their total.
    expect(html).toContain('<th>GB billed</th><th>GB billed before</th>');
    expect(html).toContain('id="transfer-gb-note">GB billed: each type\'s billed gigabytes.');
    // The only priced transfer in these files is inter-AZ (DataTransfer-Regional-Bytes) of one instance.
    const [regional] = await onParquet(`SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM ${PARQUET}
      WHERE ${TRANSFER} AND line_item_usage_type LIKE '%DataTransfer-Regional-Bytes' AND line_item_usage_start_date >= TIMESTAMP '2018-11-01'`);
    expect(values(cells(html, 'transfer-by-type', 'data-type', 'inter-AZ'))[0]).toBe(regional);
    const [top] = await onParquet(`SELECT line_item_resource_id FROM ${PARQUET} WHERE ${TRANSFER} AND line_item_usage_start_date >= TIMESTAMP '2018-11-01'
      GROUP BY 1 ORDER BY sum(line_item_unblended_cost) DESC LIMIT 1`);
    expect(/<table id="top-transfer-resources"[^]*?<tr data-source="([^"]+)"/.exec(html)?.[1]).toBe(top);
    // Its link carries the class that keeps a resource id on one line, as Storage's do (it broke over three lines at 390 px).
    expect(html).toContain(`<tr data-source="${top}"><td><a class="resource" href="/resource?id=${top}&amp;`);
  });

  it('Data transfer as of 15 Nov compares 1–15 Nov with 1–15 Oct; a bad as_of is a 400 with a hint', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2018-11-15')).text();
    expect(html).toContain('<strong>1–15 Nov 2018</strong> against the same days of the month before, <strong>1–15 Oct 2018</strong>');
    const [current, previous] = await onParquet(`SELECT
      coalesce(sum(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-01' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0),
      coalesce(sum(CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-10-16' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0)
      FROM ${PARQUET} WHERE ${TRANSFER} AND (line_item_usage_start_date < TIMESTAMP '2018-10-16'
        OR line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_usage_start_date < TIMESTAMP '2018-11-16')`);
    expect(dataValue(html, 'transfer-current')).toBe(current);
    expect(dataValue(html, 'transfer-previous')).toBe(previous);
    expect(html).not.toContain('transfer-before-data');
    // As of 31 October the 31 days before (31 Aug – 30 Sep: September has no 31st) precede the data: no data, not $0.00, and no change.
    const october = await (await page(app, '/data-transfer?as_of=2018-10-31')).text();
    expect(dataValue(october, 'transfer-previous')).toBe('');
    // Not "equal spans of complete charge days": the store holds none of the earlier span's days.
    expect(october).toContain('against as many days just before this month (the month before has fewer days), <strong>31 Aug – 30 Sep 2018</strong>, billed cost');
    expect(october).toMatch(/id="transfer-previous">\s*<h2>The 31 days before<\/h2>\s*<p class="figure" data-value="">no data<\/p>/);
    expect(october).toMatch(/id="transfer-change">\s*<h2>Change<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
    expect(october).toContain('<span id="transfer-before-data">The store&#39;s billing data begins on 1 Oct 2018, so the 31 days before are not in it and nothing is compared.</span>');
    const bad = await page(app, '/data-transfer?as_of=2018-13-01');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('as_of');
  });
});

describe('Storage and Data transfer on an empty store', () => {
  it('each answers 200 with what to ingest', async () => {
    const empty = tempStore();
    (await openStore(empty.db)).close();
    const app = appOn(empty.db);
    try {
      for (const path of ['/storage', '/data-transfer']) {
        const response = await page(app, path);
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toContain('costlens ingest PATH');
      }
    } finally {
      await app.close();
    }
  });
});
