/**
 * The EC2 and RDS instances a legacy/Athena CUR Parquet file bills for instance hours in a range
 * of usage days, counted by DuckDB on the file (not by costlens): what `costlens rightsize` and the
 * Optimisation page name when the store holds no CPU metric for them.
 */
import { duckdbRows } from './cli.ts';

/** `[{ service: 'ec2', instances: '96' }, { service: 'rds', instances: '3' }]`: instances by service (text counts), from `from` up to `to` (excluded). */
export function billedInstancesBySql(file: string, from: string, to: string): Promise<Record<string, string | null>[]> {
  return duckdbRows(`SELECT CASE WHEN line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%' THEN 'rds' ELSE 'ec2' END AS service,
      count(DISTINCT line_item_resource_id) AS instances
    FROM read_parquet($file)
    WHERE (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%SpotUsage%' OR line_item_usage_type LIKE '%DedicatedUsage%'
        OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
      AND line_item_resource_id <> '' AND line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)
    GROUP BY 1 ORDER BY 1`, { file, from, to });
}
