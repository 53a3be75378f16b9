/**
 * Commitment coverage of FOCUS data: a FOCUS 1.0 export carries none of the CUR columns eligibility
 * was read from (x_UsageType, x_ProductCode, x_InstanceType), so the real FOCUS sample had no
 * eligible usage but its covered lines: coverage 100 %, on-demand spend that could have been
 * covered 0, effective savings rate 100 %, and purchase advice fitted on no spend. Eligibility now
 * reads FOCUS's own columns (README, "Commitments": ServiceName, ResourceType, ChargeDescription,
 * ConsumedUnit, PricingCategory). Every expected figure is restated by DuckDB on the CSV file itself,
 * with the sample's eligible lines written out here: EC2 instance hours (ResourceType `instance`),
 * the RDS instance hour, Fargate vCPU and memory hours, Lambda duration ("Total Compute").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_FOCUS } from '../helpers/cli.ts';

/** The sample's rows, typed as the store holds them (money at 10 decimals). */
const ROWS = `(SELECT ServiceName, ResourceType, ChargeCategory, PricingCategory, CommitmentDiscountStatus, ChargeDescription, ConsumedUnit,
    CAST(ConsumedQuantity AS DOUBLE) AS hours, CAST(BilledCost AS DECIMAL(38, 10)) AS billed, CAST(EffectiveCost AS DECIMAL(38, 10)) AS effective,
    CAST(ListCost AS DECIMAL(38, 10)) AS list, CAST(ChargePeriodStart AS TIMESTAMP) AS start, CAST(ChargePeriodEnd AS TIMESTAMP) AS end_time
  FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE BillingPeriodStart LIKE '2024-09%')`;

/** The sample's eligible lines, by kind. */
const KINDS = `(SELECT *,
    CASE WHEN ChargeCategory = 'Usage' AND ((ServiceName = 'Amazon Elastic Compute Cloud' AND ResourceType = 'instance')
      OR (ServiceName = 'Amazon Relational Database Service' AND ChargeDescription ILIKE '%instance hour%')) THEN 'instance'
    WHEN ChargeCategory = 'Usage' AND ServiceName = 'Amazon Elastic Container Service' AND ChargeDescription ILIKE 'AWS Fargate%'
      AND (ChargeDescription ILIKE '%vCPU%' OR ChargeDescription ILIKE '%Memory%') THEN 'fargate'
    WHEN ChargeCategory = 'Usage' AND ServiceName = 'AWS Lambda' AND ChargeDescription ILIKE '%Total Compute%' THEN 'lambda' END AS kind,
    coalesce(CommitmentDiscountStatus = 'Used', false) AS covered
  FROM ${ROWS})`;

const FIGURES = `SELECT
    sum(hours) FILTER (WHERE kind = 'instance') AS eligible_hours,
    sum(hours) FILTER (WHERE kind = 'instance' AND covered) AS covered_hours,
    sum(CASE WHEN covered THEN list ELSE billed END) AS eligible_on_demand,
    sum(list) FILTER (WHERE covered) AS covered_on_demand,
    sum(billed) FILTER (WHERE NOT covered) AS on_demand_cost,
    sum(effective) AS effective_cost,
    sum(billed) FILTER (WHERE NOT covered AND kind = 'instance' AND ServiceName = 'Amazon Elastic Compute Cloud') AS ec2_on_demand,
    sum(list) FILTER (WHERE covered AND kind = 'instance' AND ServiceName = 'Amazon Elastic Compute Cloud') AS ec2_covered,
    sum(billed) FILTER (WHERE NOT covered AND kind = 'instance' AND ChargeDescription LIKE '% g5.%') AS g5_on_demand
  FROM ${KINDS} WHERE kind IS NOT NULL OR covered`;

/** Advice: on-demand (Standard, no commitment) EC2 instance and Fargate lines of at most a day in the look-back, per hour. */
const ADVICE = `SELECT sum(billed) AS eligible, count(DISTINCT start) FILTER (WHERE billed > 0) AS hours_with_spend
  FROM ${KINDS} WHERE kind IN ('instance', 'fargate') AND ServiceName <> 'Amazon Relational Database Service' AND PricingCategory = 'Standard' AND NOT covered
    AND start >= TIMESTAMP '2024-09-01 00:00:00' AND start < TIMESTAMP '2024-10-01 00:00:00' AND end_time <= start + INTERVAL 1 DAY`;

const pct = (part: number, whole: number) => Math.round((part / whole) * 10000) / 100;

describe('commitments on the real FOCUS 1.0 sample (September 2024): eligibility from FOCUS columns', () => {
  let report: any;
  let byFamily: any;
  let f: Record<string, string | null>;

  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_FOCUS]]);
    const run = await costlens(db, 'commitments', '--period', '2024-09', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    report = JSON.parse(run.stdout);
    byFamily = JSON.parse((await costlens(db, 'commitments', '--period', '2024-09', '--by', 'family', '--format', 'json')).stdout);
    [f] = await duckdbRows(FIGURES, { file: REAL_FOCUS });
  });

  it('by SQL on the file: $17.16 of uncovered on-demand EC2 instance hours (g5.4xlarge at $1.624 an hour among them) and $0.1426 covered', () => {
    expect([f.ec2_on_demand, f.ec2_covered]).toEqual(['17.1576368840', '0.1426000000']);
  });

  it('coverage in hours and in on-demand-equivalent cost, the on-demand spend that could have been covered and the effective savings rate equal the SQL', () => {
    expect(report.coverage).toMatchObject({
      eligibleHours: Math.round(Number(f.eligible_hours) * 1e6) / 1e6,
      coveredHours: Number(f.covered_hours),
      savingsPlanHours: Number(f.covered_hours),
      reservedHours: 0,
      eligibleOnDemandCost: f.eligible_on_demand,
      coveredOnDemandCost: f.covered_on_demand,
      onDemandCost: f.on_demand_cost,
      effectiveCost: f.effective_cost,
      coveragePercent: pct(Number(f.covered_hours), Number(f.eligible_hours)),
      coverageCostPercent: pct(Number(f.covered_on_demand), Number(f.eligible_on_demand)),
    });
    expect(report.coveragePercent).toBe(pct(Number(f.covered_hours), Number(f.eligible_hours)));
    expect(report.effectiveSavingsRate).toBe(pct(Number(f.eligible_on_demand) - Number(f.effective_cost) - Number(report.unusedCost), Number(f.eligible_on_demand)));
    // Not the 100 % coverage, $0.00 on demand and 100 % savings rate read before.
    expect([report.coverageCostPercent, Number(report.coverage.onDemandCost).toFixed(2), report.effectiveSavingsRate]).toEqual([0.82, '17.21', 7.8]);
  });

  it('--by family names the family from the price text (g5, c5, db.t3 …), and the families split the on-demand spend exactly', () => {
    const groups = byFamily.groups as { key: string; onDemandCost: string }[];
    expect(groups.find((g) => g.key === 'g5')?.onDemandCost).toBe(f.g5_on_demand);
    expect(groups.map((g) => g.key)).toEqual(['(no instance family)', 'c5', 'db.t3', 'g3', 'g5', 'm4', 'm5', 'm7i-flex', 't2', 't3']);
    const units = (s: string) => BigInt(s.replace('.', ''));
    expect(groups.reduce((n, g) => n + units(g.onDemandCost), 0n)).toBe(units(f.on_demand_cost!));
  });

  it('purchase advice is fitted on the hourly on-demand EC2 and Fargate spend the file holds, not on none', async () => {
    const [advice] = await duckdbRows(ADVICE, { file: REAL_FOCUS });
    expect(report.advice).toMatchObject({ lookbackFrom: '2024-09-01', lookbackTo: '2024-10-01', hours: 720,
      eligibleOnDemandCost: advice.eligible, hoursWithSpend: Number(advice.hours_with_spend) });
    expect(Number(advice.eligible)).toBeGreaterThan(17);
  });

  it('the table says why its 2 Savings Plans show no purchased, used or utilisation (n/a, blank): no line of theirs states their commitment', async () => {
    // By SQL on the file: the Savings Plans' only lines are 4 Usage rows they covered (Used); no Purchase or Unused row, and FOCUS 1.0 has no CommitmentDiscountQuantity.
    const lines = await duckdbRows(`SELECT CommitmentDiscountId AS arn, CommitmentDiscountType AS type, ChargeCategory AS category, CommitmentDiscountStatus AS status, count(*) AS n
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE coalesce(CommitmentDiscountId, '') <> '' GROUP BY ALL ORDER BY ALL`, { file: REAL_FOCUS });
    expect(lines.map((l) => [l.arn, l.type, l.category, l.status, l.n])).toEqual([
      ['arn:aws:savingsplans::365499461711:savingsplan/37985e61-4fcb-4023-9dd7-e524c80342a2', 'Savings Plan', 'Usage', 'Used', '3'],
      ['arn:aws:savingsplans::961082193871:savingsplan/493f5705-db1c-4867-8e5c-ee9a66fa6d3f', 'Savings Plan', 'Usage', 'Used', '1'],
    ]);
    const [columns] = await duckdbRows(`SELECT count(*) FILTER (WHERE column_name = 'CommitmentDiscountQuantity') AS quantity FROM (DESCRIBE SELECT * FROM read_csv($file, nullstr = 'NULL'))`, { file: REAL_FOCUS });
    expect(columns.quantity).toBe('0');
    expect(report.commitments.map((c: Record<string, unknown>) => [c.type, c.purchased, c.used, c.utilisationPercent])).toEqual([['Savings Plan', null, null, null], ['Savings Plan', null, null, null]]);
    const table = (await costlens(db, 'commitments', '--period', '2024-09')).stdout.split('\n');
    expect(table.slice(1, 3)).toEqual([
      '  utilisation n/a of commitment cost; no RIs; Savings Plans n/a of commitment',
      "  2 Savings Plans show no purchased, used or utilisation: no line of theirs in the store states their commitment in the period; that takes their SavingsPlanRecurringFee lines (a CUR's TotalCommitmentToDate and UsedCommitment), or, in FOCUS, CommitmentDiscountQuantity on their Used and Unused rows (FOCUS 1.2)",
    ]);
  });

  it('nor their unused cost: "not stated" in the table and its summary, an empty csv cell, null in json (each read $0.00 / 0.0000000000), as the Commitments page\'s card', async () => {
    // By SQL on the file: no Unused row of any commitment (whose EffectiveCost would state an unused cost without the purchase), and no purchase either (above).
    const [unused] = await duckdbRows(`SELECT count(*) AS n FROM read_csv($file, nullstr = 'NULL', all_varchar = true)
      WHERE coalesce(CommitmentDiscountId, '') <> '' AND CommitmentDiscountStatus = 'Unused'`, { file: REAL_FOCUS });
    expect(unused.n).toBe('0');
    expect(report.commitments.map((c: Record<string, unknown>) => [c.arn, c.unusedCost])).toEqual([
      ['arn:aws:savingsplans::365499461711:savingsplan/37985e61-4fcb-4023-9dd7-e524c80342a2', null],
      ['arn:aws:savingsplans::961082193871:savingsplan/493f5705-db1c-4867-8e5c-ee9a66fa6d3f', null],
    ]);
    // The totals of commitments none of which states it are null too; the RIs' (none: nothing unused) stays 0.
    expect([report.unusedCost, report.savingsPlans.unusedCost, report.reservedInstances.unusedCost, report.byPeriod.map((p: { unusedCost: unknown }) => p.unusedCost)])
      .toEqual([null, null, '0.0000000000', [null]]);
    const table = (await costlens(db, 'commitments', '--period', '2024-09')).stdout.split('\n');
    expect(table[3]).toMatch(/^ {2}unused commitment cost not stated; coverage 12\.12 % of eligible instance hours/);
    const rows = table.filter((line) => line.startsWith('savingsplan/'));
    expect(rows.map((line) => line.split(/ {2,}/))).toEqual([
      ['savingsplan/37985e61-4fcb-4023-9dd7-e524c80342a2', 'Savings Plan', 'not stated', '18938484842'],
      ['savingsplan/493f5705-db1c-4867-8e5c-ee9a66fa6d3f', 'Savings Plan', 'not stated', '69918885631'],
    ]);
    const csv = (await costlens(db, 'commitments', '--period', '2024-09', '--format', 'csv')).stdout.trimEnd().split('\r\n');
    const at = csv[0].split(',').indexOf('unused_cost');
    expect(csv.slice(1).map((line) => line.split(',')[at])).toEqual(['', '']);
    // --by account: the accounts owning them likewise; one owning none keeps its 0.
    const byAccount = (await costlens(db, 'commitments', '--period', '2024-09', '--by', 'account', '--format', 'json')).stdout;
    const groups = (JSON.parse(byAccount).groups as { key: string; commitments: number; unusedCost: string | null }[]).filter((g) => ['11353890204', '18938484842', '69918885631'].includes(g.key));
    expect(groups.map((g) => [g.key, g.commitments, g.unusedCost])).toEqual([['11353890204', 0, '0.0000000000'], ['18938484842', 1, null], ['69918885631', 1, null]]);
    const accountRows = (await costlens(db, 'commitments', '--period', '2024-09', '--by', 'account')).stdout.split('\n').filter((line) => /^(18938484842|69918885631) /.test(line));
    expect(accountRows.map((line) => line.split(/ {2,}/).slice(0, 3))).toEqual([['18938484842', '1', 'not stated'], ['69918885631', '1', 'not stated']]);
  });
});
