/**
 * Tables that split a total add up to the total shown (README: the total is the exact sum rounded
 * once; the rows are the largest-remainder rounding of their exact amounts to its cents): `invoice
 * --detail`, `commitments --by`, `attribute --coverage` and `kpi`, on the shared demo's CUR 2.0
 * export. Every expected figure is worked out here from the line items (SQL on the store) and a
 * largest remainder written apart from src/ (as tests/report/helpers.ts `largestRemainder` does).
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { UNCOVERED_ELIGIBLE } from '../helpers/commitment-sql.ts';

const EXAMPLE_CONFIG = resolve(__dirname, '../../costlens.config.example.yaml');

/** A DECIMAL's text (`-12.3400000000`) in units of 1e-10. */
function units(text: string | null): bigint {
  const t = text ?? '0';
  const negative = t.startsWith('-');
  const [whole, fraction = ''] = t.replace(/^[-+]/, '').split('.');
  const v = BigInt(whole || '0') * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -v : v;
}

const CENT = 10n ** 8n;

/** Units rounded to cents, half away from zero (DuckDB's round(x, 2)). */
function roundCents(u: bigint): bigint {
  const abs = u < 0n ? -u : u;
  const cents = (abs + CENT / 2n) / CENT;
  return u < 0n ? -cents : cents;
}

/** Floor of units ÷ one cent. */
function floorCents(u: bigint): bigint {
  return u >= 0n ? u / CENT : -((-u + CENT - 1n) / CENT);
}

/**
 * Largest remainder: cents that add up to `totalCents`, each the floor of its amount or one more,
 * the extra cents to the largest remainders (equal ones to the key first in code-point order).
 */
function largestRemainder(amounts: Map<string, bigint>, totalCents: bigint): Map<string, bigint> {
  const keys = [...amounts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = keys.map((k) => ({ k, floor: floorCents(amounts.get(k)!), rest: amounts.get(k)! - floorCents(amounts.get(k)!) * CENT }));
  let missing = totalCents - parts.reduce((s, p) => s + p.floor, 0n);
  const out = new Map(parts.map((p) => [p.k, p.floor]));
  for (const p of [...parts].sort((a, b) => (a.rest > b.rest ? -1 : a.rest < b.rest ? 1 : keys.indexOf(a.k) - keys.indexOf(b.k)))) {
    if (missing <= 0n) break;
    out.set(p.k, out.get(p.k)! + 1n);
    missing -= 1n;
  }
  return out;
}

/** Cents as a table shows them: `$1,234.56`, `-$0.05`. */
function dollars(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}$${(abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** `$1,234.56` back to cents. */
function centsOf(shown: string): bigint {
  const negative = shown.startsWith('-');
  const [whole, fraction] = shown.replace(/^-?\$/, '').replaceAll(',', '').split('.');
  const v = BigInt(whole) * 100n + BigInt(fraction);
  return negative ? -v : v;
}

/** The rows of the aligned table whose header starts with `first`, cut at the columns the rule line draws. */
function tableRows(stdout: string, first: string): Record<string, string>[] {
  const lines = stdout.split('\n');
  const h = lines.findIndex((l, i) => l.trimStart().startsWith(first) && /^-+( {2}-+)*$/.test(lines[i + 1] ?? ''));
  expect(h, `no table starting "${first}" in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const spans = [...lines[h + 1].matchAll(/-+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  const names = spans.map(([a, b]) => lines[h].slice(a, b).trim());
  const rows: Record<string, string>[] = [];
  for (let i = h + 2; i < lines.length && !/^\(\d+ rows?[;)]/.test(lines[i]); i++) {
    rows.push(Object.fromEntries(spans.map(([a, b], j) => [names[j], lines[i].slice(a, j === spans.length - 1 ? undefined : b).trim()])));
  }
  return rows;
}

const sum = (values: bigint[]) => values.reduce((s, v) => s + v, 0n);


describe('tables that split a total add up to the total shown (largest remainder)', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
  }, 600_000);

  it('invoice --period 2026-10 --detail: the line item types add up to each class and to the total, billed and amortised', async () => {
    // Charge classes from the line item type, as README "The invoice (net view)" lists them.
    const lines = await sqlRows(db, `SELECT CASE
        WHEN x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'usage'
        WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') OR (x_LineItemType = 'Fee' AND x_ReservationArn IS NOT NULL) THEN 'commitment-fees'
        WHEN x_LineItemType = 'Fee' THEN 'fees' WHEN x_LineItemType = 'Tax' THEN 'tax' ELSE 'unexpected ' || x_LineItemType END AS class,
        x_LineItemType AS type, count(*) AS n, sum(BilledCost) AS billed, sum(EffectiveCost) AS amortised
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' GROUP BY 1, 2`);
    const order = ['usage', 'fees', 'commitment-fees', 'tax'];
    lines.sort((a, b) => order.indexOf(a.class!) - order.indexOf(b.class!) || (a.type! < b.type! ? -1 : 1));
    const [truth] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS DECIMAL(38, 2)) AS billed, CAST(round(sum(EffectiveCost), 2) AS DECIMAL(38, 2)) AS amortised, count(*) AS n
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01'`);
    const expected = new Map(lines.map((l) => [l.type!, ['2026-10', l.class!, l.type!, l.n!]]));
    for (const measure of ['billed', 'amortised'] as const) {
      const totalCents = roundCents(sum(lines.map((l) => units(l[measure]))));
      expect(dollars(totalCents)).toBe(dollars(centsOf(`$${truth[measure]}`)));
      const byClass = new Map<string, bigint>();
      for (const l of lines) byClass.set(l.class!, (byClass.get(l.class!) ?? 0n) + units(l[measure]));
      const classCents = largestRemainder(byClass, totalCents);
      for (const [cls, cents] of classCents) {
        const types = largestRemainder(new Map(lines.filter((l) => l.class === cls).map((l) => [l.type!, units(l[measure])])), cents);
        for (const [type, c] of types) expected.get(type)!.push(dollars(c));
      }
    }
    const run = await costlens(db, 'invoice', '--period', '2026-10', '--detail', '--wide');
    expect(run.code, run.stderr).toBe(0);
    const rows = tableRows(run.stdout, 'period');
    const shown = rows.map((r) => [r.period, r.charge_class, r.line_item_type, r.lines, r.billed, r.amortised]);
    expect(shown).toEqual([...lines.map((l) => expected.get(l.type!)!), ['2026-10', 'total', '', truth.n, dollars(centsOf(`$${truth.billed}`)), dollars(centsOf(`$${truth.amortised}`))]]);
    // The reviewer's figure: the rows rounded one by one summed to $16,863.72 against a total of $16,863.71 (November, before its
    // RIFee billed the whole month); October's rounded one by one sum to $35,187.19 against $35,187.20.
    expect([dollars(sum(lines.map((l) => roundCents(units(l.billed))))), rows.at(-1)!.billed]).toEqual(['$35,187.19', '$35,187.20']);
    const body = rows.filter((r) => r.charge_class !== 'total');
    expect(dollars(sum(body.map((r) => centsOf(r.billed))))).toBe(rows.at(-1)!.billed);
    expect(dollars(sum(body.map((r) => centsOf(r.amortised))))).toBe(rows.at(-1)!.amortised);
    // csv keeps each type's exact decimals.
    const csv = (await costlens(db, 'invoice', '--period', '2026-10', '--detail', '--format', 'csv')).stdout.split('\r\n').slice(1, -1).map((l) => l.split(','));
    expect(csv.filter((c) => c[1] !== 'total').map((c) => [c[2], c[4]])).toEqual(lines.map((l) => [l.type, l.billed]));
    // json gives each type the cents the table shows.
    const [period] = JSON.parse((await costlens(db, 'invoice', '--period', '2026-10', '--format', 'json')).stdout) as { classes: { lineItemTypes: { lineItemType: string; cents: { billed: string; amortised: string } }[] }[] }[];
    const jsonCents = period.classes.flatMap((c) => c.lineItemTypes.map((t) => [t.lineItemType, t.cents.billed, t.cents.amortised]));
    expect(new Map(jsonCents.map(([type, ...cents]) => [type, cents.map((c) => dollars(centsOf(c.startsWith('-') ? `-$${c.slice(1)}` : `$${c}`)))])))
      .toEqual(new Map(lines.map((l) => [l.type!, expected.get(l.type!)!.slice(4)])));
  });

  it('commitments --period 2026-10 --by region|account|family: on_demand_cost rows add up to the summary\'s on-demand spend that could have been covered', async () => {
    const groupings = {
      region: 'RegionId',
      account: 'SubAccountId',
      family: `coalesce(regexp_replace(x_InstanceType, '\\.[^.]+$', ''), '(no instance family)')`,
    };
    for (const [by, column] of Object.entries(groupings)) {
      const exact = await sqlRows(db, `SELECT ${column} AS k, sum(BilledCost) AS cost FROM line_items
        WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' AND ${UNCOVERED_ELIGIBLE} GROUP BY 1`);
      const amounts = new Map(exact.map((r) => [r.k!, units(r.cost)]));
      const totalCents = roundCents(sum([...amounts.values()]));
      const cents = largestRemainder(amounts, totalCents);
      const run = await costlens(db, 'commitments', '--period', '2026-10', '--by', by, '--wide');
      expect(run.code, run.stderr).toBe(0);
      const headline = /on-demand spend that could have been covered (-?\$[\d,]+\.\d\d)\n/.exec(run.stdout)![1];
      expect(headline, by).toBe(dollars(totalCents));
      const rows = tableRows(run.stdout, 'key');
      // Groups with on-demand-equivalent cost but no uncovered spend show $0.00.
      expect(rows.map((r) => [r.key, r.on_demand_cost]), by).toEqual(rows.map((r) => [r.key, dollars(cents.get(r.key) ?? 0n)]));
      expect(new Set(rows.map((r) => r.key)), by).toEqual(new Set([...rows.map((r) => r.key), ...amounts.keys()]));
      // The reviewer's figure: rounded one by one the rows summed to $11,297.05 against $11,297.06.
      expect(dollars(sum(rows.map((r) => centsOf(r.on_demand_cost)))), by).toBe(dollars(totalCents));
    }
  });

  it('attribute --tag team --coverage service --period 2026-11: billed_total rows add up to the period\'s BilledCost rounded once, and each row\'s classes to its total', async () => {
    const exact = await sqlRows(db, `SELECT ServiceName AS k, sum(BilledCost) AS cost FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-11-01' GROUP BY 1`);
    const amounts = new Map(exact.map((r) => [r.k!, units(r.cost)]));
    const totalCents = roundCents(sum([...amounts.values()]));
    const cents = largestRemainder(amounts, totalCents);
    const run = await costlens(db, 'attribute', '--tag', 'team', '--coverage', 'service', '--period', '2026-11', '--config', EXAMPLE_CONFIG, '--wide');
    expect(run.code, run.stderr).toBe(0);
    const rows = tableRows(run.stdout, 'period');
    expect(Object.fromEntries(rows.map((r) => [r.service_name, r.billed_total]))).toEqual(Object.fromEntries([...cents].map(([k, c]) => [k, dollars(c)])));
    // The reviewer's figure: each row's total rounded alone summed to $16,913.29 against $16,913.28.
    expect(dollars(sum(rows.map((r) => centsOf(r.billed_total))))).toBe(dollars(totalCents));
    for (const r of rows) {
      expect(dollars(sum([r.billed_tagged, r.billed_shared, r.billed_account_default, r.billed_untagged].map(centsOf))), r.service_name).toBe(r.billed_total);
    }
  });

  it('kpi --months 1: the accounts\' (or teams\') ec2_cost adds up to the (all) row; --by team says team in its heading', async () => {
    for (const by of ['account', 'team']) {
      const json = JSON.parse((await costlens(db, 'kpi', '--months', '1', '--by', by, '--format', 'json')).stdout) as { from: string; to: string; rows: { accountId: string | null; team: string | null; ec2Cost: string }[] };
      const groups = json.rows.filter((r) => r.accountId !== null || r.team !== null);
      const all = json.rows.find((r) => r.accountId === null && r.team === null)!;
      const amounts = new Map(groups.map((r) => [(r.accountId ?? r.team)!, units(r.ec2Cost)]));
      expect(sum([...amounts.values()])).toBe(units(all.ec2Cost));
      // The EC2 instance cost restated from the line items: usage lines of BoxUsage, SpotUsage or DedicatedUsage types over the
      // days the JSON names. An account with no instance cost has a row for its other KPIs (EBS, S3) at ec2Cost 0.
      const ec2 = await sqlRows(db, `SELECT SubAccountId AS account, sum(EffectiveCost) AS cost FROM line_items
        WHERE x_ChargeClass = 'usage' AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%DedicatedUsage%')
          AND ChargePeriodStart >= TIMESTAMP '${json.from}' AND ChargePeriodStart < TIMESTAMP '${json.to}' + INTERVAL 1 DAY GROUP BY 1`);
      expect(units(all.ec2Cost)).toBe(sum(ec2.map((r) => units(r.cost))));
      const nonZero = (m: Map<string, bigint>) => new Map([...m].filter(([, v]) => v !== 0n));
      if (by === 'account') expect(nonZero(amounts)).toEqual(nonZero(new Map(ec2.map((r) => [r.account!, units(r.cost)]))));
      const cents = largestRemainder(amounts, roundCents(units(all.ec2Cost)));
      const run = await costlens(db, 'kpi', '--months', '1', '--by', by, '--wide');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^Efficiency KPIs by month and ${by}, `));
      const rows = tableRows(run.stdout, 'month');
      const column = by === 'team' ? 'team' : 'account_id';
      expect(rows.map((r) => [r[column], r.ec2_cost])).toEqual([
        ...groups.map((g) => [(g.accountId ?? g.team)!, dollars(cents.get((g.accountId ?? g.team)!)!)]),
        ['(all)', dollars(roundCents(units(all.ec2Cost)))],
      ]);
    }
  });

  it('invoice --help and commitments --help name the default period: the last complete month, not the latest', async () => {
    for (const command of ['invoice', 'commitments']) {
      const help = await costlens(db, command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--period    a billing period (default: the last complete month up to the last complete day in the store, said on stderr)');
      expect(help.stdout).not.toContain('latest');
    }
  });
});
