-- What Savings Plans did for Lambda functions over the $cost_days days before $as_of (those
-- before $complete_until), on their duration usage types (ending in Lambda-GB-Second or
-- Lambda-GB-Second-ARM, as lambda_functions.sql prices them): one row per function and commitment,
-- for every function with such lines covered or negated in the window (rightsizing reads those of
-- the functions lambda_functions.sql gives). covered_quantity and covered_cost are the GB-seconds and EffectiveCost
-- of the lines the commitment covered (CommitmentDiscountStatus 'Used': CUR
-- SavingsPlanCoveredUsage, FOCUS commitment-covered usage); line_type is their CUR line item
-- type, offering_type the plan's (ComputeSavingsPlans …); negated_quantity the GB-seconds of the
-- function's SavingsPlanNegation lines, which repeat covered GB-seconds in usage_daily's quantity
-- (lambda_functions.sql's gb_seconds_billed); commitment_unused the commitment's unused
-- EffectiveCost in the window, all it covers together (its lines with CommitmentDiscountStatus
-- 'Unused': the SavingsPlanRecurringFee's total − used commitment). A negation's row has a NULL
-- commitment_id when the bill names no plan on it. The lines come from commitment_window_lines.cte.sql
-- (read from line_items; lines crossing the window's edges prorated by time, a line wholly inside, or
-- without a positive span, counting whole).
-- @param as_of DATE  the cost window ends at the start of this day (exclusive)
-- @param cost_days INTEGER = 30  days of the bill looked at
-- @param complete_until DATE = 9999-12-31  the bill counts no day from this one on (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, commitment_id VARCHAR, commitment_type VARCHAR, line_type VARCHAR, offering_type VARCHAR, covered_quantity DOUBLE, covered_cost DECIMAL, negated_quantity DOUBLE, commitment_unused DECIMAL
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start,
    -- No line lasts longer than a billing period, so none that starts earlier reaches the window.
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - (CAST($cost_days AS INTEGER) + 31) * INTERVAL '1' DAY AS earliest_start
),
-- @include counted_days.cte.sql
-- The commitment lines of the counted days, prorated to them.
commitment_bounds AS (
  SELECT c.cost_start, c.cost_end, b.earliest_start FROM bounds b CROSS JOIN cost_bounds c
),
-- @include commitment_window_lines.cte.sql
coverage AS (
  SELECT
    resource_id,
    commitment_id,
    max(CASE WHEN status = 'Used' THEN commitment_type END) AS commitment_type,
    max(CASE WHEN status = 'Used' THEN line_type END) AS line_type,
    max(CASE WHEN status = 'Used' THEN offering_type END) AS offering_type,
    coalesce(sum(CASE WHEN status = 'Used' THEN window_quantity END), 0) AS covered_quantity,
    coalesce(sum(CASE WHEN status = 'Used' THEN window_cost END), CAST(0 AS DECIMAL(38, 10))) AS covered_cost,
    coalesce(sum(CASE WHEN status = 'Negated' THEN window_quantity END), 0) AS negated_quantity
  FROM commitment_window_lines
  WHERE status IN ('Used', 'Negated')
    AND (usage_type LIKE '%Lambda-GB-Second' OR usage_type LIKE '%Lambda-GB-Second-ARM')
  GROUP BY resource_id, commitment_id
),
unused AS (
  SELECT commitment_id, sum(window_cost) AS commitment_unused
  FROM commitment_window_lines
  WHERE status = 'Unused'
    AND commitment_id IN (SELECT commitment_id FROM coverage WHERE commitment_id IS NOT NULL)
  GROUP BY commitment_id
)
SELECT
  c.resource_id,
  c.commitment_id,
  c.commitment_type,
  c.line_type,
  c.offering_type,
  c.covered_quantity,
  c.covered_cost,
  c.negated_quantity,
  coalesce(u.commitment_unused, CAST(0 AS DECIMAL(38, 10))) AS commitment_unused
FROM coverage c
LEFT JOIN unused u ON u.commitment_id = c.commitment_id
ORDER BY c.resource_id, c.commitment_id NULLS LAST
