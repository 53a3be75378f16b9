import { copyFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/** Usage, restated on line_items from the CUR line item types: usage lines whose charge period is at most a day. */
const USAGE = `x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`;

/** Money printed by costlens (6 decimals) against the store: equal to 1e-6, or to n × 0.5e-6 for a sum of n printed figures. */
function expectMoney(actual: number | string | null, expected: number | string | null, label: string, terms = 1) {
  expect(Math.abs(Number(actual) - Number(expected)), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(1e-6, terms * 0.5e-6) + 1e-9);
}

async function json(db: string, ...args: string[]): Promise<Record<string, string | number | null>[]> {
  const run = await costlens(db, ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('anomalies, forecast and unit-cost on the demo organisation reconcile to costlens sql', () => {
  const { dir, db } = tempStore();
  /** The shared demo (tests/global-setup.ts): seed 42, 3 months, scale 1, as-of 2026-11-15. */
  const demo = inject('demoDir');

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(demo, ['cur2', 'business-metrics.csv']), db);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('anomalies: every examined day, summed over services and over accounts, is that day’s usage BilledCost', async () => {
    const rows = await json(db, 'anomalies', '--all', '--include-provisional');
    const byDay = await sqlRows(db, `SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, sum(CASE WHEN ${USAGE} THEN BilledCost ELSE 0 END) AS billed
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' GROUP BY 1 ORDER BY 1`);
    expect(byDay.map((r) => r.day)).toEqual([...new Set(rows.map((r) => r.day))]);
    for (const { day, billed } of byDay) {
      for (const dimension of ['service', 'account']) {
        const terms = rows.filter((r) => r.day === day && r.dimension === dimension);
        expectMoney(terms.reduce((s, r) => s + Number(r.actual), 0), billed, `${day} ${dimension}`, terms.length);
      }
    }
    // provisional is a JSON boolean, as in the events' JSON.
    expect((rows as Record<string, unknown>[]).filter((r) => r.provisional === true).map((r) => r.day).filter((d, i, a) => a.indexOf(d) === i)).toEqual(['2026-11-12', '2026-11-13', '2026-11-14']);
    expect(rows.every((r) => r.status === 'not judged' || r.expected !== null)).toBe(true);
  });

  it('forecast: month-to-date actual and its provisional part are the store sums for November', async () => {
    const [billed, effective] = await json(db, 'forecast');
    const [sums] = await sqlRows(db, `SELECT sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-12' AND ${USAGE}) AS billed_provisional
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect([billed.asOf, billed.daysElapsed, billed.daysRemaining, billed.fitTo]).toEqual(['2026-11-14', 14, 16, '2026-11-11']);
    expectMoney(billed.mtdActual, sums.billed, 'billed MTD');
    expectMoney(effective.mtdActual, sums.effective, 'effective MTD');
    expectMoney(billed.mtdProvisional, sums.billed_provisional, 'provisional');
    expect(Number(billed.forecast)).toBeCloseTo(Number(billed.mtdActual) + Number(billed.projectedRemaining), 9);
    expect(Number(billed.low)).toBeLessThanOrEqual(Number(billed.forecast));
    expect(Number(billed.high)).toBeGreaterThanOrEqual(Number(billed.forecast));
  });

  it('forecast: every expected charge is named in BilledCost and EffectiveCost, each row\'s expectedOther is what they still have to post, and each charge\'s figures are the store\'s', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as (Record<string, string> & { expectedCharges: Record<string, string>[] })[];
    // The notes: `Expected: S (class): BilledCost X at month end, Y still to post (basis; P posted); EffectiveCost … .`, money as the
    // table writes it where a figure is whole cents ($1,149.51), with its decimals exactly where it has more ($22.182575, $42.97874).
    const figure = '(\\$\\d{1,3}(?:,\\d{3})*\\.\\d{2}(?:\\d{0,3}[1-9])?)';
    const note = new RegExp(`^Expected: (.+) \\((recurring|tax)\\): BilledCost ${figure} at month end, ${figure} still to post \\((.*); ${figure} posted\\); `
      + `EffectiveCost ${figure} at month end, ${figure} still to post \\((.*); ${figure} posted\\)\\.$`);
    // A note's dollars as the JSON writes them: 6 decimals, no separators.
    const sixDecimals = (text: string) => text.replace(/\$([\d,]+)\.(\d+)/g, (_, whole: string, decimals: string) => `${whole.replaceAll(',', '')}.${decimals.padEnd(6, '0')}`);
    const notes = run.stderr.split('\n').filter((l) => l.startsWith('Expected: ')).map((l) => {
      const m = note.exec(l);
      expect(m, l).not.toBeNull();
      const [, service, chargeClass, bAt, bLeft, bBasis, bPosted, eAt, eLeft, eBasis, ePosted] = m!.map((part) => part && sixDecimals(part));
      return { service, chargeClass, billed: [bAt, bLeft, bPosted, bBasis], effective: [eAt, eLeft, ePosted, eBasis] };
    });
    // (They wrote 2493.800000 and 42.978740; each figure is checked by SQL below.)
    expect(run.stderr).toContain('Expected: AWS Support (Business) (recurring): BilledCost $2,493.80 at month end, $1,149.51 still to post (posts once a month: $2,493.80 in 2026-10; $1,344.29 posted); ');
    expect(run.stderr).toContain('EffectiveCost $41.592329 at month end, $22.182575 still to post (unused reservation hours, which post as they pass: accrues daily: $42.97874 over 2026-10, scaled to 30 days; $19.409753 posted).');
    expect(notes.map((n) => n.service)).toEqual(['AWS Support (Business)', 'Amazon Elastic Compute Cloud', 'Savings Plans for AWS Compute usage', 'Tax']);
    const micro = (text: string) => BigInt(text.replace('.', ''));
    const dollars = (units: bigint) => `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}`;
    for (const [i, measure] of (['billed', 'effective'] as const).entries()) {
      // The notes' "still to post" add up to the row's expected_other, to the micro-dollar; the JSON carries each charge's figures.
      expect(dollars(notes.reduce((sum, n) => sum + micro(n[measure][1]), 0n)), measure).toBe(rows[i].expectedOther);
      expect(rows[i].expectedCharges.map((e) => [e.service, e.chargeClass, e.atMonthEnd, e.stillToPost, e.posted, e.basis]))
        .toEqual(notes.map((n) => [n.service, n.chargeClass, ...n[measure]]));
    }
    // Each fee by SQL on the store (October the month before, November to the 14th): AWS Support posts in parts, October's less what
    // has posted; the RI's RIFee has posted for November, nothing more in BilledCost, but its EffectiveCost is the reservation's unused
    // hours, which AWS posts as they pass (19.409753 by the 14th): it accrues, as the Savings Plan's hourly fee does, October's × 30/31.
    const fees = await sqlRows(db, `WITH f AS (
        SELECT ServiceName AS service, any_value(x_LineItemType) AS type,
          sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01') AS oct_b, sum(EffectiveCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01') AS oct_e,
          coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01'), 0) AS nov_b, coalesce(sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01'), 0) AS nov_e
        FROM line_items WHERE x_ChargeClass = 'recurring' AND ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15' GROUP BY ServiceName),
      e AS (SELECT *, CASE type WHEN 'RIFee' THEN nov_b WHEN 'SavingsPlanRecurringFee' THEN oct_b * 30 / 31 ELSE oct_b END AS at_b,
          CASE WHEN type IN ('RIFee', 'SavingsPlanRecurringFee') THEN oct_e * 30 / 31 ELSE oct_e END AS at_e FROM f)
      SELECT service, type, CAST(round(at_b, 6) AS DECIMAL(38,6)) AS at_b, CAST(round(greatest(at_b - nov_b, 0), 6) AS DECIMAL(38,6)) AS left_b, CAST(nov_b AS DECIMAL(38,6)) AS nov_b,
        CAST(round(at_e, 6) AS DECIMAL(38,6)) AS at_e, CAST(round(greatest(at_e - nov_e, 0), 6) AS DECIMAL(38,6)) AS left_e, CAST(nov_e AS DECIMAL(38,6)) AS nov_e
      FROM e ORDER BY service`);
    expect(fees.map((f) => [f.service, f.type])).toEqual([['AWS Support (Business)', 'Fee'], ['Amazon Elastic Compute Cloud', 'RIFee'], ['Savings Plans for AWS Compute usage', 'SavingsPlanRecurringFee']]);
    for (const [i, f] of fees.entries()) {
      expect(notes[i].billed.slice(0, 3), f.service!).toEqual([f.at_b, f.left_b, f.nov_b]);
      expect(notes[i].effective.slice(0, 3), f.service!).toEqual([f.at_e, f.left_e, f.nov_e]);
    }
    // The RI in EffectiveCost: 42.978740 × 30/31 at month end, 22.182575 still to post (was 19.409753 and 0.00, as if posted whole).
    expect(notes[1].effective.slice(0, 3)).toEqual(['41.592329', '22.182575', '19.409753']);
    expect(rows.map((r) => r.expectedOther)).toEqual(['2838.173947', '2024.872974']);
    // Tax: October's tax ÷ its other charges × November's (held so far, the projected usage, the fees still to post), rounded once.
    const [tax] = await sqlRows(db, `SELECT
        sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01' AND x_ChargeClass = 'tax') AS oct_tax_b, sum(EffectiveCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01' AND x_ChargeClass = 'tax') AS oct_tax_e,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01' AND x_ChargeClass <> 'tax') AS oct_other_b, sum(EffectiveCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '2026-11-01' AND x_ChargeClass <> 'tax') AS oct_other_e,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND x_ChargeClass = 'tax') AS nov_tax_b, sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND x_ChargeClass = 'tax') AS nov_tax_e,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND x_ChargeClass <> 'tax') AS nov_other_b, sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND x_ChargeClass <> 'tax') AS nov_other_e
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    const units = (text: string) => { const [whole, part = ''] = text.split('.'); return BigInt(whole + part.padEnd(10, '0').slice(0, 10)); };
    const toMicro = (u: bigint) => (u + 5_000n) / 10_000n; // positive amounts: half up
    for (const [i, [m, c]] of ([['b', 'billed'], ['e', 'effective']] as const).entries()) {
      const other = units(tax[`nov_other_${m}`]!) + units(rows[i].projectedUsage) + fees.reduce((sum, f) => sum + units(f[`left_${m}`]!), 0n);
      const expected = (units(tax[`oct_tax_${m}`]!) * other * 2n + units(tax[`oct_other_${m}`]!)) / (2n * units(tax[`oct_other_${m}`]!));
      const posted = units(tax[`nov_tax_${m}`]!);
      expect(notes[3][c].slice(0, 3), c).toEqual([dollars(toMicro(expected)), dollars(toMicro(expected - posted)), dollars(toMicro(posted))]);
    }
  });

  it('budgets on the whole bill in BilledCost and EffectiveCost forecast what `costlens forecast` does, to the cent (EffectiveCost 36,581.01 with the RI\'s unused hours still to post)', async () => {
    const config = join(dir, 'budgets.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'billed', amount: 40000 }, { name: 'effective', amount: 40000, cost: 'effective' }] }));
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budgets = (JSON.parse(run.stdout) as { budgets: Record<string, string>[] }).budgets;
    const forecasts = await json(db, 'forecast');
    const cents = (text: string | number | null) => (Math.round(Number(text) * 100) / 100).toFixed(2);
    expect(budgets.map((b) => [b.name, b.forecast])).toEqual([['billed', cents(forecasts[0].forecast)], ['effective', cents(forecasts[1].forecast)]]);
    expect(budgets.map((b) => b.forecast)).toEqual(['36498.40', '36581.01']);
  });

  it('unit-cost: weekly costs and orders sum to the store’s EffectiveCost of usage (of every line with --charges all) and orders, for all lines and for team=payments (normalised, and raw)', async () => {
    const weeks = await json(db, 'unit-cost', '--metric', 'orders', '--grain', 'week');
    const [store] = await sqlRows(db, `SELECT sum(EffectiveCost) FILTER (WHERE x_ChargeClass = 'usage') AS effective, sum(EffectiveCost) AS every,
      (SELECT sum(value) FROM business_metrics WHERE metric = 'orders' AND "date" <= (SELECT max(CAST(ChargePeriodStart AS DATE)) FROM line_items)) AS orders
      FROM line_items`);
    expectMoney(weeks.reduce((s, r) => s + Number(r.effectiveCost), 0), store.effective, 'effective', weeks.length);
    const everyLine = await json(db, 'unit-cost', '--metric', 'orders', '--grain', 'week', '--charges', 'all');
    expectMoney(everyLine.reduce((s, r) => s + Number(r.effectiveCost), 0), store.every, 'every charge class', everyLine.length);
    expect(weeks.reduce((s, r) => s + Number(r.units), 0)).toBe(Number(store.orders));
    // Without a config, team=payments folds case and spaces ("payments ", "Payments", "PAYMENTS"); --raw-tags reads "payments" only.
    const [payments] = await sqlRows(db, `SELECT sum(EffectiveCost) FILTER (WHERE lower(trim(Tags['team'])) = 'payments') AS folded,
      sum(EffectiveCost) FILTER (WHERE Tags['team'] = 'payments') AS raw FROM line_items WHERE x_ChargeClass = 'usage'`);
    for (const [flags, expected] of [[[], payments.folded], [['--raw-tags'], payments.raw]] as const) {
      const tagged = await json(db, 'unit-cost', '--metric', 'orders', '--tag', 'team=payments', ...flags);
      expectMoney(tagged.reduce((s, r) => s + Number(r.effectiveCost), 0), expected, `team=payments ${flags.join(' ')}`, tagged.length);
      expect(tagged.every((r) => r.unitCost === null || Math.abs(Number(r.unitCost) - Number(r.effectiveCost) / Number(r.units)) <= 1e-9)).toBe(true);
    }
    expect(Number(payments.folded)).toBeGreaterThan(Number(payments.raw));
  });
});
