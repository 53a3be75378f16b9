/**
 * Every line gets its charge class at ingest (x_ChargeClass): on the real 2018 CURs and the
 * anonymous legacy CSV, each line item type lands in the class README "Charge classes" names,
 * with the lines and money DuckDB counts on the files themselves; the FOCUS sample's classes
 * follow ChargeCategory and ChargeFrequency.
 *
 * The credit class is listed by one rule everywhere (queries/charges/listed_classes.cte.sql):
 * credits (ChargeCategory Credit; a CUR's Credit, Refund and discounts) apart from adjustments
 * (ChargeCategory Adjustment; a CUR line item type no other category takes). On the FOCUS sample
 * `invoice` read credits −$2.61 and other $0.27, the Overview credits −$2.34 (the two together)
 * and Explore credits −$2.61 and adjustments $0.27; now the invoice, the Overview's month to
 * date, Explore's postings and the weekly e-mail's classes all give credit −2.6137 and adjustment
 * 0.272, as DuckDB sums them on the file, and so on a legacy CUR and a CUR 2.0 whose credits and
 * adjustments are written here (real lines retyped). An RI volume discount (RiVolumeDiscount) is a
 * discount on the invoice and was an adjustment on the Overview, Explore and the e-mail (ingest gave
 * it ChargeCategory Adjustment); now a credit on every surface, as an EdpDiscount is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { readWeekUsage } from '../../src/report/usage.ts';
import { CUR_DISCOUNT_LINE_ITEM_TYPES, LISTED_CHARGE_CLASSES } from '../../src/store/charge-class.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';

/** The classes of the CUR line item types found in these files, as the README's table states them. */
const CLASS_OF_TYPE: Record<string, string> = { Usage: 'usage', DiscountedUsage: 'usage', RIFee: 'recurring', Tax: 'tax' };

describe('charge classes at ingest, on the real files', () => {
  /** The four files, each in its own `costlens ingest`, once per machine (tests/helpers/cached-stores.ts): only read. */
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018], [REAL_NOV_2018], [REAL_LEGACY_CSV], [REAL_FOCUS]]);
  });

  it.each([
    ['2018-10', REAL_OCT_2018, `read_parquet($file)`, 'line_item_line_item_type', 'line_item_unblended_cost'],
    ['2018-11', REAL_NOV_2018, `read_parquet($file)`, 'line_item_line_item_type', 'line_item_unblended_cost'],
    ['2023-11', REAL_LEGACY_CSV, `read_csv($file, header = true)`, '"lineItem/LineItemType"', '"lineItem/UnblendedCost"'],
  ])('%s: each line item type in its class, with the lines and unblended cost of the file', async (period, file, reader, type, cost) => {
    const onFile = await duckdbRows(`SELECT ${type} AS type, count(*) AS n, sum(CAST(${cost} AS DECIMAL(38,10))) AS billed
      FROM ${reader} GROUP BY 1 ORDER BY 1`, { file });
    const inStore = await sqlRows(db, `SELECT x_LineItemType AS type, x_ChargeClass AS class, count(*) AS n, sum(BilledCost) AS billed
      FROM line_items WHERE x_BillingPeriod = '${period}' GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(inStore).toEqual(onFile.map((r) => ({ type: r.type, class: CLASS_OF_TYPE[r.type!], n: r.n, billed: r.billed })));
  });

  it('October 2018: usage 119,298 lines (3914.7077525379), recurring 9 RI fees (149.775379); the RI fee lines span the month', async () => {
    const rows = await sqlRows(db, `SELECT x_ChargeClass AS class, count(*) AS n, sum(BilledCost) AS billed,
        bool_and(ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY) AS long FROM line_items WHERE x_BillingPeriod = '2018-10' GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { class: 'recurring', n: '9', billed: '149.7753790000', long: 'true' },
      { class: 'usage', n: '119298', billed: '3914.7077525379', long: 'false' },
    ]);
  });

  it('FOCUS sample: classes from ChargeCategory and ChargeFrequency, as the file states them', async () => {
    const onFile = await duckdbRows(`SELECT CASE
        WHEN ChargeCategory = 'Tax' THEN 'tax'
        WHEN ChargeCategory IN ('Credit', 'Adjustment') THEN 'credit'
        WHEN ChargeFrequency = 'Recurring' THEN 'recurring'
        WHEN ChargeCategory = 'Purchase' THEN 'one-time'
        WHEN CAST(ChargePeriodEnd AS TIMESTAMP) > CAST(ChargePeriodStart AS TIMESTAMP) + INTERVAL 1 DAY THEN 'recurring'
        ELSE 'usage' END AS class, count(*) AS n
      FROM read_csv($file, header = true, nullstr = 'NULL') GROUP BY 1 ORDER BY 1`, { file: REAL_FOCUS });
    const inStore = await sqlRows(db, `SELECT x_ChargeClass AS class, count(*) AS n FROM line_items WHERE x_SourceFormat = 'focus' GROUP BY 1 ORDER BY 1`);
    expect(inStore).toEqual(onFile);
    expect(inStore.reduce((n, r) => n + Number(r.n), 0)).toBe(1000);
  });

  it('FOCUS sample, September 2024: the invoice, the Overview, Explore and the weekly e-mail list credit −2.6137 and adjustment 0.272, DuckDB\'s sums on the file', async () => {
    const [file] = await duckdbRows(`SELECT
        CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Credit') AS VARCHAR) AS credit,
        CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE ChargeCategory = 'Adjustment') AS VARCHAR) AS adjustment
      FROM read_csv($file, header = true, nullstr = 'NULL') WHERE ChargePeriodStart < '2024-10-01'`, { file: REAL_FOCUS });
    expect(file).toEqual({ credit: '-2.6137000000', adjustment: '0.2720000000' });
    expect(await listedBySurface(db, SEPTEMBER_2024)).toEqual(agreeing(file.credit!, file.adjustment!));
  });
});

/** A month of charge days: `[from, to)`, `last` its last day. */
interface Month {
  from: string;
  to: string;
  last: string;
}

const SEPTEMBER_2024: Month = { from: '2024-09-01', to: '2024-10-01', last: '2024-09-30' };

/** What each surface lists as credit and adjustment over a month's charge days. */
interface Listed {
  /** `costlens invoice` (invoice/by_charge_class by charge day): credits + refunds + discounts, and adjustments (exact). */
  invoice: { credit: string; adjustment: string; other: string };
  /** The Overview's "Every charge class" (overview/month_to_date as of the month's last day): its credit and adjustment rows (exact). */
  overview: { credit: string; adjustment: string };
  /** Explore's postings note (explore/daily_postings): daily_credit_cost and daily_adjustment_cost summed (exact; no line here is a posting). */
  explore: { credit: string; adjustment: string };
  /** The weekly e-mail's classes (readWeekUsage over the month), in cents of billed cost. */
  email: { credit: bigint; adjustment: bigint };
}

const decimalOf = (units: bigint) => {
  const abs = units < 0n ? -units : units;
  return `${units < 0n ? '-' : ''}${abs / 10_000_000_000n}.${String(abs % 10_000_000_000n).padStart(10, '0')}`;
};
const sumOf = (values: (bigint | null)[]) => decimalOf(values.reduce<bigint>((n, v) => n + (v ?? 0n), 0n));
/** Half away from zero, as every report rounds once to cents. */
const centsOf = (units: bigint) => (units < 0n ? -((-units + 50_000_000n) / 100_000_000n) : (units + 50_000_000n) / 100_000_000n);

/** Reads each surface's credit and adjustment over `month`, in-process. */
async function listedBySurface(db: string, month: Month): Promise<Listed> {
  return withEngine(db, async (engine) => {
    const invoice = await runQuery(engine, 'invoice/by_charge_class', { charge_from: month.from, charge_to: month.to });
    const invoiceOf = (...classes: string[]) => sumOf(invoice.filter((r) => classes.includes(r.charge_class!)).map((r) => r.billed_cost));
    const mtd = await runQuery(engine, 'overview/month_to_date', { as_of: month.last });
    // One list of classes: the fragment's (listed_classes), in the order the e-mail's LISTED_CHARGE_CLASSES lists them.
    expect(mtd.map((r) => r.charge_class)).toEqual([...LISTED_CHARGE_CLASSES, 'total']);
    const overviewOf = (c: string) => sumOf(mtd.filter((r) => r.charge_class === c).map((r) => r.current_cost));
    const postings = await runQuery(engine, 'explore/daily_postings', { start: month.from, end: month.to });
    const week = await readWeekUsage(engine, { label: month.from.slice(0, 7), start: month.from, last: month.last, end: month.to });
    return {
      invoice: { credit: invoiceOf('credits', 'refunds', 'discounts'), adjustment: invoiceOf('adjustments'), other: invoiceOf('other') },
      overview: { credit: overviewOf('credit'), adjustment: overviewOf('adjustment') },
      explore: { credit: sumOf(postings.map((r) => r.daily_credit_cost)), adjustment: sumOf(postings.map((r) => r.daily_adjustment_cost)) },
      email: { credit: week.classes.get('credit')!.billed, adjustment: week.classes.get('adjustment')!.billed },
    };
  });
}

/** Every surface listing `credit` and `adjustment` (exact decimal texts), the e-mail in cents. */
function agreeing(credit: string, adjustment: string): Listed {
  return {
    invoice: { credit, adjustment, other: '0.0000000000' },
    overview: { credit, adjustment },
    explore: { credit, adjustment },
    email: { credit: centsOf(toUnits(credit)), adjustment: centsOf(toUnits(adjustment)) },
  };
}

/**
 * Five usage lines of a CUR retyped, the same way in each generation: the largest by unblended cost
 * (then by line id) become a Credit, a Refund, an EdpDiscount and a RiVolumeDiscount, their cost
 * negated, and the fifth a line item type this build does not know (an adjustment).
 */
const RETYPED = `CASE k WHEN 1 THEN 'Credit' WHEN 2 THEN 'Refund' WHEN 3 THEN 'EdpDiscount' WHEN 4 THEN 'RiVolumeDiscount' WHEN 5 THEN 'NewLineItemType' END`;
/** The retyped lines whose cost is negated: the credits and discounts. */
const CREDITS = `('Credit', 'Refund', 'EdpDiscount', 'RiVolumeDiscount')`;

/** The anonymous legacy CSV (2023-11), five of its usage lines retyped; every cell kept as its text otherwise. */
const LEGACY_WITH_CREDITS = (target: string) => `COPY (
  SELECT * EXCLUDE (k) REPLACE (coalesce(${RETYPED}, "lineItem/LineItemType") AS "lineItem/LineItemType",
    CASE WHEN k <= 4 THEN CAST(-CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS VARCHAR) ELSE "lineItem/UnblendedCost" END AS "lineItem/UnblendedCost")
  FROM (SELECT *, CASE WHEN "lineItem/LineItemType" = 'Usage' THEN row_number() OVER (PARTITION BY "lineItem/LineItemType"
      ORDER BY CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) DESC, "identity/LineItemId") END AS k
    FROM read_csv($file, all_varchar = true))) TO '${target}' (HEADER)`;

/** The demo's CUR 2.0 export, the lines charged on 1 Sep 2026, five of its usage lines retyped. */
const CUR2_WITH_CREDITS = (target: string) => `COPY (
  SELECT * EXCLUDE (k) REPLACE (coalesce(${RETYPED}, line_item_line_item_type) AS line_item_line_item_type,
    CASE WHEN k <= 4 THEN -line_item_unblended_cost ELSE line_item_unblended_cost END AS line_item_unblended_cost)
  FROM (SELECT *, CASE WHEN line_item_line_item_type = 'Usage' THEN row_number() OVER (PARTITION BY line_item_line_item_type
      ORDER BY line_item_unblended_cost DESC, identity_line_item_id) END AS k
    FROM read_parquet($file) WHERE line_item_usage_start_date < TIMESTAMP '2026-09-02')) TO '${target}' (FORMAT parquet)`;

describe('the lists of src/store/charge-class.ts that the queries read: one copy in SQL each, the same as the TypeScript', () => {
  const fragment = (name: string) => readFileSync(join(import.meta.dirname, '../../queries/charges', name), 'utf8');

  it('the invoice\'s discounts are the line item types ingest makes credits, beside Credit and Refund: cur_discount_types holds CUR_DISCOUNT_LINE_ITEM_TYPES, and no query, nor its Athena form, writes one of them otherwise', async () => {
    const definition = fragment('cur_discount_types.cte.sql');
    const rows = await duckdbRows(`WITH ${definition} SELECT line_item_type FROM cur_discount_types`);
    expect(rows.map((r) => r.line_item_type)).toEqual([...CUR_DISCOUNT_LINE_ITEM_TYPES]);
    expect(queryRegistry().find('invoice/by_charge_class').sql).toContain(`${definition.trimEnd()},`);
    expect(queryRegistry().find('invoice/by_charge_class').sql).toContain("WHEN x_LineItemType IN (SELECT line_item_type FROM cur_discount_types) THEN 'discounts'");
    const texts = queryRegistry().queries.flatMap((q) => [[q.name, q.sql], [`${q.name} (athena)`, queryRegistry().twinOf(q.name)?.sql ?? '']]);
    const code = (sql: string) => sql.replace(definition.trimEnd(), '').split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n');
    const writers = texts.filter(([, sql]) => CUR_DISCOUNT_LINE_ITEM_TYPES.some((type) => code(sql).includes(`'${type}'`))).map(([name]) => name);
    expect(writers).toEqual([]);
  });

  it('listed_classes lists LISTED_CHARGE_CLASSES, in their order', async () => {
    const rows = await duckdbRows(`WITH ${fragment('listed_classes.cte.sql')} SELECT listed_class FROM listed_classes ORDER BY ord`);
    expect(rows.map((r) => r.listed_class)).toEqual([...LISTED_CHARGE_CLASSES]);
  });
});

describe('credits and adjustments of a legacy CUR and a CUR 2.0: one rule on every surface', () => {
  const demo = inject('demoDir');
  const { dir, db } = tempStore();
  const legacy = join(dir, 'legacy-with-credits.csv');
  const cur2 = join(dir, 'cur2-with-credits.parquet');

  beforeAll(async () => {
    await duckdbRows(LEGACY_WITH_CREDITS(legacy), { file: REAL_LEGACY_CSV });
    await duckdbRows(CUR2_WITH_CREDITS(cur2), { file: join(demo, 'cur2/exports/costlens-demo-cur2/data/BILLING_PERIOD=2026-09/costlens-demo-cur2-00001.snappy.parquet') });
    const run = await costlens(db, 'ingest', legacy, cur2);
    expect(run.code, run.stderr).toBe(0);
  });

  it.each([
    ['legacy CUR, November 2023', { from: '2023-11-01', to: '2023-12-01', last: '2023-11-30' }, () => legacy, `read_csv($file, all_varchar = true)`, '"lineItem/LineItemType"', '"lineItem/UnblendedCost"'],
    ['CUR 2.0, September 2026', { from: '2026-09-01', to: '2026-10-01', last: '2026-09-30' }, () => cur2, 'read_parquet($file)', 'line_item_line_item_type', 'line_item_unblended_cost'],
  ])('%s: credit (Credit, Refund, EdpDiscount, RiVolumeDiscount) and adjustment (a type no other category takes) alike on the invoice, the Overview, Explore and the e-mail', async (_, month, file, reader, type, cost) => {
    const [onFile] = await duckdbRows(`SELECT
        CAST(sum(CAST(${cost} AS DECIMAL(38,10))) FILTER (WHERE ${type} IN ${CREDITS}) AS VARCHAR) AS credit,
        CAST(sum(CAST(${cost} AS DECIMAL(38,10))) FILTER (WHERE ${type} = 'RiVolumeDiscount') AS VARCHAR) AS ri_volume_discount,
        CAST(sum(CAST(${cost} AS DECIMAL(38,10))) FILTER (WHERE ${type} = 'NewLineItemType') AS VARCHAR) AS adjustment,
        count(*) FILTER (WHERE ${type} IN ${CREDITS} OR ${type} = 'NewLineItemType') AS lines
      FROM ${reader}`, { file: file() });
    expect(onFile.lines).toBe('5');
    expect(toUnits(onFile.ri_volume_discount!) < 0n).toBe(true);
    expect(toUnits(onFile.credit!) < 0n && toUnits(onFile.adjustment!) > 0n).toBe(true);
    expect(await listedBySurface(db, month)).toEqual(agreeing(onFile.credit!, onFile.adjustment!));
  });
});
