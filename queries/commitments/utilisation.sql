-- Per commitment (a Reserved Instance or Savings Plan, by ARN) and billing period: what was
-- purchased, used and unused, as AWS's RI and Savings Plans utilisation reports count it (the rows
-- `costlens commitments` reads; utilisation_rows.cte.sql says how each figure is counted).
-- A month the store's data does not complete is cut at the end of the store's usage: the latest end
-- of a usage line of at most a day in the billing periods selected (commitments/data_horizon's
-- latest_end, read here), so that the RIFee AWS posts for the whole month on the 1st counts the RI's
-- hours so far, never the hours still to come, as purchased or unused (commitments/utilisation_until
-- takes that end as a parameter instead of reading it).
-- A row whose RIFee hours are cut (cut: by the charge range or by the end of the data) gets the
-- money costlens commitments shows for it (src/analyze/commitments/range-fees.ts), from the whole
-- numbers utilisation_rows.cte.sql gives, kept as audit columns: recurring_fee = fee_recurring ×
-- fee_held ÷ fee_span, amortised_upfront_fee = fee_upfront × fee_held ÷ fee_span, unused_recurring_fee
-- and unused_upfront_fee = fee_recurring and fee_upfront × unused_held ÷ fee_span, each rounded once
-- to 1e-10, half away from zero, and unused_cost = unused_other_cost + both unused fees. A row not cut
-- carries the bill's own figures. fee_hours, fee_recurring and fee_upfront are its RIFee lines' own,
-- whole: its rate.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @returns billing_period DATE, arn VARCHAR, commitment_type VARCHAR, account_id VARCHAR, service VARCHAR, region VARCHAR, availability_zone VARCHAR, instance_type VARCHAR, operation VARCHAR, usage_type VARCHAR, offering_class VARCHAR, purchase_option VARCHAR, lease_length VARCHAR, sp_offering_type VARCHAR, sp_payment_option VARCHAR, sp_purchase_term VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, reservations DOUBLE, purchased_hours DECIMAL, unused_hours DECIMAL, purchased_units DECIMAL, unused_units DECIMAL, covered_units DECIMAL, commitment DECIMAL, used_commitment DECIMAL, commitment_hours DECIMAL, focus_used_quantity DECIMAL, focus_unused_quantity DECIMAL, focus_unit VARCHAR, recurring_fee DECIMAL, amortised_upfront_fee DECIMAL, unused_recurring_fee DECIMAL, unused_upfront_fee DECIMAL, unused_cost DECIMAL, used_cost DECIMAL, covered_on_demand DECIMAL, upfront_payment DECIMAL, fee_hours DECIMAL, fee_recurring DECIMAL, fee_upfront DECIMAL, cut BOOLEAN, fee_held DECIMAL, fee_span DECIMAL, unused_held DECIMAL, unused_other_cost DECIMAL
WITH data_end AS (
  SELECT coalesce(max(ChargePeriodEnd), CAST('9999-12-31' AS TIMESTAMP)) AS ends_at
  FROM line_items
  WHERE ChargeCategory = 'Usage'
    AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY
    AND BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
),
-- @include utilisation_rows.cte.sql
-- A cut row's four prorations, one row each (fee: which fee; part: fee_held or unused_held of fee_span).
prorations AS (
  SELECT * FROM (VALUES
    ('recurring_fee', 'recurring', 'held'),
    ('amortised_upfront_fee', 'upfront', 'held'),
    ('unused_recurring_fee', 'recurring', 'unused'),
    ('unused_upfront_fee', 'upfront', 'unused')
  ) AS p (kind, fee, part)
),
fee_parts AS (
  SELECT
    u.billing_period,
    u.arn,
    p.kind,
    CASE WHEN p.fee = 'recurring' THEN u.fee_recurring ELSE u.fee_upfront END
      * CAST(CASE WHEN p.part = 'held' THEN u.fee_held ELSE u.unused_held END AS DECIMAL(38, 0)) AS numerator,
    CAST(u.fee_span AS DECIMAL(38, 0)) AS denominator
  FROM utilisation u
  CROSS JOIN prorations p
  WHERE u.cut AND u.fee_span > 0
),
-- numerator ÷ denominator (> 0) rounded to 1e-10, half away from zero, exactly: neither engine divides
-- DECIMALs exactly (DuckDB divides them as DOUBLE), so the quotient is estimated in DOUBLE (q0),
-- corrected by its exact remainder (q, within about half a 1e-10), and stepped by its doubled
-- remainder (r2) against denominator × 1e-10 (unit); a tie steps away from zero, as the fee's sign.
estimates AS (
  SELECT *, CAST(CAST(numerator AS DOUBLE) / CAST(denominator AS DOUBLE) AS DECIMAL(38, 10)) AS q0
  FROM fee_parts
  WHERE numerator IS NOT NULL
),
quotients AS (
  SELECT *, q0 + CAST(CAST(numerator - q0 * denominator AS DOUBLE) / CAST(denominator AS DOUBLE) AS DECIMAL(38, 10)) AS q
  FROM estimates
),
remainders AS (
  SELECT *, 2 * (numerator - q * denominator) AS r2, denominator * 0.0000000001 AS unit
  FROM quotients
),
prorated AS (
  SELECT
    billing_period,
    arn,
    kind,
    CAST(q + CASE
        WHEN r2 > unit OR (r2 = unit AND numerator > 0) THEN 0.0000000001
        WHEN r2 < -unit OR (r2 = -unit AND numerator < 0) THEN -0.0000000001
        ELSE 0 END AS DECIMAL(38, 10)) AS amount
  FROM remainders
),
-- Back to one row per (billing_period, arn), utilisation's key (its rows are grouped by both).
range_fees AS (
  SELECT
    billing_period,
    arn,
    max(CASE WHEN kind = 'recurring_fee' THEN amount END) AS recurring_fee,
    max(CASE WHEN kind = 'amortised_upfront_fee' THEN amount END) AS amortised_upfront_fee,
    max(CASE WHEN kind = 'unused_recurring_fee' THEN amount END) AS unused_recurring_fee,
    max(CASE WHEN kind = 'unused_upfront_fee' THEN amount END) AS unused_upfront_fee
  FROM prorated
  GROUP BY billing_period, arn
)
SELECT
  u.billing_period,
  u.arn,
  u.commitment_type,
  u.account_id,
  u.service,
  u.region,
  u.availability_zone,
  u.instance_type,
  u.operation,
  u.usage_type,
  u.offering_class,
  u.purchase_option,
  u.lease_length,
  u.sp_offering_type,
  u.sp_payment_option,
  u.sp_purchase_term,
  u.start_time,
  u.end_time,
  u.reservations,
  u.purchased_hours,
  u.unused_hours,
  u.purchased_units,
  u.unused_units,
  u.covered_units,
  u.commitment,
  u.used_commitment,
  u.commitment_hours,
  u.focus_used_quantity,
  u.focus_unused_quantity,
  u.focus_unit,
  CASE WHEN u.cut THEN f.recurring_fee ELSE u.recurring_fee END AS recurring_fee,
  CASE WHEN u.cut THEN f.amortised_upfront_fee ELSE u.amortised_upfront_fee END AS amortised_upfront_fee,
  CASE WHEN u.cut THEN f.unused_recurring_fee ELSE u.unused_recurring_fee END AS unused_recurring_fee,
  CASE WHEN u.cut THEN f.unused_upfront_fee ELSE u.unused_upfront_fee END AS unused_upfront_fee,
  CASE WHEN u.cut THEN CAST(u.unused_other_cost + coalesce(f.unused_recurring_fee, 0) + coalesce(f.unused_upfront_fee, 0) AS DECIMAL(38, 10))
    ELSE u.unused_cost
  END AS unused_cost,
  u.used_cost,
  u.covered_on_demand,
  u.upfront_payment,
  u.fee_hours,
  u.fee_recurring,
  u.fee_upfront,
  u.cut,
  u.fee_held,
  u.fee_span,
  u.unused_held,
  u.unused_other_cost
FROM utilisation u
LEFT JOIN range_fees f ON f.billing_period = u.billing_period AND f.arn = u.arn
ORDER BY u.billing_period, u.arn
