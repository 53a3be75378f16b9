/**
 * `costlens explain` on the real October and November 2018 CUR files (Athena Parquet): the parts
 * add up to Nov − Oct BilledCost exactly, the top driver, its share and its volume/rate split are
 * those DuckDB computes on the Parquet files directly, and every figure in cents is the one the
 * rule gives, restated here (never the product's rounding code): a row's old and new cost each
 * rounded once, half away from zero, its change their difference, its parts that change split
 * over its exact parts by largest remainder, and the rest after the top drivers what the total
 * leaves after them, in every column. What explain refuses, on these files and on the legacy CUR:
 * refusals-real-files.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { COLUMNS, exactOf, type Part, PARTS, roundCents, shownOf, shownOfDecimals, type Shown } from '../helpers/shown-cents-rule.ts';
import { codePointOrder } from '../../src/lib/order.ts';

interface Cents { oldCost: string; newCost: string; change: string; volume: string; rate: string; new: string; gone: string; other: string }
interface DriverJson {
  rank: number; chargeClass: string; service?: string; usageType?: string; resource?: string; account?: string; accountName?: string | null;
  oldCost: string; newCost: string; change: string; parts: Record<string, string>; cents: Cents; shareOfChange: number | null;
}
interface Level { dimensions: string[]; drivers: DriverJson[]; rest: { drivers: number; change: string; cents: Cents; shareOfChange: number | null } }
interface ExplainJson {
  cost: string; covers: string;
  from: { kind: string; first: string; last: string; days: number; label: string };
  to: { kind: string; first: string; last: string; days: number; label: string };
  total: { oldCost: string; newCost: string; change: string; parts: Record<string, string>; cents: Cents };
  classes: { chargeClass: string; oldCost: string; newCost: string; change: string; cents: Cents }[];
  classesRounding: Cents;
  dimensions: string[]; drivers: DriverJson[]; rest: Level['rest']; levels: Level[];
}

/** A decimal string as an integer of its smallest unit (both sides must have the same scale). */
const units = (decimal: string) => BigInt(decimal.replace('.', ''));
const sum = (values: string[]) => values.reduce((s, v) => s + units(v), 0n);

/** a / b rounded half away from zero (explain's volume, at the store's 1e-10). */
function divideHalfAway(a: bigint, b: bigint): bigint {
  const negative = (a < 0n) !== (b < 0n);
  const [n, d] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** What the rule shows for a row of the JSON (exact decimal strings). */
const shownOfJson = (row: { oldCost: string; newCost: string; parts: Record<string, string> }) => shownOfDecimals(row.oldCost, row.newCost, row.parts);
/** The JSON's cents as integers of cents. */
const centsOf = (c: Cents): Shown => Object.fromEntries(COLUMNS.map((k) => [k, units(c[k])])) as Shown;
/** Money figures of a text table row (`-$1,234.56`) as integers of cents. */
const moneyOf = (line: string) => [...line.matchAll(/(-?)\$([\d,]+)\.(\d\d)/g)].map((m) => BigInt(`${m[1]}${m[2].replaceAll(',', '')}${m[3]}`));

/** Both Parquet files as one relation, each line with its span. */
const BOTH = `(SELECT 'old' AS span, * FROM read_parquet($oct) UNION ALL BY NAME SELECT 'new' AS span, * FROM read_parquet($nov))`;
const FILES = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };

/**
 * Each level as the rule shows it: every driver's cents from its own exact figures; the total's
 * from its own; the rest the total less the drivers shown, in every column (so they add up).
 */
function expectShownByTheRule(level: Level, total: ExplainJson['total'], driverCount: number) {
  expect(level.drivers.length + level.rest.drivers).toBe(driverCount);
  const expectedTotal = shownOfJson(total);
  expect(centsOf(total.cents)).toEqual(expectedTotal);
  const rest = { ...expectedTotal };
  for (const d of level.drivers) {
    expect(sum(PARTS.map((p) => d.parts[p]))).toBe(units(d.change));
    expect(units(d.newCost) - units(d.oldCost)).toBe(units(d.change));
    const shown = shownOfJson(d);
    expect(centsOf(d.cents)).toEqual(shown);
    expect(shown.oldCost + shown.change).toBe(shown.newCost);
    expect(PARTS.reduce((s, p) => s + shown[p], 0n)).toBe(shown.change);
    for (const k of COLUMNS) rest[k] -= shown[k];
  }
  expect(centsOf(level.rest.cents)).toEqual(rest);
  expect(units(level.rest.change)).toBe(units(total.change) - sum(level.drivers.map((d) => d.change)));
}

/** The grains explain decomposes, summed by DuckDB from the store's line_items, each split into its parts as explain defines them. */
async function grainsOf(db: string) {
  const rows = await sqlRows(db, `SELECT coalesce(x_ChargeClass, 'usage') AS charge_class,
      count(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-10-01' THEN 1 END) AS old_lines,
      CAST(coalesce(sum(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-10-01' THEN BilledCost END), 0) AS VARCHAR) AS c0,
      CAST(coalesce(sum(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-10-01' THEN CAST(ConsumedQuantity AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS q0,
      count(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-11-01' THEN 1 END) AS new_lines,
      CAST(coalesce(sum(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-11-01' THEN BilledCost END), 0) AS VARCHAR) AS c1,
      CAST(coalesce(sum(CASE WHEN BillingPeriodStart = TIMESTAMP '2018-11-01' THEN CAST(ConsumedQuantity AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS q1
    FROM line_items WHERE BillingPeriodStart IN (TIMESTAMP '2018-10-01', TIMESTAMP '2018-11-01')
    GROUP BY charge_class, coalesce(ServiceName, x_ProductCode, '(none)'), coalesce(x_UsageType, SkuMeter, '(none)'), coalesce(ResourceId, '(none)'),
      coalesce(SubAccountId, '(none)'), coalesce(RegionId, '(none)'), coalesce(ConsumedUnit, '')`);
  return rows.map((r) => {
    const [c0, c1, q0, q1] = [exactOf(r.c0!), exactOf(r.c1!), exactOf(r.q0!), exactOf(r.q1!)];
    const parts: Record<Part, bigint> = { volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n };
    if (r.old_lines === '0') parts.new = c1;
    else if (r.new_lines === '0') parts.gone = -c0;
    else if (q0 > 0n && q1 > 0n) {
      parts.volume = divideHalfAway((q1 - q0) * c0, q0); // the quantity change at the old rate
      parts.rate = c1 - c0 - parts.volume;
    } else parts.other = c1 - c0;
    return { chargeClass: r.charge_class!, c0, c1, parts };
  });
}

/** Grains summed: old and new cost and each part. */
function sumGrains(grains: Awaited<ReturnType<typeof grainsOf>>) {
  const parts: Record<Part, bigint> = { volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n };
  for (const g of grains) for (const p of PARTS) parts[p] += g.parts[p];
  return { oldCost: grains.reduce((s, g) => s + g.c0, 0n), newCost: grains.reduce((s, g) => s + g.c1, 0n), parts };
}

describe('costlens explain on the real Oct → Nov 2018 bills', () => {
  let db: string;
  let e: ExplainJson;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json', '--top', '5');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    e = JSON.parse(run.stdout);
  }, 300_000);

  it('compares the two full bills and says so', () => {
    expect(e.cost).toBe('billed');
    expect(e.from).toEqual({ kind: 'month', first: '2018-10-01', last: '2018-10-31', days: 31, label: 'Oct 2018 (full bill, 31 days)' });
    expect(e.to).toEqual({ kind: 'month', first: '2018-11-01', last: '2018-11-30', days: 30, label: 'Nov 2018 (full bill, 30 days)' });
    expect(e.covers).toBe('Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 30 Nov 2018');
  });

  it('the total is Nov − Oct BilledCost as DuckDB sums the Parquet files, exactly −559.1561634111, shown 4064.48 → 3505.33: change −559.15', async () => {
    const [files] = await duckdbRows(`SELECT
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS oct,
        CAST(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS nov FROM ${BOTH}`, FILES);
    expect(files).toEqual({ oct: '4064.4831315379', nov: '3505.3269681268' });
    expect(e.total.oldCost).toBe('4064.4831315379');
    expect(e.total.newCost).toBe('3505.3269681268');
    expect(e.total.change).toBe('-559.1561634111');
    // Each bill rounded once (4064.4831… → 4064.48, 3505.3269… → 3505.33), the change their difference:
    // −559.15, where the exact change rounded alone would read −559.16.
    const [oldCents, newCents] = [roundCents(exactOf(files.oct!)), roundCents(exactOf(files.nov!))];
    expect([oldCents, newCents, newCents - oldCents]).toEqual([406448n, 350533n, -55915n]);
    expect(roundCents(exactOf(e.total.change))).toBe(-55916n);
    expect([e.total.cents.oldCost, e.total.cents.newCost, e.total.cents.change]).toEqual(['4064.48', '3505.33', '-559.15']);
  });

  it('the total\'s parts are those of DuckDB\'s grains of line_items, exactly; in cents −559.15 = volume −249.77, rate 57.39, new 33.93, gone −398.31, other −2.39', async () => {
    const grains = await grainsOf(db);
    const all = sumGrains(grains);
    expect([all.oldCost, all.newCost]).toEqual([exactOf('4064.4831315379'), exactOf('3505.3269681268')]);
    expect(Object.fromEntries(PARTS.map((p) => [p, exactOf(e.total.parts[p])]))).toEqual(all.parts);
    expect(PARTS.reduce((s, p) => s + all.parts[p], 0n)).toBe(exactOf('-559.1561634111'));
    // −559.15 over volume −249.7759…, rate 57.3935…, new 33.9271…, gone −398.3095…, other −2.3913…: floors −249.78,
    // 57.39, 33.92, −398.31, −2.40 (−559.18) leave 3 cents, to the largest remainders in cents: other (.86), new (.71),
    // volume (.40); rate (.36) and gone (.05) keep their floors.
    const shown = shownOf(all.oldCost, all.newCost, all.parts);
    expect(shown).toEqual({ oldCost: 406448n, newCost: 350533n, change: -55915n, volume: -24977n, rate: 5739n, new: 3393n, gone: -39831n, other: -239n });
    expect(centsOf(e.total.cents)).toEqual(shown);
  });

  it('each charge class shows its own bills rounded once, and the classes rounded one by one miss the total by 0.02', async () => {
    const grains = await grainsOf(db);
    const expected = ['usage', 'recurring'].map((c) => {
      const cls = sumGrains(grains.filter((g) => g.chargeClass === c));
      return shownOf(cls.oldCost, cls.newCost, cls.parts);
    });
    expect(e.classes.map((c) => [c.chargeClass, c.change])).toEqual([['usage', '-556.7647844111'], ['recurring', '-2.3913790000']]);
    expect(e.classes.map((c) => centsOf(c.cents))).toEqual(expected);
    // usage 3914.71 → 3357.94 (−556.77) and recurring 149.78 → 147.38 (−2.40) read −559.17 together, against −559.15.
    expect(expected.map((c) => [c.oldCost, c.newCost, c.change])).toEqual([[391471n, 335794n, -55677n], [14978n, 14738n, -240n]]);
    expect(expected.reduce((s, c) => s + c.change, 0n) - units(e.total.cents.change)).toBe(-2n);
    // classesRounding carries what the classes leave of the total, in every column, as the table's rounding row does.
    expect(centsOf(e.classesRounding)).toEqual({ oldCost: -1n, newCost: 1n, change: 2n, volume: 1n, rate: 0n, new: 0n, gone: 0n, other: 1n });
    for (const column of COLUMNS) {
      expect(e.classes.reduce((s, c) => s + centsOf(c.cents)[column], 0n) + centsOf(e.classesRounding)[column], column).toBe(centsOf(e.total.cents)[column]);
    }
  });

  it('every level shows every driver as the rule rounds it, and the rest takes what the total leaves after them, in every column', () => {
    expect(sum(PARTS.map((p) => e.total.parts[p]))).toBe(units('-559.1561634111'));
    expect(sum(PARTS.map((p) => e.total.cents[p]))).toBe(units('-559.15'));
    expect(e.levels.map((l) => l.dimensions)).toEqual([['service'], ['service', 'usage_type'], ['service', 'usage_type', 'resource']]);
    expect(e.drivers).toEqual(e.levels[2].drivers);
    for (const level of e.levels) expectShownByTheRule(level, e.total, level.drivers.length + level.rest.drivers);
  });

  it('the top driver and its share are those DuckDB ranks first on the Parquet files: Glue dev endpoint CUR-NoKey, −443.7785308 of −559.1561634111 (79.4 %), shown 1473.22 → 1029.45: −443.77', async () => {
    const ranked = await duckdbRows(`SELECT
        CASE WHEN line_item_line_item_type = 'RIFee' THEN 'recurring' ELSE 'usage' END AS charge_class,
        coalesce(product_product_name, line_item_product_code) AS service, line_item_usage_type AS usage_type, coalesce(line_item_resource_id, '(none)') AS resource,
        CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0)
           - coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS change,
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_usage_amount AS DECIMAL(38,10)) END) AS VARCHAR) AS q0,
        CAST(sum(CASE WHEN span = 'new' THEN CAST(line_item_usage_amount AS DECIMAL(38,10)) END) AS VARCHAR) AS q1,
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS c0,
        CAST(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS c1,
        count(*) AS lines
      FROM ${BOTH} GROUP BY 1, 2, 3, 4 ORDER BY abs(CAST(change AS DECIMAL(38,10))) DESC LIMIT 2`, FILES);
    const top = ranked[0];
    expect(top.resource).toBe('arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey');
    const driver = e.drivers[0];
    expect([driver.chargeClass, driver.service, driver.usageType, driver.resource]).toEqual([top.charge_class, top.service, top.usage_type, top.resource]);
    expect(driver.change).toBe(top.change);
    expect(driver.change).toBe('-443.7785308000');
    expect([driver.oldCost, driver.newCost]).toEqual([top.c0, top.c1]);
    // Its share of the total change, from the independent figures: −443.7785308 / −559.1561634111.
    const share = Math.round((Number(top.change) / -559.1561634111) * 1000) / 10;
    expect(share).toBe(79.4);
    expect(driver.shareOfChange).toBe(share);
    // A price that did not move: all of it is volume, (Q₁ − Q₀) × C₀ / Q₀ (DPU-hours at 0.44).
    const [q0, q1, c0, c1] = [exactOf(top.q0!), exactOf(top.q1!), exactOf(top.c0!), exactOf(top.c1!)];
    const volume = divideHalfAway((q1 - q0) * c0, q0);
    expect(volume).toBe(c1 - c0);
    expect(driver.parts.volume).toBe('-443.7785308000');
    // In cents: 1473.2246… → 1473.22 and 1029.4460… → 1029.45, so −443.77 (the exact −443.7785 rounded alone would be −443.78), all volume.
    const shown = shownOf(c0, c1, { volume, rate: c1 - c0 - volume, new: 0n, gone: 0n, other: 0n });
    expect(shown).toEqual({ oldCost: 147322n, newCost: 102945n, change: -44377n, volume: -44377n, rate: 0n, new: 0n, gone: 0n, other: 0n });
    expect(centsOf(driver.cents)).toEqual(shown);
    expect(e.drivers[1].resource).toBe(ranked[1].resource);
    expect(e.drivers[1].change).toBe(ranked[1].change);
  });

  it('a resource absent in November is "gone": the Glue dev endpoint CUR-test, all of its October cost as DuckDB sums it, shown 328.82 → 0.00', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost, count(*) AS lines FROM read_parquet($oct)
      WHERE line_item_resource_id = 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test'`, { oct: REAL_OCT_2018 });
    const [november] = await duckdbRows(`SELECT count(*) AS lines FROM read_parquet($nov) WHERE line_item_resource_id = 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test'`, { nov: REAL_NOV_2018 });
    expect(november.lines).toBe('0');
    const gone = e.drivers.find((d) => d.resource === 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test')!;
    expect(gone.rank).toBe(3);
    expect(gone.oldCost).toBe(file.cost);
    expect(gone.change).toBe(`-${file.cost}`);
    expect(gone.parts).toEqual({ volume: '0.0000000000', rate: '0.0000000000', new: '0.0000000000', gone: `-${file.cost}`, other: '0.0000000000' });
    // In cents its October cost rounded once (328.8242496 → 328.82), November's none: change and gone −328.82.
    const oldCents = roundCents(exactOf(file.cost!));
    expect(oldCents).toBe(32882n);
    expect(centsOf(gone.cents)).toEqual({ oldCost: oldCents, newCost: 0n, change: -oldCents, volume: 0n, rate: 0n, new: 0n, gone: -oldCents, other: 0n });
  });

  it('--by account: one driver per class and account, the same total, each account\'s bills as DuckDB sums them, rounded once', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--by', 'account', '--format', 'json');
    expect(run.code).toBe(0);
    const byAccount = JSON.parse(run.stdout) as ExplainJson;
    expect(byAccount.total.cents).toEqual(e.total.cents);
    expectShownByTheRule(byAccount.levels[0], byAccount.total, 3);
    const rows = await duckdbRows(`SELECT line_item_usage_account_id AS account,
        CAST(coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS old_cost,
        CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS new_cost,
        CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0)
           - coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS change
      FROM ${BOTH} WHERE line_item_line_item_type <> 'RIFee' GROUP BY 1 ORDER BY 1`, FILES);
    const usage = byAccount.drivers.filter((d) => d.chargeClass === 'usage').sort((a, b) => codePointOrder(a.account!, b.account!));
    expect(usage.map((d) => ({ account: d.account, change: d.change }))).toEqual(rows.map((r) => ({ account: r.account, change: r.change })));
    expect(usage.map((d) => [units(d.cents.oldCost), units(d.cents.newCost), units(d.cents.change)]))
      .toEqual(rows.map((r) => [roundCents(exactOf(r.old_cost!)), roundCents(exactOf(r.new_cost!)), roundCents(exactOf(r.new_cost!)) - roundCents(exactOf(r.old_cost!))]));
  });

  it('the csv is a header and one row per top driver alone (it ended with `,rest (1548 drivers),…` and `,total,…` under charge_class); the json\'s rest and total add up with them', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'csv', '--top', '3');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,charge_class,service,usage_type,resource,old_cost,new_cost,change,volume,rate,new,gone,other,share_pct');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('1,usage,AWS Glue,USE1-DEVED-DPU-Hour,arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey,1473.22,1029.45,-443.77,-443.77,0.00,0.00,0.00,0.00,79.4');
    expect(lines[3]).toBe('3,usage,AWS Glue,USE1-DEVED-DPU-Hour,arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test,328.82,0.00,-328.82,0.00,0.00,0.00,-328.82,0.00,58.8');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
    expect(run.stderr).toContain('BilledCost, Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days)');
    expect(run.stderr).toContain('\nTop 3 of 1551 drivers by charge class, service › usage_type › resource on stdout (the rest and the total: --format table or json)\n');
    // The rest (json) is the total less the three csv rows, in each money column (old_cost … other).
    const json = JSON.parse((await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json', '--top', '3')).stdout) as ExplainJson;
    const order = ['oldCost', 'newCost', 'change', 'volume', 'rate', 'new', 'gone', 'other'] as const;
    const rest = order.map((k) => units(json.rest.cents[k]));
    const total = order.map((k) => units(json.total.cents[k]));
    const rows = lines.slice(1).map((l) => l.split(',').slice(5, 13).map(units));
    expect(json.rest.drivers).toBe(1548);
    expect(rest).toEqual(total.map((t, i) => t - rows[0][i] - rows[1][i] - rows[2][i]));
    expect(total).toEqual([406448n, 350533n, -55915n, -24977n, 5739n, 3393n, -39831n, -239n]);
    expect(rest).toEqual([167556n, 150012n, -17544n, -19488n, 5739n, 3393n, -6949n, -239n]);
  });

  it('the terminal: the headline reads $4,064.48 → $3,505.33: change -$559.15 = its parts (money as the tables show it; it had no $), and by charge class a rounding row takes the 0.02 the classes leave', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('\n$4,064.48 → $3,505.33: change -$559.15 (exact -559.1561634111) = volume -$249.77, rate $57.39, new $33.93, gone -$398.31, other -$2.39\n');
    const table = run.stdout.slice(run.stdout.indexOf('By charge class'));
    const row = (label: string) => moneyOf(table.split('\n').find((l) => l.trimStart().startsWith(label))!);
    // Every class listed: what the total leaves after usage and recurring is the rows' rounding, one by one.
    const [usage, recurring, total] = [row('1  usage'), row('2  recurring'), row('total')];
    expect(total).toEqual([406448n, 350533n, -55915n, -24977n, 5739n, 3393n, -39831n, -239n]);
    expect(row('rounding (rows rounded one by one)')).toEqual(total.map((t, i) => t - usage[i] - recurring[i]));
    expect(row('rounding (rows rounded one by one)')).toEqual([-1n, 1n, 2n, 1n, 0n, 0n, 0n, 1n]);
  });
});
