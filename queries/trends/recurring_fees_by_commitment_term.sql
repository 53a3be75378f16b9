-- The recurring fees (charge class recurring, src/store/charge-class.ts) charged over charge days
-- [$from, $to) per service, whether they are posted and the term of the commitment each fee is for.
-- posted: the line is charged for a charge period longer than a day (an RI's monthly RIFee, AWS
-- Support, a subscription), `posted` as queries/invoice/by_charge_class.sql, Explore
-- (explore/daily_postings.sql) and the budgets (budgets/scope_daily_spend.sql last_day) define it;
-- a fee of lines of a day or less (a Savings Plan's hourly fee) accrues daily. commitment: what the
-- fee is for, 'reservation' (a Reserved Instance's RIFee), 'savings_plan' (a Savings Plan's
-- recurring fee), NULL for any other fee, by the one rule of queries/fees/commitment_lines.cte.sql
-- (the term's times, else the commitment's ARN, else FOCUS's CommitmentDiscountType or
-- CommitmentDiscountId). Both forecasts classify a fee by them (src/analyze/forecast/expected.ts
-- feeAccruesDaily: an RI's fee posts once a month even when its line is a day or less, its RI
-- bought in the month's last day; a Savings Plan's accrues; any other fee by `posted`), not by the
-- days it was seen on, on a CUR as on FOCUS. The term (commitment_start, commitment_end): a
-- Reserved Instance's x_ReservationStartTime and x_ReservationEndTime or a Savings Plan's
-- x_SavingsPlanStartTime and x_SavingsPlanEndTime; NULL for a fee of no commitment (AWS Support, a
-- subscription) or one whose bill dates no term (FOCUS): the forecast keeps its own rule for those
-- (expected.ts termsOf reads only fees with a term). The month-end forecast reads it to expect each
-- fee with a term at its hourly rate over the hours its term ran in the month × the hours the term
-- runs in the month forecast (src/analyze/forecast/commitment-terms.ts).
-- Portable: it reads line_items on DuckDB and Athena alike.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns service VARCHAR, posted BOOLEAN, commitment VARCHAR, commitment_start TIMESTAMP, commitment_end TIMESTAMP, billed_cost DECIMAL, effective_cost DECIMAL
WITH commitment_input AS (
  SELECT *
  FROM line_items
  WHERE x_ChargeClass = 'recurring'
    AND ChargePeriodStart >= CAST($from AS TIMESTAMP)
    AND ChargePeriodStart < CAST($to AS TIMESTAMP)
),
-- @include ../fees/commitment_lines.cte.sql
SELECT
  COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
  coalesce(ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY, false) AS posted,
  commitment,
  commitment_start,
  commitment_end,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost
FROM commitment_lines
GROUP BY COALESCE(ServiceName, x_ProductCode, '(none)'), coalesce(ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY, false),
  commitment, commitment_start, commitment_end
ORDER BY service, posted, commitment, commitment_start, commitment_end
