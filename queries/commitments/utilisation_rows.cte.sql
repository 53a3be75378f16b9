-- CTE fragment (included by commitments/utilisation and commitments/utilisation_until with
-- `-- @include utilisation_rows.cte.sql`): per commitment (a Reserved Instance or Savings Plan, by
-- ARN) and billing period, what was purchased, used and unused, as AWS's RI and Savings Plans
-- utilisation reports count it. The includer defines `data_end` first: one row, `ends_at`, the end
-- of the store's usage (an RIFee's hours after it are cut); this defines `utilisation`, its rows.
-- RI: purchased hours = the RIFee line's UsageAmount, unused hours = reservation/UnusedQuantity,
-- the same in normalised units (TotalReservedNormalizedUnits, UnusedNormalizedUnitQuantity).
-- Savings Plan: purchased = TotalCommitmentToDate, used = UsedCommitment of its
-- SavingsPlanRecurringFee lines (dollars). FOCUS rows: CommitmentDiscountQuantity of the Used and
-- Unused rows. unused_cost is the EffectiveCost of the Unused rows (RI: unused recurring + unused
-- amortised upfront fee; SP: unused commitment); used_cost and covered_on_demand are the
-- EffectiveCost and ListCost of the usage the commitment covered.
-- Ranges are half-open; billing bounds select by BillingPeriodStart, charge bounds by ChargePeriodStart,
-- except an RIFee line (one a month per RI, for its hours of the month): it counts when the hours it
-- pays for overlap the charge range, prorated to the hours of the range it covers (fee_share: 1 when
-- the line lies inside the range, so a whole billing period keeps the line's own figures). Its hours
-- are the RI's hours of the month the line pays for: from its ChargePeriodStart (the month's start,
-- or the RI's start), UsageAmount ÷ NumberOfReservations of them. Cut by the range or by the end of
-- the store's usage (a month the data does not complete: AWS posts the RIFee for the whole month on
-- the 1st), the RI's figures are those of its hours up to there (`cut`): purchased hours and
-- normalised units × fee_share; used units = the NormalizedUsageAmount of its DiscountedUsage lines
-- in the range, used hours the same in the RI's units per hour (its DiscountedUsage hours when it has
-- no normalised units); unused = purchased − used.
-- Hours and units are returned as DECIMAL(38, 10), never as DOUBLE sums (which gave
-- 251.99999999999994 for 252): the bill's own figures (six-decimal hours, normalised units to eight
-- decimals) each cast and summed exactly; a cut RIFee line's share of them, and a Savings Plan's
-- commitment_hours (whole seconds ÷ 3,600, which no decimal holds exactly: 3,600 has the factor 9),
-- rounded once to 1e-10, fine enough that whole seconds come back (× 3,600, to the microsecond).
-- A cut row's used hours and unused_held are worked out from the DOUBLE sums, as they always were.
-- Money is never divided here (DuckDB divides DECIMALs as DOUBLE): a cut row returns its fees
-- whole (fee_recurring, fee_upfront: its RIFee lines', one a bill) with whole numbers to prorate them
-- by, cast to DECIMAL(38, 10), and NULL for the money they make. fee_span: its RIFee lines' hours (each
-- line's six-decimal UsageAmount in microhours × 3,600); fee_held: the part of them the range holds
-- (its seconds in the range × its reservations in millionths); unused_held: the part unused (fee_held
-- less its used hours in whole microhours × 3,600; 0 when it used them all, NULL when its lines hold
-- no hours). Its recurring fee = fee_recurring × fee_held ÷ fee_span, its amortised upfront fee the
-- same of fee_upfront, its unused recurring and upfront fees fee_recurring and fee_upfront ×
-- unused_held ÷ fee_span, and its unused cost unused_other_cost (its Unused rows but the RIFee lines)
-- plus both, each rounded once to 1e-10, half away from zero (src/analyze/commitments/range-fees.ts).
fee_lines AS (
  SELECT
    li.*,
    least(CAST($charge_to AS TIMESTAMP), d.ends_at) AS fee_to,
    CASE WHEN li.x_LineItemType = 'RIFee' AND li.x_UsageAmount > 0 AND li.x_ReservationNumberOfReservations > 0
      THEN li.x_UsageAmount / li.x_ReservationNumberOfReservations * 3600.0
      ELSE greatest(1.0, CAST(date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd) AS DOUBLE))
    END AS fee_seconds,
    -- fee_seconds exactly, as whole numbers: fee_span ÷ fee_scale seconds.
    CASE WHEN li.x_LineItemType = 'RIFee' AND li.x_UsageAmount > 0 AND li.x_ReservationNumberOfReservations > 0
      THEN CAST(greatest(1, round(li.x_UsageAmount * 1000000)) AS DECIMAL(38, 0)) * 3600
      ELSE CAST(greatest(1, date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd)) AS DECIMAL(38, 0))
    END AS fee_span,
    CASE WHEN li.x_LineItemType = 'RIFee' AND li.x_UsageAmount > 0 AND li.x_ReservationNumberOfReservations > 0
      THEN CAST(round(li.x_ReservationNumberOfReservations * 1000000) AS DECIMAL(38, 0))
      ELSE CAST(1 AS DECIMAL(38, 0))
    END AS fee_scale
  FROM line_items li
  CROSS JOIN data_end d
  WHERE li.CommitmentDiscountId IS NOT NULL
    AND li.BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND li.BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
),
lines AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    CASE WHEN coalesce(x_LineItemType, '') <> 'RIFee' THEN 1.0
      WHEN ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodEnd <= fee_to THEN 1.0
      ELSE greatest(0.0, least(
          fee_seconds,
          CAST(date_diff('second', ChargePeriodStart, fee_to) AS DOUBLE)
        ) - greatest(0.0, CAST(date_diff('second', ChargePeriodStart, CAST($charge_from AS TIMESTAMP)) AS DOUBLE))) / fee_seconds
    END AS fee_share,
    -- The part of fee_span the range holds (fee_held ÷ fee_span is fee_share, exactly).
    CASE WHEN coalesce(x_LineItemType, '') <> 'RIFee'
        OR (ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodEnd <= fee_to) THEN fee_span
      ELSE greatest(CAST(0 AS DECIMAL(38, 0)), least(fee_span, date_diff('second', ChargePeriodStart, fee_to) * fee_scale)
        - greatest(CAST(0 AS DECIMAL(38, 0)), date_diff('second', ChargePeriodStart, CAST($charge_from AS TIMESTAMP)) * fee_scale))
    END AS fee_held,
    fee_span,
    CommitmentDiscountId AS arn,
    CommitmentDiscountType AS commitment_type,
    CommitmentDiscountStatus AS status,
    coalesce(x_LineItemType, '') AS line_type,
    SubAccountId,
    x_ProductCode,
    ServiceName,
    RegionId,
    AvailabilityZone,
    x_InstanceType,
    x_UsageType,
    x_Operation,
    ChargeCategory,
    ChargeFrequency,
    ChargePeriodStart,
    ChargePeriodEnd,
    BilledCost,
    EffectiveCost,
    ListCost,
    x_UsageAmount,
    CommitmentDiscountQuantity,
    CommitmentDiscountUnit,
    x_NormalizedUsageAmount,
    x_OfferingClass,
    x_PurchaseOption,
    x_LeaseContractLength,
    x_ReservationAvailabilityZone,
    x_ReservationStartTime,
    x_ReservationEndTime,
    x_ReservationNumberOfReservations,
    x_ReservationUnusedQuantity,
    x_ReservationTotalReservedNormalizedUnits,
    x_ReservationUnusedNormalizedUnitQuantity,
    x_ReservationAmortizedUpfrontFee,
    x_ReservationUnusedRecurringFee,
    x_ReservationUnusedAmortizedUpfrontFee,
    x_SavingsPlanOfferingType,
    x_SavingsPlanPaymentOption,
    x_SavingsPlanPurchaseTerm,
    x_SavingsPlanStartTime,
    x_SavingsPlanEndTime,
    x_SavingsPlanTotalCommitmentToDate,
    x_SavingsPlanUsedCommitment
  FROM fee_lines
  WHERE ChargePeriodStart >= CAST($charge_from AS TIMESTAMP)
    OR (coalesce(x_LineItemType, '') = 'RIFee'
      AND date_diff('second', ChargePeriodStart, CAST($charge_from AS TIMESTAMP)) < fee_seconds
      AND CAST($charge_from AS TIMESTAMP) < fee_to)
),
grouped AS (
  SELECT
    billing_period,
    arn,
    max(commitment_type) AS commitment_type,
    coalesce(max(CASE WHEN status = 'Unused' THEN SubAccountId END), min(SubAccountId)) AS account_id,
    coalesce(max(CASE WHEN status = 'Unused' THEN x_ProductCode END), max(x_ProductCode), max(ServiceName)) AS service,
    coalesce(max(CASE WHEN status = 'Unused' THEN RegionId END), max(RegionId)) AS region,
    max(coalesce(x_ReservationAvailabilityZone, CASE WHEN line_type = 'RIFee' THEN AvailabilityZone END)) AS availability_zone,
    max(CASE WHEN line_type = 'RIFee' THEN coalesce(x_InstanceType, regexp_extract(x_UsageType, '[^:]+$')) END) AS instance_type,
    max(CASE WHEN line_type = 'RIFee' THEN x_Operation END) AS operation,
    max(CASE WHEN line_type = 'RIFee' THEN x_UsageType END) AS usage_type,
    max(x_OfferingClass) AS offering_class,
    max(x_PurchaseOption) AS purchase_option,
    max(x_LeaseContractLength) AS lease_length,
    max(x_SavingsPlanOfferingType) AS sp_offering_type,
    max(x_SavingsPlanPaymentOption) AS sp_payment_option,
    max(x_SavingsPlanPurchaseTerm) AS sp_purchase_term,
    min(coalesce(x_ReservationStartTime, x_SavingsPlanStartTime)) AS start_time,
    max(coalesce(x_ReservationEndTime, x_SavingsPlanEndTime)) AS end_time,
    max(x_ReservationNumberOfReservations) AS reservations,
    coalesce(min(CASE WHEN line_type = 'RIFee' THEN fee_share END), 1.0) < 1.0 AS cut,
    sum(CASE WHEN line_type = 'RIFee' THEN x_UsageAmount END) AS fee_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN x_UsageAmount * fee_share END) AS purchased_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN CAST(x_ReservationUnusedQuantity AS DECIMAL(38, 10)) END) AS fee_unused_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationTotalReservedNormalizedUnits END) AS fee_units,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationTotalReservedNormalizedUnits * fee_share END) AS purchased_units,
    sum(CASE WHEN line_type = 'RIFee' THEN CAST(x_ReservationUnusedNormalizedUnitQuantity AS DECIMAL(38, 10)) END) AS fee_unused_units,
    sum(CASE WHEN line_type = 'DiscountedUsage' THEN x_NormalizedUsageAmount END) AS covered_units,
    sum(CASE WHEN line_type = 'DiscountedUsage' THEN x_UsageAmount END) AS covered_hours,
    sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanTotalCommitmentToDate END) AS commitment,
    sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanUsedCommitment END) AS used_commitment,
    CAST(CAST(sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN date_diff('second', ChargePeriodStart, ChargePeriodEnd) END) AS DOUBLE) / 3600
      AS DECIMAL(38, 10)) AS commitment_hours,
    sum(CASE WHEN status = 'Used' THEN CAST(CommitmentDiscountQuantity AS DECIMAL(38, 10)) END) AS focus_used_quantity,
    sum(CASE WHEN status = 'Unused' THEN CAST(CommitmentDiscountQuantity AS DECIMAL(38, 10)) END) AS focus_unused_quantity,
    -- The hours and units returned, exact: each line's own as DECIMAL(38, 10), summed.
    sum(CASE WHEN line_type = 'RIFee' THEN CAST(x_UsageAmount AS DECIMAL(38, 10)) END) AS exact_fee_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN CAST(x_UsageAmount * fee_share AS DECIMAL(38, 10)) END) AS exact_purchased_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN CAST(x_ReservationTotalReservedNormalizedUnits * fee_share AS DECIMAL(38, 10)) END) AS exact_purchased_units,
    sum(CASE WHEN line_type = 'DiscountedUsage' THEN CAST(x_NormalizedUsageAmount AS DECIMAL(38, 10)) END) AS exact_covered_units,
    max(CommitmentDiscountUnit) AS focus_unit,
    sum(CASE WHEN line_type = 'RIFee' THEN BilledCost END) AS fee_recurring,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationAmortizedUpfrontFee END) AS fee_upfront,
    sum(CASE WHEN line_type = 'RIFee' THEN fee_held END) AS fee_held,
    sum(CASE WHEN line_type = 'RIFee' THEN fee_span END) AS fee_span,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedRecurringFee END) AS fee_unused_recurring,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedAmortizedUpfrontFee END) AS fee_unused_upfront,
    coalesce(sum(CASE WHEN status = 'Unused' THEN EffectiveCost END), 0) AS unused_effective_cost,
    coalesce(sum(CASE WHEN status = 'Unused' AND line_type <> 'RIFee' THEN EffectiveCost END), 0) AS unused_other_cost,
    coalesce(sum(CASE WHEN status = 'Used' THEN EffectiveCost END), 0) AS used_cost,
    coalesce(sum(CASE WHEN status = 'Used' THEN ListCost END), 0) AS covered_on_demand,
    coalesce(sum(CASE WHEN ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time' THEN BilledCost END), 0) AS upfront_payment
  FROM lines
  GROUP BY billing_period, arn
),
cut_hours AS (
  SELECT
    *,
    CASE WHEN cut THEN least(purchased_hours,
      CASE WHEN fee_units > 0 AND covered_units IS NOT NULL THEN covered_units * fee_hours / fee_units ELSE coalesce(covered_hours, 0) END)
    END AS cut_used_hours
  FROM grouped
),
utilisation AS (
  SELECT
    billing_period,
    arn,
    commitment_type,
    account_id,
    service,
    region,
    availability_zone,
    instance_type,
    operation,
    usage_type,
    offering_class,
    purchase_option,
    lease_length,
    sp_offering_type,
    sp_payment_option,
    sp_purchase_term,
    start_time,
    end_time,
    reservations,
    exact_purchased_hours AS purchased_hours,
    CASE WHEN NOT cut THEN fee_unused_hours
      WHEN cut_used_hours >= purchased_hours OR CAST(cut_used_hours AS DECIMAL(38, 10)) >= exact_purchased_hours THEN CAST(0 AS DECIMAL(38, 10))
      ELSE exact_purchased_hours - CAST(cut_used_hours AS DECIMAL(38, 10))
    END AS unused_hours,
    exact_purchased_units AS purchased_units,
    CASE WHEN NOT cut THEN fee_unused_units
      WHEN coalesce(exact_covered_units, 0) >= exact_purchased_units THEN CAST(0 AS DECIMAL(38, 10))
      ELSE exact_purchased_units - coalesce(exact_covered_units, 0)
    END AS unused_units,
    exact_covered_units AS covered_units,
    commitment,
    used_commitment,
    commitment_hours,
    focus_used_quantity,
    focus_unused_quantity,
    focus_unit,
    CASE WHEN NOT cut THEN fee_recurring END AS recurring_fee,
    CASE WHEN NOT cut THEN fee_upfront END AS amortised_upfront_fee,
    CASE WHEN NOT cut THEN fee_unused_recurring END AS unused_recurring_fee,
    CASE WHEN NOT cut THEN fee_unused_upfront END AS unused_upfront_fee,
    CASE WHEN NOT cut THEN unused_effective_cost END AS unused_cost,
    used_cost,
    covered_on_demand,
    upfront_payment,
    exact_fee_hours AS fee_hours,
    fee_recurring,
    fee_upfront,
    cut,
    CAST(fee_held AS DECIMAL(38, 10)) AS fee_held,
    CAST(fee_span AS DECIMAL(38, 10)) AS fee_span,
    CAST(CASE WHEN cut AND fee_hours > 0 THEN
      CASE WHEN cut_used_hours >= purchased_hours THEN CAST(0 AS DECIMAL(38, 0))
        ELSE greatest(CAST(0 AS DECIMAL(38, 0)), fee_held - CAST(round(cut_used_hours * 1000000) AS DECIMAL(38, 0)) * 3600)
      END
    END AS DECIMAL(38, 10)) AS unused_held,
    unused_other_cost
  FROM cut_hours
)
