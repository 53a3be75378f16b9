-- Per commitment (a Reserved Instance or Savings Plan, by ARN) and billing period: what was
-- purchased, used and unused, as AWS's RI and Savings Plans utilisation reports count it.
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
-- or the RI's start), UsageAmount ÷ NumberOfReservations of them. Cut by the range, the RI's figures
-- are then those of its hours in the range: purchased hours, normalised units and fees × fee_share;
-- used units = the NormalizedUsageAmount of its DiscountedUsage lines in the range, used hours the
-- same in the RI's units per hour (its DiscountedUsage hours when it has no normalised units);
-- unused = purchased − used; unused fees = unused hours × the line's recurring and amortised upfront
-- fee per hour, their sum the unused cost.
-- A month the store's data does not complete (its usage ends before the RIFee's hours do: AWS posts
-- the RIFee for the whole month on the 1st) is cut the same way at the end of the store's usage
-- ($data_ends_at: the latest end of a usage line of at most a day in the billing periods selected, as
-- commitments/data_horizon reads it per billing period; the caller passes it, so this query does not
-- scan line_items for it), so a month to date counts the RI's hours so far, never the hours still
-- to come as purchased or unused.
-- Prorated money is exact: a line's fees × fee_held ÷ fee_span (whole numbers: its seconds in the range ×
-- its reservations in millionths, over its six-decimal UsageAmount in microhours), and an RI's unused
-- fees (its fees × its unused part of those hours), each rounded once to 1e-10, half away from zero
-- (line_estimates). fee_hours, fee_recurring and fee_upfront are its RIFee lines' own, whole: its rate.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param data_ends_at TIMESTAMP = 9999-12-31  where the store's usage ends in the billing periods selected (commitments/data_horizon's latest_end); RIFee hours after it are cut, none by default
-- @returns billing_period DATE, arn VARCHAR, commitment_type VARCHAR, account_id VARCHAR, service VARCHAR, region VARCHAR, availability_zone VARCHAR, instance_type VARCHAR, operation VARCHAR, usage_type VARCHAR, offering_class VARCHAR, purchase_option VARCHAR, lease_length VARCHAR, sp_offering_type VARCHAR, sp_payment_option VARCHAR, sp_purchase_term VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, reservations DOUBLE, purchased_hours DOUBLE, unused_hours DOUBLE, purchased_units DOUBLE, unused_units DOUBLE, covered_units DOUBLE, commitment DECIMAL, used_commitment DECIMAL, commitment_hours DOUBLE, focus_used_quantity DOUBLE, focus_unused_quantity DOUBLE, focus_unit VARCHAR, recurring_fee DECIMAL, amortised_upfront_fee DECIMAL, unused_recurring_fee DECIMAL, unused_upfront_fee DECIMAL, unused_cost DECIMAL, used_cost DECIMAL, covered_on_demand DECIMAL, upfront_payment DECIMAL, fee_hours DOUBLE, fee_recurring DECIMAL, fee_upfront DECIMAL
WITH fee_lines AS (
  SELECT
    *,
    least(CAST($charge_to AS TIMESTAMP), CAST($data_ends_at AS TIMESTAMP)) AS fee_to,
    CASE WHEN x_LineItemType = 'RIFee' AND x_UsageAmount > 0 AND x_ReservationNumberOfReservations > 0
      THEN x_UsageAmount / x_ReservationNumberOfReservations * 3600.0
      ELSE greatest(1.0, CAST(date_diff('second', ChargePeriodStart, ChargePeriodEnd) AS DOUBLE))
    END AS fee_seconds,
    -- fee_seconds exactly, as whole numbers: fee_span ÷ fee_scale seconds.
    CASE WHEN x_LineItemType = 'RIFee' AND x_UsageAmount > 0 AND x_ReservationNumberOfReservations > 0
      THEN CAST(greatest(1, round(x_UsageAmount * 1000000)) AS DECIMAL(38, 0)) * 3600
      ELSE CAST(greatest(1, date_diff('second', ChargePeriodStart, ChargePeriodEnd)) AS DECIMAL(38, 0))
    END AS fee_span,
    CASE WHEN x_LineItemType = 'RIFee' AND x_UsageAmount > 0 AND x_ReservationNumberOfReservations > 0
      THEN CAST(round(x_ReservationNumberOfReservations * 1000000) AS DECIMAL(38, 0))
      ELSE CAST(1 AS DECIMAL(38, 0))
    END AS fee_scale
  FROM line_items
  WHERE CommitmentDiscountId IS NOT NULL
    AND BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
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
-- An RIFee line's fees × fee_held ÷ fee_span: neither engine divides DECIMALs exactly (DuckDB divides
-- them as DOUBLE), so the quotient is estimated in DOUBLE (_q0), corrected by its exact remainder (_q,
-- within about half a 1e-10), and stepped in grouped by its doubled remainder (_r2) against
-- fee_span × 1e-10 (fee_unit) to the quotient rounded to 1e-10, half away from zero.
line_estimates AS (
  SELECT
    *,
    fee_span * 0.0000000001 AS fee_unit,
    CASE WHEN line_type = 'RIFee' THEN CAST(CAST(BilledCost * fee_held AS DOUBLE) / CAST(fee_span AS DOUBLE) AS DECIMAL(38, 10)) END AS recurring_q0,
    CASE WHEN line_type = 'RIFee' THEN CAST(CAST(x_ReservationAmortizedUpfrontFee * fee_held AS DOUBLE) / CAST(fee_span AS DOUBLE) AS DECIMAL(38, 10)) END AS upfront_q0
  FROM lines
),
line_quotients AS (
  SELECT
    *,
    recurring_q0 + CAST(CAST(BilledCost * fee_held - recurring_q0 * fee_span AS DOUBLE) / CAST(fee_span AS DOUBLE) AS DECIMAL(38, 10)) AS recurring_q,
    upfront_q0 + CAST(CAST(x_ReservationAmortizedUpfrontFee * fee_held - upfront_q0 * fee_span AS DOUBLE) / CAST(fee_span AS DOUBLE) AS DECIMAL(38, 10)) AS upfront_q
  FROM line_estimates
),
line_fees AS (
  SELECT
    *,
    2 * (BilledCost * fee_held - recurring_q * fee_span) AS recurring_r2,
    2 * (x_ReservationAmortizedUpfrontFee * fee_held - upfront_q * fee_span) AS upfront_r2
  FROM line_quotients
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
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedQuantity END) AS fee_unused_hours,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationTotalReservedNormalizedUnits END) AS fee_units,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationTotalReservedNormalizedUnits * fee_share END) AS purchased_units,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedNormalizedUnitQuantity END) AS fee_unused_units,
    sum(CASE WHEN line_type = 'DiscountedUsage' THEN x_NormalizedUsageAmount END) AS covered_units,
    sum(CASE WHEN line_type = 'DiscountedUsage' THEN x_UsageAmount END) AS covered_hours,
    sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanTotalCommitmentToDate END) AS commitment,
    sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanUsedCommitment END) AS used_commitment,
    sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN date_diff('second', ChargePeriodStart, ChargePeriodEnd) END) / 3600.0 AS commitment_hours,
    sum(CASE WHEN status = 'Used' THEN CommitmentDiscountQuantity END) AS focus_used_quantity,
    sum(CASE WHEN status = 'Unused' THEN CommitmentDiscountQuantity END) AS focus_unused_quantity,
    max(CommitmentDiscountUnit) AS focus_unit,
    sum(CASE WHEN line_type = 'RIFee' THEN BilledCost END) AS fee_recurring,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationAmortizedUpfrontFee END) AS fee_upfront,
    sum(CASE WHEN line_type = 'RIFee' THEN recurring_q + CASE
        WHEN recurring_r2 > fee_unit OR (recurring_r2 = fee_unit AND BilledCost > 0) THEN 0.0000000001
        WHEN recurring_r2 < -fee_unit OR (recurring_r2 = -fee_unit AND BilledCost < 0) THEN -0.0000000001
        ELSE 0 END END) AS recurring_fee,
    sum(CASE WHEN line_type = 'RIFee' THEN upfront_q + CASE
        WHEN upfront_r2 > fee_unit OR (upfront_r2 = fee_unit AND x_ReservationAmortizedUpfrontFee > 0) THEN 0.0000000001
        WHEN upfront_r2 < -fee_unit OR (upfront_r2 = -fee_unit AND x_ReservationAmortizedUpfrontFee < 0) THEN -0.0000000001
        ELSE 0 END END) AS amortised_upfront_fee,
    sum(CASE WHEN line_type = 'RIFee' THEN fee_held END) AS fee_held_sum,
    sum(CASE WHEN line_type = 'RIFee' THEN fee_span END) AS fee_span_sum,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedRecurringFee END) AS fee_unused_recurring,
    sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedAmortizedUpfrontFee END) AS fee_unused_upfront,
    coalesce(sum(CASE WHEN status = 'Unused' THEN EffectiveCost END), 0) AS unused_effective_cost,
    coalesce(sum(CASE WHEN status = 'Unused' AND line_type <> 'RIFee' THEN EffectiveCost END), 0) AS unused_other_cost,
    coalesce(sum(CASE WHEN status = 'Used' THEN EffectiveCost END), 0) AS used_cost,
    coalesce(sum(CASE WHEN status = 'Used' THEN ListCost END), 0) AS covered_on_demand,
    coalesce(sum(CASE WHEN ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time' THEN BilledCost END), 0) AS upfront_payment
  FROM line_fees
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
-- The unused fees of an RI the range cuts, exactly as line_estimates: its fees × unused_held ÷
-- fee_span_sum, unused_held being fee_held_sum less its used hours in whole microhours (3,600 × 10^6
-- to the hour; none when it used all its hours). The estimate: unused hours × fee ÷ hours in DOUBLE.
unused_estimates AS (
  SELECT
    *,
    purchased_hours - cut_used_hours AS cut_unused_hours,
    CASE WHEN cut_used_hours >= purchased_hours THEN CAST(0 AS DECIMAL(38, 0))
      ELSE greatest(CAST(0 AS DECIMAL(38, 0)), fee_held_sum - CAST(round(cut_used_hours * 1000000) AS DECIMAL(38, 0)) * 3600)
    END AS unused_held,
    fee_span_sum * 0.0000000001 AS span_unit,
    CASE WHEN cut AND fee_hours > 0 THEN CAST((purchased_hours - cut_used_hours) * CAST(fee_recurring AS DOUBLE) / fee_hours AS DECIMAL(38, 10)) END AS unused_recurring_q0,
    CASE WHEN cut AND fee_hours > 0 THEN CAST((purchased_hours - cut_used_hours) * CAST(fee_upfront AS DOUBLE) / fee_hours AS DECIMAL(38, 10)) END AS unused_upfront_q0
  FROM cut_hours
),
unused_quotients AS (
  SELECT
    *,
    unused_recurring_q0 + CAST(CAST(fee_recurring * unused_held - unused_recurring_q0 * fee_span_sum AS DOUBLE) / CAST(fee_span_sum AS DOUBLE) AS DECIMAL(38, 10)) AS unused_recurring_q,
    unused_upfront_q0 + CAST(CAST(fee_upfront * unused_held - unused_upfront_q0 * fee_span_sum AS DOUBLE) / CAST(fee_span_sum AS DOUBLE) AS DECIMAL(38, 10)) AS unused_upfront_q
  FROM unused_estimates
),
unused_fees AS (
  SELECT
    *,
    2 * (fee_recurring * unused_held - unused_recurring_q * fee_span_sum) AS unused_recurring_r2,
    2 * (fee_upfront * unused_held - unused_upfront_q * fee_span_sum) AS unused_upfront_r2
  FROM unused_quotients
),
figures AS (
  SELECT
    *,
    CASE WHEN cut THEN unused_recurring_q + CASE
        WHEN unused_recurring_r2 > span_unit OR (unused_recurring_r2 = span_unit AND fee_recurring > 0) THEN 0.0000000001
        WHEN unused_recurring_r2 < -span_unit OR (unused_recurring_r2 = -span_unit AND fee_recurring < 0) THEN -0.0000000001
        ELSE 0 END
      ELSE fee_unused_recurring
    END AS unused_recurring_fee,
    CASE WHEN cut THEN unused_upfront_q + CASE
        WHEN unused_upfront_r2 > span_unit OR (unused_upfront_r2 = span_unit AND fee_upfront > 0) THEN 0.0000000001
        WHEN unused_upfront_r2 < -span_unit OR (unused_upfront_r2 = -span_unit AND fee_upfront < 0) THEN -0.0000000001
        ELSE 0 END
      ELSE fee_unused_upfront
    END AS unused_upfront_fee
  FROM unused_fees
)
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
  purchased_hours,
  CASE WHEN cut THEN cut_unused_hours ELSE fee_unused_hours END AS unused_hours,
  purchased_units,
  CASE WHEN cut THEN purchased_units - least(purchased_units, coalesce(covered_units, 0)) ELSE fee_unused_units END AS unused_units,
  covered_units,
  commitment,
  used_commitment,
  commitment_hours,
  focus_used_quantity,
  focus_unused_quantity,
  focus_unit,
  recurring_fee,
  amortised_upfront_fee,
  unused_recurring_fee,
  unused_upfront_fee,
  CASE WHEN cut THEN unused_other_cost + coalesce(unused_recurring_fee, 0) + coalesce(unused_upfront_fee, 0) ELSE unused_effective_cost END AS unused_cost,
  used_cost,
  covered_on_demand,
  upfront_payment,
  fee_hours,
  fee_recurring,
  fee_upfront
FROM figures
ORDER BY billing_period, arn
