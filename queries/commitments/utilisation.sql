-- Per commitment (a Reserved Instance or Savings Plan, by ARN) and billing period: what was
-- purchased, used and unused, as AWS's RI and Savings Plans utilisation reports count it (the rows
-- `costlens commitments` reads; utilisation_rows.cte.sql says how each figure is counted).
-- A month the store's data does not complete is cut at the end of the store's usage: the latest end
-- of a usage line of at most a day in the billing periods selected (commitments/data_horizon's
-- latest_end, read here), so that the RIFee AWS posts for the whole month on the 1st counts the RI's
-- hours so far, never the hours still to come, as purchased or unused (commitments/utilisation_until
-- takes that end as a parameter instead of reading it).
-- A row whose RIFee hours are cut (cut: by the charge range or by the end of the data) has NULL
-- recurring_fee, amortised_upfront_fee, unused_recurring_fee, unused_upfront_fee and unused_cost, and
-- the whole numbers to work them out exactly: recurring fee = fee_recurring × fee_held ÷ fee_span,
-- amortised upfront fee = fee_upfront × fee_held ÷ fee_span, unused recurring and upfront fees =
-- fee_recurring and fee_upfront × unused_held ÷ fee_span, unused cost = unused_other_cost + both, each
-- rounded once to 1e-10, half away from zero. fee_hours, fee_recurring and fee_upfront are its RIFee
-- lines' own, whole: its rate.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @returns billing_period DATE, arn VARCHAR, commitment_type VARCHAR, account_id VARCHAR, service VARCHAR, region VARCHAR, availability_zone VARCHAR, instance_type VARCHAR, operation VARCHAR, usage_type VARCHAR, offering_class VARCHAR, purchase_option VARCHAR, lease_length VARCHAR, sp_offering_type VARCHAR, sp_payment_option VARCHAR, sp_purchase_term VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, reservations DOUBLE, purchased_hours DOUBLE, unused_hours DOUBLE, purchased_units DOUBLE, unused_units DOUBLE, covered_units DOUBLE, commitment DECIMAL, used_commitment DECIMAL, commitment_hours DOUBLE, focus_used_quantity DOUBLE, focus_unused_quantity DOUBLE, focus_unit VARCHAR, recurring_fee DECIMAL, amortised_upfront_fee DECIMAL, unused_recurring_fee DECIMAL, unused_upfront_fee DECIMAL, unused_cost DECIMAL, used_cost DECIMAL, covered_on_demand DECIMAL, upfront_payment DECIMAL, fee_hours DOUBLE, fee_recurring DECIMAL, fee_upfront DECIMAL, cut BOOLEAN, fee_held DECIMAL, fee_span DECIMAL, unused_held DECIMAL, unused_other_cost DECIMAL
WITH data_end AS (
  SELECT coalesce(max(ChargePeriodEnd), CAST('9999-12-31' AS TIMESTAMP)) AS ends_at
  FROM line_items
  WHERE ChargeCategory = 'Usage'
    AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY
    AND BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
),
-- @include utilisation_rows.cte.sql
SELECT * FROM utilisation
ORDER BY billing_period, arn
