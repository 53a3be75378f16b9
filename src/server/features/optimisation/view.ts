/**
 * The Optimisation page's findings: every idle resource and rightsizing recommendation of an as-of
 * day with its owner (cached per generation), the ones a request's filters keep (selection.ts) and
 * their totals, and the `optimisation/findings` analysis that lists them.
 */
import { UNTAGGED } from '../../../analyze/attribution/index.ts';
import { findingKey, formatThresholds, type Evidence } from '../../../analyze/findings.ts';
import { fromUnits, toUnits } from '../../../lib/money.ts';
import { type CostWindowHeld, type DateRange, lookbackRange, MONTHLY_COST_DAYS } from '../../../analyze/findings-window.ts';
import { idleMetricsNotes, type IdleRuleNotRun } from '../../../analyze/idle/index.ts';
import { rightsizingMetricsNotes, type InstancesWithoutCpu, type RightsizingNothingToSave, type SkippedInstance } from '../../../analyze/rightsizing/index.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { savingsNotJudged } from '../../../analyze/not-judged.ts';
import { runQuery } from '../../../engine/query-types.ts';
import type { QueryParam } from '../../../engine/queries.ts';
import type { AnalysisSource, Analyses } from '../../analysis-service.ts';
import { ownerKeyChoices, resourceOwners } from './owners.ts';
import { NO_OWNER_KEY, OPTIMISATION_RULES, type OptimisationSelection, readCheckedSelection, resolveOptimisation } from './selection.ts';
import { totalsOf, type OptimisationTotals } from './totals.ts';
import { codePointOrder, descending } from '../../../lib/order.ts';

/** One finding as the page lists it: an idle resource or a rightsizing recommendation. */
export interface FindingRow {
  kind: 'idle' | 'rightsizing';
  rule: string;
  resourceId: string | null;
  accountId: string | null;
  /** The account's name as the bill spells it (SubAccountName); null when the bill names none. */
  accountName: string | null;
  region: string | null;
  /** For bill-only findings without a resource id: the usage type that identifies them. */
  usageType: string | null;
  /** The owner tag's value (normalised as attribution normalises it), `(untagged)`, or null without an owner key. */
  owner: string | null;
  /** What the resource is: its kind, or its type and the recommended one. */
  what: string;
  action: string;
  confidence: string;
  explanation: string;
  thresholds: Record<string, number>;
  evidence: Evidence;
  alsoMatched: string[];
  /** EffectiveCost over the cost window, in units (src/lib/money.ts: the analyser's exact text, read once). */
  monthlyCost: bigint;
  /** What acting on it saves a month in cash, in units (to the cent): an idle resource's run-rate (hourly rate × 730) less what frees commitment; rightsizing's cash saving on the bill. */
  monthlySaving: bigint;
  /** What it frees a month of a Reserved Instance or Savings Plan with unused hours instead of cash, in units (to the cent; 0 when none). */
  monthlySavingCommitment: bigint;
  lookback: DateRange;
  costWindow: DateRange;
}

/** The findings of one as-of day and owner key, and the ones the filters keep. */
export interface OptimisationView {
  asOf: string;
  costWindow: DateRange;
  /** The owner tag as attribution names it; null when there is none. */
  ownerKey: string | null;
  /** The raw keys read for it, in pick order. */
  ownerRawKeys: string[];
  /** Tag keys to choose from: configured ones first, then the raw keys of the bill and the inventory. */
  ownerKeys: string[];
  rows: FindingRow[];
  shown: FindingRow[];
  accounts: string[];
  owners: string[];
  skipped: SkippedInstance[];
  /** Rightsizing's recommendations left out as saving nothing in cash or commitment (nothing-to-save.ts), whatever the filters. */
  rightsizingNothingToSave: RightsizingNothingToSave[];
  /** The days of the cost window the store's billing data holds: rightsizing's savings are scaled from their hours to a month of 730 h. */
  costWindowHeld: CostWindowHeld;
  /** The EC2 and RDS instances billed in rightsizing's look-back without a CPU metric in the store, which it could not judge (whatever the filters). */
  withoutCpuMetrics: InstancesWithoutCpu;
  /** The AWS usage lines without a usage type (a FOCUS 1.0 export) that idle (its cost window) and rightsizing (its look-back) could not judge, whatever the filters; null when none. */
  usageWithoutType: { idle: UsageWithoutType | null; rightsizing: UsageWithoutType | null };
  /** Idle's and rightsizing's metrics that left some resources unusable (idleMetricsNotes, rightsizingMetricsNotes: their CLI's `Metrics:` lines), whatever the filters. */
  metricsNotes: { idle: string[]; rightsizing: string[] };
  /** Idle's rules that read metrics or the inventory and judged nothing for want of them while the bill charged resources of their kind (its CLI's `Not run:` lines), whatever the filters. */
  idleNotRun: IdleRuleNotRun[];
  /** Whether idle and rightsizing judged nothing, their days' AWS usage lines carrying no usage type (src/analyze/not-judged.ts): their figures read "not judged", not $0.00. */
  notJudged: { idle: boolean; rightsizing: boolean };
  /** The shown findings' totals: the cards' figures and counts. */
  totals: OptimisationTotals;
}

/** Computes (or reads from the generation's cache) the findings and applies the filters of `given` (read and checked by {@link readCheckedSelection}). */
export async function optimisationView(analyses: Analyses, given: OptimisationSelection): Promise<OptimisationView> {
  const selection = await resolveOptimisation(analyses, given);
  const base = await findingsOf(analyses, selection.asOf, selection.ownerKey);
  const shown = base.rows.filter((r) => (selection.account === undefined || r.accountId === selection.account)
    && (selection.rule === undefined || r.rule === selection.rule)
    && (selection.owner === undefined || r.owner === selection.owner));
  return { ...base, shown, totals: totalsOf(shown) };
}

type BaseView = Omit<OptimisationView, 'shown' | 'totals'>;

/** Every finding of an as-of day with its owner (cached per generation, day and owner key). */
export async function findingsOf(analyses: Analyses, asOf: string, ownerKey: string): Promise<BaseView> {
  const { value } = await analyses.cached(`optimisation\u0000${asOf}\u0000${ownerKey}`, async (): Promise<BaseView> => {
    const [idle, rightsizing] = [await analyses.idle(asOf), await analyses.rightsizing(asOf)];
    const costWindow = lookbackRange(asOf, MONTHLY_COST_DAYS);
    const owners = ownerKey === NO_OWNER_KEY ? undefined : await resourceOwners(analyses, ownerKey, costWindow);
    const ownerOf = (id: string | null, accountId: string | null) => (owners ? owners.ownerOf(id, accountId) : null);
    const names = await accountNames(analyses);
    const nameOf = (accountId: string | null) => (accountId === null ? null : names.get(accountId) ?? null);
    const rows: FindingRow[] = [
      ...idle.findings.map((f): FindingRow => ({
        kind: 'idle', rule: f.rule, resourceId: f.resourceId, accountId: f.accountId, accountName: nameOf(f.accountId), region: f.region, usageType: f.usageType,
        owner: ownerOf(f.resourceId, f.accountId), what: f.kind, action: f.action, confidence: f.confidence, explanation: f.explanation,
        thresholds: f.thresholds, evidence: f.evidence, alsoMatched: [...f.alsoMatched], monthlyCost: toUnits(f.windowCost), monthlySaving: toUnits(f.monthlySaving),
        monthlySavingCommitment: toUnits(f.monthlySavingCommitment), lookback: f.lookback, costWindow: f.costWindow,
      })),
      ...rightsizing.recommendations.map((r): FindingRow => ({
        kind: 'rightsizing', rule: r.rule, resourceId: r.resourceId, accountId: r.accountId, accountName: nameOf(r.accountId), region: r.region, usageType: null,
        owner: ownerOf(r.resourceId, r.accountId), what: `${r.instanceType} → ${r.recommendedType ?? 'none'}`, action: r.action, confidence: r.confidence,
        explanation: [r.explanation, r.commitment && `${r.commitment.note} (${r.monthlySavingCommitment} a month of commitment freed)`,
          r.alternative && `or ${r.alternative.instanceType}, saving ${r.alternative.monthlySavingBill} a month (${r.alternative.platformChange})`].filter(Boolean).join('; '),
        thresholds: r.thresholds, evidence: r.evidence, alsoMatched: [], monthlyCost: toUnits(r.windowCost), monthlySaving: toUnits(r.monthlySavingBill),
        monthlySavingCommitment: toUnits(r.monthlySavingCommitment), lookback: r.lookback, costWindow: r.costWindow,
      })),
    ];
    rows.sort((a, b) => descending(a.monthlySaving, b.monthlySaving) || descending(a.monthlySavingCommitment, b.monthlySavingCommitment)
      || codePointOrder(findingKey(a), findingKey(b)) || codePointOrder(a.rule, b.rule));
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort(codePointOrder);
    const ownerValues = distinct(rows.map((r) => r.owner)).filter((v) => v !== UNTAGGED);
    return {
      asOf,
      costWindow,
      ownerKey: owners?.name ?? null,
      ownerRawKeys: owners?.rawKeys ?? [],
      ownerKeys: await ownerKeyChoices(analyses, costWindow),
      rows,
      accounts: distinct(rows.map((r) => r.accountId)),
      owners: rows.some((r) => r.owner === UNTAGGED) ? [...ownerValues, UNTAGGED] : ownerValues,
      skipped: rightsizing.skipped,
      rightsizingNothingToSave: rightsizing.nothingToSave,
      costWindowHeld: rightsizing.costWindowHeld,
      withoutCpuMetrics: rightsizing.withoutCpuMetrics,
      usageWithoutType: { idle: idle.usageWithoutType, rightsizing: rightsizing.usageWithoutType },
      metricsNotes: { idle: idleMetricsNotes(idle), rightsizing: rightsizingMetricsNotes(rightsizing) },
      idleNotRun: idle.notRun,
      notJudged: await savingsNotJudged(analyses.engine, idle, rightsizing),
    };
  });
  return value;
}

/** Account id → name, as the bill names its accounts (queries/store/account_names.sql). */
export async function accountNames(analyses: Analyses): Promise<Map<string, string>> {
  const rows = await runQuery(analyses.engine, 'store/account_names');
  return new Map(rows.filter((r) => r.account_name).map((r) => [String(r.account_id), String(r.account_name)]));
}

/** `Payments prod (730604943011)`, or the bare id when the bill names no account. */
export function accountLabel(accountId: string | null, accountName: string | null): string {
  if (accountId === null) return '–';
  return accountName ? `${accountName} (${accountId})` : accountId;
}

const OPTIMISATION_PARAMS: QueryParam[] = [
  { name: 'as_of', type: 'VARCHAR', defaultValue: '', description: 'YYYY-MM-DD: look-backs end at the start of this day (default: as `costlens idle` chooses); one whose 30-day cost window holds no day of the billing data, or whose idle rules\' shortest look-back (7 days by default) no complete day of it, is refused' },
  { name: 'account', type: 'VARCHAR', defaultValue: '', description: 'only findings of this account (12 digits)' },
  { name: 'rule', type: 'VARCHAR', defaultValue: '', description: 'only findings of this rule', rule: { oneOf: [...OPTIMISATION_RULES] } },
  { name: 'owner_key', type: 'VARCHAR', defaultValue: '', description: 'the owner tag key (default: the first configured attribution key, else team/owner; - for none)' },
  { name: 'owner', type: 'VARCHAR', defaultValue: '', description: 'only findings whose owner tag has this value, or (untagged)' },
];

/** `optimisation/findings`: the findings the filters keep, with their savings. */
const findingsSource: AnalysisSource = {
  name: 'optimisation/findings',
  description: 'Idle resources (`costlens idle`) and rightsizing recommendations (`costlens rightsize`) with their owner, monthly cost and monthly saving (saving: cash; saving_commitment: what only frees a Reserved Instance or Savings Plan), filtered by account, rule and owner.',
  params: OPTIMISATION_PARAMS,
  returns: ['kind', 'rule', 'resource_id', 'account_id', 'region', 'owner', 'confidence', 'action', 'evidence', 'thresholds', 'monthly_cost', 'saving', 'account', 'saving_commitment'],
  async compute(analyses, query) {
    const given = await readCheckedSelection(analyses, query, 'optimisation/findings');
    const view = await optimisationView(analyses, given);
    return {
      params: {
        as_of: view.asOf, account: given.account ?? '', rule: given.rule ?? '', owner_key: given.ownerKey ?? view.ownerKey ?? NO_OWNER_KEY, owner: given.owner ?? '',
      },
      columns: this.returns,
      types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DECIMAL(38,10)', 'DECIMAL(38,10)', 'VARCHAR', 'DECIMAL(38,10)'],
      rows: view.shown.map((r) => [r.kind, r.rule, r.resourceId ?? r.usageType, r.accountId, r.region, r.owner, r.confidence, r.action, r.explanation,
        formatThresholds(r.thresholds), fromUnits(r.monthlyCost), fromUnits(r.monthlySaving), accountLabel(r.accountId, r.accountName),
        fromUnits(r.monthlySavingCommitment)]),
    };
  },
};

export const OPTIMISATION_SOURCES: AnalysisSource[] = [findingsSource];
