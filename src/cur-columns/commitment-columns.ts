/**
 * What a CUR says about Reserved Instances and Savings Plans, and the `line_items` column each
 * value lands in. Names are the snake_case (CUR for Athena / CUR 2.0) spelling; legacy CSV
 * headers map to them (`reservation/UnusedQuantity` → `reservation_unused_quantity`).
 * Definitions: the CUR data dictionary (legacy: https://docs.aws.amazon.com/cur/latest/userguide/reservation-columns.html
 * and savingsplans-columns.html; CUR 2.0: table-dictionary-cur2-reservation.html and
 * table-dictionary-cur2-savings-plan.html). Reservation counts and units are strings in the
 * dictionary; start and end times are ISO 8601 strings (`2019-08-13T18:14:01.000Z`).
 * The `*_net_*` columns appear only when the payer has discounts (EDP, private pricing): where a
 * file lacks them, the store holds NULL and the net view falls back to the gross column.
 */

/** How a value is stored: text, a DOUBLE quantity, DECIMAL(38,10) money, or a UTC TIMESTAMP. */
export type CommitmentValueKind = 'text' | 'quantity' | 'money' | 'time';

/** One mapped CUR column. */
export interface CurCommitmentColumn {
  /** The `line_items` column. */
  target: string;
  /** The CUR column, snake_case. */
  source: string;
  kind: CommitmentValueKind;
}

const c = (target: string, source: string, kind: CommitmentValueKind): CurCommitmentColumn => ({ target, source, kind });

/** Every mapped column, line item and pricing attributes first, then reservation, then Savings Plan. */
export const CUR_COMMITMENT_COLUMNS: readonly CurCommitmentColumn[] = [
  c('x_NormalizationFactor', 'line_item_normalization_factor', 'quantity'),
  c('x_NormalizedUsageAmount', 'line_item_normalized_usage_amount', 'quantity'),
  c('x_NetUnblendedCost', 'line_item_net_unblended_cost', 'money'),
  c('x_LeaseContractLength', 'pricing_lease_contract_length', 'text'),
  c('x_OfferingClass', 'pricing_offering_class', 'text'),
  c('x_PurchaseOption', 'pricing_purchase_option', 'text'),

  c('x_ReservationArn', 'reservation_reservation_a_r_n', 'text'),
  c('x_ReservationSubscriptionId', 'reservation_subscription_id', 'text'),
  c('x_ReservationAvailabilityZone', 'reservation_availability_zone', 'text'),
  c('x_ReservationModificationStatus', 'reservation_modification_status', 'text'),
  c('x_ReservationStartTime', 'reservation_start_time', 'time'),
  c('x_ReservationEndTime', 'reservation_end_time', 'time'),
  c('x_ReservationNumberOfReservations', 'reservation_number_of_reservations', 'quantity'),
  c('x_ReservationUnitsPerReservation', 'reservation_units_per_reservation', 'quantity'),
  c('x_ReservationTotalReservedUnits', 'reservation_total_reserved_units', 'quantity'),
  c('x_ReservationNormalizedUnitsPerReservation', 'reservation_normalized_units_per_reservation', 'quantity'),
  c('x_ReservationTotalReservedNormalizedUnits', 'reservation_total_reserved_normalized_units', 'quantity'),
  c('x_ReservationUnusedQuantity', 'reservation_unused_quantity', 'quantity'),
  c('x_ReservationUnusedNormalizedUnitQuantity', 'reservation_unused_normalized_unit_quantity', 'quantity'),
  c('x_ReservationEffectiveCost', 'reservation_effective_cost', 'money'),
  c('x_ReservationAmortizedUpfrontCostForUsage', 'reservation_amortized_upfront_cost_for_usage', 'money'),
  c('x_ReservationRecurringFeeForUsage', 'reservation_recurring_fee_for_usage', 'money'),
  c('x_ReservationAmortizedUpfrontFee', 'reservation_amortized_upfront_fee_for_billing_period', 'money'),
  c('x_ReservationUnusedAmortizedUpfrontFee', 'reservation_unused_amortized_upfront_fee_for_billing_period', 'money'),
  c('x_ReservationUnusedRecurringFee', 'reservation_unused_recurring_fee', 'money'),
  c('x_ReservationUpfrontValue', 'reservation_upfront_value', 'money'),
  c('x_ReservationNetEffectiveCost', 'reservation_net_effective_cost', 'money'),
  c('x_ReservationNetAmortizedUpfrontCostForUsage', 'reservation_net_amortized_upfront_cost_for_usage', 'money'),
  c('x_ReservationNetRecurringFeeForUsage', 'reservation_net_recurring_fee_for_usage', 'money'),
  c('x_ReservationNetAmortizedUpfrontFee', 'reservation_net_amortized_upfront_fee_for_billing_period', 'money'),
  c('x_ReservationNetUnusedAmortizedUpfrontFee', 'reservation_net_unused_amortized_upfront_fee_for_billing_period', 'money'),
  c('x_ReservationNetUnusedRecurringFee', 'reservation_net_unused_recurring_fee', 'money'),
  c('x_ReservationNetUpfrontValue', 'reservation_net_upfront_value', 'money'),

  c('x_SavingsPlanArn', 'savings_plan_savings_plan_a_r_n', 'text'),
  c('x_SavingsPlanOfferingType', 'savings_plan_offering_type', 'text'),
  c('x_SavingsPlanPaymentOption', 'savings_plan_payment_option', 'text'),
  c('x_SavingsPlanPurchaseTerm', 'savings_plan_purchase_term', 'text'),
  c('x_SavingsPlanRegion', 'savings_plan_region', 'text'),
  c('x_SavingsPlanInstanceTypeFamily', 'savings_plan_instance_type_family', 'text'),
  c('x_SavingsPlanStartTime', 'savings_plan_start_time', 'time'),
  c('x_SavingsPlanEndTime', 'savings_plan_end_time', 'time'),
  c('x_SavingsPlanRate', 'savings_plan_savings_plan_rate', 'money'),
  c('x_SavingsPlanEffectiveCost', 'savings_plan_savings_plan_effective_cost', 'money'),
  c('x_SavingsPlanTotalCommitmentToDate', 'savings_plan_total_commitment_to_date', 'money'),
  c('x_SavingsPlanUsedCommitment', 'savings_plan_used_commitment', 'money'),
  c('x_SavingsPlanRecurringCommitmentForBillingPeriod', 'savings_plan_recurring_commitment_for_billing_period', 'money'),
  c('x_SavingsPlanAmortizedUpfrontCommitmentForBillingPeriod', 'savings_plan_amortized_upfront_commitment_for_billing_period', 'money'),
  c('x_SavingsPlanNetEffectiveCost', 'savings_plan_net_savings_plan_effective_cost', 'money'),
  c('x_SavingsPlanNetRecurringCommitmentForBillingPeriod', 'savings_plan_net_recurring_commitment_for_billing_period', 'money'),
  c('x_SavingsPlanNetAmortizedUpfrontCommitmentForBillingPeriod', 'savings_plan_net_amortized_upfront_commitment_for_billing_period', 'money'),
];
