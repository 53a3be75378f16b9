/**
 * `costlens explain` on the real October and November 2018 CUR files (Athena Parquet): the parts
 * add up to Nov − Oct BilledCost exactly (and in cents), and the top driver, its share and its
 * volume/rate split are those DuckDB computes on the Parquet files directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';

interface Cents { change: string; volume: string; rate: string; new: string; gone: string; other: string }
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
  classes: { chargeClass: string; change: string; cents: Cents }[];
  dimensions: string[]; drivers: DriverJson[]; rest: Level['rest']; levels: Level[];
}

const PARTS = ['volume', 'rate', 'new', 'gone', 'other'] as const;
/** A decimal string as an integer of its smallest unit (both sides must have the same scale). */
const units = (decimal: string) => BigInt(decimal.replace('.', ''));
const sum = (values: string[]) => values.reduce((s, v) => s + units(v), 0n);

/** Both Parquet files as one relation, each line with its span. */
const BOTH = `(SELECT 'old' AS span, * FROM read_parquet($oct) UNION ALL BY NAME SELECT 'new' AS span, * FROM read_parquet($nov))`;
const FILES = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };

/** Every driver's and the rest's cents add up, per part and per row, to the total's. */
function expectAddsUp(level: Level, total: ExplainJson['total'], driverCount: number) {
  expect(level.drivers.length + level.rest.drivers).toBe(driverCount);
  for (const d of level.drivers) {
    expect(sum(PARTS.map((p) => d.cents[p]))).toBe(units(d.cents.change));
    expect(sum(PARTS.map((p) => d.parts[p]))).toBe(units(d.change));
    expect(units(d.newCost) - units(d.oldCost)).toBe(units(d.change));
  }
  for (const key of ['change', ...PARTS] as const) {
    expect(sum([...level.drivers.map((d) => d.cents[key]), level.rest.cents[key]])).toBe(units(total.cents[key]));
  }
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
    expect(e.covers).toBe('Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 2018-11-30');
  });

  it('the total is Nov − Oct BilledCost as DuckDB sums the Parquet files, exactly: 3505.3269681268 − 4064.4831315379 = −559.1561634111', async () => {
    const [files] = await duckdbRows(`SELECT
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS oct,
        CAST(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS nov FROM ${BOTH}`, FILES);
    expect(files).toEqual({ oct: '4064.4831315379', nov: '3505.3269681268' });
    expect(e.total.oldCost).toBe('4064.4831315379');
    expect(e.total.newCost).toBe('3505.3269681268');
    expect(e.total.change).toBe('-559.1561634111');
    expect(e.total.cents.change).toBe('-559.16');
  });

  it('the parts add up to the total change: exactly in 1e-10, and in cents at every level, for every driver and the rest', () => {
    expect(sum(PARTS.map((p) => e.total.parts[p]))).toBe(units('-559.1561634111'));
    expect(sum(PARTS.map((p) => e.total.cents[p]))).toBe(units('-559.16'));
    expect(e.levels.map((l) => l.dimensions)).toEqual([['service'], ['service', 'usage_type'], ['service', 'usage_type', 'resource']]);
    expect(e.drivers).toEqual(e.levels[2].drivers);
    for (const level of e.levels) expectAddsUp(level, e.total, level.drivers.length + level.rest.drivers);
    expect(sum(e.classes.map((c) => c.cents.change))).toBe(units('-559.16'));
    expect(e.classes.map((c) => [c.chargeClass, c.change])).toEqual([['usage', '-556.7647844111'], ['recurring', '-2.3913790000']]);
  });

  it('the top driver and its share are those DuckDB ranks first on the Parquet files: Glue dev endpoint CUR-NoKey, −443.78 of −559.16 (79.4 %)', async () => {
    const ranked = await duckdbRows(`SELECT
        CASE WHEN line_item_line_item_type = 'RIFee' THEN 'recurring' ELSE 'usage' END AS charge_class,
        coalesce(product_product_name, line_item_product_code) AS service, line_item_usage_type AS usage_type, coalesce(line_item_resource_id, '(none)') AS resource,
        CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0)
           - coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS change,
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_usage_amount AS DECIMAL(38,10)) END) AS VARCHAR) AS q0,
        CAST(sum(CASE WHEN span = 'new' THEN CAST(line_item_usage_amount AS DECIMAL(38,10)) END) AS VARCHAR) AS q1,
        CAST(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END) AS VARCHAR) AS c0,
        count(*) AS lines
      FROM ${BOTH} GROUP BY 1, 2, 3, 4 ORDER BY abs(CAST(change AS DECIMAL(38,10))) DESC LIMIT 2`, FILES);
    const top = ranked[0];
    expect(top.resource).toBe('arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey');
    const driver = e.drivers[0];
    expect([driver.chargeClass, driver.service, driver.usageType, driver.resource]).toEqual([top.charge_class, top.service, top.usage_type, top.resource]);
    expect(driver.change).toBe(top.change);
    expect(driver.change).toBe('-443.7785308000');
    // Its share of the total change, from the independent figures: −443.7785308 / −559.1561634111.
    const share = Math.round((Number(top.change) / -559.1561634111) * 1000) / 10;
    expect(share).toBe(79.4);
    expect(driver.shareOfChange).toBe(share);
    // A price that did not move: all of it is volume, (Q₁ − Q₀) × C₀ / Q₀ (DPU-hours at 0.44).
    const volume = ((Number(top.q1) - Number(top.q0)) * Number(top.c0)) / Number(top.q0);
    expect(Number(driver.parts.volume)).toBeCloseTo(volume, 8);
    expect(driver.cents).toEqual({ change: '-443.78', volume: '-443.78', rate: '0.00', new: '0.00', gone: '0.00', other: '0.00' });
    expect(e.drivers[1].resource).toBe(ranked[1].resource);
    expect(e.drivers[1].change).toBe(ranked[1].change);
  });

  it('a resource absent in November is "gone": the Glue dev endpoint CUR-test, all of its October cost as DuckDB sums it', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost, count(*) AS lines FROM read_parquet($oct)
      WHERE line_item_resource_id = 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test'`, { oct: REAL_OCT_2018 });
    const [november] = await duckdbRows(`SELECT count(*) AS lines FROM read_parquet($nov) WHERE line_item_resource_id = 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test'`, { nov: REAL_NOV_2018 });
    expect(november.lines).toBe('0');
    const gone = e.drivers.find((d) => d.resource === 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-test')!;
    expect(gone.rank).toBe(3);
    expect(gone.oldCost).toBe(file.cost);
    expect(gone.change).toBe(`-${file.cost}`);
    expect(gone.parts).toEqual({ volume: '0.0000000000', rate: '0.0000000000', new: '0.0000000000', gone: `-${file.cost}`, other: '0.0000000000' });
    // In cents, largest remainder keeps the floor or the ceiling of -328.8242496 (the cents of all drivers add up to the total's).
    expect(['-328.82', '-328.83']).toContain(gone.cents.gone);
    expect(gone.cents.change).toBe(gone.cents.gone);
  });

  it('--by account: one driver per class and account, the same total, each account\'s change as DuckDB sums it', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--by', 'account', '--format', 'json');
    expect(run.code).toBe(0);
    const byAccount = JSON.parse(run.stdout) as ExplainJson;
    expect(byAccount.total.cents).toEqual(e.total.cents);
    expectAddsUp(byAccount.levels[0], byAccount.total, 3);
    const rows = await duckdbRows(`SELECT line_item_usage_account_id AS account,
        CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0)
           - coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS change
      FROM ${BOTH} WHERE line_item_line_item_type <> 'RIFee' GROUP BY 1 ORDER BY 1`, FILES);
    const usage = byAccount.drivers.filter((d) => d.chargeClass === 'usage').map((d) => ({ account: d.account, change: d.change }));
    expect(usage.sort((a, b) => a.account!.localeCompare(b.account!))).toEqual(rows);
  });

  it('the csv is a header and one row per top driver, then the rest and the total, in cents that add up', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'csv', '--top', '3');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,charge_class,service,usage_type,resource,old_cost,new_cost,change,volume,rate,new,gone,other,share_pct');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe('1,usage,AWS Glue,USE1-DEVED-DPU-Hour,arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey,1473.22,1029.45,-443.78,-443.78,0.00,0.00,0.00,0.00,79.4');
    expect(lines[5]).toBe(',total,,,,4064.48,3505.33,-559.16,-249.78,57.39,33.93,-398.31,-2.39,100.0');
    expect(run.stderr).toContain('BilledCost, Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days)');
  });
});

describe('costlens explain: bad input is named, with a hint', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  }, 300_000);

  const cases: [string[], string, string][] = [
    [['--from', '2018-10-01..2018-10-11', '--to', '2018-11-01..2018-11-10'],
      'costlens: --from covers 11 days (1–11 Oct 2018 (11 days)) and --to 10 (1–10 Nov 2018 (10 days)): explain compares spans of equal length',
      '  hint: give --from 2018-10-01..2018-10-10, or leave --from out for the 10 days before --to'],
    [['--to', '2018-12'], 'costlens: --to Dec 2018 (full bill, 31 days) runs past the data horizon 2018-11-30 (the last complete day in the store)',
      '  hint: compare complete months, or month to date: --to mtd (and --from left out for the same days of the month before)'],
    [['--from', '2018-09', '--to', '2018-10'], 'costlens: --from Sep 2018 (full bill, 30 days) starts before the billing data in the store (from 2018-10-01)',
      '  hint: pick days from 2018-10-01 to 2018-11-30 (e.g. the last 30 days against the 30 before them: --from 2018-10-02..2018-10-31 --to 2018-11-01..2018-11-30), or ingest the earlier billing files'],
    [['--by', 'service,owner'], 'costlens: --by must list dimensions from service, usage_type, resource, account, region, team; got "owner"',
      '  hint: e.g. --by service,usage_type,resource (the default), --by account or --by team,service'],
    [['--by', 'service,service'], 'costlens: --by names a dimension twice: "service,service"', '  hint: run `costlens explain --help` for its options'],
    [['--top', '0'], 'costlens: --top must be an integer ≥ 1; got "0"', '  hint: give a whole number of at least 1, e.g. --top 10 (the default)'],
    [['--cost', 'net'], 'costlens: --cost must be one of billed, effective; got "net"', '  hint: e.g. --cost billed (the default)'],
  ];
  for (const [args, message, hint] of cases) {
    it(`explain ${args.join(' ')}`, async () => {
      const run = await costlens(db, 'explain', ...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`${message}\n${hint ? `${hint}\n` : ''}`);
    });
  }
});

describe('costlens explain on a store of one partial month (the real legacy CUR, 1–14 Nov 2023)', () => {
  it('with no flags it has no earlier month to compare with, and its hint gives two equal spans inside the data that explain runs', async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    const run = await costlens(db, 'explain');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: --from 1–13 Oct 2023 (13 days) starts before the billing data in the store (from 2023-11-01)\n'
      + '  hint: pick days from 2023-11-01 to 2023-11-13 (e.g. the last 6 days against the 6 before them: --from 2023-11-02..2023-11-07 --to 2023-11-08..2023-11-13), or ingest the earlier billing files\n');
    const suggested = /--from (\S+) --to (\S+)\)/.exec(run.stderr)!;
    const followed = await costlens(db, 'explain', '--from', suggested[1], '--to', suggested[2]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain('BilledCost, 2–7 Nov 2023 (6 days) → 8–13 Nov 2023 (6 days): 6 days each, data through 2023-11-13\n');
  });
});
