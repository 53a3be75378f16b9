-- The recurring fees (charge class recurring, src/store/charge-class.ts) charged over charge days
-- [$from, $to) per service and the end of the term of the commitment each fee is for: a Reserved
-- Instance's x_ReservationEndTime (legacy reservation/EndTime, CUR 2.0 reservation_end_time) or a
-- Savings Plan's x_SavingsPlanEndTime (savingsPlan/EndTime, savings_plan_end_time). A fee of no
-- commitment (AWS Support, a subscription) or one whose bill carries no end (FOCUS) is left out: the
-- forecast expects it for the whole month (expected.ts termsOf reads only fees with an end). The
-- month-end forecast reads it to expect no fee of a commitment whose term ends before the month
-- and a prorated one of a term that ends inside it (src/analyze/forecast/commitment-terms.ts).
-- Portable: it reads line_items on DuckDB and Athena alike.
-- @param from DATE  first day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @returns service VARCHAR, commitment_end TIMESTAMP, billed_cost DECIMAL, effective_cost DECIMAL
SELECT
  COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
  coalesce(x_ReservationEndTime, x_SavingsPlanEndTime) AS commitment_end,
  sum(BilledCost) AS billed_cost,
  sum(EffectiveCost) AS effective_cost
FROM line_items
WHERE x_ChargeClass = 'recurring'
  AND ChargePeriodStart >= CAST($from AS TIMESTAMP)
  AND ChargePeriodStart < CAST($to AS TIMESTAMP)
  AND coalesce(x_ReservationEndTime, x_SavingsPlanEndTime) IS NOT NULL
GROUP BY COALESCE(ServiceName, x_ProductCode, '(none)'), coalesce(x_ReservationEndTime, x_SavingsPlanEndTime)
ORDER BY service, commitment_end
