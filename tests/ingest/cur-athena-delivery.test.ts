/**
 * A legacy "CUR for Athena" report as AWS delivers it to S3 (AWS Data Exports user guide: report
 * versions, "Creating a Cost and Usage Reports status table"; the crawler-cfn.yml template's
 * AWSCURReportStatusTable):
 *
 *   cur/WorkshopCUR/crawler-cfn.yml
 *   cur/WorkshopCUR/cost_and_usage_data_status/cost_and_usage_data_status.parquet   (one STRING column, status)
 *   cur/WorkshopCUR/WorkshopCUR/year=2018/month=10/WorkshopCUR-00001.snappy.parquet
 *
 * The data file is the real October 2018 CUR for Athena file (shared/data/real, 1,486,391 bytes,
 * from AWS's Well-Architected cost lab "WorkshopCUR"). The status table and the template are not
 * billing data: an ingest of the report folder, on disk or from S3, loads the data and lists the
 * two among its ignored files, saying what they are.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeS3 } from '../fakes/aws/s3.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { startFakeAws, writeConfig } from '../aws/helpers.ts';

const BUCKET = 'costlens-cur-athena-315897898083';
const REPORT_KEY = 'cur/WorkshopCUR';
const DATA = `${REPORT_KEY}/WorkshopCUR/year=2018/month=10/WorkshopCUR-00001.snappy.parquet`;
const STATUS = `${REPORT_KEY}/cost_and_usage_data_status/cost_and_usage_data_status.parquet`;
const TEMPLATE = `${REPORT_KEY}/crawler-cfn.yml`;
const STATUS_REASON = 'the CUR for Athena refresh status table (cost_and_usage_data_status: one "status" column), not billing data';
const TEMPLATE_REASON = 'the CloudFormation template AWS delivers for setting up Athena on the CUR, not billing data';

/** An abridged crawler-cfn.yml as AWS writes it for this report (its status table and crawler). */
const CRAWLER_CFN = `AWSTemplateFormatVersion: 2010-09-09
Resources:
  AWSCURDatabase:
    Type: 'AWS::Glue::Database'
    Properties:
      DatabaseInput:
        Name: 'athenacurcfn_workshop_c_u_r'
      CatalogId: !Ref AWS::AccountId
  AWSCURCrawler:
    Type: 'AWS::Glue::Crawler'
    DependsOn:
      - AWSCURDatabase
    Properties:
      Name: AWSCURCrawler-WorkshopCUR
      Description: A recurring crawler that keeps your CUR table in Athena up-to-date.
      DatabaseName: !Ref AWSCURDatabase
      Targets:
        S3Targets:
          - Path: 's3://${BUCKET}/${REPORT_KEY}/WorkshopCUR'
            Exclusions:
              - '**.json'
              - '**.yml'
              - '**.sql'
              - '**.csv'
              - '**.gz'
              - '**.zip'
      SchemaChangePolicy:
        UpdateBehavior: UPDATE_IN_DATABASE
        DeleteBehavior: DELETE_FROM_DATABASE
  AWSCURReportStatusTable:
    Type: 'AWS::Glue::Table'
    DependsOn: AWSCURDatabase
    Properties:
      DatabaseName: athenacurcfn_workshop_c_u_r
      CatalogId: !Ref AWS::AccountId
      TableInput:
        Name: 'cost_and_usage_data_status'
        TableType: 'EXTERNAL_TABLE'
        StorageDescriptor:
          Columns:
            - Name: status
              Type: 'string'
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
          SerdeInfo:
            SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
          Location: 's3://${BUCKET}/${REPORT_KEY}/cost_and_usage_data_status/'
`;

const sqlPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

/** Writes the delivery under `root` (the bucket's root): data, status table, template. */
async function writeDelivery(root: string, status: string = `SELECT 'READY' AS status`): Promise<string> {
  const at = (key: string) => join(root, ...key.split('/'));
  for (const key of [DATA, STATUS, TEMPLATE]) mkdirSync(dirname(at(key)), { recursive: true });
  copyFileSync(REAL_OCT_2018, at(DATA));
  await duckdbRows(`COPY (${status}) TO ${sqlPath(at(STATUS))} (FORMAT parquet)`);
  writeFileSync(at(TEMPLATE), CRAWLER_CFN);
  return at(REPORT_KEY);
}

function files(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(root, e.name)) : [join(root, e.name)])).sort();
}

interface Summary {
  periods: { source: string; format: string; billingPeriod: string; rows: number; billedCost: string }[];
  ignoredFiles: string[];
}

/** The figures DuckDB reads from the data file itself: the independent side. */
let onFile: Record<string, string | null>;
const s3 = new FakeS3();
let fake: FakeAws;

beforeAll(async () => {
  [onFile] = await duckdbRows(`SELECT count(*) AS n, CAST(round(sum(line_item_unblended_cost), 4) AS VARCHAR) AS unblended FROM read_parquet($file)`, { file: REAL_OCT_2018 });
  fake = await startFakeAws([s3]);
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});

/** The line count and unblended total of October 2018 in the store. */
async function storeFigures(db: string) {
  const [row] = await sqlRows(db, `SELECT count(*) AS n, CAST(round(sum(BilledCost), 4) AS VARCHAR) AS unblended FROM line_items WHERE x_BillingPeriod = '2018-10'`);
  return row;
}

describe('a CUR for Athena delivery: the status table and crawler-cfn.yml are skipped and listed as ignored', () => {
  it('the data file holds 119,307 lines and 4064.4831 USD unblended (DuckDB on the file)', () => {
    expect(onFile).toEqual({ n: '119307', unblended: '4064.4831' });
  });

  it('costlens ingest <report folder>: loads the data, names the two files as ignored', async () => {
    const { dir, db } = tempStore();
    const report = await writeDelivery(join(dir, 'bucket'));
    const run = await costlens(db, 'ingest', report, '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.periods.map((p) => [p.format, p.billingPeriod, p.rows])).toEqual([['cur-athena', '2018-10', 119307]]);
    expect(summary.ignoredFiles).toEqual([
      `${join(report, 'cost_and_usage_data_status', 'cost_and_usage_data_status.parquet')} (${STATUS_REASON})`,
      `${join(report, 'crawler-cfn.yml')} (${TEMPLATE_REASON})`,
    ]);
    expect(await storeFigures(db)).toEqual(onFile);
    expect(await storeFigures(db)).toEqual({ n: '119307', unblended: '4064.4831' });
  });

  it('costlens ingest s3://…/<report>: mirrors the delivery, loads the same figures, and names the two mirrored files as ignored', async () => {
    const { dir, db } = tempStore();
    const root = join(dir, 'bucket');
    await writeDelivery(root);
    s3.buckets.clear();
    for (const file of files(root)) s3.put(BUCKET, relative(root, file).split('\\').join('/'), readFileSync(file));
    fake.reset();
    const cache = join(dir, 'cache');
    const config = writeConfig({ aws: { s3: { cacheDir: cache }, retry: { baseDelayMs: 1 } } });
    const run = await costlens(db, 'ingest', `s3://${BUCKET}/${REPORT_KEY}`, '--config', config, '--no-progress');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const mirror = join(cache, BUCKET, ...REPORT_KEY.split('/'));
    expect(run.stdout).toContain(`ignored 2 files:\n`
      + `  ${join(mirror, 'cost_and_usage_data_status', 'cost_and_usage_data_status.parquet')} (${STATUS_REASON})\n`
      + `  ${join(mirror, 'crawler-cfn.yml')} (${TEMPLATE_REASON})\n`);
    expect(await storeFigures(db)).toEqual(onFile);
    expect(fake.calls('s3').map((r) => r.operation)).toEqual(['ListObjectsV2', 'GetObject', 'GetObject', 'GetObject']);
    // The mirror holds the delivery as it is in the bucket, byte for byte.
    expect(files(mirror).map((f) => relative(mirror, f))).toEqual(files(join(root, ...REPORT_KEY.split('/'))).map((f) => relative(join(root, ...REPORT_KEY.split('/')), f)));
  });

  it('the status table given as a file: refused, exit 4, saying what it is; the store is not made', async () => {
    const { dir, db } = tempStore();
    const report = await writeDelivery(join(dir, 'bucket'));
    const status = join(report, 'cost_and_usage_data_status', 'cost_and_usage_data_status.parquet');
    const run = await costlens(db, 'ingest', status);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toBe(`costlens: ${status}: ${STATUS_REASON}`);
    const template = await costlens(db, 'ingest', join(report, 'crawler-cfn.yml'));
    expect([template.code, template.stderr.split('\n')[0]]).toEqual([4, `costlens: ${join(report, 'crawler-cfn.yml')}: ${TEMPLATE_REASON}`]);
    expect(readdirSync(dir).sort()).toEqual(['bucket']);
  });

  it('a file in the status folder that is not the one-column status table is read like any other (here: refused as unrecognised)', async () => {
    const { dir, db } = tempStore();
    const report = await writeDelivery(join(dir, 'bucket'), `SELECT 'READY' AS status, 'x' AS note`);
    const status = join(report, 'cost_and_usage_data_status', 'cost_and_usage_data_status.parquet');
    const run = await costlens(db, 'ingest', report);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toBe(`costlens: ${status}: not a recognised file (expected legacy CUR, CUR 2.0, FOCUS, metrics, inventory or business-metrics data)`);
  });
});
