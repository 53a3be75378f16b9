-- Per commitment (a Reserved Instance or Savings Plan, by ARN) and billing period: what was
-- purchased, used and unused, as AWS's RI and Savings Plans utilisation reports count it.
-- RI: purchased hours = the RIFee line's UsageAmount, unused hours = reservation/UnusedQuantity,
-- the same in normalised units (TotalReservedNormalizedUnits, UnusedNormalizedUnitQuantity).
-- Savings Plan: purchased = TotalCommitmentToDate, used = UsedCommitment of its
-- SavingsPlanRecurringFee lines (dollars). FOCUS rows: CommitmentDiscountQuantity of the Used and
-- Unused rows. unused_cost is the EffectiveCost of the Unused rows (RI: unused recurring + unused
-- amortised upfront fee; SP: unused commitment); used_cost and covered_on_demand are the
-- EffectiveCost and ListCost of the usage the commitment covered.
-- Ranges are half-open; billing bounds select by BillingPeriodStart, charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @returns billing_period DATE, arn VARCHAR, commitment_type VARCHAR, account_id VARCHAR, service VARCHAR, region VARCHAR, availability_zone VARCHAR, instance_type VARCHAR, operation VARCHAR, usage_type VARCHAR, offering_class VARCHAR, purchase_option VARCHAR, lease_length VARCHAR, sp_offering_type VARCHAR, sp_payment_option VARCHAR, sp_purchase_term VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, reservations DOUBLE, purchased_hours DOUBLE, unused_hours DOUBLE, purchased_units DOUBLE, unused_units DOUBLE, covered_units DOUBLE, commitment DECIMAL, used_commitment DECIMAL, commitment_hours DOUBLE, focus_used_quantity DOUBLE, focus_unused_quantity DOUBLE, focus_unit VARCHAR, recurring_fee DECIMAL, amortised_upfront_fee DECIMAL, unused_recurring_fee DECIMAL, unused_upfront_fee DECIMAL, unused_cost DECIMAL, used_cost DECIMAL, covered_on_demand DECIMAL, upfront_payment DECIMAL
WITH lines AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
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
  FROM line_items
  WHERE CommitmentDiscountId IS NOT NULL
    AND BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
)
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
  sum(CASE WHEN line_type = 'RIFee' THEN x_UsageAmount END) AS purchased_hours,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedQuantity END) AS unused_hours,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationTotalReservedNormalizedUnits END) AS purchased_units,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedNormalizedUnitQuantity END) AS unused_units,
  sum(CASE WHEN line_type = 'DiscountedUsage' THEN x_NormalizedUsageAmount END) AS covered_units,
  sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanTotalCommitmentToDate END) AS commitment,
  sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN x_SavingsPlanUsedCommitment END) AS used_commitment,
  sum(CASE WHEN line_type = 'SavingsPlanRecurringFee' THEN date_diff('second', ChargePeriodStart, ChargePeriodEnd) END) / 3600.0 AS commitment_hours,
  sum(CASE WHEN status = 'Used' THEN CommitmentDiscountQuantity END) AS focus_used_quantity,
  sum(CASE WHEN status = 'Unused' THEN CommitmentDiscountQuantity END) AS focus_unused_quantity,
  max(CommitmentDiscountUnit) AS focus_unit,
  sum(CASE WHEN line_type = 'RIFee' THEN BilledCost END) AS recurring_fee,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationAmortizedUpfrontFee END) AS amortised_upfront_fee,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedRecurringFee END) AS unused_recurring_fee,
  sum(CASE WHEN line_type = 'RIFee' THEN x_ReservationUnusedAmortizedUpfrontFee END) AS unused_upfront_fee,
  coalesce(sum(CASE WHEN status = 'Unused' THEN EffectiveCost END), 0) AS unused_cost,
  coalesce(sum(CASE WHEN status = 'Used' THEN EffectiveCost END), 0) AS used_cost,
  coalesce(sum(CASE WHEN status = 'Used' THEN ListCost END), 0) AS covered_on_demand,
  coalesce(sum(CASE WHEN ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time' THEN BilledCost END), 0) AS upfront_payment
FROM lines
GROUP BY billing_period, arn
ORDER BY billing_period, arn
