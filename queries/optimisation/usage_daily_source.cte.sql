-- CTE fragment (included by the queries that read the bill per resource and day and also run on
-- Athena: idle_elastic_ips, idle_volumes_from_bill, idle_gateways_from_bill and billed_resources,
-- with `-- @include usage_daily_source.cte.sql` after look_back_bounds.cte.sql): where their
-- usage_daily comes from. On DuckDB it is the store's usage_daily rollup, which the ingest writes
-- (src/store/usage-daily.ts): this form reads the table as it is, NOT MATERIALIZED so that every
-- read of usage_daily plans as a read of the table (DuckDB's own syntax: the Athena form of every
-- includer reads usage_daily_source.athena.cte.sql instead, which rolls the rows up from
-- line_items, as Athena has no rollup).
usage_daily AS NOT MATERIALIZED (
  SELECT * FROM usage_daily
)
