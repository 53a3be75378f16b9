-- CTE fragment (included by commitments/coverage, its Athena twin and
-- commitments/eligible_on_demand_hourly with `-- @include eligible_lines.cte.sql`): the usage lines
-- (ChargeCategory Usage) of line_items, the columns its includers read (listed below, not `*`: a
-- narrower list plans faster; add a column there before an includer reads it), with what a
-- commitment could apply to, read from a CUR's columns (x_ProductCode, x_UsageType,
-- x_InstanceType) or, for FOCUS rows (no CUR line item type, and none of those columns), from
-- FOCUS 1.0's own: ServiceName, ResourceType, ChargeDescription (the provider's price text: "$0.34
-- per On Demand Linux c5.2xlarge Instance Hour"), ConsumedUnit and PricingCategory (Dynamic: Spot).
-- It defines eligible_lines, adding:
-- instance_line: 1 for an instance or node hour of EC2, RDS, ElastiCache, OpenSearch or Redshift
--   (CUR: a line with an instance type; FOCUS: one of those services in hours whose resource type
--   is `instance` or whose description says an instance or node hour, or an RI applied; not the
--   EBS-optimised surcharge);
-- instance_hours: 1 for those hours a Reserved Instance could cover (CUR: BoxUsage, DedicatedUsage,
--   HostUsage, InstanceUsage, Multi-AZUsage, NodeUsage, ESInstance, Node usage types; not Spot);
-- ec2_hours: 1 for EC2 instance hours a Compute Savings Plan could cover (not Spot);
-- fargate_hours: 1 for Fargate vCPU and memory hours; lambda_duration: 1 for Lambda duration and
--   provisioned concurrency (not Lambda@Edge);
-- instance_type: x_InstanceType, for FOCUS the instance type its description names;
-- usage_quantity: x_UsageAmount, for FOCUS ConsumedQuantity.
-- The six-value lists are OR chains, not IN lists: DuckDB plans an IN list of six or more values as a
-- join against every usage line, which made commitments/coverage about a fifth slower.
focus_eligible_lines AS (
  SELECT
    BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd, ChargeCategory, SubAccountId, ServiceName, RegionId, Tags,
    BilledCost, EffectiveCost, ListCost, CommitmentDiscountId, CommitmentDiscountStatus, CommitmentDiscountType,
    PricingCategory, ConsumedQuantity, ConsumedUnit, PricingUnit, ResourceType, ChargeDescription,
    x_LineItemType, x_ProductCode, x_UsageType, x_InstanceType, x_UsageAmount,
    CASE WHEN x_LineItemType IS NULL AND x_InstanceType IS NULL
      AND (ServiceName = 'Amazon Elastic Compute Cloud' OR ServiceName = 'Amazon Relational Database Service' OR ServiceName = 'Amazon ElastiCache'
        OR ServiceName = 'Amazon OpenSearch Service' OR ServiceName = 'Amazon Elasticsearch Service' OR ServiceName = 'Amazon Redshift')
      AND lower(coalesce(ConsumedUnit, PricingUnit, '')) IN ('hours', 'hour', 'hrs')
      AND (ResourceType = 'instance' OR lower(ChargeDescription) LIKE '%instance hour%' OR lower(ChargeDescription) LIKE '%instance-hour%'
        OR lower(ChargeDescription) LIKE '%node hour%' OR lower(ChargeDescription) LIKE '%node-hour%' OR lower(ChargeDescription) LIKE '%reserved instance applied%')
      AND lower(coalesce(ChargeDescription, '')) NOT LIKE '%ebs optimized%' AND lower(coalesce(ChargeDescription, '')) NOT LIKE '%ebs-optimized%'
      AND lower(coalesce(ChargeDescription, '')) NOT LIKE '%mbps%'
      THEN 1 ELSE 0 END AS focus_instance,
    CASE WHEN x_LineItemType IS NULL AND (PricingCategory = 'Dynamic' OR lower(coalesce(ChargeDescription, '')) LIKE '%spot%') THEN 1 ELSE 0 END AS focus_spot,
    CASE WHEN x_LineItemType IS NULL
      AND ServiceName IN ('Amazon Elastic Container Service', 'Amazon Elastic Kubernetes Service', 'Amazon Elastic Container Service for Kubernetes')
      AND lower(ChargeDescription) LIKE 'aws fargate%' AND (lower(ChargeDescription) LIKE '%vcpu%' OR lower(ChargeDescription) LIKE '%memory%')
      THEN 1 ELSE 0 END AS focus_fargate,
    CASE WHEN x_LineItemType IS NULL AND ServiceName = 'AWS Lambda'
      AND (lower(ChargeDescription) LIKE 'aws lambda - total compute%' OR lower(ChargeDescription) LIKE 'aws lambda - provisioned%')
      THEN 1 ELSE 0 END AS focus_lambda
  FROM line_items
  WHERE ChargeCategory = 'Usage'
),
eligible_lines AS (
  SELECT
    *,
    CASE WHEN x_InstanceType IS NOT NULL OR focus_instance = 1 THEN 1 ELSE 0 END AS instance_line,
    CASE WHEN x_InstanceType IS NOT NULL
        AND (x_ProductCode = 'AmazonEC2' OR x_ProductCode = 'AmazonRDS' OR x_ProductCode = 'AmazonElastiCache' OR x_ProductCode = 'AmazonES'
          OR x_ProductCode = 'AmazonOpenSearchService' OR x_ProductCode = 'AmazonRedshift')
        AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%DedicatedUsage%' OR x_UsageType LIKE '%HostUsage%'
          OR x_UsageType LIKE '%InstanceUsage%' OR x_UsageType LIKE '%Multi-AZUsage%' OR x_UsageType LIKE '%NodeUsage%'
          OR x_UsageType LIKE '%ESInstance%' OR x_UsageType LIKE '%Node:%')
        AND x_UsageType NOT LIKE '%SpotUsage%'
      OR focus_instance = 1 AND focus_spot = 0
      THEN 1 ELSE 0 END AS instance_hours,
    CASE WHEN x_ProductCode = 'AmazonEC2' AND x_InstanceType IS NOT NULL
        AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%DedicatedUsage%' OR x_UsageType LIKE '%HostUsage%')
        AND x_UsageType NOT LIKE '%SpotUsage%'
      OR focus_instance = 1 AND focus_spot = 0 AND ServiceName = 'Amazon Elastic Compute Cloud'
      THEN 1 ELSE 0 END AS ec2_hours,
    CASE WHEN x_UsageType LIKE '%Fargate-vCPU-Hours%' OR x_UsageType LIKE '%Fargate-GB-Hours%' OR focus_fargate = 1 THEN 1 ELSE 0 END AS fargate_hours,
    CASE WHEN x_ProductCode = 'AWSLambda' AND (x_UsageType LIKE '%Lambda-GB-Second%' OR x_UsageType LIKE '%Lambda-Provisioned%') OR focus_lambda = 1
      THEN 1 ELSE 0 END AS lambda_duration,
    coalesce(x_InstanceType, CASE WHEN focus_instance = 1 THEN nullif(regexp_extract(lower(ChargeDescription),
      '((db|cache)\.)?[a-z][a-z0-9-]*\.[0-9]*(nano|micro|small|medium|large|xlarge|metal)[a-z0-9-]*', 0), '') END) AS instance_type,
    coalesce(x_UsageAmount, CASE WHEN x_LineItemType IS NULL THEN ConsumedQuantity END) AS usage_quantity
  FROM focus_eligible_lines
)
