-- CTE fragment (included by the queries of queries/data_transfer/ with
-- `-- @include usage_lines_by_transfer_type.cte.sql`): defines usage_lines_by_transfer_type, the
-- usage line items (x_ChargeClass usage) with their transfer_type, NULL for a line that is not data
-- transfer. The includer filters the charge days and sums.
-- The type comes from the usage type (region prefixes aside): CloudFront (any *Bytes* line of
-- AmazonCloudFront), NAT processing (NatGateway-Bytes), inter-AZ (DataTransfer-Regional-Bytes:
-- traffic between Availability Zones, or to a public or Elastic IP in the region),
-- inter-region (SRC-DST-AWS-Out-Bytes / -AWS-In-Bytes), internet egress (DataTransfer-Out-Bytes),
-- internet ingress (DataTransfer-In-Bytes), gateway and endpoint processing (TransitGateway-Bytes,
-- VpcEndpoint-Bytes), other data transfer (any other usage type containing DataTransfer).
usage_lines_by_transfer_type AS (
  SELECT
    li.*,
    CASE
      WHEN li.x_ProductCode = 'AmazonCloudFront' AND li.x_UsageType LIKE '%Bytes%' THEN 'CloudFront'
      WHEN li.x_UsageType LIKE '%NatGateway-Bytes' THEN 'NAT processing'
      WHEN li.x_UsageType LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ'
      WHEN li.x_UsageType LIKE '%-AWS-Out-Bytes' OR li.x_UsageType LIKE '%-AWS-In-Bytes' THEN 'inter-region'
      WHEN li.x_UsageType LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress'
      WHEN li.x_UsageType LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress'
      WHEN li.x_UsageType LIKE '%TransitGateway-Bytes' OR li.x_UsageType LIKE '%VpcEndpoint-Bytes' THEN 'gateway and endpoint processing'
      WHEN li.x_UsageType LIKE '%DataTransfer%' THEN 'other data transfer'
    END AS transfer_type
  FROM line_items li
  WHERE li.x_ChargeClass = 'usage'
)
