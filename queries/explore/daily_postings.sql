-- The postings among the lines Explore shows, per charge day: lines charged for a charge period
-- longer than a day (a month's RI and Support fees, tax, monthly credits), dated to their first
-- day, which are not daily spend: `posted` as queries/invoice/by_charge_class.sql and the budgets
-- (queries/budgets/scope_daily_spend.sql) define it. A fee billed by the hour or the day (a Savings
-- Plan's recurring fee) is daily spend, not a posting; it is summed apart as daily_fee_cost (the
-- lines of a class other than usage that are not postings); usage_cost is the rest, the usage
-- lines (neither posted nor a fee), which a view of usage alone shows. daily_fee_cost is split by
-- charge class as reports list it (../charges/listed_classes.cte.sql: daily_recurring_cost,
-- daily_one_time_cost, daily_tax_cost, daily_credit_cost and daily_adjustment_cost, an adjustment
-- being ChargeCategory Adjustment, listed apart from the credits), so that a note can name each
-- class with its amount. Every charge day holding a line of the view is a row. Filters as
-- in explore/daily_spend_by.
-- @param tag_key VARCHAR = -  the tag key whose values tag_filter lists
-- @param tag_keys VARCHAR[] = []  the tag's raw keys in pick order, as src/analyze/attribution/tag-values.ts reads them (empty: tag_key alone)
-- @param tag_raw_values VARCHAR[] = []  raw values of the tag that stand for another value (paired with tag_values)
-- @param tag_values VARCHAR[] = []  the value each of tag_raw_values stands for (a raw value not listed stands for itself)
-- @param accounts VARCHAR[] = []  only these accounts (SubAccountId; empty: every account)
-- @param services VARCHAR[] = []  only these services (ServiceName; empty: every service)
-- @param regions VARCHAR[] = []  only these regions (RegionId; empty: every region)
-- @param usage_types VARCHAR[] = []  only these usage types (x_UsageType; empty: every usage type)
-- @param charge_classes VARCHAR[] = []  only these charge classes (x_ChargeClass: usage, recurring, one-time, tax, credit; empty: every class)
-- @param tag_filter VARCHAR[] = []  only lines whose $tag_key value (read as for the tag dimension) is one of these; "(untagged)" for none (empty: every line)
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @requires tag_key when tag_filter  the tag key whose values tag_filter lists
-- @returns day DATE, posted_cost DECIMAL, daily_fee_cost DECIMAL, usage_cost DECIMAL, daily_recurring_cost DECIMAL, daily_one_time_cost DECIMAL, daily_tax_cost DECIMAL, daily_credit_cost DECIMAL, daily_adjustment_cost DECIMAL
WITH
-- @include filtered_lines.cte.sql
-- @include ../charges/listed_classes.cte.sql
lines AS (
  SELECT
    CAST(l.ChargePeriodStart AS DATE) AS day,
    coalesce(l.ChargePeriodEnd > l.ChargePeriodStart + INTERVAL '1' DAY, false) AS posted,
    coalesce(l.x_ChargeClass, 'usage') <> 'usage' AS fee,
    coalesce(sp.listed_class, l.x_ChargeClass, 'usage') AS fee_class,
    CASE WHEN $cost = 'effective' THEN l.EffectiveCost ELSE l.BilledCost END AS cost
  FROM filtered_lines l
  LEFT JOIN class_splits sp ON sp.stored_class = coalesce(l.x_ChargeClass, 'usage') AND sp.charge_category = l.ChargeCategory
)
SELECT
  day,
  coalesce(sum(CASE WHEN posted THEN cost END), 0) AS posted_cost,
  coalesce(sum(CASE WHEN fee AND NOT posted THEN cost END), 0) AS daily_fee_cost,
  coalesce(sum(CASE WHEN NOT fee AND NOT posted THEN cost END), 0) AS usage_cost,
  coalesce(sum(CASE WHEN fee_class = 'recurring' AND NOT posted THEN cost END), 0) AS daily_recurring_cost,
  coalesce(sum(CASE WHEN fee_class = 'one-time' AND NOT posted THEN cost END), 0) AS daily_one_time_cost,
  coalesce(sum(CASE WHEN fee_class = 'tax' AND NOT posted THEN cost END), 0) AS daily_tax_cost,
  coalesce(sum(CASE WHEN fee_class = 'credit' AND NOT posted THEN cost END), 0) AS daily_credit_cost,
  coalesce(sum(CASE WHEN fee_class = 'adjustment' AND NOT posted THEN cost END), 0) AS daily_adjustment_cost
FROM lines
GROUP BY day
ORDER BY day
