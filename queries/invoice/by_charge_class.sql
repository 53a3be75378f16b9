-- The invoice of each billing period by charge class: billed (BilledCost, what the invoice
-- charges), amortised (EffectiveCost: RI and Savings Plan fees spread over the usage they cover)
-- and net amortised (amortised after EDP, private-pricing and other discounts: the CUR net
-- columns where the bill has them, else the gross figure). Classes, from the CUR line item type
-- (FOCUS rows, which have none, from ChargeCategory): usage (incl. RI-discounted, Savings Plan
-- covered usage and its negation), fees (support, marketplace, other one-time and recurring fees),
-- commitment-fees (RIFee, RI upfront Fee, Savings Plan recurring and upfront fees), tax, credits,
-- refunds, discounts (EDP, private rate, bundled, RI volume, SPP, distributor: the line item types
-- of ../charges/cur_discount_types.cte.sql), adjustments (the
-- lines reports list as adjustments, ../charges/listed_classes.cte.sql: FOCUS ChargeCategory
-- Adjustment, a CUR line item type no other category takes), other (a FOCUS ChargeCategory
-- outside FOCUS 1.0's values).
-- posted: the line is charged for a charge period longer than a day (a posting for a month: RI and
-- Support fees, tax, monthly credits), which is not daily spend: `costlens invoice` lists such lines
-- apart in a range of days that cuts their billing period.
-- Ranges are half-open; billing bounds select by BillingPeriodStart, charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 1000-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 1000-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @returns billing_period DATE, charge_class VARCHAR, line_item_type VARCHAR, posted BOOLEAN, lines BIGINT, billed_cost DECIMAL, amortised_cost DECIMAL, net_amortised_cost DECIMAL, net_unblended_cost DECIMAL
WITH
-- @include net_amortised_lines.cte.sql
-- @include ../charges/listed_classes.cte.sql
-- @include ../charges/cur_discount_types.cte.sql
-- The lines are counted and summed per billing period and what classes them first (a few dozen
-- kinds), then classed: the same sums, each line's CASE evaluated once per kind rather than per line.
line_kinds AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    x_LineItemType,
    ChargeCategory,
    x_ChargeClass,
    x_ReservationArn IS NOT NULL AS has_reservation,
    CommitmentDiscountId IS NOT NULL AS has_commitment,
    coalesce(ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY, false) AS posted,
    count(*) AS lines,
    sum(BilledCost) AS billed_cost,
    sum(EffectiveCost) AS amortised_cost,
    sum(NetCost) AS net_amortised_cost,
    sum(coalesce(x_NetUnblendedCost, BilledCost)) AS net_unblended_cost
  FROM net_amortised_lines
  WHERE BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
  GROUP BY CAST(date_trunc('month', BillingPeriodStart) AS DATE), x_LineItemType, ChargeCategory, x_ChargeClass, x_ReservationArn IS NOT NULL,
    CommitmentDiscountId IS NOT NULL, coalesce(ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY, false)
),
classified AS (
  SELECT
    billing_period,
    coalesce(x_LineItemType, '(' || coalesce(ChargeCategory, 'none') || ')') AS line_item_type,
    CASE
      WHEN x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'usage'
      WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee')
        OR (x_LineItemType = 'Fee' AND has_reservation) THEN 'commitment-fees'
      WHEN x_LineItemType = 'Fee' THEN 'fees'
      WHEN x_LineItemType = 'Tax' THEN 'tax'
      WHEN x_LineItemType = 'Credit' THEN 'credits'
      WHEN x_LineItemType = 'Refund' THEN 'refunds'
      WHEN x_LineItemType IN (SELECT line_item_type FROM cur_discount_types) THEN 'discounts'
      WHEN sp.listed_class = 'adjustment' THEN 'adjustments'
      WHEN x_LineItemType IS NOT NULL THEN 'other'
      WHEN ChargeCategory = 'Usage' THEN 'usage'
      WHEN ChargeCategory = 'Purchase' AND has_commitment THEN 'commitment-fees'
      WHEN ChargeCategory = 'Purchase' THEN 'fees'
      WHEN ChargeCategory = 'Tax' THEN 'tax'
      WHEN ChargeCategory = 'Credit' THEN 'credits'
      ELSE 'other'
    END AS charge_class,
    posted, lines, billed_cost, amortised_cost, net_amortised_cost, net_unblended_cost
  FROM line_kinds
  LEFT JOIN class_splits sp ON sp.stored_class = coalesce(x_ChargeClass, 'usage') AND sp.charge_category = ChargeCategory
)
SELECT
  billing_period,
  charge_class,
  line_item_type,
  posted,
  sum(lines) AS lines,
  coalesce(sum(billed_cost), 0) AS billed_cost,
  coalesce(sum(amortised_cost), 0) AS amortised_cost,
  coalesce(sum(net_amortised_cost), 0) AS net_amortised_cost,
  coalesce(sum(net_unblended_cost), 0) AS net_unblended_cost
FROM classified
GROUP BY billing_period, charge_class, line_item_type, posted
ORDER BY billing_period, charge_class, line_item_type, posted
