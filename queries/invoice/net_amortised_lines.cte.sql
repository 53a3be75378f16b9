-- CTE fragment (included with `-- @include ../invoice/net_amortised_lines.cte.sql`): defines
-- net_amortised_lines, every line item with NetCost, its net amortised cost — the cost after
-- commitments are amortised and EDP, private-pricing and other discounts applied, from the CUR's
-- net columns where the bill has them: Savings Plan covered usage at its net effective cost, the
-- negations and upfront fees at 0, the recurring fee scaled by its net/gross ratio, RI usage at its
-- net effective cost, RI fees at their net unused part, RI upfront fees at 0, everything else at
-- its net unblended cost (or, without net columns, at EffectiveCost/BilledCost). A FOCUS line (no
-- line item type) is at its EffectiveCost. The invoice's net amortised view and the budgets'
-- `net` measure are both this column.
net_amortised_lines AS (
  SELECT
    *,
    CASE
      WHEN x_LineItemType IS NULL THEN EffectiveCost
      WHEN x_LineItemType = 'SavingsPlanCoveredUsage' THEN coalesce(x_SavingsPlanNetEffectiveCost, EffectiveCost)
      WHEN x_LineItemType IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN CAST(0 AS DECIMAL(38,10))
      WHEN x_LineItemType = 'SavingsPlanRecurringFee' THEN
        CASE WHEN x_NetUnblendedCost IS NULL AND x_SavingsPlanNetAmortizedUpfrontCommitmentForBillingPeriod IS NULL THEN EffectiveCost
          ELSE CAST(CAST(EffectiveCost AS DOUBLE) * coalesce(
            CAST(x_NetUnblendedCost AS DOUBLE) / nullif(CAST(BilledCost AS DOUBLE), 0),
            CAST(x_SavingsPlanNetAmortizedUpfrontCommitmentForBillingPeriod AS DOUBLE) / nullif(CAST(x_SavingsPlanAmortizedUpfrontCommitmentForBillingPeriod AS DOUBLE), 0),
            1) AS DECIMAL(38,10)) END
      WHEN x_LineItemType = 'DiscountedUsage' THEN coalesce(x_ReservationNetEffectiveCost, EffectiveCost)
      WHEN x_LineItemType = 'RIFee' THEN coalesce(x_ReservationNetUnusedAmortizedUpfrontFee + x_ReservationNetUnusedRecurringFee, EffectiveCost)
      WHEN x_LineItemType = 'Fee' AND x_ReservationArn IS NOT NULL THEN CAST(0 AS DECIMAL(38,10))
      ELSE coalesce(x_NetUnblendedCost, BilledCost)
    END AS NetCost
  FROM line_items
)
