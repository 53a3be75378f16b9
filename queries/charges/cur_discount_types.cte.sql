-- CTE fragment (included with `-- @include ../charges/cur_discount_types.cte.sql` by
-- invoice/by_charge_class, which lists these lines as discounts): the CUR line item types of
-- discounts (EDP, private rate, bundled, RI volume, SPP, distributor, and AWS's plain Discount),
-- spelled and cased as AWS writes them in the line item type column. The SQL's one copy of
-- CUR_DISCOUNT_LINE_ITEM_TYPES in src/store/charge-class.ts, the list ingest gives ChargeCategory
-- Credit by (tests/ingest/charge-classes.test.ts checks the two hold the same types in the same
-- order, and that no query writes one of them otherwise).
cur_discount_types AS (
  SELECT * FROM (VALUES ('Discount'), ('EdpDiscount'), ('BundledDiscount'), ('PrivateRateDiscount'), ('RiVolumeDiscount'), ('SppDiscount'), ('DistributorDiscount')) AS t (line_item_type)
)
