-- CTE fragment (included with `-- @include ../fees/commitment_lines.cte.sql` by
-- trends/recurring_fees_by_commitment_term and both forms of budgets/scope_daily_spend): what a
-- recurring fee is for, written once. It reads the includer's CTE commitment_input (lines with the
-- columns of line_items) and defines commitment_lines (through commitment_kinds, the lines with the
-- first three columns below): every line of it, plus
-- - commitment: for a recurring fee (x_ChargeClass 'recurring', src/store/charge-class.ts),
--   'reservation' (a Reserved Instance's fee, posted once a month) or 'savings_plan' (a Savings
--   Plan's, accrued by the hour); NULL for any other fee (AWS Support, a subscription) and any other
--   line. The first of these that the bill holds decides: the term's times (x_ReservationStartTime
--   or EndTime: legacy reservation/StartTime and EndTime, CUR 2.0 reservation_start_time and
--   reservation_end_time; x_SavingsPlanStartTime or EndTime: savingsPlan/StartTime and EndTime,
--   savings_plan_start_time and savings_plan_end_time); the commitment's ARN, on a CUR without
--   those times (x_ReservationArn: reservation/ReservationARN, reservation_reservation_a_r_n;
--   x_SavingsPlanArn: savingsPlan/SavingsPlanARN, savings_plan_savings_plan_a_r_n); FOCUS's
--   CommitmentDiscountType, as a FOCUS file dates no term (a type naming a reservation: 'Reserved
--   Instance', as AWS and the CUR ingest write it, or 'Reservation'; one naming a Savings Plan:
--   'Savings Plan'); and, with no type, CommitmentDiscountId (one naming a savings plan, AWS's
--   `arn:aws:savingsplans::…:savingsplan/…` or Azure's `…/savingsPlanOrders/…`, is a Savings Plan's,
--   any other a reservation's).
-- - commitment_start, commitment_end: the start and end of that Reserved Instance's or Savings
--   Plan's term (the times above); NULL for any other line, or when the bill dates no term (FOCUS).
-- - commitment_id: the CommitmentDiscountId of a commitment's fee known from FOCUS's columns alone
--   (no term, no CUR ARN), which FOCUS prices by the hour but dates no term for: the month-end
--   forecast (trends/recurring_fees_by_commitment_term `unit_price`, `pricing_quantity`,
--   `priced_seconds`, `charged_until`) and the budgets (budgets/scope_daily_spend) expect it at its
--   hourly rate × the hours of the month, or at nothing once its lines have ended; NULL for any
--   other line.
-- - commitment_key: which commitment a commitment's fee is for, whatever the bill says of it: the
--   CUR's ARN (x_ReservationArn, x_SavingsPlanArn), else CommitmentDiscountId (FOCUS's, or the ARN
--   the CUR ingest writes there); NULL for any other line, or a commitment the bill does not name.
--   Both forecasts expect each commitment's fee on its own by it (src/analyze/forecast/fee-parts.ts):
--   one commitment's posting this month is never taken for another's, so a service with an RI's fee
--   (posted once a month) and a Savings Plan's (accrued by the hour), or two RIs, expects each alone.
commitment_kinds AS (
  SELECT
    *,
    CASE WHEN x_ChargeClass = 'recurring' THEN
      CASE
        WHEN x_ReservationStartTime IS NOT NULL OR x_ReservationEndTime IS NOT NULL THEN 'reservation'
        WHEN x_SavingsPlanStartTime IS NOT NULL OR x_SavingsPlanEndTime IS NOT NULL THEN 'savings_plan'
        WHEN x_ReservationArn IS NOT NULL THEN 'reservation'
        WHEN x_SavingsPlanArn IS NOT NULL THEN 'savings_plan'
        WHEN lower(CommitmentDiscountType) LIKE '%reserv%' THEN 'reservation'
        WHEN lower(CommitmentDiscountType) LIKE '%savings%plan%' THEN 'savings_plan'
        WHEN CommitmentDiscountType IS NULL AND lower(CommitmentDiscountId) LIKE '%savingsplan%' THEN 'savings_plan'
        WHEN CommitmentDiscountType IS NULL AND CommitmentDiscountId IS NOT NULL THEN 'reservation'
      END
    END AS commitment,
    CASE WHEN x_ChargeClass = 'recurring' THEN coalesce(x_ReservationStartTime, x_SavingsPlanStartTime) END AS commitment_start,
    CASE WHEN x_ChargeClass = 'recurring' THEN coalesce(x_ReservationEndTime, x_SavingsPlanEndTime) END AS commitment_end
  FROM commitment_input
),
commitment_lines AS (
  SELECT
    *,
    CASE WHEN commitment IS NOT NULL AND commitment_start IS NULL AND commitment_end IS NULL
      AND x_ReservationArn IS NULL AND x_SavingsPlanArn IS NULL THEN CommitmentDiscountId END AS commitment_id,
    CASE WHEN commitment IS NOT NULL THEN coalesce(x_ReservationArn, x_SavingsPlanArn, CommitmentDiscountId) END AS commitment_key
  FROM commitment_kinds
)
