import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';

/** The charge classes of CUR line item types, written out here independently of the query. */
const CLASS_OF_TYPE: Record<string, string> = {
  Usage: 'usage', DiscountedUsage: 'usage', SavingsPlanCoveredUsage: 'usage', SavingsPlanNegation: 'usage',
  RIFee: 'commitment-fees', SavingsPlanRecurringFee: 'commitment-fees', SavingsPlanUpfrontFee: 'commitment-fees',
  Tax: 'tax', Credit: 'credits', Refund: 'refunds', EdpDiscount: 'discounts', BundledDiscount: 'discounts', PrivateRateDiscount: 'discounts',
};

interface InvoiceJson { period: string; total: { billedCost: string; amortisedCost: string; cents: { billed: string } }; classes: { chargeClass: string; billedCost: string; amortisedCost: string; netAmortisedCost: string; cents: { billed: string } }[] }

const cents = (decimal: string) => Math.round(Number(decimal) * 100);

function expectAddsUp(p: InvoiceJson) {
  const exact = p.classes.reduce((n, c) => n + BigInt(c.billedCost.replace('.', '')), 0n);
  expect(exact).toBe(BigInt(p.total.billedCost.replace('.', '')));
  expect(p.classes.reduce((n, c) => n + cents(c.cents.billed), 0)).toBe(cents(p.total.cents.billed));
  expect(cents(p.total.cents.billed)).toBe(cents(p.total.billedCost));
}

describe('costlens invoice: billed, amortised and net amortised by charge class, adding up to each period\'s BilledCost to the cent', () => {
  const demo = inject('demoDir');
  const invoices: Record<string, InvoiceJson> = {};
  let demoStore: string;

  beforeAll(async () => {
    // Cached stores, only read here: the real files in one ingest, and the demo's CUR 2.0 export.
    const real = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    const run = await costlens(real, 'invoice', '--from', '2018-01-01', '--to', '2025-01-01', '--format', 'json');
    expect(run.code).toBe(0);
    for (const p of JSON.parse(run.stdout) as InvoiceJson[]) invoices[p.period] = p;
    demoStore = await cachedDemoStore(demo, ['cur2']);
  });

  for (const [period, file] of [['2018-10', REAL_OCT_2018], ['2018-11', REAL_NOV_2018]] as const) {
    it(`${period} (Athena Parquet): per class, the billed and amortised amounts DuckDB sums from the file; classes add up to BilledCost`, async () => {
      const rows = await duckdbRows(`SELECT line_item_line_item_type AS type, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
          CAST(sum(CAST(CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost
            WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee ELSE line_item_unblended_cost END AS DECIMAL(38,10))) AS VARCHAR) AS amortised
        FROM read_parquet($file) GROUP BY 1`, { file });
      const expected = new Map<string, { billed: number; amortised: number }>();
      for (const r of rows) {
        const cls = CLASS_OF_TYPE[r.type!];
        const e = expected.get(cls) ?? { billed: 0, amortised: 0 };
        expected.set(cls, { billed: e.billed + Number(r.billed), amortised: e.amortised + Number(r.amortised) });
      }
      const p = invoices[period];
      expect(p.classes.map((c) => c.chargeClass)).toEqual([...expected.keys()].sort((a, b) => ['usage', 'commitment-fees'].indexOf(a) - ['usage', 'commitment-fees'].indexOf(b)));
      for (const c of p.classes) {
        expect(Number(c.billedCost)).toBeCloseTo(expected.get(c.chargeClass)!.billed, 8);
        expect(Number(c.amortisedCost)).toBeCloseTo(expected.get(c.chargeClass)!.amortised, 8);
        expect(c.netAmortisedCost).toBe(c.amortisedCost);
      }
      expectAddsUp(p);
    });
  }

  it('the published totals: October 2018 4064.48, November 3505.33, the legacy CSV 1.68 (usage 1.60 + tax 0.08), the FOCUS sample 20.52 over two periods', () => {
    expect(invoices['2018-10'].total.cents.billed).toBe('4064.48');
    expect(invoices['2018-11'].total.cents.billed).toBe('3505.33');
    expect(invoices['2023-11'].total.cents.billed).toBe('1.68');
    expect(invoices['2023-11'].classes.map((c) => [c.chargeClass, c.cents.billed])).toEqual([['usage', '1.60'], ['tax', '0.08']]);
    expect(cents(invoices['2024-09'].total.billedCost) + cents(invoices['2024-10'].total.billedCost)).toBe(2052);
    for (const p of Object.values(invoices)) expectAddsUp(p);
  });

  it('FOCUS rows are classed by ChargeCategory: the sample\'s credit and adjustments (FOCUS Adjustment: listed as adjustments, as every report lists them; it read other)', () => {
    expect(invoices['2024-09'].classes.map((c) => c.chargeClass)).toEqual(['usage', 'credits', 'adjustments']);
    expect(invoices['2024-09'].classes.find((c) => c.chargeClass === 'credits')!.billedCost).toBe('-2.6137000000');
    expect(invoices['2024-09'].classes.find((c) => c.chargeClass === 'adjustments')!.billedCost).toBe('0.2720000000');
  });

  it('the demo: each class equals the sum of truth.json\'s charge types, billed and amortised; the table adds up to the cent', async () => {
    const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as { periods: Record<string, { billedCost: string; byChargeType: Record<string, { billedCost: string; effectiveCost: string }> }> };
    const run = await costlens(demoStore, 'invoice', '--from', '2026-01-01', '--to', '2027-01-01', '--format', 'json');
    const periods = JSON.parse(run.stdout) as InvoiceJson[];
    expect(periods.map((p) => p.period)).toEqual(Object.keys(truth.periods));
    for (const p of periods) {
      const t = truth.periods[p.period];
      expect(p.total.billedCost).toBe(t.billedCost);
      const expected = new Map<string, { billed: bigint; effective: bigint }>();
      for (const [type, costs] of Object.entries(t.byChargeType)) {
        const cls = type === 'Fee' ? null : CLASS_OF_TYPE[type];
        if (!cls) continue;
        const e = expected.get(cls) ?? { billed: 0n, effective: 0n };
        expected.set(cls, { billed: e.billed + units(costs.billedCost), effective: e.effective + units(costs.effectiveCost) });
      }
      for (const c of p.classes.filter((x) => x.chargeClass !== 'fees' && x.chargeClass !== 'commitment-fees')) {
        expect(units(c.billedCost)).toBe(expected.get(c.chargeClass)!.billed);
        expect(units(c.amortisedCost)).toBe(expected.get(c.chargeClass)!.effective);
      }
      const fees = p.classes.filter((x) => x.chargeClass === 'fees' || x.chargeClass === 'commitment-fees').reduce((n, c) => n + units(c.billedCost), 0n);
      const truthFees = ['Fee', 'RIFee', 'SavingsPlanRecurringFee'].reduce((n, k) => n + units(t.byChargeType[k]?.billedCost ?? '0'), 0n);
      expect(fees).toBe(truthFees);
      expectAddsUp(p);
    }
    const table = await costlens(demoStore, 'invoice', '--period', '2026-10');
    const lines = table.stdout.split('\n').filter((l) => l.startsWith('2026-10'));
    const billed = lines.map((l) => Number(l.split(/\s+/)[3].replace(/[$,]/g, '')));
    expect(Math.round(billed.slice(0, -1).reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(billed.at(-1)! * 100));
  });
});

function units(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const v = BigInt(whole) * 10n ** 10n + BigInt((fraction + '0000000000').slice(0, 10));
  return decimal.startsWith('-') ? -v : v;
}
