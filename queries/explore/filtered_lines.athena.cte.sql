-- CTE fragment, Athena (Trino) form of filtered_lines.cte.sql (which says who includes it and what
-- it defines): element_at returns NULL for a missing key where a map subscript fails, and the
-- organisation's CUR view has no tag_sets, so tags are read per line. tag_raw_value is the first
-- of $tag_keys carrying a non-blank value (NULL when untagged or no tag key is given: `-`, the
-- header's default, no tag work then), and tag_value its canonical value,
-- coalesce(element_at(map($tag_raw_values, $tag_values), tag_raw_value), tag_raw_value).
filtered_lines AS (
  SELECT *
  FROM (
    SELECT *, coalesce(element_at(map($tag_raw_values, $tag_values), tag_raw_value), tag_raw_value) AS tag_value
    FROM (
      SELECT *, CASE WHEN $tag_key <> '-' THEN element_at(filter(transform(CASE WHEN cardinality($tag_keys) = 0 THEN ARRAY[$tag_key] ELSE $tag_keys END, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) END AS tag_raw_value
      FROM line_items
    ) r
  ) l
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
    AND (cardinality($accounts) = 0 OR contains($accounts, SubAccountId))
    AND (cardinality($services) = 0 OR contains($services, ServiceName))
    AND (cardinality($regions) = 0 OR contains($regions, RegionId))
    AND (cardinality($usage_types) = 0 OR contains($usage_types, x_UsageType))
    AND (cardinality($charge_classes) = 0 OR contains($charge_classes, x_ChargeClass))
    AND (cardinality($tag_filter) = 0 OR contains($tag_filter, coalesce(tag_value, '(untagged)')))
)
