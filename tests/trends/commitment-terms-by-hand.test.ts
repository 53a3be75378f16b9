/**
 * The expected fee of a commitment, by hand: its hourly rate in the reference month (the fee ÷ the
 * hours its term ran there) × the hours its term runs in the span, exactly (bigint units, one
 * rounding), in the month-end forecast and the budgets' period forecast alike. Every figure here is
 * worked out in the comments: an RI billed 0.25 an hour throughout.
 */
import { describe, expect, it } from 'vitest';
import { expectedFeeOfLines, forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { commitmentFeeState, expectedCharges, expectedFee, termsNote } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { dayRange } from '../../src/lib/calendar.ts';
import { divideRounded, toUnits } from '../../src/lib/money.ts';

const EC2 = 'Amazon Elastic Compute Cloud';
const SUPPORT = 'AWS Support (Business)';
const SEPTEMBER = { from: '2018-09-01', to: '2018-09-30' };
const OCTOBER = { from: '2018-10-01', to: '2018-10-31' };
const NOVEMBER = { from: '2018-11-01', to: '2018-11-30' };
const DECEMBER = { from: '2018-12-01', to: '2018-12-31' };
const YEAR_TERM = { start: '2018-01-01 00:00:00', end: '2019-01-01 00:00:00' };
const fee = (dollars: string, term: { start: string | null; end: string | null }) => ({ ...term, amount: toUnits(dollars) });

describe('a fee expected by the hours of its term', () => {
  it('a month of other hours: 186.00 for October\'s 744 h is 180.00 for November\'s 720 (not 186.00), and 180.00 for November is 186.00 for December', () => {
    expect(expectedFee(toUnits('186'), [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER)).toBe(toUnits('180'));
    expect(expectedFee(toUnits('180'), [fee('180', YEAR_TERM)], NOVEMBER, DECEMBER)).toBe(toUnits('186'));
    expect(termsNote([fee('180', YEAR_TERM)], NOVEMBER, DECEMBER, false))
      .toBe("; 186.000000 for the terms running all month: 180.000000 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    // Months of equal hours: nothing to say.
    expect(termsNote([fee('186', YEAR_TERM)], OCTOBER, DECEMBER, false)).toBe('');
  });

  it('a term ending inside the month, by its hours: 180.00 over November is 0.25/h, × 228 h to 10 Dec 12:00 = 57.00 (not 180 × 228/744 = 55.161290)', () => {
    const ending = fee('180', { start: null, end: '2018-12-10 12:00:00' });
    expect(expectedFee(toUnits('180'), [ending], NOVEMBER, DECEMBER)).toBe(toUnits('57'));
    expect(termsNote([ending], NOVEMBER, DECEMBER, false)).toBe("; 57.000000 for a term ending 10 Dec 2018 12:00 UTC: 0.25/h × 228 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a term bought in the reference month: 6.257779 for 9 Oct 21:40:47 to 1 Nov (1,909,153,000 ms) is 8.4959996229 for November\'s 2,592,000,000 ms', () => {
    const bought = fee('6.257779', { start: '2018-10-09 21:40:47', end: '2019-10-09 21:40:46' });
    expect(expectedFee(toUnits('6.257779'), [bought], OCTOBER, NOVEMBER)).toBe(divideRounded(toUnits('6.257779') * 2_592_000_000n, 1_909_153_000n));
    expect(expectedFee(toUnits('6.257779'), [bought], OCTOBER, NOVEMBER)).toBe(toUnits('8.4959996229'));
    // Its rate exactly: 6.257779 × 3,600,000 ms ÷ 1,909,153,000 ms = 22528.0044 ÷ 1,909,153 an hour (0.0118000005…, printed 0.0118 before).
    expect(termsNote([bought], OCTOBER, NOVEMBER, false)).toBe("; 8.496000 for a term from 9 Oct 2018 21:40 UTC: (22528.0044/1909153)/h × 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('the note\'s rate × hours is the fee beside it, to the digit: 100.00 for 300 h of November (1/3 an hour) × the (685/3) h to 10 Dec 12:20 = 685/9 = 76.111111', () => {
    // A term from 18 Nov 12:00 (300 of November's hours) to 10 Dec 12:20 (228 h 20 min of December's). Printed as before,
    // 0.333333/h × 228.33 h = 76.10992… and 0.333333/h × 720 h = 239.99976: not the 76.111111 and 240.000000 beside them.
    const term = fee('100', { start: '2018-11-18 12:00:00', end: '2018-12-10 12:20:00' });
    expect(expectedFee(toUnits('100'), [term], NOVEMBER, DECEMBER)).toBe(divideRounded(toUnits('100') * 685n, 3n * 300n));
    expect(expectedFee(toUnits('100'), [term], NOVEMBER, DECEMBER)).toBe(toUnits('76.1111111111'));
    expect(termsNote([term], NOVEMBER, DECEMBER, false)).toBe("; 76.111111 for a term from 18 Nov 2018 12:00 to 10 Dec 2018 12:20 UTC: (1/3)/h × (685/3) h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    const running = fee('100', { start: '2018-11-18 12:00:00', end: '2019-11-18 12:00:00' });
    expect(expectedFee(toUnits('100'), [running], NOVEMBER, DECEMBER)).toBe(toUnits('248'));
    expect(termsNote([running], NOVEMBER, DECEMBER, false)).toBe("; 248.000000 for a term from 18 Nov 2018 12:00 UTC: (1/3)/h × 744 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    // The terms running all month, by an amount of more than 6 decimals: 0.0273792804 × 744 h / 720 h = 0.0282919231 (0.028292), printed exactly.
    expect(termsNote([fee('0.0273792804', YEAR_TERM)], NOVEMBER, DECEMBER, false))
      .toBe("; 0.028292 for the terms running all month: 0.0273792804 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a term from 20 Oct to 15 Nov: 72.00 for October\'s 288 h, 84.00 for November\'s 336', () => {
    const short = fee('72', { start: '2018-10-20 00:00:00', end: '2018-11-15 00:00:00' });
    expect(expectedFee(toUnits('72'), [short], OCTOBER, NOVEMBER)).toBe(toUnits('84'));
    expect(termsNote([short], OCTOBER, NOVEMBER, false)).toBe("; 84.000000 for a term from 20 Oct 2018 00:00 to 15 Nov 2018 00:00 UTC: 0.25/h × 336 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a fee with no term keeps its caller\'s rule (whole, or × the days), and adds to the termed ones before the one rounding', () => {
    // 50.00 of Support whole + 186 × 720/744 = 230.00; an accruing share of 30/31: 50 × 30/31 + 180 = 228.387097 (to the unit, 228.3870967742).
    expect(expectedFee(toUnits('236'), [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER)).toBe(toUnits('230'));
    expect(expectedFee(toUnits('236'), [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER, { numerator: 30n, denominator: 31n })).toBe(toUnits('228.3870967742'));
  });

  it('a term that ran no hour of the reference month has no rate there: the fee counts for the share of the span it runs', () => {
    // Dated from 1 Nov, billed 31.00 in October: expected for 15 of November's 30 days, to 16 Nov.
    expect(expectedFee(toUnits('31'), [fee('31', { start: '2018-11-01 00:00:00', end: '2018-11-16 00:00:00' })], OCTOBER, NOVEMBER)).toBe(toUnits('15.5'));
  });
});

describe('both forecasts expect it alike', () => {
  const rows: ScopeDay[] = [
    ...dayRange('2018-09-01', '2018-10-31').map((day): ScopeDay => ({ day, chargeClass: 'usage', service: EC2, cost: 100 })),
    { day: '2018-09-30', chargeClass: 'recurring', service: EC2, cost: 180, units: toUnits('180'), commitmentStart: YEAR_TERM.start, commitmentEnd: YEAR_TERM.end, posted: true },
    { day: '2018-10-31', chargeClass: 'recurring', service: EC2, cost: 186, units: toUnits('186'), commitmentStart: YEAR_TERM.start, commitmentEnd: YEAR_TERM.end, posted: true },
    ...['2018-09-30', '2018-10-31'].map((day): ScopeDay => ({ day, chargeClass: 'recurring', service: SUPPORT, cost: 50, posted: true })),
  ];
  const inputs = { rows, firstDataDay: '2018-09-01', horizon: '2018-10-31', provisionalFrom: null, config: forecastConfigSchema.parse({ method: 'mean' }) };

  it('a 2018-Q4 budget as of 31 Oct expects September\'s 180.00 RI fee as 180.00 in November and 186.00 in December (366.00, not 360.00), Support 50.00 in each', () => {
    const q4 = forecastPeriodEnd(periodContaining('quarterly', '2018-10-31'), '2018-10-31', inputs) as PeriodForecast;
    expect([q4.actual, q4.projectedUsage, q4.expectedFees, q4.expectedTax]).toEqual(['3336', '6100', '466', '0'].map(toUnits));
  });

  it('the month-end forecast of November and the budget expect October\'s fees for November to the unit', () => {
    const previous = [
      { charge_class: 'recurring', service: EC2, billed_cost: toUnits('186'), effective_cost: toUnits('186'), days: 1 },
      { charge_class: 'recurring', service: SUPPORT, billed_cost: toUnits('50'), effective_cost: toUnits('50'), days: 1 },
    ];
    const fees = [
      { service: EC2, posted: true, commitment: 'reservation', commitment_start: YEAR_TERM.start, commitment_end: YEAR_TERM.end, billed_cost: toUnits('186'), effective_cost: toUnits('186') },
      { service: SUPPORT, posted: true, commitment: null, commitment_start: null, commitment_end: null, billed_cost: toUnits('50'), effective_cost: toUnits('50') },
    ];
    const monthEnd = expectedCharges(previous, [], 'billed', { first: '2018-11-01', previousFirst: '2018-10-01', nonTaxForecast: 0n, over: false, fees, currentFees: [] });
    expect(monthEnd.map((e) => [e.service, e.expected])).toEqual([[EC2, toUnits('180')], [SUPPORT, toUnits('50')]]);
    const october = rows.filter((r) => r.day >= OCTOBER.from && r.day <= OCTOBER.to && r.chargeClass === 'recurring');
    for (const e of monthEnd) expect(expectedFeeOfLines(october.filter((r) => r.service === e.service), OCTOBER, NOVEMBER)).toBe(e.expected);
    // A budget's line without `units` is read from its cost: the same units.
    expect(expectedFeeOfLines(october.filter((r) => r.service === EC2).map(({ units: _, ...r }) => r), OCTOBER, NOVEMBER)).toBe(toUnits('180'));
  });

  it('September\'s fee of a term bought on 16 Sep (0.25/h × 360 h = 90.00) is 186.00 in December in the budget', () => {
    const isFee = (r: ScopeDay) => r.day === '2018-09-30' && r.chargeClass === 'recurring' && r.service === EC2;
    const bought = rows.map((r) => (isFee(r) ? { ...r, cost: 90, units: toUnits('90'), commitmentStart: '2018-09-16 00:00:00' } : r));
    const q4 = forecastPeriodEnd(periodContaining('quarterly', '2018-10-31'), '2018-10-31', { ...inputs, rows: bought }) as PeriodForecast;
    expect(q4.expectedFees).toBe(toUnits('466'));
    expect(expectedFeeOfLines(bought.filter(isFee), SEPTEMBER, DECEMBER)).toBe(toUnits('186'));
  });
});

describe('one rule for the state of a commitment\'s fee this month, read by forecast and budgets alike (commitmentFeeState)', () => {
  const RI = [{ commitment: 'reservation' }];
  const PLAN = [{ commitment: 'savings_plan' }];
  const FOCUS_RI = [{ commitment: 'reservation', focusId: 'ri-1' }];
  it('a Savings Plan accrues; an RI posts once a month, then has posted whatever the amount of its line (budgets once needed it non-zero); in an amortised measure a CUR RI is its unused part', () => {
    expect([
      commitmentFeeState('Amazon EC2', PLAN, true, true),
      commitmentFeeState('Amazon EC2', RI, false, false),
      commitmentFeeState('Amazon EC2', RI, false, true),
      commitmentFeeState('Amazon EC2', RI, true, true),
      commitmentFeeState('Amazon EC2', FOCUS_RI, true, true),
    ]).toEqual(['accrues', 'posts', 'posted', 'unused', 'posted']);
  });
  it('AWS Support posts in parts: a posting this month leaves the rest still to post', () => {
    expect(commitmentFeeState('AWS Support (Business)', [{ posted: true }], false, true)).toBe('posts');
    expect(commitmentFeeState('AWS Support (Business)', [{ posted: false }], false, true)).toBe('accrues');
  });
});
