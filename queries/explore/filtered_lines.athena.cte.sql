-- CTE fragment (included with `-- @include filtered_lines.athena.cte.sql` by the Athena twins of
-- explore/spend_by, explore/daily_spend_by and explore/daily_postings): filtered_lines.cte.sql in
-- Athena (Trino) form, element_at returning NULL for a missing key where a map subscript fails.
-- Defines filtered_lines: every column of line_items, plus tag_raw_value (the first of $tag_keys
-- carrying a non-blank value; NULL when untagged or no tag key is given (`-`, the header's default: no tag work then); its canonical value is
-- coalesce(element_at(map($tag_raw_values, $tag_values), tag_raw_value), tag_raw_value)), charged
-- in [$start, $end) and kept by the list filters.
filtered_lines AS (
  SELECT *
  FROM (
    SELECT *, CASE WHEN $tag_key <> '-' THEN element_at(filter(transform(CASE WHEN cardinality($tag_keys) = 0 THEN ARRAY[$tag_key] ELSE $tag_keys END, k -> element_at(Tags, k)), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> ''), 1) END AS tag_raw_value
    FROM line_items
  ) l
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
    AND (cardinality($accounts) = 0 OR contains($accounts, SubAccountId))
    AND (cardinality($services) = 0 OR contains($services, ServiceName))
    AND (cardinality($regions) = 0 OR contains($regions, RegionId))
    AND (cardinality($usage_types) = 0 OR contains($usage_types, x_UsageType))
    AND (cardinality($charge_classes) = 0 OR contains($charge_classes, x_ChargeClass))
    AND (cardinality($tag_filter) = 0 OR contains($tag_filter, coalesce(coalesce(element_at(map($tag_raw_values, $tag_values), tag_raw_value), tag_raw_value), '(untagged)')))
)
