/**
 * Columns of a legacy AWS Cost and Usage Report (CUR) as delivered in CSV, with the
 * `category/Name` headers and the manifest column types AWS uses
 * (data dictionary: https://docs.aws.amazon.com/cur/latest/userguide/data-dictionary.html).
 *
 * Legacy CUR has a dynamic schema: this is the set of static columns the demo writes;
 * `resourceTags/user:<key>`, `resourceTags/aws:<key>` and `costCategory/<name>` columns
 * are appended per billing period for the keys that occur in it.
 */

/** A manifest column type of the legacy CUR. */
export type LegacyCurType =
  | 'String'
  | 'OptionalString'
  | 'DateTime'
  | 'Interval'
  | 'BigDecimal'
  | 'OptionalBigDecimal';

/** One legacy CUR column: `category/name` in the CSV header. */
export interface LegacyCurColumn {
  category: string;
  name: string;
  type: LegacyCurType;
}

const col = (header: string, type: LegacyCurType): LegacyCurColumn => {
  const slash = header.indexOf('/');
  return { category: header.slice(0, slash), name: header.slice(slash + 1), type };
};

/** The static legacy CUR columns, in header order. */
export const LEGACY_CUR_COLUMNS: readonly LegacyCurColumn[] = [
  col('identity/LineItemId', 'String'),
  col('identity/TimeInterval', 'Interval'),
  col('bill/InvoiceId', 'OptionalString'),
  col('bill/InvoicingEntity', 'String'),
  col('bill/BillingEntity', 'String'),
  col('bill/BillType', 'String'),
  col('bill/PayerAccountId', 'String'),
  col('bill/BillingPeriodStartDate', 'DateTime'),
  col('bill/BillingPeriodEndDate', 'DateTime'),
  col('lineItem/UsageAccountId', 'String'),
  col('lineItem/LineItemType', 'String'),
  col('lineItem/UsageStartDate', 'DateTime'),
  col('lineItem/UsageEndDate', 'DateTime'),
  col('lineItem/ProductCode', 'String'),
  col('lineItem/UsageType', 'String'),
  col('lineItem/Operation', 'String'),
  col('lineItem/AvailabilityZone', 'OptionalString'),
  col('lineItem/ResourceId', 'OptionalString'),
  col('lineItem/UsageAmount', 'BigDecimal'),
  col('lineItem/NormalizationFactor', 'OptionalBigDecimal'),
  col('lineItem/NormalizedUsageAmount', 'OptionalBigDecimal'),
  col('lineItem/CurrencyCode', 'String'),
  col('lineItem/UnblendedRate', 'OptionalBigDecimal'),
  col('lineItem/UnblendedCost', 'BigDecimal'),
  col('lineItem/BlendedRate', 'OptionalBigDecimal'),
  col('lineItem/BlendedCost', 'BigDecimal'),
  col('lineItem/LineItemDescription', 'String'),
  col('lineItem/TaxType', 'OptionalString'),
  col('lineItem/LegalEntity', 'OptionalString'),
  col('product/ProductName', 'OptionalString'),
  col('product/databaseEngine', 'OptionalString'),
  col('product/fromLocation', 'OptionalString'),
  col('product/group', 'OptionalString'),
  col('product/instanceFamily', 'OptionalString'),
  col('product/instanceType', 'OptionalString'),
  col('product/location', 'OptionalString'),
  col('product/locationType', 'OptionalString'),
  col('product/memory', 'OptionalString'),
  col('product/operatingSystem', 'OptionalString'),
  col('product/operation', 'OptionalString'),
  col('product/productFamily', 'OptionalString'),
  col('product/region', 'OptionalString'),
  col('product/regionCode', 'OptionalString'),
  col('product/servicecode', 'OptionalString'),
  col('product/servicename', 'OptionalString'),
  col('product/sku', 'OptionalString'),
  col('product/storageClass', 'OptionalString'),
  col('product/tenancy', 'OptionalString'),
  col('product/toLocation', 'OptionalString'),
  col('product/transferType', 'OptionalString'),
  col('product/usagetype', 'OptionalString'),
  col('product/vcpu', 'OptionalString'),
  col('product/volumeApiName', 'OptionalString'),
  col('pricing/LeaseContractLength', 'OptionalString'),
  col('pricing/OfferingClass', 'OptionalString'),
  col('pricing/PurchaseOption', 'OptionalString'),
  col('pricing/RateCode', 'OptionalString'),
  col('pricing/currency', 'OptionalString'),
  col('pricing/publicOnDemandCost', 'OptionalBigDecimal'),
  col('pricing/publicOnDemandRate', 'OptionalBigDecimal'),
  col('pricing/term', 'OptionalString'),
  col('pricing/unit', 'OptionalString'),
  col('reservation/AmortizedUpfrontCostForUsage', 'OptionalBigDecimal'),
  col('reservation/AmortizedUpfrontFeeForBillingPeriod', 'OptionalBigDecimal'),
  col('reservation/EffectiveCost', 'OptionalBigDecimal'),
  col('reservation/EndTime', 'OptionalString'),
  col('reservation/ModificationStatus', 'OptionalString'),
  col('reservation/NormalizedUnitsPerReservation', 'OptionalString'),
  col('reservation/NumberOfReservations', 'OptionalString'),
  col('reservation/RecurringFeeForUsage', 'OptionalBigDecimal'),
  col('reservation/ReservationARN', 'OptionalString'),
  col('reservation/StartTime', 'OptionalString'),
  col('reservation/SubscriptionId', 'OptionalString'),
  col('reservation/TotalReservedNormalizedUnits', 'OptionalString'),
  col('reservation/TotalReservedUnits', 'OptionalString'),
  col('reservation/UnitsPerReservation', 'OptionalString'),
  col('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod', 'OptionalBigDecimal'),
  col('reservation/UnusedNormalizedUnitQuantity', 'OptionalBigDecimal'),
  col('reservation/UnusedQuantity', 'OptionalBigDecimal'),
  col('reservation/UnusedRecurringFee', 'OptionalBigDecimal'),
  col('reservation/UpfrontValue', 'OptionalBigDecimal'),
  col('savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod', 'OptionalBigDecimal'),
  col('savingsPlan/EndTime', 'OptionalString'),
  col('savingsPlan/InstanceTypeFamily', 'OptionalString'),
  col('savingsPlan/OfferingType', 'OptionalString'),
  col('savingsPlan/PaymentOption', 'OptionalString'),
  col('savingsPlan/PurchaseTerm', 'OptionalString'),
  col('savingsPlan/RecurringCommitmentForBillingPeriod', 'OptionalBigDecimal'),
  col('savingsPlan/Region', 'OptionalString'),
  col('savingsPlan/SavingsPlanARN', 'OptionalString'),
  col('savingsPlan/SavingsPlanEffectiveCost', 'OptionalBigDecimal'),
  col('savingsPlan/SavingsPlanRate', 'OptionalBigDecimal'),
  col('savingsPlan/StartTime', 'OptionalString'),
  col('savingsPlan/TotalCommitmentToDate', 'OptionalBigDecimal'),
  col('savingsPlan/UsedCommitment', 'OptionalBigDecimal'),
];

/** The CSV header of a legacy CUR column (`lineItem/UnblendedCost`). */
export function legacyHeader(column: { category: string; name: string }): string {
  return `${column.category}/${column.name}`;
}
