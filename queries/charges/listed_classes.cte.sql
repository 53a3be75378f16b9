-- CTE fragment (included with `-- @include ../charges/listed_classes.cte.sql` by every query that
-- lists money by charge class: invoice/by_charge_class, overview/month_to_date,
-- explore/daily_postings, trends/spend_by_class_and_service): the one rule of the classes a report
-- lists. The store classes each line once, at ingest (x_ChargeClass, and charge_class in the
-- daily_spend and tag_spend_daily rollups; src/store/charge-class.ts): usage, recurring, one-time,
-- tax, credit. Its credit class holds FOCUS 1.0's two ChargeCategory values that are neither usage,
-- purchase nor tax, which a report lists apart:
-- - credit: ChargeCategory Credit, what the provider grants (promotional credits and corrections
--   to them); a CUR's Credit, Refund and discount lines, which ingest gives ChargeCategory Credit;
-- - adjustment: ChargeCategory Adjustment, charges "that do not fall into other category values",
--   positive or negative; a CUR line item type that no other category takes.
-- ChargeClass (Correction: a correction to a billing period already invoiced) does not change a
-- line's class: FOCUS keeps a correction in its ChargeCategory ("including refunds").
-- listed_classes: the classes in the order reports list them.
-- class_splits: the store class and ChargeCategory of the lines listed in another class. A query
-- joins a line's class and ChargeCategory on it (LEFT JOIN class_splits sp ON sp.stored_class =
-- coalesce(class, 'usage') AND sp.charge_category = ChargeCategory) and lists the line in
-- coalesce(sp.listed_class, class, 'usage').
listed_classes AS (
  SELECT * FROM (VALUES ('usage', 1), ('recurring', 2), ('one-time', 3), ('tax', 4), ('credit', 5), ('adjustment', 6)) AS c (listed_class, ord)
),
class_splits AS (
  SELECT * FROM (VALUES ('credit', 'Adjustment', 'adjustment')) AS s (stored_class, charge_category, listed_class)
)
