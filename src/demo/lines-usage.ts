/**
 * Usage line items generated in DuckDB: each resource repeated for every hour or day of its
 * lifetime within the billing period (see insertLines).
 * Hourly: EC2 instances, RDS instances, load balancers, NAT gateways.
 * Daily: EBS volumes, idle Elastic IPs, RDS storage, S3, Lambda, CloudWatch, data transfer.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertLines, resourceCommon, type Expansion } from './lines.ts';
import { money, type Params } from './sql.ts';

/** Expressions shared by every line of the period being generated. */
export function periodCommon(): Record<string, string> {
  return {
    period_start: 'CAST($periodStart AS TIMESTAMP)', period_end: 'CAST($periodEnd AS TIMESTAMP)',
    bill_type: `'Anniversary'`,
  };
}

const HOURLY = (kind: string, where?: string): Expansion => ({
  kind, slot: 'hour', where, rowWhere: 'NOT r.sched OR (r.dow <= 5 AND r.hod BETWEEN 8 AND 19)',
});
const DAILY = (kind: string, where?: string): Expansion => ({ kind, slot: 'day', where });
/** Deterministic noise in [0, 1) per resource and time slot. */
const noise = (slot: string, salt = '') => `(CAST(hash($seed, r.id, ${slot}, '${salt}') % 100000 AS DOUBLE) / 100000.0)`;
/** Diurnal load factor in [0.5, 1.5] by hour of day. */
const DIURNAL = `(1 + 0.5 * sin(2 * pi() * (r.hod - 8) / 24.0))`;
const HOUR_SLOT = { usage_start: 'r.ts', usage_end: `r.ts + INTERVAL 1 HOUR` };
const DAY_SLOT = { usage_start: 'r.ts', usage_end: `r.ts + INTERVAL 1 DAY` };
const EC2_PRODUCT = { product_code: `'AmazonEC2'`, product_name: `'Amazon Elastic Compute Cloud'`, servicecode: `'AmazonEC2'`, servicename: `'Amazon Elastic Compute Cloud'` };
const sku = (salt: string) => `upper(substr(md5(r.region || coalesce(r.itype, '') || '${salt}'), 1, 16))`;

/** Builds line expressions: period + resource common + per-line expressions + list-price fields. */
function lines(extra: Record<string, string>): Record<string, string> {
  const e: Record<string, string> = { ...periodCommon(), ...resourceCommon(), line_item_type: `'Usage'`, pricing_term: `'OnDemand'`, ...extra };
  if (!('public_od_cost' in e)) {
    e.public_od_rate = e.unblended_rate;
    e.public_od_cost = e.unblended_cost;
  }
  return e;
}

/**
 * Inserts every usage line item of one billing period. EC2 hours are inserted per segment of the
 * period (`ec2Segments`: the hours and the commitment terms that hold them, commitment-terms.ts),
 * so usage is covered by the Reserved Instance or Savings Plan term in force at its hour.
 */
export async function generateUsage(conn: DuckDBConnection, params: Params, ec2Segments: readonly Params[]): Promise<void> {
  const ec2Type = `CASE WHEN r.ri THEN 'DiscountedUsage' WHEN r.sp THEN 'SavingsPlanCoveredUsage' ELSE 'Usage' END`;
  for (const segment of ec2Segments) await insertLines(conn, HOURLY('ec2'), lines({
    ...HOUR_SLOT, ...EC2_PRODUCT, line_item_type: ec2Type,
    usage_type: `r.prefix || 'BoxUsage:' || r.itype`, operation: `'RunInstances'`,
    usage_amount: '1', normalization_factor: 'r.norm', normalized_usage_amount: 'r.norm',
    unblended_rate: `CASE WHEN r.ri THEN 0 ELSE ${money('r.rate')} END`,
    unblended_cost: `CASE WHEN r.ri THEN 0 ELSE ${money('r.rate')} END`,
    public_od_rate: money('r.rate'), public_od_cost: money('r.rate'),
    description: `CASE WHEN r.ri THEN 'USD ' || $riRecurring || ' hourly fee per Linux/UNIX (Amazon VPC), ' || r.itype || ' instance'
      ELSE '$' || r.rate || ' per On Demand Linux ' || r.itype || ' Instance Hour' END`,
    product_family: `'Compute Instance'`, instance_type: 'r.itype', instance_family: 'r.family', vcpu: 'r.vcpu',
    memory: 'r.memory', operating_system: `'Linux'`, tenancy: `'Shared'`, sku: sku('ec2'),
    pricing_term: `CASE WHEN r.ri THEN 'Reserved' ELSE 'OnDemand' END`, pricing_unit: `'Hrs'`,
    lease_contract_length: `CASE WHEN r.ri THEN '1yr' END`, offering_class: `CASE WHEN r.ri THEN 'standard' END`,
    purchase_option: `CASE WHEN r.ri THEN 'Partial Upfront' END`,
    ri_arn: `CASE WHEN r.ri THEN $riArn END`, ri_effective_cost: `CASE WHEN r.ri THEN ${money('$riEffective')} END`,
    ri_amortized_upfront_cost_for_usage: `CASE WHEN r.ri THEN ${money('$riAmortized')} END`,
    ri_recurring_fee_for_usage: `CASE WHEN r.ri THEN ${money('$riRecurring')} END`,
    ri_start_time: `CASE WHEN r.ri THEN $riStart END`, ri_end_time: `CASE WHEN r.ri THEN $riEnd END`,
    ri_subscription_id: `CASE WHEN r.ri THEN $riSubscription END`,
    sp_arn: `CASE WHEN r.sp THEN $spArn END`, sp_rate: `CASE WHEN r.sp THEN ${money('r.sp_rate')} END`,
    sp_effective_cost: `CASE WHEN r.sp THEN ${money('r.sp_rate')} END`,
    sp_offering_type: `CASE WHEN r.sp THEN 'ComputeSavingsPlans' END`, sp_payment_option: `CASE WHEN r.sp THEN 'No Upfront' END`,
    sp_purchase_term: `CASE WHEN r.sp THEN '1yr' END`, sp_start_time: `CASE WHEN r.sp THEN $spStart END`,
    sp_end_time: `CASE WHEN r.sp THEN $spEnd END`, sp_instance_type_family: `CASE WHEN r.sp THEN split_part(r.itype, '.', 1) END`,
  }), { ...params, ...segment });

  const gbMo = (size: string) => money(`${size} / $daysInMonth`);
  await insertLines(conn, DAILY('ebs'), lines({
    ...DAY_SLOT, ...EC2_PRODUCT, usage_type: `r.prefix || 'EBS:VolumeUsage.' || r.itype`,
    operation: `CASE r.itype WHEN 'gp3' THEN 'CreateVolume-Gp3' ELSE 'CreateVolume-Gp2' END`,
    usage_amount: gbMo('r.size_gb'), unblended_rate: money('r.rate'), unblended_cost: money('r.size_gb * r.rate / $daysInMonth'),
    description: `'$' || r.rate || ' per GB-month of General Purpose SSD (' || r.itype || ') provisioned storage - ' || r.location`,
    product_family: `'Storage'`, volume_api_name: 'r.itype', sku: sku('ebs'), pricing_unit: `'GB-Mo'`,
  }), params);

  // EBS snapshots (src/demo/plants-modernise.ts): GB-months of snapshot storage, billed by the day.
  await insertLines(conn, DAILY('snapshot'), lines({
    ...DAY_SLOT, ...EC2_PRODUCT, usage_type: `r.prefix || 'EBS:SnapshotUsage'`, operation: `'CreateSnapshot'`, availability_zone: 'NULL',
    usage_amount: gbMo('r.size_gb'), unblended_rate: money('r.rate'), unblended_cost: money('r.size_gb * r.rate / $daysInMonth'),
    description: `'$' || r.rate || ' per GB-Month of snapshot data stored - ' || r.location`,
    product_family: `'Storage Snapshot'`, sku: sku('snapshot'), pricing_unit: `'GB-Mo'`,
  }), params);

  await insertLines(conn, DAILY('eip', 'r.idle'), lines({
    ...DAY_SLOT, ...EC2_PRODUCT, usage_type: `r.prefix || 'ElasticIP:IdleAddress'`, operation: `'AssociateAddressVPC'`,
    usage_amount: '24', unblended_rate: money('r.rate'), unblended_cost: money('24 * r.rate'),
    description: `'$' || r.rate || ' per Elastic IP address not attached to a running instance per hour (prorated)'`,
    product_family: `'IP Address'`, product_group: `'ElasticIP:Address'`, sku: sku('eip'), pricing_unit: `'Hrs'`,
  }), params);

  const RDS = { product_code: `'AmazonRDS'`, product_name: `'Amazon Relational Database Service'`, servicecode: `'AmazonRDS'`, servicename: `'Amazon Relational Database Service'`, database_engine: `'MySQL'`, operation: `'CreateDBInstance:0002'` };
  await insertLines(conn, HOURLY('rds'), lines({
    ...HOUR_SLOT, ...RDS, usage_type: `r.prefix || 'InstanceUsage:' || r.itype`, usage_amount: '1',
    unblended_rate: money('r.rate'), unblended_cost: money('r.rate'),
    description: `'$' || r.rate || ' per RDS ' || r.itype || ' instance hour (or partial hour) running MySQL'`,
    product_family: `'Database Instance'`, instance_type: 'r.itype', vcpu: 'r.vcpu', memory: 'r.memory', sku: sku('rds'), pricing_unit: `'Hrs'`,
  }), params);
  await insertLines(conn, DAILY('rds'), lines({
    ...DAY_SLOT, ...RDS, usage_type: `r.prefix || 'RDS:GP2-Storage'`, usage_amount: gbMo('r.size_gb'),
    unblended_rate: money('r.rate2'), unblended_cost: money('r.size_gb * r.rate2 / $daysInMonth'),
    description: `'$' || r.rate2 || ' per GB-month of provisioned GP2 storage running MySQL'`,
    product_family: `'Database Storage'`, volume_api_name: `'gp2'`, sku: sku('rds-storage'), pricing_unit: `'GB-Mo'`,
  }), params);

  const ELB = { product_code: `'AWSELB'`, product_name: `'Elastic Load Balancing'`, servicecode: `'AWSELB'`, servicename: `'Elastic Load Balancing'`, operation: `'LoadBalancing:Application'`, product_family: `'Load Balancer-Application'` };
  await insertLines(conn, HOURLY('alb'), lines({
    ...HOUR_SLOT, ...ELB, usage_type: `r.prefix || 'LoadBalancerUsage'`, usage_amount: '1',
    unblended_rate: money('r.rate'), unblended_cost: money('r.rate'),
    description: `'$' || r.rate || ' per Application LoadBalancer-hour (or partial hour)'`, sku: sku('alb'), pricing_unit: `'Hrs'`,
  }), params);
  const lcu = `round(r.load * ${DIURNAL} * (0.6 + 0.8 * ${noise('r.slot', 'lcu')}), 4)`;
  await insertLines(conn, HOURLY('alb', 'r.load > 0'), lines({
    ...HOUR_SLOT, ...ELB, usage_type: `r.prefix || 'LCUUsage'`, usage_amount: money(lcu),
    unblended_rate: money('r.rate2'), unblended_cost: money(`${lcu} * r.rate2`),
    description: `'$' || r.rate2 || ' per LCU-hour (or partial hour)'`, sku: sku('lcu'), pricing_unit: `'LCU-Hrs'`,
  }), params);

  const NAT = { ...EC2_PRODUCT, operation: `'NatGateway'`, product_family: `'NAT Gateway'` };
  await insertLines(conn, HOURLY('nat'), lines({
    ...HOUR_SLOT, ...NAT, usage_type: `r.prefix || 'NatGateway-Hours'`, usage_amount: '1',
    unblended_rate: money('r.rate'), unblended_cost: money('r.rate'),
    description: `'$' || r.rate || ' per NAT Gateway Hour'`, sku: sku('nat'), pricing_unit: `'Hrs'`,
  }), params);
  const natGb = `round(r.load * ${DIURNAL} * (0.6 + 0.8 * ${noise('r.slot', 'nat')}), 6)`;
  // The planted price change (src/demo/plants.ts): hours before price_from_h at the negotiated rate, the rest at list.
  for (const [where, rate] of [['r.price_from_h IS NULL OR r.slot >= r.price_from_h', 'r.rate2'], ['r.slot < r.price_from_h', 'r.price_before']]) {
    const hourly = HOURLY('nat', 'r.load > 0');
    await insertLines(conn, { ...hourly, rowWhere: `(${hourly.rowWhere}) AND (${where})` }, lines({
      ...HOUR_SLOT, ...NAT, usage_type: `r.prefix || 'NatGateway-Bytes'`, usage_amount: money(natGb),
      unblended_rate: money(rate), unblended_cost: money(`${natGb} * ${rate}`),
      public_od_rate: money('r.rate2'), public_od_cost: money(`${natGb} * r.rate2`),
      description: `'$' || ${rate} || ' per GB Data Processed by NAT Gateways'`, sku: sku('natb'), pricing_unit: `'GB'`,
    }), params);
  }

  const S3 = { product_code: `'AmazonS3'`, product_name: `'Amazon Simple Storage Service'`, servicecode: `'AmazonS3'`, servicename: `'Amazon Simple Storage Service'`, availability_zone: 'NULL' };
  await insertLines(conn, DAILY('s3'), lines({
    ...DAY_SLOT, ...S3, usage_type: `r.prefix || 'TimedStorage-ByteHrs'`, operation: `'StandardStorage'`,
    usage_amount: gbMo('r.size_gb'), unblended_rate: money('r.rate'), unblended_cost: money('r.size_gb * r.rate / $daysInMonth'),
    description: `'$' || r.rate || ' per GB - first 50 TB / month of storage used'`, product_family: `'Storage'`,
    storage_class: `'General Purpose'`, sku: sku('s3'), pricing_unit: `'GB-Mo'`,
  }), params);
  for (const [tier, op, share, rate, text] of [['Tier1', 'PutObject', 0.2, 0.000005, '$0.005 per 1,000 PUT, COPY, POST, or LIST requests'], ['Tier2', 'GetObject', 1, 0.0000004, '$0.0004 per 1,000 GET and all other requests']] as const) {
    const n = `round(r.load * ${share} * (0.7 + 0.6 * ${noise('r.slot', tier)}))`;
    await insertLines(conn, DAILY('s3'), lines({
      ...DAY_SLOT, ...S3, usage_type: `r.prefix || 'Requests-${tier}'`, operation: `'${op}'`, usage_amount: money(n),
      unblended_rate: money(String(rate)), unblended_cost: money(`${n} * ${rate}`), description: `'${text}'`,
      product_family: `'API Request'`, product_group: `'S3-API-${tier}'`, sku: sku(`s3${tier}`), pricing_unit: `'Requests'`,
    }), params);
  }

  const LAMBDA = { product_code: `'AWSLambda'`, product_name: `'AWS Lambda'`, servicecode: `'AWSLambda'`, servicename: `'AWS Lambda'`, operation: `'Invoke'`, product_family: `'Serverless'`, availability_zone: 'NULL' };
  const gbs = `round(r.load * (0.7 + 0.6 * ${noise('r.slot', 'gbs')}), 3)`;
  await insertLines(conn, DAILY('lambda'), lines({
    ...DAY_SLOT, ...LAMBDA, usage_type: `r.prefix || 'Lambda-GB-Second'`, usage_amount: money(gbs),
    unblended_rate: money('r.rate'), unblended_cost: money(`${gbs} * r.rate`),
    description: `'AWS Lambda - Total Compute - ' || r.location`, sku: sku('lgbs'), pricing_unit: `'Lambda-GB-Second'`,
  }), params);
  const reqs = `round(r.load * 4 * (0.7 + 0.6 * ${noise('r.slot', 'req')}))`;
  await insertLines(conn, DAILY('lambda'), lines({
    ...DAY_SLOT, ...LAMBDA, usage_type: `r.prefix || 'Request'`, usage_amount: money(reqs),
    unblended_rate: money('r.rate2'), unblended_cost: money(`${reqs} * r.rate2`),
    description: `'AWS Lambda - Total Requests - ' || r.location`, sku: sku('lreq'), pricing_unit: `'Requests'`,
  }), params);

  const CW = { product_code: `'AmazonCloudWatch'`, product_name: `'AmazonCloudWatch'`, servicecode: `'AmazonCloudWatch'`, servicename: `'AmazonCloudWatch'`, availability_zone: 'NULL' };
  await insertLines(conn, DAILY('cw'), lines({
    ...DAY_SLOT, ...CW, usage_type: `r.prefix || 'CW:MetricMonitorUsage'`, operation: `'MetricStorage'`, resource_id: 'NULL',
    usage_amount: gbMo('r.size_gb'), unblended_rate: money('r.rate'), unblended_cost: money('r.size_gb * r.rate / $daysInMonth'),
    description: `'$0.30 per metric-month for the first 10,000 metrics'`, product_family: `'Metric'`, sku: sku('cwm'), pricing_unit: `'Metrics'`,
  }), params);
  const logs = `round(r.load * (0.7 + 0.6 * ${noise('r.slot', 'logs')}), 6)`;
  await insertLines(conn, DAILY('cw'), lines({
    ...DAY_SLOT, ...CW, usage_type: `r.prefix || 'DataProcessing-Bytes'`, operation: `'PutLogEvents'`, usage_amount: money(logs),
    unblended_rate: money('r.rate2'), unblended_cost: money(`${logs} * r.rate2`),
    description: `'$' || r.rate2 || ' per GB custom log data ingested'`, product_family: `'Data Payload'`, sku: sku('cwl'), pricing_unit: `'GB'`,
  }), params);

  // The planted surge (src/demo/plants.ts): egress doubles from surge_from_h.
  const surge = `CASE WHEN r.slot * 24 >= coalesce(r.surge_from_h, r.end_h + 24) THEN 2 ELSE 1 END`;
  const egress = `round(${surge} * r.load * (0.6 + 0.8 * ${noise('r.slot', 'dto')}), 6)`;
  await insertLines(conn, DAILY('ec2', `r.role = 'web'`), lines({
    ...DAY_SLOT, ...EC2_PRODUCT, servicecode: `'AWSDataTransfer'`, servicename: `'AWS Data Transfer'`,
    usage_type: `r.prefix || 'DataTransfer-Out-Bytes'`, operation: `'RunInstances'`, usage_amount: money(egress),
    unblended_rate: money('$dtoRate'), unblended_cost: money(`${egress} * $dtoRate`),
    description: `'$' || $dtoRate || ' per GB - first 10 TB / month data transfer out beyond the global free tier'`,
    product_family: `'Data Transfer'`, transfer_type: `'AWS Outbound'`, from_location: 'r.location', to_location: `'External'`,
    sku: sku('dto'), pricing_unit: `'GB'`,
  }), params);
}
