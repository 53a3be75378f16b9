-- commitments/utilisation with the end of the store's usage given (`data_ends_at`) instead of read:
-- the same rows and columns (utilisation_rows.cte.sql says how each figure is counted), without a
-- second pass over line_items. `costlens commitments` reads that end once per run, for each billing
-- period, from commitments/data_horizon (its latest_end), and passes the latest of the periods it reads.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param data_ends_at TIMESTAMP  where the store's usage ends in the billing periods selected: the latest latest_end of costlens query commitments/data_horizon among them (9999-12-31 when it has none); RIFee hours after it are cut
-- @returns billing_period DATE, arn VARCHAR, commitment_type VARCHAR, account_id VARCHAR, service VARCHAR, region VARCHAR, availability_zone VARCHAR, instance_type VARCHAR, operation VARCHAR, usage_type VARCHAR, offering_class VARCHAR, purchase_option VARCHAR, lease_length VARCHAR, sp_offering_type VARCHAR, sp_payment_option VARCHAR, sp_purchase_term VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, reservations DOUBLE, purchased_hours DECIMAL, unused_hours DECIMAL, purchased_units DECIMAL, unused_units DECIMAL, covered_units DECIMAL, commitment DECIMAL, used_commitment DECIMAL, commitment_hours DECIMAL, focus_used_quantity DECIMAL, focus_unused_quantity DECIMAL, focus_unit VARCHAR, recurring_fee DECIMAL, amortised_upfront_fee DECIMAL, unused_recurring_fee DECIMAL, unused_upfront_fee DECIMAL, unused_cost DECIMAL, used_cost DECIMAL, covered_on_demand DECIMAL, upfront_payment DECIMAL, fee_hours DECIMAL, fee_recurring DECIMAL, fee_upfront DECIMAL, cut BOOLEAN, fee_held DECIMAL, fee_span DECIMAL, unused_held DECIMAL, unused_other_cost DECIMAL
WITH data_end AS (
  SELECT CAST($data_ends_at AS TIMESTAMP) AS ends_at
),
-- @include utilisation_rows.cte.sql
SELECT * FROM utilisation
ORDER BY billing_period, arn
