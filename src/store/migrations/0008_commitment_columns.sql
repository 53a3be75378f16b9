-- description: line_items: Reserved Instance and Savings Plan columns (x_Reservation*, x_SavingsPlan*, net columns, normalisation)
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE line_items ADD COLUMN "x_NormalizationFactor" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_NormalizedUsageAmount" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_NetUnblendedCost" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_LeaseContractLength" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_OfferingClass" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_PurchaseOption" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_ReservationArn" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_ReservationSubscriptionId" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_ReservationAvailabilityZone" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_ReservationModificationStatus" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_ReservationStartTime" TIMESTAMP;

ALTER TABLE line_items ADD COLUMN "x_ReservationEndTime" TIMESTAMP;

ALTER TABLE line_items ADD COLUMN "x_ReservationNumberOfReservations" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationUnitsPerReservation" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationTotalReservedUnits" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationNormalizedUnitsPerReservation" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationTotalReservedNormalizedUnits" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationUnusedQuantity" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationUnusedNormalizedUnitQuantity" DOUBLE;

ALTER TABLE line_items ADD COLUMN "x_ReservationEffectiveCost" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationAmortizedUpfrontCostForUsage" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationRecurringFeeForUsage" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationAmortizedUpfrontFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationUnusedAmortizedUpfrontFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationUnusedRecurringFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationUpfrontValue" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetEffectiveCost" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetAmortizedUpfrontCostForUsage" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetRecurringFeeForUsage" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetAmortizedUpfrontFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetUnusedAmortizedUpfrontFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetUnusedRecurringFee" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_ReservationNetUpfrontValue" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanArn" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanOfferingType" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanPaymentOption" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanPurchaseTerm" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanRegion" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanInstanceTypeFamily" VARCHAR;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanStartTime" TIMESTAMP;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanEndTime" TIMESTAMP;

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanRate" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanEffectiveCost" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanTotalCommitmentToDate" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanUsedCommitment" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanRecurringCommitmentForBillingPeriod" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanAmortizedUpfrontCommitmentForBillingPeriod" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanNetEffectiveCost" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanNetRecurringCommitmentForBillingPeriod" DECIMAL(38,10);

ALTER TABLE line_items ADD COLUMN "x_SavingsPlanNetAmortizedUpfrontCommitmentForBillingPeriod" DECIMAL(38,10);
