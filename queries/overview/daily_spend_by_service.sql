-- Daily spend per service over a half-open range of charge days (usage unless $charges is all): the
-- $top services with the most spend in the range by name, the rest as "Other". A day is provisional when its billing period
-- is, as judged on $today (as store/periods_by_source does): the current month, or the previous
-- one while some of its lines have no InvoiceId.
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param today DATE  the day provisional periods are judged against
-- @param top INTEGER = 8  min=1 max=30  how many services to name
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @param charges VARCHAR = usage  one_of=usage,all  usage: the usage charge class only (recurring fees, one-time charges, tax and credits post once a period, so they are not daily spend); all: every line on its charge day
-- @returns day DATE, service VARCHAR, cost DECIMAL, provisional BOOLEAN
WITH periods AS (
  SELECT
    BillingPeriodStart AS period_start,
    CASE
      WHEN BillingPeriodStart >= CAST(date_trunc('month', CAST($today AS DATE)) AS TIMESTAMP) THEN TRUE
      WHEN BillingPeriodStart >= CAST(date_trunc('month', CAST($today AS DATE)) - INTERVAL '1' MONTH AS TIMESTAMP)
        AND count(*) > count(InvoiceId) THEN TRUE
      ELSE FALSE
    END AS provisional
  FROM line_items
  GROUP BY BillingPeriodStart
),
lines AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    coalesce(ServiceName, '(none)') AS service,
    BillingPeriodStart AS period_start,
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
)
SELECT
  l.day,
  CASE WHEN r.rank <= $top THEN l.service ELSE 'Other' END AS service,
  sum(l.cost) AS cost,
  bool_or(p.provisional) AS provisional
FROM lines l
JOIN ranked r ON r.service = l.service
LEFT JOIN periods p ON p.period_start = l.period_start
GROUP BY l.day, CASE WHEN r.rank <= $top THEN l.service ELSE 'Other' END
ORDER BY l.day, min(r.rank)
