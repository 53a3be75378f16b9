/**
 * Modernisation findings that another analysis supersedes at the same as-of. A resource `costlens
 * idle` flags is to be deleted, stopped or released, which makes any move of it moot; an instance
 * `costlens rightsize` recommends another type for gets that one type change instead (rightsizing
 * sizes it from its metrics and weighs the cheaper families, Graviton and AMD, at that size), and
 * one it would terminate gets no move at all. Such findings leave the list and its totals, each
 * resource counted once as AWS Cost Optimization Hub counts incompatible recommendations, and are
 * listed apart with the rule and action that supersede them.
 */
import type { IdleFinding } from '../findings.ts';
import type { RightsizingRecommendation } from '../rightsizing/index.ts';
import type { ModerniseFinding, ModerniseKind } from './findings.ts';
import { plural } from '../../lib/text.ts';

/** The findings of `costlens idle` and the recommendations of `costlens rightsize` at the modernisation's as-of. */
export interface SupersedingFindings {
  idle: readonly Pick<IdleFinding, 'rule' | 'resourceId' | 'alsoMatched' | 'action'>[];
  rightsizing: readonly Pick<RightsizingRecommendation, 'rule' | 'resourceId' | 'recommendedType' | 'move' | 'action'>[];
}

/** The other analysis's finding that supersedes a modernisation finding. */
export interface Superseding {
  command: 'idle' | 'rightsize';
  rule: string;
  /** Idle's other rules that fired for the resource; empty for rightsizing. */
  alsoMatched: string[];
  /** Rightsizing's recommended type; null for idle and for a termination. */
  target: string | null;
  action: string;
}

/** A modernisation finding left out of the list and its totals, with what supersedes it. */
export interface SupersededFinding
  extends Pick<ModerniseFinding, 'rule' | 'kind' | 'resourceId' | 'accountId' | 'region' | 'current' | 'target' | 'platformChange' | 'monthlyCost' | 'monthlySaving' | 'listMonthlySaving'> {
  supersededBy: Superseding;
  /** Why it is left out, in one sentence naming the command that lists the resource. */
  note: string;
}

/** Modernisation findings split into those kept and those idle or rightsizing supersede. */
export interface SupersededSplit {
  kept: ModerniseFinding[];
  byIdle: SupersededFinding[];
  byRightsizing: SupersededFinding[];
}

const INSTANCE_KINDS = new Set<ModerniseKind>(['ec2-instance', 'rds-instance']);

/** Why each group of left-out findings is left out, as the table, the CSV's stderr line and the page say it. */
export const SUPERSEDED_WHY = {
  idle: 'the resource is idle — see costlens idle',
  rightsize: 'rightsizing recommends another type for the instance, or terminating it — see costlens rightsize',
} as const;

/** `1 finding left out`, `23 findings left out`. */
export function leftOutCount(n: number): string {
  return `${plural(n, 'finding')} left out`;
}

/** `the resource is idle (ebs-unattached): snapshot the volume, then delete it; see costlens idle`. */
function idleNote(by: Superseding): string {
  const also = by.alsoMatched.length > 0 ? `, also ${by.alsoMatched.join(', ')}` : '';
  return `the resource is idle (${by.rule}${also}): ${by.action}; see costlens idle`;
}

/** `rightsizing recommends m5.2xlarge for the instance (rightsize-downsize): resize to m5.2xlarge; see costlens rightsize`. */
function rightsizingNote(by: Superseding): string {
  const what = by.target === null ? 'rightsizing recommends terminating the instance' : `rightsizing recommends ${by.target} for the instance`;
  return `${what} (${by.rule}): ${by.action}; see costlens rightsize`;
}

function superseded(f: ModerniseFinding, by: Superseding): SupersededFinding {
  return {
    rule: f.rule, kind: f.kind, resourceId: f.resourceId, accountId: f.accountId, region: f.region, current: f.current, target: f.target,
    platformChange: f.platformChange, monthlyCost: f.monthlyCost, monthlySaving: f.monthlySaving, listMonthlySaving: f.listMonthlySaving,
    supersededBy: by, note: by.command === 'idle' ? idleNote(by) : rightsizingNote(by),
  };
}

/**
 * Splits `findings` (kept in their order): a finding whose resource idle flags is superseded by
 * idle; else one on an EC2 or RDS instance that rightsizing recommends another type for, or any
 * finding on an instance it would terminate, is superseded by rightsizing. Resources match by id.
 */
export function splitSuperseded(findings: readonly ModerniseFinding[], others: SupersedingFindings): SupersededSplit {
  const idleOf = new Map(others.idle.filter((f) => f.resourceId !== null).map((f) => [f.resourceId!, f]));
  const rightsizingOf = new Map(others.rightsizing.map((r) => [r.resourceId, r]));
  const split: SupersededSplit = { kept: [], byIdle: [], byRightsizing: [] };
  for (const f of findings) {
    const idle = idleOf.get(f.resourceId);
    const resize = rightsizingOf.get(f.resourceId);
    if (idle) {
      split.byIdle.push(superseded(f, { command: 'idle', rule: idle.rule, alsoMatched: [...idle.alsoMatched], target: null, action: idle.action }));
    } else if (resize && (resize.move === 'terminate' || (resize.move !== null && INSTANCE_KINDS.has(f.kind)))) {
      split.byRightsizing.push(superseded(f, { command: 'rightsize', rule: resize.rule, alsoMatched: [], target: resize.recommendedType, action: resize.action }));
    } else {
      split.kept.push(f);
    }
  }
  return split;
}
