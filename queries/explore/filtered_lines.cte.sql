-- CTE fragment (included with `-- @include filtered_lines.cte.sql` by explore/spend_by,
-- explore/daily_spend_by and explore/daily_postings; their Athena forms read
-- filtered_lines.athena.cte.sql in its place): defines filtered_lines, the lines Explore shows: every column of
-- line_items, plus tag_value (the $tag_key value as src/analyze/attribution/tag-values.ts reads
-- it: the first of $tag_keys carrying a non-blank value, then its canonical value; NULL when
-- untagged or no tag key is given, `-` the header's default: no tag work then), charged in [$start, $end) and kept by the list filters.
tag_set_values AS (
  SELECT tag_set_id, coalesce($tag_values[list_position($tag_raw_values, raw_value)], raw_value) AS value
  FROM (
    SELECT tag_set_id, list_filter(list_transform(CASE WHEN len($tag_keys) = 0 THEN [$tag_key] ELSE $tag_keys END, k -> Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1] AS raw_value
    FROM tag_sets
    WHERE $tag_key <> '-'
  ) p
  WHERE raw_value IS NOT NULL
),
filtered_lines AS (
  SELECT l.*, t.value AS tag_value
  FROM line_items l
  LEFT JOIN tag_set_values t ON t.tag_set_id = l.x_TagSetId
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
    AND (len($accounts) = 0 OR list_contains($accounts, SubAccountId))
    AND (len($services) = 0 OR list_contains($services, ServiceName))
    AND (len($regions) = 0 OR list_contains($regions, RegionId))
    AND (len($usage_types) = 0 OR list_contains($usage_types, x_UsageType))
    AND (len($charge_classes) = 0 OR list_contains($charge_classes, x_ChargeClass))
    AND (len($tag_filter) = 0 OR list_contains($tag_filter, coalesce(t.value, '(untagged)')))
)
