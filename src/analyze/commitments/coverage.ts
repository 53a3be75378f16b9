/**
 * Coverage: of the usage a commitment could cover, the share one did, in instance hours (AWS RI
 * coverage: reserved hours ÷ total running hours, API CoverageHours) and in on-demand-equivalent
 * cost (AWS Savings Plans coverage: spend covered ÷ eligible on-demand spend, API
 * SavingsPlansCoverageData), with the on-demand spend a commitment could have covered.
 */
import { listParam, type RawParams } from '../../engine/duckdb.ts';
import { listCell, type Engine } from '../../engine/engine.ts';
import { runQuery, type QueryParamTypes, type QueryRowTypes } from '../../engine/query-types.ts';
import { type AttributionConfig, type AttributionRange, readTagValues, type TagValues, UNTAGGED } from '../attribution/index.ts';
import { percentOf } from '../../lib/money.ts';
import { percent } from './usage.ts';

/** What coverage can be grouped by. */
export type CoverageDimension = 'account' | 'service' | 'region' | 'family' | 'team';

/** Coverage of one group (or of everything). Money in units of 1e-10. */
export interface CoverageFigures {
  eligibleHours: number;
  riEligibleHours: number;
  riHours: number;
  spHours: number;
  eligibleOnDemand: bigint;
  riEligibleOnDemand: bigint;
  spEligibleOnDemand: bigint;
  riCoveredOnDemand: bigint;
  spCoveredOnDemand: bigint;
  /** BilledCost of eligible usage no commitment covered: what a commitment could have covered. */
  onDemandCost: bigint;
  /** EffectiveCost of the eligible usage (covered usage at its commitment's amortised rate). */
  effectiveCost: bigint;
}

/** No eligible usage. */
export const NO_COVERAGE: CoverageFigures = {
  eligibleHours: 0, riEligibleHours: 0, riHours: 0, spHours: 0, eligibleOnDemand: 0n, riEligibleOnDemand: 0n, spEligibleOnDemand: 0n,
  riCoveredOnDemand: 0n, spCoveredOnDemand: 0n, onDemandCost: 0n, effectiveCost: 0n,
};

function add(a: CoverageFigures, b: CoverageFigures): CoverageFigures {
  return {
    eligibleHours: a.eligibleHours + b.eligibleHours, riEligibleHours: a.riEligibleHours + b.riEligibleHours,
    riHours: a.riHours + b.riHours, spHours: a.spHours + b.spHours,
    eligibleOnDemand: a.eligibleOnDemand + b.eligibleOnDemand, riEligibleOnDemand: a.riEligibleOnDemand + b.riEligibleOnDemand,
    spEligibleOnDemand: a.spEligibleOnDemand + b.spEligibleOnDemand, riCoveredOnDemand: a.riCoveredOnDemand + b.riCoveredOnDemand,
    spCoveredOnDemand: a.spCoveredOnDemand + b.spCoveredOnDemand, onDemandCost: a.onDemandCost + b.onDemandCost,
    effectiveCost: a.effectiveCost + b.effectiveCost,
  };
}

/** Coverage in hours (RI and SP together) and in on-demand-equivalent cost; per kind as AWS reports them. */
export function coveragePercents(f: CoverageFigures) {
  return {
    coveragePercent: percent(f.riHours + f.spHours, f.eligibleHours),
    coverageCostPercent: percentOf(f.riCoveredOnDemand + f.spCoveredOnDemand, f.eligibleOnDemand),
    riCoverageHoursPercent: percent(f.riHours, f.riEligibleHours),
    spCoveragePercent: percentOf(f.spCoveredOnDemand, f.spEligibleOnDemand),
  };
}

/** Coverage over the range, per billing period, and per group of a dimension. */
export interface Coverage {
  total: CoverageFigures;
  byPeriod: Map<string, CoverageFigures>;
  groups: Map<string, CoverageFigures>;
  /** The team view's tag key and the raw keys read for it. */
  teamKey?: { name: string; rawKeys: string[] };
}

/**
 * Reads coverage (query commitments/coverage), grouped by `by` when given. By team, a line's team is
 * its team tag's value as attribution reads it (src/analyze/attribution/tag-values.ts: the key's
 * raw spellings, value aliases, case folding with the label on the most lines, then the account's
 * default team): `teamValues` when the caller already read the key's values (over a range that
 * holds this one), else the key's values over `range`.
 */
export async function readCoverage(
  engine: Engine,
  range: AttributionRange,
  params: RawParams,
  options: { by?: CoverageDimension; attribution: AttributionConfig; teamTagKey: string; teamValues?: TagValues },
): Promise<Coverage> {
  const query: QueryParamTypes['commitments/coverage'] = { ...params };
  let team: TeamReader | undefined;
  if (options.by === 'team') {
    const values = options.teamValues ?? await readTagValues(engine, options.attribution, options.teamTagKey, range);
    query.tag_keys = listParam(values.key.rawKeys);
    team = { values, rawKeys: values.key.rawKeys, name: values.key.name, defaults: values.key.settings.accountDefaults };
  }
  const rows = await runQuery(engine, 'commitments/coverage', query);
  const coverage: Coverage = { total: NO_COVERAGE, byPeriod: new Map(), groups: new Map(), teamKey: team && { name: team.name, rawKeys: team.rawKeys } };
  for (const r of rows) {
    const figures = figuresOf(r);
    coverage.total = add(coverage.total, figures);
    const period = String(r.billing_period).slice(0, 7);
    coverage.byPeriod.set(period, add(coverage.byPeriod.get(period) ?? NO_COVERAGE, figures));
    if (!options.by) continue;
    const key = groupKey(r, options.by, team);
    coverage.groups.set(key, add(coverage.groups.get(key) ?? NO_COVERAGE, figures));
  }
  return coverage;
}

type CoverageRow = QueryRowTypes['commitments/coverage'];

/** How the team view names a row's team. */
interface TeamReader {
  values: TagValues;
  rawKeys: string[];
  name: string;
  defaults: Record<string, string>;
}

function figuresOf(r: CoverageRow): CoverageFigures {
  const units = (v: bigint | null) => v ?? 0n;
  return {
    eligibleHours: r.eligible_hours ?? 0, riEligibleHours: r.ri_eligible_hours ?? 0, riHours: r.ri_hours ?? 0, spHours: r.sp_hours ?? 0,
    eligibleOnDemand: units(r.eligible_on_demand), riEligibleOnDemand: units(r.ri_eligible_on_demand), spEligibleOnDemand: units(r.sp_eligible_on_demand),
    riCoveredOnDemand: units(r.ri_covered_on_demand), spCoveredOnDemand: units(r.sp_covered_on_demand),
    onDemandCost: units(r.on_demand_cost), effectiveCost: units(r.effective_cost),
  };
}

function groupKey(r: CoverageRow, by: CoverageDimension, team?: TeamReader): string {
  switch (by) {
    case 'account': return r.account_id ?? '(none)';
    case 'service': return r.service ?? '(none)';
    case 'region': return r.region ?? '(none)';
    case 'family': return r.instance_family ?? '(no instance family)';
    case 'team': {
      for (const value of listCell(r.tag_values)) {
        const resolved = value === null ? null : team!.values.resolve(value);
        if (resolved) return resolved;
      }
      const fallback = r.account_id ? team!.defaults[r.account_id] : undefined;
      return (fallback && team!.values.resolve(fallback)) || UNTAGGED;
    }
  }
}
