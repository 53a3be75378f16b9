/**
 * The modernisation facts of the demo, as truth.json lists them: every finding `costlens
 * modernise` should make on the demo (as of its as-of, with {@link MODERNISE_TRUTH_CONFIG}), with
 * its monthly saving, computed here from the canonical rows and the list prices below (copied from
 * data/ec2, data/ebs and data/s3), not by the product's code. The planted ones (src/demo/plants-modernise.ts)
 * and the ordinary fleet's: gp2 data volumes (half the data volumes are gp2) and current-generation
 * x86 instances whose Graviton twin lists cheaper.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { divideRounded, fromUnits, toUnits, unitsOfNumber } from '../lib/money.ts';
import { LINES } from './lines.ts';
import type { ModernisePlants } from './plants-modernise.ts';
import { query, run } from './sql.ts';
import { ascending } from '../lib/order.ts';
import { HOURS_PER_MONTH } from '../lib/calendar.ts';

/**
 * The `modernise:` config the listed findings are made under: the defaults, but for the snapshot
 * age: the default demo holds 75 days (3 months to mid-month), less than the default 90.
 */
export const MODERNISE_TRUTH_CONFIG = { snapshots: { minAgeDays: 60 } } as const;
const S3_MIN_DAYS = 30;
const S3_MAX_REQUESTS_PER_GB_MONTH = 10;

/** A finding of `costlens modernise` on the demo. */
export interface ModerniseTruth {
  rule: string;
  resourceId: string;
  accountId: string;
  region: string;
  current: string;
  target: string | null;
  /** Planted (src/demo/plants-modernise.ts), or a fact of the ordinary fleet. */
  planted: boolean;
  /** Cash off the bill a month: exact decimal text, to the cent. */
  monthlySaving: string;
  /**
   * The part of the saving that frees commitment instead of cash, to the cent: an instance's saving ×
   * the share of its last day's cost that the Compute Savings Plan covered when the plan had unused
   * hours in the 30 days before as-of ("0.00" for everything else).
   */
  monthlySavingCommitment: string;
  /**
   * What the hours a Reserved Instance covered on the last day save once other usage of the family
   * takes up the reservation or it ends (it does not apply to the new family): the list-price saving
   * × those hours ÷ the day's hours; "0.00" otherwise. The cash saving leaves out those hours.
   */
  monthlySavingDeferred: string;
}

/** EC2 Linux on-demand list prices (data/ec2/instance-types.csv): [us-east-1 and us-west-2, eu-west-1]. */
const EC2: Record<string, [number, number]> = {
  'm4.xlarge': [0.2, 0.2229], 'm6i.xlarge': [0.192, 0.214], 'c4.large': [0.1, 0.1117], 'c6i.large': [0.085, 0.096],
  'r4.large': [0.133, 0.1482], 'r6i.large': [0.126, 0.1404], 't2.medium': [0.0464, 0.0504], 't3.medium': [0.0416, 0.0456],
  'm5.large': [0.096, 0.107], 'm6g.large': [0.077, 0.0859], 'm5.xlarge': [0.192, 0.214], 'm6g.xlarge': [0.154, 0.1717],
  'm5.2xlarge': [0.384, 0.428], 'm6g.2xlarge': [0.308, 0.3434], 'm5.4xlarge': [0.768, 0.856], 'm6g.4xlarge': [0.616, 0.6869],
  'c5.xlarge': [0.17, 0.192], 'c6g.xlarge': [0.136, 0.1519], 'c5.2xlarge': [0.34, 0.384], 'c6g.2xlarge': [0.272, 0.3038],
  'r5.large': [0.126, 0.1404], 'r6g.large': [0.1008, 0.1123], 'r5.xlarge': [0.252, 0.2809], 'r6g.xlarge': [0.2016, 0.2247],
  'r5.2xlarge': [0.504, 0.5617], 'r6g.2xlarge': [0.4032, 0.4494], 't3.large': [0.0832, 0.0912], 't4g.medium': [0.0336, 0.0368],
  't4g.large': [0.0672, 0.0736],
};
/** The move of each demo instance type: older generation → the same-vendor current twin, else x86 → Graviton (m5/m6i, c5/c6i, r5/r6i list alike). */
const EC2_MOVES: Record<string, [string, string]> = {
  'm4.xlarge': ['ec2-older-generation', 'm6i.xlarge'], 'c4.large': ['ec2-older-generation', 'c6i.large'],
  'r4.large': ['ec2-older-generation', 'r6i.large'], 't2.medium': ['ec2-older-generation', 't3.medium'],
  't3.medium': ['ec2-graviton-twin', 't4g.medium'], 't3.large': ['ec2-graviton-twin', 't4g.large'],
  ...Object.fromEntries(['large', 'xlarge', '2xlarge', '4xlarge'].flatMap((size) => [
    [`m5.${size}`, ['ec2-graviton-twin', `m6g.${size}`]], [`c5.${size}`, ['ec2-graviton-twin', `c6g.${size}`]], [`r5.${size}`, ['ec2-graviton-twin', `r6g.${size}`]],
  ])),
};
/** EBS list prices (data/ebs/volume-prices.csv): gp2 and gp3 a GB-month, gp3 an IOPS-month and a MiB/s-month. */
const EBS: Record<string, { gp2: number; gp3: number; iops: number; throughput: number }> = {
  'us-east-1': { gp2: 0.1, gp3: 0.08, iops: 0.005, throughput: 0.04 },
  'us-west-2': { gp2: 0.1, gp3: 0.08, iops: 0.005, throughput: 0.04 },
  'eu-west-1': { gp2: 0.11, gp3: 0.088, iops: 0.0055, throughput: 0.044 },
};
/** S3 list prices (data/s3/storage-prices.csv, us-east-1 only): a GB-month, per Tier1 and Tier2 request. */
const S3: Record<string, { standard: [number, number, number]; ia: [number, number, number] }> = {
  'us-east-1': { standard: [0.023, 0.005, 0.0004], ia: [0.0125, 0.01, 0.001] },
};

/** Creates the accumulators of the lines the modernisation truth reads. */
export async function createModerniseAccumulator(conn: DuckDBConnection): Promise<void> {
  await run(conn, `CREATE OR REPLACE TABLE mod_acc (resource_id VARCHAR, usage_type VARCHAR, line_type VARCHAR, commitment_arn VARCHAR,
    commitment_kind VARCHAR, day DATE, line_start TIMESTAMP, line_end TIMESTAMP, quantity DECIMAL(38,10), cost DECIMAL(38,10))`);
  await run(conn, 'CREATE OR REPLACE TABLE mod_first (resource_id VARCHAR, first_start TIMESTAMP)');
  await run(conn, 'CREATE OR REPLACE TABLE mod_unused (commitment_arn VARCHAR, line_start TIMESTAMP, line_end TIMESTAMP, cost DECIMAL(38,10))');
}

/**
 * Adds the period's instance, volume, snapshot and S3 usage lines from `since` (with the line type
 * and the covering commitment's ARN), each snapshot's first line, and the commitments' fee lines
 * that reach past `since` (RIFee, SavingsPlanRecurringFee: their EffectiveCost is the unused part).
 */
export async function accumulateModernise(conn: DuckDBConnection, since: string): Promise<void> {
  await run(conn, `INSERT INTO mod_acc SELECT resource_id, usage_type, line_item_type,
      CASE line_item_type WHEN 'DiscountedUsage' THEN ri_arn WHEN 'SavingsPlanCoveredUsage' THEN sp_arn END,
      CASE line_item_type WHEN 'DiscountedUsage' THEN 'reservation' WHEN 'SavingsPlanCoveredUsage' THEN sp_offering_type END,
      CAST(usage_start AS DATE), min(usage_start), max(usage_end), sum(usage_amount), sum(effective_cost)
    FROM ${LINES} WHERE usage_start >= CAST($since AS TIMESTAMP) AND resource_id IS NOT NULL
      AND line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
      AND (usage_type LIKE '%BoxUsage:%' OR usage_type LIKE '%EBS:VolumeUsage%' OR usage_type LIKE '%EBS:SnapshotUsage'
        OR (product_code = 'AmazonS3' AND regexp_matches(usage_type, '(TimedStorage-ByteHrs|Requests-Tier1|Requests-Tier2)$')))
    GROUP BY ALL`, { since });
  await run(conn, `INSERT INTO mod_first SELECT resource_id, min(usage_start) FROM ${LINES}
    WHERE usage_type LIKE '%EBS:SnapshotUsage' AND line_item_type = 'Usage' GROUP BY resource_id`);
  await run(conn, `INSERT INTO mod_unused SELECT coalesce(ri_arn, sp_arn), usage_start, usage_end, effective_cost FROM ${LINES}
    WHERE line_item_type IN ('RIFee', 'SavingsPlanRecurringFee') AND usage_end > CAST($since AS TIMESTAMP)`, { since });
}

const units = toUnits;
/** `amount × (old − new) ÷ old` in units of 1e-10, rounded half away from zero: the part of a bill a move saves at the bill's own rate. */
const atRatio = (amount: bigint, oldPrice: bigint, newPrice: bigint) => divideRounded(amount * (oldPrice - newPrice), oldPrice);
const price = (x: number) => unitsOfNumber(x);
const tier = (region: string) => (region === 'eu-west-1' ? 1 : 0);

type DayRow = { resource_id: string; kind: string; itype: string | null; region: string; account_id: string; usage_type: string; qty: string; cost: string; seconds: number };

/** The findings `costlens modernise` should make as of `asOf` (YYYY-MM-DD), planted first, each group by resource id. */
export async function moderniseTruth(conn: DuckDBConnection, asOf: string, plants: ModernisePlants): Promise<ModerniseTruth[]> {
  const planted = new Set([...plants.instances, ...plants.gp2Volumes, ...plants.oldSnapshots, ...plants.youngSnapshots, ...plants.coldBuckets]);
  const out: ModerniseTruth[] = [];
  const covered = await coveredShares(conn, asOf);
  const add = (r: { resource_id: string; account_id: string; region: string }, rule: string, current: string, target: string | null, saving: bigint, list = 0n) => {
    const cents = toUnits(fromUnits(saving, 2));
    const share = covered.get(r.resource_id);
    const part = (amount: bigint, n: bigint, d: bigint) => divideRounded(amount * n, d * 10n ** 8n) * 10n ** 8n;
    const kept = share ? part(cents, share.dayCost - share.reserved, share.dayCost) : cents;
    const commitment = share ? part(cents, share.freed, share.dayCost) : 0n;
    const deferred = share ? part(toUnits(fromUnits(list, 2)), share.reservedHours, share.dayHours) : 0n;
    out.push({ rule, resourceId: r.resource_id, accountId: r.account_id, region: r.region, current, target, planted: planted.has(r.resource_id),
      monthlySaving: fromUnits(kept - commitment, 2), monthlySavingCommitment: fromUnits(commitment, 2), monthlySavingDeferred: fromUnits(deferred, 2) });
  };
  const day = await query<DayRow>(conn, `SELECT a.resource_id, r.kind, r.itype, r.region, r.account_id, a.usage_type, CAST(sum(a.quantity) AS VARCHAR) AS qty,
      CAST(sum(a.cost) AS VARCHAR) AS cost, CAST(date_diff('second', min(a.line_start), max(a.line_end)) AS INTEGER) AS seconds
    FROM mod_acc a JOIN res r ON r.id = a.resource_id WHERE a.day = CAST($asOf AS DATE) - 1 AND a.quantity > 0 GROUP BY ALL ORDER BY a.resource_id`, { asOf });
  const [{ hours_in_month: hoursInMonth }] = await query<{ hours_in_month: number }>(conn,
    `SELECT CAST(date_diff('hour', date_trunc('month', CAST($asOf AS DATE) - 1), date_trunc('month', CAST($asOf AS DATE) - 1) + INTERVAL 1 MONTH) AS INTEGER) AS hours_in_month`, { asOf });
  const [{ first_old: firstOld }] = await query<{ first_old: string }>(conn,
    `SELECT CAST(CAST($asOf AS TIMESTAMP) - to_days(CAST($minAge AS INTEGER)) AS VARCHAR) AS first_old`, { asOf, minAge: MODERNISE_TRUTH_CONFIG.snapshots.minAgeDays });
  const firsts = new Map((await query<{ resource_id: string; first: string }>(conn,
    'SELECT resource_id, CAST(min(first_start) AS VARCHAR) AS first FROM mod_first GROUP BY resource_id')).map((r) => [r.resource_id, r.first]));
  for (const r of day) {
    // An instance's rate is its day's cost over the day's 24 h (queries/modernise/instance_types.sql); a volume's or snapshot's over the hours its lines cover.
    const hourly = divideRounded(units(r.cost) * 3600n, BigInt(r.kind === 'ec2' ? 86_400 : r.seconds));
    // EBS storage and snapshots are priced by the GB-month, spread over the hours of the calendar month: the month is its hours.
    const monthly = hourly * BigInt(r.kind === 'ebs' || r.kind === 'snapshot' ? hoursInMonth : HOURS_PER_MONTH);
    if (r.kind === 'ec2' && EC2_MOVES[r.itype!]) {
      const [rule, target] = EC2_MOVES[r.itype!];
      const [from, to] = [price(EC2[r.itype!][tier(r.region)]), price(EC2[target][tier(r.region)])];
      add(r, rule, r.itype!, target, atRatio(monthly, from, to), (from - to) * BigInt(HOURS_PER_MONTH));
    } else if (r.kind === 'ebs' && r.usage_type.endsWith('EBS:VolumeUsage.gp2')) {
      const p = EBS[r.region];
      const gb = Math.round((Number(r.qty) * hoursInMonth / (r.seconds / 3600)) * 100) / 100;
      const iops = Math.max(3000, Math.ceil(Math.min(16000, Math.max(100, 3 * gb))));
      const oldCost = price(gb) * price(p.gp2) / 10n ** 10n;
      const newCost = (price(gb) * price(p.gp3) + BigInt(iops - 3000) * 10n ** 10n * price(p.iops) + BigInt(gb > 170 ? 125 : 0) * 10n ** 10n * price(p.throughput)) / 10n ** 10n;
      if (newCost < oldCost) add(r, 'ebs-gp2-to-gp3', 'gp2', 'gp3', atRatio(monthly, oldCost, newCost));
    } else if (r.kind === 'snapshot' && (firsts.get(r.resource_id) ?? '9999') <= firstOld) {
      add(r, 'ebs-old-snapshot', 'snapshot', null, monthly);
    }
  }
  out.push(...await coldBuckets(conn, asOf, planted));
  const order = (t: ModerniseTruth) => `${t.planted ? 0 : 1}|${t.rule}|${t.resourceId}`;
  return out.sort((a, b) => ascending(order(a), order(b)));
}

/**
 * EC2 instances a commitment covered on the day before `asOf`: that day's instance-hour cost and
 * hours, the cost the Compute Savings Plan covered when its commitment was not all used that day
 * (freed), and the cost and hours a Reserved Instance covered (reserved: it does not follow a change
 * of family), in units (hours as ten-thousandths), by resource id.
 */
async function coveredShares(conn: DuckDBConnection, asOf: string): Promise<Map<string, { dayCost: bigint; freed: bigint; reserved: bigint; dayHours: bigint; reservedHours: bigint }>> {
  const rows = await query<{ resource_id: string; day_cost: string; freed: string; reserved: string; day_hours: string; reserved_hours: string }>(conn,
    `WITH spare AS (
       SELECT DISTINCT commitment_arn FROM mod_unused
       WHERE cost > 0 AND line_end > CAST($asOf AS TIMESTAMP) - INTERVAL 1 DAY AND line_start < CAST($asOf AS TIMESTAMP))
     SELECT resource_id, CAST(sum(cost) AS VARCHAR) AS day_cost, CAST(sum(quantity) AS VARCHAR) AS day_hours,
       CAST(coalesce(sum(cost) FILTER (WHERE commitment_kind = 'ComputeSavingsPlans' AND commitment_arn IN (SELECT commitment_arn FROM spare)), 0) AS VARCHAR) AS freed,
       CAST(coalesce(sum(cost) FILTER (WHERE commitment_kind = 'reservation'), 0) AS VARCHAR) AS reserved,
       CAST(coalesce(sum(quantity) FILTER (WHERE commitment_kind = 'reservation'), 0) AS VARCHAR) AS reserved_hours
     FROM mod_acc WHERE usage_type LIKE '%BoxUsage:%' AND day = CAST($asOf AS DATE) - 1
     GROUP BY resource_id HAVING count(commitment_arn) > 0`, { asOf });
  return new Map(rows.map((r) => [r.resource_id, {
    dayCost: units(r.day_cost), freed: units(r.freed), reserved: units(r.reserved), dayHours: units(r.day_hours), reservedHours: units(r.reserved_hours),
  }]));
}

/** S3 buckets billed in Standard on each of the last 30 days with at most 10 requests a GB-month: their Standard-IA saving. */
async function coldBuckets(conn: DuckDBConnection, asOf: string, planted: Set<string>): Promise<ModerniseTruth[]> {
  const rows = await query<{ resource_id: string; account_id: string; region: string; days: number; gbm: string; reqs: string; storage: string; tier1: string; tier2: string }>(conn,
    `SELECT a.resource_id, r.account_id, r.region, CAST(count(DISTINCT a.day) FILTER (WHERE a.usage_type LIKE '%TimedStorage-ByteHrs') AS INTEGER) AS days,
       CAST(sum(a.quantity) FILTER (WHERE a.usage_type LIKE '%TimedStorage-ByteHrs') AS VARCHAR) AS gbm,
       CAST(coalesce(sum(a.quantity) FILTER (WHERE a.usage_type LIKE '%Requests-Tier_'), 0) AS VARCHAR) AS reqs,
       CAST(coalesce(sum(a.cost) FILTER (WHERE a.usage_type LIKE '%TimedStorage-ByteHrs'), 0) AS VARCHAR) AS storage,
       CAST(coalesce(sum(a.cost) FILTER (WHERE a.usage_type LIKE '%Requests-Tier1'), 0) AS VARCHAR) AS tier1,
       CAST(coalesce(sum(a.cost) FILTER (WHERE a.usage_type LIKE '%Requests-Tier2'), 0) AS VARCHAR) AS tier2
     FROM mod_acc a JOIN res r ON r.id = a.resource_id
     WHERE r.kind = 's3' AND a.day >= CAST($asOf AS DATE) - CAST($days AS INTEGER) AND a.day < CAST($asOf AS DATE)
     GROUP BY ALL ORDER BY a.resource_id`, { asOf, days: S3_MIN_DAYS });
  const out: ModerniseTruth[] = [];
  for (const r of rows) {
    const p = S3[r.region];
    if (!p || r.days < S3_MIN_DAYS || Math.round((Number(r.reqs) / Number(r.gbm)) * 100) / 100 > S3_MAX_REQUESTS_PER_GB_MONTH) continue;
    const [s, ia] = [p.standard.map(price), p.ia.map(price)];
    const window = atRatio(units(r.storage), s[0], ia[0]) + atRatio(units(r.tier1), s[1], ia[1]) + atRatio(units(r.tier2), s[2], ia[2]);
    if (window <= 0n) continue;
    const saving = divideRounded(window * BigInt(HOURS_PER_MONTH), BigInt(S3_MIN_DAYS * 24));
    out.push({ rule: 's3-standard-cold', resourceId: r.resource_id, accountId: r.account_id, region: r.region, current: 'S3 Standard', target: 'S3 Standard-IA',
      planted: planted.has(r.resource_id), monthlySaving: fromUnits(saving, 2), monthlySavingCommitment: '0.00', monthlySavingDeferred: '0.00' });
  }
  return out;
}
