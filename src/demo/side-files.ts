/** CloudWatch metrics, resource inventory and business metrics files of the demo. */
import { writeFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvRecord } from '../lib/csv.ts';
import type { Organisation, Resource } from './org.ts';
import { Prng } from './prng.ts';
import { run, sqlLiteral, type Params } from './sql.ts';
import { addHours, isoDate, isoSeconds } from './time.ts';
import { codePointOrder } from '../lib/order.ts';

/** Days of CloudWatch statistics written before as-of. */
export const METRIC_DAYS = 30;

export const METRICS_HEADER = 'resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit';
export const INVENTORY_HEADER = 'resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at';
export const BUSINESS_HEADER = 'date,metric,value';

const n = (salt: string) => `(CAST(hash($seed, r.id, md.i, '${salt}') % 100000 AS DOUBLE) / 100000.0)`;

/** Creates the `metrics` table (daily statistics for the last METRIC_DAYS days) and writes metrics.csv. */
export async function writeMetrics(conn: DuckDBConnection, org: Organisation, file: string): Promise<void> {
  const params: Params = {
    seed: org.seed, asOf: isoSeconds(org.window.end).replace('Z', ''), windowStart: isoSeconds(org.window.start).replace('Z', ''),
    days: METRIC_DAYS,
  };
  const row = (ns: string, metric: string, stat: string, value: string, unit: string) =>
    `SELECT r.id AS resource_id, '${ns}' AS namespace, '${metric}' AS metric_name, '${stat}' AS statistic, md.ts AS ts, CAST(${value} AS DOUBLE) AS value, '${unit}' AS unit`;
  const from = (kind: string, extra = '') => `FROM res r JOIN md ON md.dh + 24 > r.start_h AND md.dh < r.end_h WHERE r.kind = '${kind}' ${extra}`;
  const parts: string[] = [];
  const cpuAvg = `round(least(100, r.cpu_avg * (0.85 + 0.3 * ${n('cpu')})), 2)`;
  const cpuMax = `round(least(100, greatest(${cpuAvg} * 1.2, r.cpu_max * (0.9 + 0.1 * ${n('cpumax')}))), 2)`;
  parts.push(`${row('AWS/EC2', 'CPUUtilization', 'Average', cpuAvg, 'Percent')} ${from('ec2')}`);
  parts.push(`${row('AWS/EC2', 'CPUUtilization', 'Maximum', cpuMax, 'Percent')} ${from('ec2')}`);
  parts.push(`${row('AWS/EC2', 'CPUUtilization', 'p99.5', `round(${cpuAvg} + (${cpuMax} - ${cpuAvg}) * 0.85, 2)`, 'Percent')} ${from('ec2')}`);
  parts.push(`${row('AWS/EC2', 'NetworkIn', 'Sum', `round(r.load * 3e8 * (0.7 + 0.6 * ${n('nin')}) + 5e7)`, 'Bytes')} ${from('ec2')}`);
  parts.push(`${row('AWS/EC2', 'NetworkOut', 'Sum', `round(r.load * 1e9 * (0.7 + 0.6 * ${n('nout')}) + 2e7)`, 'Bytes')} ${from('ec2')}`);
  parts.push(`${row('CWAgent', 'mem_used_percent', 'Average', `round(least(95, 18 + r.cpu_avg * 0.8 * (0.9 + 0.2 * ${n('mem')})), 2)`, 'Percent')} ${from('ec2', 'AND r.mem')}`);
  const ops = (salt: string) => `CASE WHEN r.attached_to IS NULL THEN 0 WHEN r.busy THEN round(4e6 * (0.8 + 0.4 * ${n(salt)})) ELSE round(r.size_gb * 900 * (0.5 + ${n(salt)})) END`;
  parts.push(`${row('AWS/EBS', 'VolumeReadOps', 'Sum', ops('rops'), 'Count')} ${from('ebs')}`);
  parts.push(`${row('AWS/EBS', 'VolumeWriteOps', 'Sum', ops('wops'), 'Count')} ${from('ebs')}`);
  parts.push(`${row('AWS/ApplicationELB', 'RequestCount', 'Sum', `round(r.load * 25000 * (0.7 + 0.6 * ${n('req')}))`, 'Count')} ${from('alb')}`);
  parts.push(`${row('AWS/ApplicationELB', 'HealthyHostCount', 'Average', `CASE WHEN r.idle THEN 0 ELSE round(2 + 4 * ${n('hosts')}, 2) END`, 'Count')} ${from('alb')}`);
  const conns = `round(r.load * (0.8 + 0.4 * ${n('conn')}), 2)`;
  parts.push(`${row('AWS/RDS', 'DatabaseConnections', 'Average', conns, 'Count')} ${from('rds')}`);
  parts.push(`${row('AWS/RDS', 'DatabaseConnections', 'Maximum', `ceil(${conns} * 1.6)`, 'Count')} ${from('rds')}`);
  parts.push(`${row('AWS/RDS', 'CPUUtilization', 'Average', cpuAvg, 'Percent')} ${from('rds')}`);
  parts.push(`${row('AWS/RDS', 'CPUUtilization', 'Maximum', cpuMax, 'Percent')} ${from('rds')}`);
  parts.push(`${row('AWS/NATGateway', 'BytesOutToDestination', 'Sum', `round(r.load * 24 * 1e9 * 0.9 * (0.8 + 0.4 * ${n('nat')}))`, 'Bytes')} ${from('nat')}`);
  await run(conn, `CREATE OR REPLACE TABLE metrics AS
    WITH md AS (
      SELECT i, CAST($asOf AS TIMESTAMP) - to_days(CAST($days AS BIGINT) - i) AS ts,
             CAST(date_diff('hour', CAST($windowStart AS TIMESTAMP), CAST($asOf AS TIMESTAMP) - to_days(CAST($days AS BIGINT) - i)) AS BIGINT) AS dh
      FROM range(0, CAST($days AS BIGINT)) t(i))
    SELECT resource_id, namespace, metric_name, statistic, 86400 AS period_s, ts, value, unit FROM (${parts.join('\nUNION ALL\n')})`, params);
  await run(conn, `COPY (SELECT resource_id, namespace, metric_name, statistic, period_s, strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS timestamp, value, unit
    FROM metrics ORDER BY resource_id, namespace, metric_name, statistic, ts) TO ${sqlLiteral(file)} (FORMAT csv, HEADER true)`);
}

const SERVICE: Record<string, [string, string]> = {
  ec2: ['AmazonEC2', 'instance'], ebs: ['AmazonEC2', 'volume'], eip: ['AmazonEC2', 'elastic-ip'],
  alb: ['AWSELB', 'loadbalancer'], rds: ['AmazonRDS', 'db-instance'], nat: ['AmazonEC2', 'natgateway'],
};

/** Raw tags of a resource as the resource APIs return them (keys spelled as planted). */
export function resourceTags(r: Resource): Record<string, string> {
  const t: Record<string, string> = { Name: r.name };
  const put = (k: string, v: string | null) => { if (v !== null) t[k] = v; };
  put('team', r.tag_team_lc);
  put('Team', r.tag_team_tc);
  put('TEAM', r.tag_team_uc);
  put('cost-center', r.tag_cost_center_kebab);
  put('CostCenter', r.tag_cost_center_pascal);
  put('environment', r.tag_environment);
  put('aws:createdBy', r.tag_aws_created_by);
  return t;
}

/** Writes inventory.csv: the resources that exist at as-of. */
export async function writeInventory(org: Organisation, file: string): Promise<void> {
  const observed = isoSeconds(org.window.end);
  const lines = [INVENTORY_HEADER];
  const live = org.resources.filter((r) => SERVICE[r.kind] && r.end_h >= org.window.hours)
    .sort((a, b) => codePointOrder(a.account_id + a.id, b.account_id + b.id));
  for (const r of live) {
    const [service, type] = SERVICE[r.kind];
    const state = r.kind === 'ec2' ? (r.sched ? 'stopped' : 'running')
      : r.kind === 'ebs' ? (r.attached_to ? 'in-use' : 'available')
      : r.kind === 'eip' ? (r.attached_to ? 'associated' : 'unassociated')
      : r.kind === 'alb' ? 'active' : 'available';
    lines.push(csvRecord([r.id, r.account_id, r.region, service, type, r.itype, state, r.attached_to ?? '', JSON.stringify(resourceTags(r)), observed], 'keep'));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** Writes business-metrics.csv: daily `orders` and `api_requests` over the whole window. */
export async function writeBusinessMetrics(org: Organisation, file: string): Promise<void> {
  const p = new Prng(org.seed, 'business');
  const lines = [BUSINESS_HEADER];
  const days = Math.round(org.window.hours / 24);
  for (let d = 0; d < days; d++) {
    const day = addHours(org.window.start, d * 24);
    const weekend = [0, 6].includes(day.getUTCDay());
    const orders = Math.round(12000 * org.scale * (weekend ? 0.72 : 1) * (1 + 0.002 * d) * (0.92 + 0.16 * p.next()));
    const api = Math.round(orders * 185 * (0.9 + 0.2 * p.next()));
    lines.push(`${isoDate(day)},api_requests,${api}`, `${isoDate(day)},orders,${orders}`);
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}
