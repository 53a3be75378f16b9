/**
 * The files AWS delivers beside a legacy "CUR for Athena" report that are not billing data:
 *
 *   <prefix>/<report>/crawler-cfn.yml                                        the CloudFormation template
 *   <prefix>/<report>/cost_and_usage_data_status/cost_and_usage_data_status.parquet
 *                                                                            the refresh status table
 *   <prefix>/<report>/<report>/year=YYYY/month=M/<report>-00001.snappy.parquet   the data
 *
 * The status table ("Creating a Cost and Usage Reports status table", AWS Data Exports user guide)
 * is an Athena table of one STRING column, `status` (READY, or UPDATING while AWS rewrites the
 * report), at `s3://<bucket>/<prefix>/<report>/cost_and_usage_data_status/`; the template's
 * AWSCURReportStatusTable declares the same. A folder ingest lists both files among the ignored
 * files with these reasons, and `ingest s3://…` mirrors them (they are small) so it does the same.
 */
import { basename, dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetSchema } from './readers.ts';

const STATUS_TABLE = 'cost_and_usage_data_status';
const TEMPLATE = 'crawler-cfn.yml';

/** Why the CUR for Athena refresh status table is not loaded. */
export const STATUS_TABLE_REASON = `the CUR for Athena refresh status table (${STATUS_TABLE}: one "status" column), not billing data`;
/** Why the CUR for Athena CloudFormation template is not loaded. */
export const TEMPLATE_REASON = 'the CloudFormation template AWS delivers for setting up Athena on the CUR, not billing data';

/** True for a path (or S3 key) named as AWS names the CUR's Athena CloudFormation template. */
export function isAthenaTemplate(path: string): boolean {
  return basename(path) === TEMPLATE;
}

/** True for a Parquet path (or S3 key) where AWS puts the status table: its folder or its own name. */
function isStatusTablePath(path: string): boolean {
  return /\.parquet$/i.test(path) && (basename(dirname(path)) === STATUS_TABLE || basename(path).startsWith(STATUS_TABLE));
}

/**
 * True for the status table: a Parquet file where AWS puts it whose only column is `status`. A
 * file there with other columns is not it, and is read like any other file.
 */
export async function isStatusTable(connection: DuckDBConnection, path: string): Promise<boolean> {
  if (!isStatusTablePath(path)) return false;
  let columns: { name: string }[];
  try {
    columns = await parquetSchema(connection, path);
  } catch {
    return false;
  }
  return columns.length === 1 && columns[0].name === 'status';
}

/** The reason `path` is ignored when it is one of these files, else undefined. */
export async function athenaFileReason(connection: DuckDBConnection, path: string): Promise<string | undefined> {
  if (isAthenaTemplate(path)) return TEMPLATE_REASON;
  if (await isStatusTable(connection, path)) return STATUS_TABLE_REASON;
  return undefined;
}
