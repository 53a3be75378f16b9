/**
 * The planted commitments' truth for one billing period, computed from the canonical rows with
 * the definitions costlens documents (README, "Commitments"): the Reserved Instance's purchased,
 * used and unused hours and normalised units, the Savings Plan's commitment and used commitment,
 * their utilisation and unused cost, coverage of eligible instance hours and on-demand-equivalent
 * cost, and the effective savings rate.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LINES } from './lines.ts';
import { query } from './sql.ts';

/** Commitment figures of one period: quantities as numbers, money as exact decimal strings, percentages to 2 decimals. */
export interface CommitmentTruth {
  reservedInstance: {
    purchasedHours: number; usedHours: number; unusedHours: number; utilisationPercent: number;
    purchasedUnits: number; unusedUnits: number; normalisedUtilisationPercent: number; unusedCost: string;
  };
  savingsPlan: { commitment: string; usedCommitment: string; unusedCommitment: string; utilisationPercent: number; unusedCost: string };
  coverage: {
    eligibleHours: number; coveredHours: number; coveragePercent: number;
    eligibleOnDemandCost: string; coveredOnDemandCost: string; coverageCostPercent: number;
  };
  unusedCost: string;
  effectiveSavingsRate: number;
}

const INSTANCE_HOURS = `(usage_type LIKE '%BoxUsage%' OR usage_type LIKE '%InstanceUsage%')`;
const COVERED = `line_item_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage')`;
const ELIGIBLE = `line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') AND (${INSTANCE_HOURS} OR usage_type LIKE '%Lambda-GB-Second%')`;
const ODE = `CASE WHEN ${COVERED} THEN public_od_cost ELSE unblended_cost END`;

/** An RIFee line's reserved hours from its start up to `$dataEnd` (the whole line in a complete month). */
const RI_HELD_HOURS = `CAST(ri_number_of_reservations AS DOUBLE) * date_diff('hour', usage_start, least(usage_end, CAST($dataEnd AS TIMESTAMP)))`;

/**
 * Computes the commitment truth of the period currently in `li`, up to `dataEnd` (the window's end,
 * `2026-11-15T00:00:00`): the RI's purchased hours and units are its reserved ones the data
 * reaches, not the whole month its RIFee bills (lines-commitments.ts, insertReservationFees).
 */
export async function commitmentTruth(conn: DuckDBConnection, dataEnd: string): Promise<CommitmentTruth> {
  const [r] = await query<Record<string, string | number>>(conn, `WITH t AS (SELECT
      sum(${RI_HELD_HOURS}) FILTER (WHERE line_item_type = 'RIFee') AS ri_purchased,
      sum(ri_unused_quantity) FILTER (WHERE line_item_type = 'RIFee') AS ri_unused,
      sum(${RI_HELD_HOURS} * normalization_factor) FILTER (WHERE line_item_type = 'RIFee') AS ri_units,
      sum(ri_unused_normalized_unit_quantity) FILTER (WHERE line_item_type = 'RIFee') AS ri_unused_units,
      sum(ri_unused_recurring_fee + ri_unused_amortized_upfront_fee) FILTER (WHERE line_item_type = 'RIFee') AS ri_unused_cost,
      sum(sp_total_commitment) FILTER (WHERE line_item_type = 'SavingsPlanRecurringFee') AS sp_commitment,
      sum(sp_used_commitment) FILTER (WHERE line_item_type = 'SavingsPlanRecurringFee') AS sp_used,
      sum(usage_amount) FILTER (WHERE ${ELIGIBLE} AND ${INSTANCE_HOURS}) AS eligible_hours,
      sum(usage_amount) FILTER (WHERE ${COVERED} AND ${INSTANCE_HOURS}) AS covered_hours,
      sum(${ODE}) FILTER (WHERE ${ELIGIBLE}) AS eligible_ode,
      sum(public_od_cost) FILTER (WHERE ${COVERED}) AS covered_ode,
      sum(effective_cost) FILTER (WHERE ${ELIGIBLE}) AS eligible_effective
    FROM ${LINES})
    SELECT CAST(ri_purchased AS DOUBLE) AS ri_purchased, CAST(ri_unused AS DOUBLE) AS ri_unused,
      round(100 * (ri_purchased - ri_unused) / ri_purchased, 2) AS ri_pct,
      ri_units, CAST(ri_unused_units AS DOUBLE) AS ri_unused_units, round(100 * (ri_units - ri_unused_units) / ri_units, 2) AS ri_units_pct,
      CAST(ri_unused_cost AS VARCHAR) AS ri_unused_cost,
      CAST(sp_commitment AS VARCHAR) AS sp_commitment, CAST(sp_used AS VARCHAR) AS sp_used, CAST(sp_commitment - sp_used AS VARCHAR) AS sp_unused,
      round(100 * CAST(sp_used AS DOUBLE) / CAST(sp_commitment AS DOUBLE), 2) AS sp_pct,
      CAST(eligible_hours AS DOUBLE) AS eligible_hours, CAST(covered_hours AS DOUBLE) AS covered_hours,
      round(100 * covered_hours / eligible_hours, 2) AS coverage_pct,
      CAST(eligible_ode AS VARCHAR) AS eligible_ode, CAST(covered_ode AS VARCHAR) AS covered_ode,
      round(100 * CAST(covered_ode AS DOUBLE) / CAST(eligible_ode AS DOUBLE), 2) AS coverage_cost_pct,
      CAST(ri_unused_cost + sp_commitment - sp_used AS VARCHAR) AS unused_cost,
      round(100 * CAST(eligible_ode - eligible_effective - (ri_unused_cost + sp_commitment - sp_used) AS DOUBLE) / CAST(eligible_ode AS DOUBLE), 2) AS esr
    FROM t`, { dataEnd });
  const n = (k: string) => Number(r[k]);
  const s = (k: string) => String(r[k]);
  return {
    reservedInstance: {
      purchasedHours: n('ri_purchased'), usedHours: n('ri_purchased') - n('ri_unused'), unusedHours: n('ri_unused'), utilisationPercent: n('ri_pct'),
      purchasedUnits: n('ri_units'), unusedUnits: n('ri_unused_units'), normalisedUtilisationPercent: n('ri_units_pct'), unusedCost: s('ri_unused_cost'),
    },
    savingsPlan: { commitment: s('sp_commitment'), usedCommitment: s('sp_used'), unusedCommitment: s('sp_unused'), utilisationPercent: n('sp_pct'), unusedCost: s('sp_unused') },
    coverage: {
      eligibleHours: n('eligible_hours'), coveredHours: n('covered_hours'), coveragePercent: n('coverage_pct'),
      eligibleOnDemandCost: s('eligible_ode'), coveredOnDemandCost: s('covered_ode'), coverageCostPercent: n('coverage_cost_pct'),
    },
    unusedCost: s('unused_cost'),
    effectiveSavingsRate: n('esr'),
  };
}
