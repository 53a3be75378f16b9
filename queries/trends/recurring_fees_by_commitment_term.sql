-- The recurring fees (charge class recurring, src/store/charge-class.ts) charged over charge days
-- [$from, $to) per service, whether they are posted and the term of the commitment each fee is for.
-- posted: the line is charged for a charge period longer than a day (an RI's monthly RIFee, AWS
-- Support, a subscription), `posted` as queries/invoice/by_charge_class.sql, Explore
-- (explore/daily_postings.sql) and the budgets (budgets/scope_daily_spend.sql last_day) define it;
-- a fee of lines of a day or less (a Savings Plan's hourly fee) accrues daily. commitment: what the
-- fee is for, 'reservation' (a Reserved Instance's RIFee), 'savings_plan' (a Savings Plan's
-- recurring fee), NULL for any other fee, by the one rule of queries/fees/commitment_lines.cte.sql
-- (the term's times, else the commitment's ARN, else FOCUS's CommitmentDiscountType or
-- CommitmentDiscountId). Both forecasts classify a fee by them (src/analyze/forecast/fee-rows.ts
-- feeAccruesDaily: an RI's fee posts once a month even when its line is a day or less, its RI
-- bought in the month's last day; a Savings Plan's accrues; any other fee by `posted`), not by the
-- days it was seen on, on a CUR as on FOCUS. The term (commitment_start, commitment_end): a
-- Reserved Instance's x_ReservationStartTime and x_ReservationEndTime or a Savings Plan's
-- x_SavingsPlanStartTime and x_SavingsPlanEndTime; NULL for a fee of no commitment (AWS Support, a
-- subscription) or one whose bill dates no term (FOCUS). The month-end forecast reads it to expect
-- each fee with a term at its hourly rate over the hours its term ran in the month × the hours the
-- term runs in the month forecast (src/analyze/forecast/commitment-terms.ts).
-- A fee whose commitment is known from FOCUS's columns alone (no term, no CUR ARN) has its
-- commitment_id (CommitmentDiscountId, by queries/fees/commitment_lines.cte.sql), charged_until (the
-- end of its latest line in the service, the greatest ChargePeriodEnd: a FOCUS bill dates no term,
-- but its lines stop when the commitment ends) and the figures of what it bills an hour, read from
-- its latest line there of the span that prices it by the hour (PricingUnit `Hours`, `Hour` or
-- `Hrs`; the latest ChargePeriodStart, ties by the latest end, the highest price and quantity):
-- unit_price (ContractedUnitPrice, else ListUnitPrice), pricing_quantity (PricingQuantity, the units
-- the line prices: 4 for an RI of one instance over a line of 4 hours) and priced_seconds (the
-- seconds of its charge period, a whole number); NULL for any other fee or when no line has those
-- columns. The query divides nothing: the rate, unit_price × pricing_quantity × 3,600 ÷
-- priced_seconds, is an exact fraction in src/analyze/forecast/fee-rows.ts (focusFeesById), rounded
-- once with what it is multiplied by. The month-end forecast expects a commitment whose lines run to
-- the end of the span (or its last second, 23:59:59, as a CUR writes a month's end) at that rate ×
-- every hour of the month forecast (taken to run all of it), not at last month's amount, and one
-- whose lines end before it (an RI that expired on the 10th) at nothing, as a CUR term that has
-- ended (src/analyze/forecast/expected.ts); so do the budgets, reading this query for each month
-- before an as-of day's (src/analyze/budgets/commitment-rates.ts).
-- commitment_key: which commitment the fee is for (its ARN, else CommitmentDiscountId; NULL for a
-- fee of no commitment), by queries/fees/commitment_lines.cte.sql: the month-end forecast reads this
-- query over the month forecast too (what has posted so far), so that each commitment's fee is
-- expected on its own, one commitment's posting never taken for another's
-- (src/analyze/forecast/fee-parts.ts).
-- Portable: it reads line_items on DuckDB and Athena alike.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the month-end forecast expects no fee of a delivery that has ended: src/analyze/forecast/month-end.ts)
-- @returns service VARCHAR, posted BOOLEAN, commitment VARCHAR, commitment_start TIMESTAMP, commitment_end TIMESTAMP, commitment_id VARCHAR, commitment_key VARCHAR, charged_until TIMESTAMP, unit_price DECIMAL, pricing_quantity DECIMAL, priced_seconds BIGINT, billed_cost DECIMAL, effective_cost DECIMAL
WITH commitment_input AS (
  SELECT *
  FROM line_items
  WHERE x_ChargeClass = 'recurring'
    AND ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
    AND NOT contains($exclude_sources, coalesce(x_Source, ''))
),
-- @include ../fees/commitment_lines.cte.sql
fee_lines AS (
  SELECT
    *,
    COALESCE(ServiceName, x_ProductCode, '(none)') AS service
  FROM commitment_lines
),
priced_lines AS (
  SELECT
    service,
    commitment_id,
    CAST(coalesce(ContractedUnitPrice, ListUnitPrice) AS DECIMAL(38, 10)) AS unit_price,
    CAST(PricingQuantity AS DECIMAL(38, 10)) AS pricing_quantity,
    date_diff('second', ChargePeriodStart, ChargePeriodEnd) AS priced_seconds,
    row_number() OVER (PARTITION BY service, commitment_id
      ORDER BY ChargePeriodStart DESC, ChargePeriodEnd DESC, coalesce(ContractedUnitPrice, ListUnitPrice) DESC, PricingQuantity DESC) AS latest
  FROM fee_lines
  WHERE commitment_id IS NOT NULL
    AND lower(PricingUnit) IN ('hours', 'hour', 'hrs')
    AND coalesce(ContractedUnitPrice, ListUnitPrice) IS NOT NULL
    AND PricingQuantity IS NOT NULL
    AND ChargePeriodEnd > ChargePeriodStart
),
commitment_rates AS (
  SELECT service, commitment_id, unit_price, pricing_quantity, priced_seconds
  FROM priced_lines
  WHERE latest = 1
),
commitment_ends AS (
  SELECT service, commitment_id, max(ChargePeriodEnd) AS charged_until
  FROM fee_lines
  WHERE commitment_id IS NOT NULL
  GROUP BY service, commitment_id
)
SELECT
  f.service,
  coalesce(f.ChargePeriodEnd > f.ChargePeriodStart + INTERVAL '1' DAY, false) AS posted,
  f.commitment,
  f.commitment_start,
  f.commitment_end,
  f.commitment_id,
  f.commitment_key,
  e.charged_until,
  r.unit_price,
  r.pricing_quantity,
  r.priced_seconds,
  sum(f.BilledCost) AS billed_cost,
  sum(f.EffectiveCost) AS effective_cost
FROM fee_lines f
LEFT JOIN commitment_ends e ON e.service = f.service AND e.commitment_id = f.commitment_id
LEFT JOIN commitment_rates r ON r.service = f.service AND r.commitment_id = f.commitment_id
GROUP BY f.service, coalesce(f.ChargePeriodEnd > f.ChargePeriodStart + INTERVAL '1' DAY, false),
  f.commitment, f.commitment_start, f.commitment_end, f.commitment_id, f.commitment_key, e.charged_until, r.unit_price, r.pricing_quantity, r.priced_seconds
ORDER BY f.service, posted, f.commitment, f.commitment_start, f.commitment_end, f.commitment_id, f.commitment_key
