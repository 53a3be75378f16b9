/**
 * The usage a commitment could cover, in SQL over line_items, written here from the README
 * (Commitments: coverage in hours and in cost) apart from queries/commitments/: the tests restate
 * coverage and its gaps with it.
 */

/** Usage types a Reserved Instance or Savings Plan applies to (instances of the reservable services, Fargate, Lambda). */
const ELIGIBLE_TYPES = `(x_InstanceType IS NOT NULL AND x_UsageType NOT LIKE '%SpotUsage%' AND (
        (x_ProductCode = 'AmazonEC2' AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%DedicatedUsage%' OR x_UsageType LIKE '%HostUsage%'))
        OR (x_ProductCode = 'AmazonRDS' AND (x_UsageType LIKE '%InstanceUsage%' OR x_UsageType LIKE '%Multi-AZUsage%'))
        OR (x_ProductCode = 'AmazonElastiCache' AND x_UsageType LIKE '%NodeUsage%')
        OR (x_ProductCode IN ('AmazonES', 'AmazonOpenSearchService') AND x_UsageType LIKE '%ESInstance%')
        OR (x_ProductCode = 'AmazonRedshift' AND x_UsageType LIKE '%Node%')))
    OR x_UsageType LIKE '%Fargate-vCPU-Hours%' OR x_UsageType LIKE '%Fargate-GB-Hours%'
    OR (x_ProductCode = 'AWSLambda' AND (x_UsageType LIKE '%Lambda-GB-Second%' OR x_UsageType LIKE '%Lambda-Provisioned%'))`;

/** Usage a commitment covered. */
export const COVERED = `(CommitmentDiscountStatus = 'Used' AND CommitmentDiscountType IS NOT NULL)`;

const USAGE_NOT_NEGATED = `ChargeCategory = 'Usage' AND coalesce(x_LineItemType, '') <> 'SavingsPlanNegation'`;

/** Usage a commitment covered or could have covered. */
export const ELIGIBLE = `${USAGE_NOT_NEGATED} AND (${COVERED} OR ${ELIGIBLE_TYPES})`;

/** Commitment-eligible usage no commitment covered ("on-demand spend that could have been covered"). */
export const UNCOVERED_ELIGIBLE = `${USAGE_NOT_NEGATED} AND (coalesce(CommitmentDiscountStatus, '') <> 'Used' OR CommitmentDiscountType IS NULL) AND (${ELIGIBLE_TYPES})`;
