-- The spend of one budget's scope per charge day (UTC day of ChargePeriodStart) in [$from, $to),
-- charge class (usage, recurring, one-time, tax, credit) and service, in the three measures a
-- budget can use: billed (BilledCost), effective (EffectiveCost) and net (net amortised, as
-- queries/invoice/by_charge_class.sql defines it: the CUR net columns where the bill has them,
-- else the gross figure). Days without a line in scope are absent. billing_period is the line's billing period
-- (x_BillingPeriod, YYYY-MM): a line may be charged outside its month (src/analyze/budgets/charge-day-basis.ts); source its
-- source (x_Source, provider/billing account: a bill of fees not invoiced yet is one source's, src/analyze/budgets/not-invoiced.ts). last_day is the last day of the
-- line's charge period when that is longer than a day (a posting for a month: RI and Support fees,
-- tax, monthly credits), else the charge day: budgets count such a posting in the actual, but as
-- spend of that day (or of as-of, while it is to come), not of its first (src/analyze/budgets/spend-day.ts).
-- commitment_start and commitment_end are the start and end of the term of the Reserved Instance or
-- Savings Plan a recurring fee is for (x_ReservationStartTime and EndTime, x_SavingsPlanStartTime and
-- EndTime; NULL for any other line, or with no term on the bill): a fee is expected by the hours its
-- term runs (src/analyze/forecast/commitment-terms.ts). commitment is what a recurring fee is for:
-- 'reservation' (an RI's RIFee), 'savings_plan' (a Savings Plan's fee), else NULL, by the one rule
-- of queries/fees/commitment_lines.cte.sql (the term's times, else the commitment's ARN, else
-- FOCUS's CommitmentDiscountType or CommitmentDiscountId): an RI's fee posts once a month even
-- when its line is a day or less (an RI bought in the month's last day), a Savings Plan's accrues,
-- any other by last_day (src/analyze/forecast/fee-rows.ts feeAccruesDaily), on a CUR as on FOCUS.
-- commitment_id is the CommitmentDiscountId of a commitment's fee that FOCUS prices by the hour but
-- dates no term for (no term, no CUR ARN; NULL for any other line), by the same rule: the budgets
-- expect it at the hourly rate trends/recurring_fees_by_commitment_term gives that commitment × the
-- hours of each month, as `costlens forecast` does (src/analyze/budgets/commitment-rates.ts).
-- commitment_key is which commitment a recurring fee is for (its ARN, else CommitmentDiscountId;
-- NULL for a fee of no commitment), by the same rule: the budgets expect each commitment's fee on
-- its own, one commitment's posting this month never taken for another's (src/analyze/budgets/forecast.ts).
-- The scope: every filter given narrows it, an empty one is no filter. $accounts: SubAccountId in
-- the list; $services: ServiceName or the product code in the list; $tag_keys / $tag_raw_values:
-- the line's value of the tag (the first of the raw keys carrying a non-blank value, as
-- src/analyze/attribution/tag-values.ts reads it) is one of the raw values that stand for the budget's
-- values, picked once per distinct tag set; $cost_category / $cost_category_values: the line's
-- value of that cost category is in the list.
-- @param from DATE  first charge day (inclusive)
-- @param to DATE  day after the last (exclusive)
-- @param accounts VARCHAR[] = []  member account ids in scope (empty: every account)
-- @param services VARCHAR[] = []  service names or product codes in scope (empty: every service)
-- @param tag_keys VARCHAR[] = []  the scope tag's raw keys in pick order (empty: no tag filter)
-- @param tag_raw_values VARCHAR[] = []  the raw tag values in scope
-- @param cost_category VARCHAR = (none)  the cost category name ('(none)': no cost category filter)
-- @param cost_category_values VARCHAR[] = []  the cost category values in scope
-- @returns day DATE, last_day DATE, billing_period VARCHAR, source VARCHAR, charge_class VARCHAR, service VARCHAR, commitment VARCHAR, commitment_start TIMESTAMP, commitment_end TIMESTAMP, commitment_id VARCHAR, commitment_key VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, net_cost DECIMAL
WITH
-- @include ../invoice/net_amortised_lines.cte.sql
commitment_input AS (
  SELECT * FROM net_amortised_lines
),
-- @include ../fees/commitment_lines.cte.sql
scoped_tag_sets AS (
  SELECT tag_set_id
  FROM tag_sets
  WHERE len($tag_keys) > 0
    AND list_contains($tag_raw_values, list_filter(list_transform($tag_keys, k -> Tags[k]), v -> trim(BOTH ' ' FROM coalesce(v, '')) <> '')[1])
),
scoped AS (
  SELECT
    CAST(ChargePeriodStart AS DATE) AS day,
    CASE WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY THEN CAST(ChargePeriodEnd - INTERVAL '1' SECOND AS DATE)
      ELSE CAST(ChargePeriodStart AS DATE) END AS last_day,
    x_BillingPeriod AS billing_period,
    x_Source AS source,
    coalesce(x_ChargeClass, 'usage') AS charge_class,
    coalesce(ServiceName, x_ProductCode, '(none)') AS service,
    commitment,
    commitment_start,
    commitment_end,
    commitment_id,
    commitment_key,
    BilledCost,
    EffectiveCost,
    NetCost
  FROM commitment_lines
  WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP)
    AND (len($accounts) = 0 OR list_contains($accounts, SubAccountId))
    AND (len($services) = 0 OR list_contains($services, ServiceName) OR list_contains($services, x_ProductCode))
    AND (len($tag_keys) = 0 OR x_TagSetId IN (SELECT tag_set_id FROM scoped_tag_sets))
    AND ($cost_category = '(none)' OR list_contains($cost_category_values, x_CostCategories[$cost_category]))
)
SELECT
  day,
  last_day,
  billing_period,
  source,
  charge_class,
  service,
  commitment,
  commitment_start,
  commitment_end,
  commitment_id,
  commitment_key,
  count(*) AS lines,
  coalesce(sum(BilledCost), 0) AS billed_cost,
  coalesce(sum(EffectiveCost), 0) AS effective_cost,
  coalesce(sum(NetCost), 0) AS net_cost
FROM scoped
GROUP BY day, last_day, billing_period, source, charge_class, service, commitment, commitment_start, commitment_end, commitment_id, commitment_key
ORDER BY day, last_day, billing_period, source, charge_class, service, commitment, commitment_start, commitment_end, commitment_id, commitment_key
