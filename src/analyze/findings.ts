/** Idle-resource findings: their shape, de-duplication across rules, and their rendering. */
import type { CommitmentCoverage } from './instance-commitments.ts';
import type { TextTable } from '../lib/table.ts';
import { csvListCell } from '../lib/csv.ts';
import { fromUnits, roundDecimal, toUnits } from '../lib/money.ts';
import { sumDecimals } from './findings-money.ts';
import { type DateRange } from './findings-window.ts';
import { HOURS_PER_MONTH } from '../lib/calendar.ts';
import { num } from './evidence-number.ts';
import { codePointOrder, descending } from '../lib/order.ts';

export { num };

/** How sure a rule is: metrics or inventory over the whole window (high) down to the bill alone (low). */
export type Confidence = 'high' | 'medium' | 'low';

/** The rules `costlens idle` applies, in priority order (the first that fires names a finding). */
export const IDLE_RULES = [
  'ec2-low-utilisation',
  'ebs-unattached',
  'ebs-low-iops',
  'eip-idle-address',
  'lb-no-healthy-targets',
  'lb-low-requests',
  'rds-no-connections',
  'nat-no-traffic',
  'bill-ebs-without-instances',
  'bill-nat-without-traffic',
  'bill-lb-without-traffic',
] as const;

export type IdleRuleId = (typeof IDLE_RULES)[number];

export type ResourceKind = 'ec2-instance' | 'ebs-volume' | 'elastic-ip' | 'load-balancer' | 'rds-instance' | 'nat-gateway';

/** Evidence values: measured figures (numbers), dates and states (text); null when not measured. */
export type Evidence = Record<string, number | string | null>;

/** One idle resource, with the rule that fired, its evidence, what it cost and what it costs now. */
export interface IdleFinding {
  rule: IdleRuleId;
  kind: ResourceKind;
  /** The resource id in the bill/metrics; null when the bill carries none (see usageType). */
  resourceId: string | null;
  accountId: string | null;
  region: string | null;
  /** Set when the finding is keyed by account + region + usage type (no resource id). */
  usageType: string | null;
  /** EffectiveCost of the resource over `costWindow`, the trailing 30 days (exact decimal text). */
  windowCost: string;
  /** Its current EffectiveCost an hour: the rate of its latest charged day (exact decimal text). */
  hourlyRate: string;
  /** hourlyRate × 730 h, to the cent. */
  runRateMonthly: string;
  /** What acting on it saves a month in cash, to the cent: the run-rate less `monthlySavingCommitment`. */
  monthlySaving: string;
  /**
   * What acting on it frees a month of a Reserved Instance or Savings Plan with unused hours in the
   * cost window instead of cash, to the cent (0.00 but on a covered EC2 or RDS instance: idle/commitments.ts);
   * the bill falls only when other usage takes that commitment up or it ends. With `monthlySaving`, the run-rate.
   */
  monthlySavingCommitment: string;
  costWindow: DateRange;
  /** The days the rule looked at. */
  lookback: DateRange;
  evidence: Evidence;
  /** Config key → threshold value the rule used. */
  thresholds: Record<string, number>;
  /** The evidence in one sentence. */
  explanation: string;
  action: string;
  confidence: Confidence;
  /** Other rules that also fired for this resource. */
  alsoMatched: IdleRuleId[];
  /**
   * Present only on an EC2 or RDS instance that a Reserved Instance or Savings Plan covered in the
   * cost window: the hours covered, by which commitment, and whether stopping it frees commitment.
   */
  commitment?: CommitmentCoverage;
}

/** The key that identifies a resource across rules. */
export function findingKey(f: Pick<IdleFinding, 'resourceId' | 'accountId' | 'region' | 'usageType'>): string {
  return f.resourceId ?? `${f.accountId ?? ''}|${f.region ?? ''}|${f.usageType ?? ''}`;
}

/** What a finding saves a month: cash off the bill, and commitment freed instead of cash (both in one unit: cents or store units). */
export interface CashAndCommitment {
  cash: bigint;
  commitment: bigint;
}

/**
 * Larger cash saving first, then larger commitment freed: the order of the savings, and the rule
 * that keeps one finding of a resource several rules found (the weekly e-mail's "Savings waiting"
 * and the Optimisation page's totals), so that nothing is counted twice.
 */
export function bySavingDescending(a: CashAndCommitment, b: CashAndCommitment): number {
  return descending(a.cash, b.cash) || descending(a.commitment, b.commitment);
}

/** A finding that takes nothing off the bill in cash and frees commitment instead (a resource a commitment covered in full): counted apart from the cash savings. */
export function freesCommitmentOnly(s: CashAndCommitment): boolean {
  return s.cash === 0n && s.commitment > 0n;
}

/** The money fields of a finding: what it cost, costs now, and saves a month in cash and in commitment freed. */
export type FindingMoney = Pick<IdleFinding, 'windowCost' | 'hourlyRate' | 'runRateMonthly' | 'monthlySaving' | 'monthlySavingCommitment'>;

/**
 * The money fields of a finding from its window cost and current hourly rate in units (exact text,
 * 10 decimals); the run-rate, hourly rate × 730 h rounded once to the cent, is the saving, all of it
 * cash until idle/commitments.ts splits off what a commitment covered.
 */
export function findingMoney(windowCost: bigint, hourlyRate: bigint): FindingMoney {
  const runRate = fromUnits(hourlyRate * BigInt(HOURS_PER_MONTH), 2);
  return { windowCost: fromUnits(windowCost), hourlyRate: fromUnits(hourlyRate), runRateMonthly: runRate, monthlySaving: runRate, monthlySavingCommitment: '0.00' };
}

/** Largest cash saving first, then largest commitment freed, then largest window cost, then by resource. */
export function compareFindings(a: IdleFinding, b: IdleFinding): number {
  const saving = (f: IdleFinding) => ({ cash: toUnits(f.monthlySaving), commitment: toUnits(f.monthlySavingCommitment) });
  return bySavingDescending(saving(a), saving(b))
    || descending(toUnits(a.windowCost), toUnits(b.windowCost)) || codePointOrder(findingKey(a), findingKey(b));
}

/**
 * One finding per resource: the highest-priority rule keeps it and the others are listed in
 * `alsoMatched` (so a resource's cost is never counted twice). Sorted by {@link compareFindings}.
 */
export function dedupeFindings(findings: readonly IdleFinding[]): IdleFinding[] {
  const rank = (f: IdleFinding) => IDLE_RULES.indexOf(f.rule);
  const byKey = new Map<string, IdleFinding>();
  for (const f of [...findings].sort((a, b) => rank(a) - rank(b))) {
    const key = findingKey(f);
    const kept = byKey.get(key);
    if (!kept) byKey.set(key, { ...f, alsoMatched: [...f.alsoMatched] });
    else {
      for (const rule of [f.rule, ...f.alsoMatched]) {
        if (rule !== kept.rule && !kept.alsoMatched.includes(rule)) kept.alsoMatched.push(rule);
      }
    }
  }
  return [...byKey.values()].sort(compareFindings);
}

/** What {@link findingTotals} adds up. */
export interface FindingTotals {
  /** Sum of the findings' window costs (exact decimal text). */
  totalWindowCost: string;
  /** Sum of their cash savings a month (monthlySaving), to the cent. */
  totalMonthlySaving: string;
  /** Sum of what they free of commitments instead of cash (monthlySavingCommitment), to the cent; not cash. */
  totalMonthlySavingCommitment: string;
}

/**
 * The totals of findings: window cost (exact), and the cash and the commitment freed a month, each
 * the sum of the cents the rows show, so together they are the findings' run-rates to the cent.
 */
export function findingTotals(findings: readonly IdleFinding[]): FindingTotals {
  return {
    totalWindowCost: sumDecimals(findings.map((f) => f.windowCost)),
    totalMonthlySaving: roundDecimal(sumDecimals(findings.map((f) => f.monthlySaving)), 2),
    totalMonthlySavingCommitment: roundDecimal(sumDecimals(findings.map((f) => f.monthlySavingCommitment)), 2),
  };
}

/** `key=value key=value` for thresholds. */
export function formatThresholds(thresholds: Record<string, number>): string {
  return Object.entries(thresholds).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * Findings as rows for CSV output (`costlens idle --format csv`, the Optimisation page's idle CSV):
 * evidence as a sentence, thresholds as config keys, the other rules that fired (`also_matched`)
 * separated by `; ` as every list column is, the saving as cash (`monthly_saving`) and commitment
 * freed (`monthly_saving_commitment`), which add up to `run_rate_monthly`.
 */
export function findingsTable(findings: readonly IdleFinding[]): TextTable {
  return {
    columns: ['rule', 'resource_id', 'account_id', 'region', 'usage_type', 'window_cost', 'hourly_rate', 'run_rate_monthly', 'monthly_saving',
      'monthly_saving_commitment', 'confidence', 'action', 'evidence', 'thresholds', 'also_matched', 'lookback_start', 'lookback_end', 'cost_start', 'cost_end'],
    rows: findings.map((f) => [
      f.rule, f.resourceId, f.accountId, f.region, f.usageType, f.windowCost, f.hourlyRate, f.runRateMonthly, f.monthlySaving, f.monthlySavingCommitment,
      f.confidence, f.action, f.explanation,
      formatThresholds(f.thresholds), csvListCell(f.alsoMatched) || null, f.lookback.start, f.lookback.end, f.costWindow.start, f.costWindow.end,
    ]),
  };
}


/** Bytes as decimal megabytes for evidence text. */
export function megabytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : `${num(bytes / 1e6)} MB`;
}
