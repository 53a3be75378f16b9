/**
 * `costlens explain` over day spans compares usage only: fees, tax and credits are posted once a
 * month, not spent by the day, so a fee posted on the 1st on one side is no change in spend. Those
 * posted in the spans are listed apart, with their cost in each span, not compared; two months
 * still compare their whole bills. Figures are DuckDB's sums on the real Parquet files (and on the
 * demo store), each span's sum rounded once to cents, half away from zero.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { exactOf, roundCents } from '../helpers/shown-cents-rule.ts';

interface Posted { chargeClass: string; oldCost: string; newCost: string; cents: { oldCost: string; newCost: string } }
interface ExplainJson {
  compared: string;
  covers: string;
  posted: Posted[];
  total: { oldCost: string; newCost: string; change: string; cents: { oldCost: string; newCost: string; change: string } };
  classes: { chargeClass: string }[];
  drivers: { chargeClass: string; resource: string; change: string; shareOfChange: number }[];
}

/** Cents as the CLI prints them: `1234.56`, `-0.05`. */
const text = (cents: bigint) => `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;

/** Both Parquet files' lines charged from 25 Oct to 7 Nov 2018, each with its span (old: 25–31 Oct, new: 1–7 Nov). */
const WEEKS = `(SELECT CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-11-01' THEN 'old' ELSE 'new' END AS span, *
  FROM (SELECT * FROM read_parquet($oct) UNION ALL BY NAME SELECT * FROM read_parquet($nov))
  WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-25' AND line_item_usage_start_date < TIMESTAMP '2018-11-08')`;
const FILES = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };
const SUMS = `CAST(coalesce(sum(CASE WHEN span = 'old' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS old_cost,
  CAST(coalesce(sum(CASE WHEN span = 'new' THEN CAST(line_item_unblended_cost AS DECIMAL(38,10)) END), 0) AS VARCHAR) AS new_cost`;

describe('costlens explain over the last week of October against the first of November 2018 (the real bills)', () => {
  const args = ['explain', '--from', '2018-10-25..2018-10-31', '--to', '2018-11-01..2018-11-07'];
  let db: string;
  let e: ExplainJson;
  /** Usage lines (Usage and DiscountedUsage) and RI fees of each week, as DuckDB sums the Parquet files. */
  let usage: Record<string, string | null>;
  let fees: Record<string, string | null>;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const run = await costlens(db, ...args, '--format', 'json', '--top', '3');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    e = JSON.parse(run.stdout);
    [usage] = await duckdbRows(`SELECT ${SUMS} FROM ${WEEKS} WHERE line_item_line_item_type <> 'RIFee'`, FILES);
    [fees] = await duckdbRows(`SELECT ${SUMS} FROM ${WEEKS} WHERE line_item_line_item_type = 'RIFee'`, FILES);
  }, 300_000);

  it('compares usage only: 979.3571695692 → 1077.1174520015, shown 979.36 → 1077.12, change 97.76 (was 245.14 with the RI fees of 1 Nov in it)', () => {
    expect(usage).toEqual({ old_cost: '979.3571695692', new_cost: '1077.1174520015' });
    expect(e.compared).toBe('usage');
    expect([e.total.oldCost, e.total.newCost, e.total.change]).toEqual([usage.old_cost, usage.new_cost, '97.7602824323']);
    const [oldCents, newCents] = [roundCents(exactOf(usage.old_cost!)), roundCents(exactOf(usage.new_cost!))];
    expect([oldCents, newCents]).toEqual([97936n, 107712n]);
    expect(e.total.cents).toMatchObject({ oldCost: text(oldCents), newCost: text(newCents), change: text(newCents - oldCents) });
    expect(e.classes.map((c) => c.chargeClass)).toEqual(['usage']);
    expect(e.drivers.every((d) => d.chargeClass === 'usage')).toBe(true);
  });

  it('the RI fees posted on 1 Nov are listed apart, not compared: recurring 0.00 → 147.38, as DuckDB sums the RIFee lines of each week', () => {
    expect(fees).toEqual({ old_cost: '0.0000000000', new_cost: '147.3840000000' });
    expect(e.posted).toEqual([{ chargeClass: 'recurring', oldCost: fees.old_cost, newCost: fees.new_cost, cents: { oldCost: '0.00', newCost: text(roundCents(exactOf(fees.new_cost!))) } }]);
    expect(e.posted[0].cents.newCost).toBe('147.38');
  });

  it('the top driver is usage: the Glue dev endpoint CUR-NoKey, 303.60 → 346.50 (+42.90), 43.9 % of the change in usage', async () => {
    const [top] = await duckdbRows(`SELECT ${SUMS} FROM ${WEEKS} WHERE line_item_resource_id = 'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey'`, FILES);
    const change = exactOf(top.new_cost!) - exactOf(top.old_cost!);
    expect(e.drivers[0].resource).toBe('arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey');
    expect(exactOf(e.drivers[0].change)).toBe(change);
    expect(Math.round((Number(change) / Number(exactOf('97.7602824323'))) * 1000) / 10).toBe(43.9);
    expect(e.drivers[0].shareOfChange).toBe(43.9);
  });

  it('the terminal says what it compares, prints the usage headline and the posted fees in a table of their own', async () => {
    const run = await costlens(db, ...args, '--top', '1');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'BilledCost, 25–31 Oct 2018 (7 days) → 1–7 Nov 2018 (7 days): 7 days each, data through 30 Nov 2018',
      'Usage compared: fees, tax and credits are posted once a month, not spent by the day, so day spans list those posted in them apart, not compared',
      // Money as the tables show it (it printed 979.36 → 1077.12: change 97.76 …, no $).
      '$979.36 → $1,077.12: change $97.76 (exact 97.7602824323) = volume $82.81, rate $12.98, new $8.17, gone -$6.20, other $0.00',
    ]);
    const posted = run.stdout.slice(run.stdout.indexOf('Posted in the spans, not compared\n'));
    expect(posted.split('\n').find((l) => l.startsWith('recurring'))).toMatch(/^recurring\s+\$0\.00\s+\$147\.38$/);
    expect(run.stdout).not.toContain('By charge class');
    expect(run.stdout).toContain('Top 1 of 630 drivers of usage, service › usage_type › resource\n');
  });

  it('--format csv: the drivers alone on stdout (the rest and the total were rows there too); the headline, the posted fees and what the csv lists on stderr', async () => {
    const run = await costlens(db, ...args, '--format', 'csv', '--top', '1');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\r\n')).toEqual([
      'rank,charge_class,service,usage_type,resource,old_cost,new_cost,change,volume,rate,new,gone,other,share_pct',
      '1,usage,AWS Glue,USE1-DEVED-DPU-Hour,arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey,303.60,346.50,42.90,42.90,0.00,0.00,0.00,0.00,43.9',
    ]);
    expect(run.stderr.trim().split('\n').slice(-3)).toEqual([
      '$979.36 → $1,077.12: change $97.76 (exact 97.7602824323) = volume $82.81, rate $12.98, new $8.17, gone -$6.20, other $0.00',
      'Posted in the spans, not compared: recurring $0.00 → $147.38',
      'Top 1 of 630 drivers of usage, service › usage_type › resource on stdout (the rest and the total: --format table or json)',
    ]);
  });

  it('two months still compare their whole bills, fees included, and say so', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json', '--top', '1');
    const months = JSON.parse(run.stdout) as ExplainJson;
    expect([months.compared, months.posted, months.total.cents.change]).toEqual(['bill', [], '-559.15']);
    expect(months.classes.map((c) => c.chargeClass)).toEqual(['usage', 'recurring']);
    const table = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11', '--top', '1');
    expect(table.stdout.split('\n')[1]).toBe('Whole bills compared: usage, fees, tax and credits of each billing period');
  });
});

describe('costlens explain --to mtd on the demo (as of 2026-11-15): usage, not October\'s whole Support fee and tax against November\'s partial postings', () => {
  it('compares 1–14 Oct with 1–14 Nov 2026 in usage, 12832.23 → 14016.45 (+1184.22, was −670.88 with fees and tax), and lists recurring and tax apart', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const spans = (from: string, to: string) => `ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}'`;
    const byClass = await sqlRows(db, `SELECT coalesce(x_ChargeClass, 'usage') AS charge_class,
        CAST(coalesce(sum(CASE WHEN ${spans('2026-10-01', '2026-10-15')} THEN BilledCost END), 0) AS VARCHAR) AS old_cost,
        CAST(coalesce(sum(CASE WHEN ${spans('2026-11-01', '2026-11-15')} THEN BilledCost END), 0) AS VARCHAR) AS new_cost
      FROM line_items WHERE (${spans('2026-10-01', '2026-10-15')}) OR (${spans('2026-11-01', '2026-11-15')}) GROUP BY 1 ORDER BY 1`);
    const cents = (r: Record<string, string | null>) => [r.charge_class, roundCents(exactOf(r.old_cost!)), roundCents(exactOf(r.new_cost!))];
    expect(byClass.map(cents)).toEqual([['recurring', 339860n, 224631n], ['tax', 135333n, 65052n], ['usage', 1283223n, 1401645n]]);

    const run = await costlens(db, 'explain', '--to', 'mtd', '--top', '1');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('BilledCost, 1–14 Oct 2026 (14 days) → 1–14 Nov 2026 (14 days): 14 days each, data through 14 Nov 2026');
    expect(lines[1]).toMatch(/^Usage compared: /);
    expect(lines[2]).toMatch(/^\$12,832\.23 → \$14,016\.45: change \$1,184\.22 \(exact 1184\.2168217479\) = /);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.split(/\s+/).slice(1);
    expect(row('recurring')).toEqual(['$3,398.60', '$2,246.31']);
    expect(row('tax')).toEqual(['$1,353.33', '$650.52']);
  });
});
