/**
 * Forecast and unit-cost money is exact (bigint units): sums of what the store holds do not drift
 * as floats would (figures of 1e10 dollars with 10 decimals, where a double keeps about 1e-5), a
 * ratio (tax to the other charges, cost per unit) is the exact quotient rounded once, and the
 * printed parts of a forecast add up to its printed totals to the last digit. A stub engine serves
 * the query rows, so the figures are the test's own.
 */
import { describe, expect, it } from 'vitest';
import { forecastMonthEnd } from '../../src/analyze/forecast/month-end.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { costPerUnit } from '../../src/analyze/unit-cost.ts';
import type { CostForecast } from '../../src/analyze/forecast/index.ts';
import { dollarText, money, moneyText, perHour, plainText } from '../../src/analyze/forecast/money-text.ts';
import { forecastNotes, forecastPartsInCents, forecastTable } from '../../src/cli/forecast.ts';
import { unitCostTable } from '../../src/cli/unit-cost.ts';
import { addDays, dayRange } from '../../src/lib/calendar.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { renderTable } from '../../src/lib/table.ts';
import { inRange, stubEngine, type StubRow } from '../helpers/stub-engine.ts';

type Row = StubRow;

describe('forecast money is exact', () => {
  // May 2026 complete, June to the 20th. Usage 12,345,678,901.1234567891 a day (billed). May's
  // other charges: usage 29,999.9999999999 and a fee posted once, 100.0000000001 (30,100 together),
  // and tax 10,033.3333333333 (a third of them, near enough); June has 40 of the fee posted.
  const DAILY = '12345678901.1234567891';
  const TAX = '10033.3333333333';
  const days = dayRange('2026-05-01', '2026-06-20').map((day): Row => ({ day, lines: '3', billed_cost: DAILY, effective_cost: '0.1', usage_billed_cost: DAILY, usage_effective_cost: '0.1' }));
  const answers: Parameters<typeof stubEngine>[0] = {
    'calendar/data_horizon': () => [{ first_day: '2026-05-01', horizon: '2026-06-20', last_charge_day: '2026-06-20', last_usage_period: '2026-06' }],
    'trends/daily_spend': (params) => inRange(days, params),
    'trends/spend_by_class_and_service': (params) => (String(params.from) === '2026-05-01'
      ? [
        { charge_class: 'usage', service: 'EC2', billed_cost: '29999.9999999999', effective_cost: '3.1', days: '31' },
        { charge_class: 'recurring', service: 'AWS Support', billed_cost: '100.0000000001', effective_cost: '0', days: '1' },
        { charge_class: 'tax', service: 'Tax', billed_cost: TAX, effective_cost: '0', days: '1' },
      ]
      : [{ charge_class: 'recurring', service: 'AWS Support', billed_cost: '40.0000000000', effective_cost: '0', days: '1' }]),
    // May's fee is for no commitment: no term end, expected whole.
    'trends/recurring_fees_by_commitment_term': () => [{ service: 'AWS Support', posted: 'true', commitment_start: null, commitment_end: null, billed_cost: '100.0000000001', effective_cost: '0' }],
  };
  const engine = stubEngine(answers);

  it('sums the month to date exactly, and every total is the exact sum of its parts', async () => {
    const f = await forecastMonthEnd(engine, forecastConfigSchema.parse({ provisionalDays: 0 }));
    const b = f.billed;
    expect(b.usageActual).toBe(toUnits(DAILY) * 20n);
    expect(b.posted.recurring).toBe(toUnits('40'));
    expect(b.mtdActual).toBe(b.usageActual + toUnits('40'));
    // The fee posts once: 100.0000000001 expected, 60.0000000001 still to post, on the micro-dollar grid: 60.000000.
    const fee = b.expected.find((e) => e.chargeClass === 'recurring')!;
    expect([fee.expected, fee.posted, fee.remaining]).toEqual([toUnits('100.0000000001'), toUnits('40'), toUnits('60')]);
    // Tax: a third of the other charges, the exact fraction rounded once, then what is left to post on the grid.
    const tax = b.expected.find((e) => e.chargeClass === 'tax')!;
    const other = b.mtdActual - b.posted.tax + b.projectedUsage + fee.remaining;
    const mayOther = toUnits('30100');
    expect(tax.expected).toBe((toUnits(TAX) * other * 2n + mayOther) / (2n * mayOther)); // half up, all positive
    expect(tax.remaining).toBe(toUnits(fromUnits(tax.expected, 6))); // nothing posted yet: all of it, to the micro-dollar
    expect(tax.basis).toBe('33.33 % of the other charges, as in 2026-05');
    expect(b.projectedRemaining).toBe(b.projectedUsage + fee.remaining + tax.remaining);
    expect(b.forecast).toBe(b.mtdActual + b.projectedRemaining);
    for (const estimate of [b.projectedUsage, fee.remaining, tax.remaining, b.low - b.mtdActual, b.high - b.mtdActual]) expect(estimate % 10_000n).toBe(0n);

    // Printed (6 decimals): the parts add up to the totals, digit for digit.
    const table = forecastTable(f);
    const row = Object.fromEntries(table.columns.map((c, i) => [c, table.rows[0][i]!]));
    const u = (column: string) => toUnits(row[column]);
    expect(row.usage_actual).toBe('246913578022.469136'); // 20 × 12,345,678,901.1234567891 = 246,913,578,022.469135782, rounded once
    expect(u('usage_actual') + u('posted_other')).toBe(u('mtd_actual'));
    expect(u('projected_usage') + u('expected_other')).toBe(u('projected_remaining'));
    expect(u('mtd_actual') + u('projected_remaining')).toBe(u('forecast'));
    // A double adds the twenty days to 246913578022.46912 or so: the sixth decimal would be wrong.
    expect(days.slice(-20).reduce((sum, d) => sum + Number(d.usage_billed_cost), 0).toFixed(6)).not.toBe(row.usage_actual);
  });

  it('the notes write money as the table does where a figure is whole cents, with its decimals exactly where it has more (they wrote 100.000000)', async () => {
    const f = await forecastMonthEnd(engine, forecastConfigSchema.parse({ provisionalDays: 0 }));
    const notes = forecastNotes(f);
    // The fee: 100.0000000001 is 100.000000 on the forecast's 6-decimal grid, whole cents; 40 posted, 60 still to post.
    expect(notes).toContain('posted_other: recurring fees, one-time charges, tax, credits and adjustments posted in 2026-06 so far (BilledCost: recurring $40.00, one-time $0.00, tax $0.00, credits and adjustments $0.00).');
    expect(notes.find((n) => n.startsWith('Expected: AWS Support'))).toBe('Expected: AWS Support (recurring): BilledCost $100.00 at month end, $60.00 still to post (posts once a month: $100.00 in 2026-05; $40.00 posted); '
      + 'EffectiveCost $0.00 at month end, $0.00 still to post (posts once a month: $0.00 in 2026-05; $0.00 posted).');
    // The tax: the exact quotient (by hand above), to 6 decimals half up, its zeros after the cents dropped, with thousands separators.
    const tax = f.billed.expected.find((e) => e.chargeClass === 'tax')!;
    const other = f.billed.mtdActual + f.billed.projectedUsage + toUnits('60');
    const exact = (toUnits(TAX) * other * 2n + toUnits('30100')) / (2n * toUnits('30100')); // units, half up (all positive)
    const micro = (exact + 5_000n) / 10_000n; // to 6 decimals, half up
    const dollars = (m: bigint) => `$${(m / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(m % 1_000_000n).padStart(6, '0').replace(/0+$/, '').padEnd(2, '0')}`;
    expect([tax.expected, tax.remaining]).toEqual([exact, micro * 10_000n]);
    const taxNote = dollars(micro);
    expect(taxNote).toMatch(/^\$\d{1,3}(,\d{3})+\.\d{3,6}$/);
    expect(notes.find((n) => n.startsWith('Expected: Tax'))).toBe(`Expected: Tax (tax): BilledCost ${taxNote} at month end, ${taxNote} still to post (33.33 % of the other charges, as in 2026-05; $0.00 posted); `
      + 'EffectiveCost $0.00 at month end, $0.00 still to post (none expected in EffectiveCost).');
    expect(notes).toContain(`expected_other: the recurring fees and tax still to post in 2026-06, each below in BilledCost and in EffectiveCost; a row's expected_other is the sum of its measure's "still to post" (BilledCost ${dollars(60_000_000n + micro)}, EffectiveCost $0.00).`);
    // The JSON's basis keeps its decimals.
    expect(f.billed.expected.find((e) => e.chargeClass === 'recurring')!.basis).toBe('posts once a month: 100.000000 in 2026-05');
  });

  it('expects no fee or tax from a month before that the store does not hold whole: May without 10–12 May (a gap between its billing periods) expected the fee\'s 60 and the tax', async () => {
    const withGap = stubEngine({
      ...answers,
      'trends/daily_spend': (params) => inRange(days.filter((d) => d.day! < '2026-05-10' || d.day! > '2026-05-12'), params),
      'calendar/billing_period_days': () => [
        { source: 'aws/1', billing_period: '2026-05', first_day: '2026-05-01', last_day: '2026-05-09' },
        { source: 'aws/1', billing_period: '2026-05', first_day: '2026-05-13', last_day: '2026-05-31' },
        { source: 'aws/1', billing_period: '2026-06', first_day: '2026-06-01', last_day: '2026-06-20' },
      ],
    });
    const f = await forecastMonthEnd(withGap, forecastConfigSchema.parse({ provisionalDays: 0 }));
    expect([f.expectationsFrom, f.expectationsWhyNot]).toEqual([null, 'the month before (May 2026) is not all in the store: the store holds no billing data on 10–12 May 2026']);
    // June's 20 days of usage and the 40 of the fee posted, plus the run-rate over the 10 days left: nothing more expected (the fee's 60 and the tax were).
    expect([f.billed.expected, f.effective.expected, f.billed.mtdActual]).toEqual([[], [], toUnits(DAILY) * 20n + toUnits('40')]);
    expect([f.billed.projectedRemaining, f.billed.forecast]).toEqual([f.billed.projectedUsage, f.billed.mtdActual + f.billed.projectedUsage]);
    expect(forecastNotes(f)).toContain('Expected charges: none, the month before (May 2026) is not all in the store: the store holds no billing data on 10–12 May 2026.');
  });

  it('money in words: dollars as the table writes them where whole cents, else every decimal (10 for an amount a basis multiplies out), rates in dollars an hour', () => {
    const figures = moneyText`${money(toUnits('2435.23'))}, ${money(toUnits('-12.35'))}, ${money(toUnits('42.9787397352'))}, ${money(toUnits('1234567.0000004'))}`;
    // A rate: to 10 decimals in the JSON, as shown (rounded for reading: term-notes.ts rateFigure) in the notes; they wrote (1/3) in both.
    const text = moneyText`${figures}, ${money(toUnits('0.0273792804'), 10)} × ${perHour('0.3333333333', '0.333333333')}/h, ${money(toUnits('147.384'), 10)}, ${money(0n)}`;
    expect(dollarText(text)).toBe('$2,435.23, -$12.35, $42.97874, $1,234,567.00, $0.0273792804 × $0.333333333/h, $147.384, $0.00');
    expect(plainText(text)).toBe('2435.230000, -12.350000, 42.978740, 1234567.000000, 0.0273792804 × 0.3333333333/h, 147.384000, 0.000000');
  });
});

describe('the forecast dollar table adds up to the cent', () => {
  // June to the 20th: 1.00025 of usage a day (20.005 so far) and a fee of 40.005 posted, no month
  // before it. Each cell rounded on its own would print $20.01 + $40.01 + $10.00 against a forecast of $70.01.
  const days = dayRange('2026-06-01', '2026-06-20').map((day): Row => ({ day, lines: '1', billed_cost: '1.00025', effective_cost: '1.00025', usage_billed_cost: '1.00025', usage_effective_cost: '1.00025' }));
  const engine = stubEngine({
    'calendar/data_horizon': () => [{ first_day: '2026-06-01', horizon: '2026-06-20', last_charge_day: '2026-06-20', last_usage_period: '2026-06' }],
    'trends/daily_spend': (params) => inRange(days, params),
    'trends/spend_by_class_and_service': (params) => (String(params.from) === '2026-06-01'
      ? [{ charge_class: 'recurring', service: 'AWS Support', billed_cost: '40.005', effective_cost: '40.005', days: '1' }]
      : []),
  });

  it('prints the forecast rounded once, and parts that add up to it to the cent', async () => {
    const f = await forecastMonthEnd(engine, forecastConfigSchema.parse({ provisionalDays: 0, method: 'mean' }));
    expect([f.billed.usageActual, f.billed.mtdActual]).toEqual([toUnits('20.005'), toUnits('60.01')]);
    const table = forecastTable(f, true);
    const row = Object.fromEntries(table.columns.map((c, i) => [c, table.rows[0][i]!]));
    // The ten remaining days at the mean, 1.00025 a day: 10.0025, to the micro-dollar.
    expect(f.billed.projectedUsage).toBe(toUnits('10.0025'));
    expect(row).toEqual({
      cost: 'BilledCost',
      usage_actual: '20.01', // 20.005, measured: rounded once, half away from zero
      posted_other: '40.01', // 40.005, measured: rounded once, half away from zero
      projected_usage: '9.99', // 10.0025, an estimate: it carries the cent the roundings leave ($70.01 − $20.01 − $40.01)
      expected_other: '0.00',
      forecast: '70.01', // 70.0125
      low: '70.012500', // the band's ends are bounds, not parts: the table rounds them as it prints them
      high: '70.012500',
    });
    const cents = (column: string) => toUnits(row[column]);
    expect(cents('usage_actual') + cents('posted_other') + cents('projected_usage') + cents('expected_other')).toBe(cents('forecast'));
    expect(renderTable(table, 'table')).toContain('$20.01        $40.01            $9.99');
  });

  it('shows what the store holds rounded once, and puts the cents the roundings leave of the forecast on the estimates: a part that is zero prints $0.00', () => {
    const u = (text: string) => toUnits(text);
    const cents = (usage: string, mtd: string, projected: string, remaining: string, forecast: string) => forecastPartsInCents({
      usageActual: u(usage), mtdActual: u(mtd), projectedUsage: u(projected), projectedRemaining: u(remaining), forecast: u(forecast),
    } as CostForecast);
    // Month to date 60.004 (all usage, $60.00), 10.004 projected, nothing else expected: 70.008 → $70.01.
    // The projection carries the cent: $70.01 − $60.00 = $10.01; the expected other charges, exactly 0, stay $0.00.
    expect(cents('60.004', '60.004', '10.004', '10.004', '70.008')).toEqual({
      usage_actual: '60.00', posted_other: '0.00', projected_usage: '10.01', expected_other: '0.00', rounding: '0.00', forecast: '70.01',
    });
    // A credit: −12.345 posted (−$12.35, half away from zero) against 100.005 of usage ($100.01), 50.004
    // projected ($50.00) and 0.333 of tax expected ($0.33); 137.997 → $138.00 leaves the estimates
    // $138.00 − $100.01 + $12.35 = $50.34: the cent goes to the estimate whose rounding lost more (0.4 of a cent against 0.3).
    expect(cents('100.005', '87.66', '50.004', '50.337', '137.997')).toEqual({
      usage_actual: '100.01', posted_other: '-12.35', projected_usage: '50.01', expected_other: '0.33', rounding: '0.00', forecast: '138.00',
    });
    // A month that is over: nothing is estimated, so the cent the measured parts leave is a rounding of its own
    // (October 2018's real bill: 3914.7077525364 of usage and an RI fee of 149.775379; 4064.4831315364 → $4,064.48).
    expect(cents('3914.7077525364', '4064.4831315364', '0', '0', '4064.4831315364')).toEqual({
      usage_actual: '3914.71', posted_other: '149.78', projected_usage: '0.00', expected_other: '0.00', rounding: '-0.01', forecast: '4064.48',
    });
  });
});

describe('unit-cost money is exact', () => {
  // One week: 12,345,678,901.1234567891 a day of effective cost, 0.1 orders a day.
  const DAILY = '12345678901.1234567891';
  const days = dayRange('2026-05-04', '2026-05-10');
  const engine = stubEngine({
    'trends/business_metric_summary': () => [{ metric: 'orders', days: '7', first_day: '2026-05-04', last_day: '2026-05-10' }],
    'calendar/data_horizon': () => [{ first_day: '2026-05-04', horizon: '2026-05-10', last_charge_day: '2026-05-10', last_usage_period: '2026-05' }],
    'trends/daily_cost_and_units': () => days.map((day) => ({ day, billing_lines: '1', lines: '1', billed_cost: DAILY, effective_cost: DAILY, units: '0.1' })),
  });

  it('a week: the cost summed exactly, the orders summed as decimals, the unit cost their exact quotient rounded once', async () => {
    const report = await costPerUnit(engine, { metric: 'orders', grain: 'week', from: '2026-05-04', to: addDays('2026-05-10', 1) });
    expect(report.rows).toHaveLength(1);
    const [week] = report.rows;
    expect(week.cost).toBe(toUnits(DAILY) * 7n);
    expect(week.units).toBe(0.7); // a double sum of seven 0.1 is 0.7000000000000001
    const [printed] = unitCostTable(report).rows;
    // 7 × 12,345,678,901.1234567891 / 0.7 = 123,456,789,011.234567891 exactly.
    expect(printed.slice(3, 6)).toEqual(['86419752307.864198', '0.7', '123456789011.2345678910']);
  });
});
