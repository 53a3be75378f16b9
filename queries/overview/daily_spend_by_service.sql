-- Daily spend per service over a half-open range of charge days (usage unless $charges is all): the
-- $top services with the most spend in the range by name, the rest as "Other". A day is provisional
-- from $first_provisional_day on: the Overview gives the first of the last provisionalDays complete days
-- up to the data horizon, which costlens treats as provisional (src/analyze/billing-calendar.ts
-- firstProvisionalDay, the days anomalies leaves unjudged and the weekly e-mail draws lighter); by
-- default no day is.
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param first_provisional_day DATE = 9999-12-31  the first provisional day (default: none)
-- @param top INTEGER = 8  min=1 max=30  how many services to name
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param charges VARCHAR = usage  one_of=usage,all  usage: the usage charge class only (recurring fees, one-time charges, tax and credits post once a period, so they are not daily spend); all: every line on its charge day
-- @returns day DATE, service VARCHAR, cost DECIMAL, provisional BOOLEAN
WITH lines AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    coalesce(ServiceName, '(none)') AS service,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
    AND ($charges = 'all' OR x_ChargeClass = 'usage')
),
ranked AS (
  SELECT service, row_number() OVER (ORDER BY sum(cost) DESC, service) AS rank
  FROM lines
  GROUP BY service
),
-- Each line's named service (or Other), grouped by as a column: on Athena each $top is a parameter of
-- its own, so a GROUP BY expression holding one would not match the SELECT's.
named AS (
  SELECT l.day, CASE WHEN r.rank <= $top THEN l.service ELSE 'Other' END AS service, l.cost, r.rank
  FROM lines l
  JOIN ranked r ON r.service = l.service
)
SELECT
  day,
  service,
  sum(cost) AS cost,
  day >= CAST($first_provisional_day AS DATE) AS provisional
FROM named
GROUP BY day, service
ORDER BY day, min(rank)
