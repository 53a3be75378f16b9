/**
 * The expected fee of a commitment, by hand: its hourly rate in the reference month (the fee ÷ the
 * hours its term ran there) × the hours its term runs in the span, exactly (bigint units, one
 * rounding), in the month-end forecast and the budgets' period forecast alike. Every expected figure
 * here is written out by hand, its arithmetic in the comment beside it (an RI billed 0.25 an hour
 * throughout), and read into units by {@link units} alone: no product code makes an expected figure.
 */
import { describe, expect, it } from 'vitest';
import { forecastPeriodEnd, periodContaining, serviceFees, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { allExpectedCharges, commitmentFeeState, expectedFeeExact, roundedUnits, termsNote, termsText, untermedText, type DaySpan, type FeeTerm, type Fraction } from '../../src/analyze/forecast/index.ts';
import { dollarText, plainText } from '../../src/analyze/forecast/money-text.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { dayRange } from '../../src/lib/calendar.ts';

/** A decimal written by hand (`'8.4959996229'`, at most 10 places) in store units of 1e-10, by BigInt arithmetic alone. */
function units(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
}

const EC2 = 'Amazon Elastic Compute Cloud';
const SUPPORT = 'AWS Support (Business)';
const SEPTEMBER = { from: '2018-09-01', to: '2018-09-30' };
const OCTOBER = { from: '2018-10-01', to: '2018-10-31' };
const NOVEMBER = { from: '2018-11-01', to: '2018-11-30' };
const DECEMBER = { from: '2018-12-01', to: '2018-12-31' };
const YEAR_TERM = { start: '2018-01-01 00:00:00', end: '2019-01-01 00:00:00' };
const fee = (dollars: string, term: { start: string | null; end: string | null }): FeeTerm => ({ ...term, amount: units(dollars) });
/** The month-end forecast's fee over `target` (commitment-terms.ts), rounded once as it rounds it. */
const feeOver = (amount: string, terms: FeeTerm[], reference: DaySpan, target: DaySpan, untermed?: Fraction) => roundedUnits(expectedFeeExact(units(amount), terms, reference, target, untermed));

describe('a fee expected by the hours of its term', () => {
  it('a month of other hours: 186.00 for October\'s 744 h is 180.00 for November\'s 720 (not 186.00), and 180.00 for November is 186.00 for December', () => {
    // 186.00 ÷ 744 h = 0.25/h × 720 h = 180.00; 180.00 ÷ 720 h = 0.25/h × 744 h = 186.00.
    expect(feeOver('186', [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER)).toBe(units('180'));
    expect(feeOver('180', [fee('180', YEAR_TERM)], NOVEMBER, DECEMBER)).toBe(units('186'));
    expect(termsNote([fee('180', YEAR_TERM)], NOVEMBER, DECEMBER, false))
      .toBe("; 186.000000 for the terms running all month: 180.000000 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    // Months of equal hours: nothing to say.
    expect(termsNote([fee('186', YEAR_TERM)], OCTOBER, DECEMBER, false)).toBe('');
  });

  it('a term ending inside the month, by its hours: 180.00 over November is 0.25/h, × 228 h to 10 Dec 12:00 = 57.00 (not 180 × 228/744 = 55.161290)', () => {
    // 180.00 ÷ 720 h = 0.25/h; 1 Dec 00:00 to 10 Dec 12:00 is 9 × 24 + 12 = 228 h; 0.25 × 228 = 57.00.
    const ending = fee('180', { start: null, end: '2018-12-10 12:00:00' });
    expect(feeOver('180', [ending], NOVEMBER, DECEMBER)).toBe(units('57'));
    expect(termsNote([ending], NOVEMBER, DECEMBER, false)).toBe("; 57.000000 for a term ending 10 Dec 2018 12:00 UTC: 0.25/h × 228 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a term bought in the reference month: 6.257779 for 9 Oct 21:40:47 to 1 Nov (1,909,153,000 ms) is 8.4959996229 for November\'s 2,592,000,000 ms', () => {
    // 9 Oct 21:40:47 to 1 Nov 00:00 is 22 d 2 h 19 min 13 s = 1,909,153 s; November 30 × 86,400 s = 2,592,000 s;
    // 6.257779 × 2,592,000 ÷ 1,909,153 = 8.49599962287… = 8.4959996229 to the unit.
    const bought = fee('6.257779', { start: '2018-10-09 21:40:47', end: '2019-10-09 21:40:46' });
    expect(feeOver('6.257779', [bought], OCTOBER, NOVEMBER)).toBe(units('8.4959996229'));
    // Its rate: 6.257779 × 3,600,000 ms ÷ 1,909,153,000 ms = 22528.0044 ÷ 1,909,153 = 0.01179999947… an hour, 0.0117999995 to 10
    // decimals (× 720 h = 8.49599964, 8.496000), rounded, so followed by where it comes from: the fee over the 530.320278 h its term ran
    // in October (1,909,153 s ÷ 3,600 = 530.3202777…). It wrote (22528.0044/1909153)/h, a fraction of dollar-seconds no reader reads.
    expect(termsNote([bought], OCTOBER, NOVEMBER, false)).toBe("; 8.496000 for a term from 9 Oct 2018 21:40 UTC: 0.0117999995/h (6.257779 over the 530.320278 h it ran in 2018-10) × 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('the note\'s rate × hours is the fee beside it, to the digit: 100.00 for 300 h of November (1/3 an hour) × the 228.333333 h to 10 Dec 12:20 = 685/9 = 76.111111', () => {
    // A term from 18 Nov 12:00 (300 of November's hours) to 10 Dec 12:20 (228 h 20 min of December's). Printed once as
    // 0.333333/h × 228.33 h = 76.10992… and 0.333333/h × 720 h = 239.99976: not the 76.111111 and 240.000000 beside them;
    // then as fractions, (1/3)/h × (685/3) h. Now decimals: the JSON's rate to 10 decimals, 0.3333333333 × 228.333333 h =
    // 76.11111098 (76.111111), with where it comes from, 100.00 over the 300 h it ran in November; the notes' to 9,
    // 0.333333333 × 228.333333 = 76.11111090 (76.111111), where 8 decimals give 76.111110.
    // 100.00 ÷ 300 h × 228⅓ h = 68,500 ÷ 900 = 685/9 = 76.11111111111… = 76.1111111111 to the unit.
    const term = fee('100', { start: '2018-11-18 12:00:00', end: '2018-12-10 12:20:00' });
    expect(feeOver('100', [term], NOVEMBER, DECEMBER)).toBe(units('76.1111111111'));
    const from = '(100.000000 over the 300 h it ran in 2018-11)';
    expect(termsNote([term], NOVEMBER, DECEMBER, false)).toBe(`; 76.111111 for a term from 18 Nov 2018 12:00 to 10 Dec 2018 12:20 UTC: 0.3333333333/h ${from} × 228.333333 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)`);
    expect(dollarText(termsText([term], NOVEMBER, DECEMBER, false))).toBe("; $76.111111 for a term from 18 Nov 2018 12:00 to 10 Dec 2018 12:20 UTC: $0.333333333/h ($100.00 over the 300 h it ran in 2018-11) × 228.333333 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    // The same term running on past December: 100.00 ÷ 300 h × 744 h = 248.00; 0.333333333 × 744 = 247.999999752 (248.000000).
    const running = fee('100', { start: '2018-11-18 12:00:00', end: '2019-11-18 12:00:00' });
    expect(feeOver('100', [running], NOVEMBER, DECEMBER)).toBe(units('248'));
    expect(termsNote([running], NOVEMBER, DECEMBER, false)).toBe(`; 248.000000 for a term from 18 Nov 2018 12:00 UTC: 0.3333333333/h ${from} × 744 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)`);
    // The terms running all month, by an amount of more than 6 decimals: 0.0273792804 × 744 h / 720 h = 0.0282919231 (0.028292), printed exactly.
    expect(termsNote([fee('0.0273792804', YEAR_TERM)], NOVEMBER, DECEMBER, false))
      .toBe("; 0.028292 for the terms running all month: 0.0273792804 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a term from 20 Oct to 15 Nov: 72.00 for October\'s 288 h, 84.00 for November\'s 336', () => {
    // 20 Oct to 1 Nov is 12 × 24 = 288 h: 72.00 ÷ 288 h = 0.25/h; 1 to 15 Nov is 14 × 24 = 336 h: 0.25 × 336 = 84.00.
    const short = fee('72', { start: '2018-10-20 00:00:00', end: '2018-11-15 00:00:00' });
    expect(feeOver('72', [short], OCTOBER, NOVEMBER)).toBe(units('84'));
    expect(termsNote([short], OCTOBER, NOVEMBER, false)).toBe("; 84.000000 for a term from 20 Oct 2018 00:00 to 15 Nov 2018 00:00 UTC: 0.25/h × 336 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  });

  it('a fee with no term keeps its caller\'s rule (whole, or × the days), and adds to the termed ones before the one rounding', () => {
    // 50.00 of Support whole + 186 × 720/744 = 50 + 180 = 230.00; an accruing share of 30/31: 50 × 30/31 + 180 = 1,500/31 + 180
    // = 48.38709677419… + 180 = 228.3870967742 to the unit (each part rounded apart, 48.3870967742 + 180, is the same here).
    expect(feeOver('236', [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER)).toBe(units('230'));
    expect(feeOver('236', [fee('186', YEAR_TERM)], OCTOBER, NOVEMBER, { numerator: 30n, denominator: 31n })).toBe(units('228.3870967742'));
  });

  it('a term that ran no hour of the reference month has no rate there: the fee counts for the share of the span it runs', () => {
    // Dated from 1 Nov, billed 31.00 in October: expected for 15 of November's 30 days, to 16 Nov: 31.00 × 15/30 = 15.50.
    expect(feeOver('31', [fee('31', { start: '2018-11-01 00:00:00', end: '2018-11-16 00:00:00' })], OCTOBER, NOVEMBER)).toBe(units('15.5'));
  });
});

describe('both forecasts expect it alike', () => {
  const rows: ScopeDay[] = [
    ...dayRange('2018-09-01', '2018-10-31').map((day): ScopeDay => ({ day, chargeClass: 'usage', service: EC2, cost: 100 })),
    { day: '2018-09-30', chargeClass: 'recurring', service: EC2, cost: 180, units: units('180'), commitmentStart: YEAR_TERM.start, commitmentEnd: YEAR_TERM.end, posted: true },
    { day: '2018-10-31', chargeClass: 'recurring', service: EC2, cost: 186, units: units('186'), commitmentStart: YEAR_TERM.start, commitmentEnd: YEAR_TERM.end, posted: true },
    ...['2018-09-30', '2018-10-31'].map((day): ScopeDay => ({ day, chargeClass: 'recurring', service: SUPPORT, cost: 50, posted: true })),
  ];
  const inputs = { rows, firstDataDay: '2018-09-01', horizon: '2018-10-31', provisionalFrom: null, config: forecastConfigSchema.parse({ method: 'mean' }) };
  /** A month after the as-of day's, whole, as the budgets' forecast expects a fee over it. */
  const later = (span: DaySpan) => ({ month: span.from.slice(0, 7), current: false, days: dayRange(span.from, span.to), usage: 0n });
  const recurring = (from: string, to: string, service: string, lines = rows) => lines.filter((r) => r.day >= from && r.day <= to && r.chargeClass === 'recurring' && r.service === service);

  it('a 2018-Q4 budget as of 31 Oct expects September\'s 180.00 RI fee as 180.00 in November and 186.00 in December (366.00, not 360.00), Support 50.00 in each', () => {
    const q4 = forecastPeriodEnd(periodContaining('quarterly', '2018-10-31'), '2018-10-31', inputs) as PeriodForecast;
    // Actual: October's usage 31 × 100.00 = 3,100.00 + its fees 186.00 + 50.00 = 3,336.00. Usage: the mean 100.00 × (30 + 31) days = 6,100.00.
    // Fees from September (180.00 ÷ 720 h = 0.25/h): 0.25 × 720 h + 0.25 × 744 h + Support 2 × 50.00 = 180 + 186 + 100 = 466.00. No tax.
    expect([q4.actual, q4.projectedUsage, q4.expectedFees, q4.expectedTax]).toEqual([units('3336'), units('6100'), units('466'), 0n]);
  });

  it('the month-end forecast of November and the budget expect October\'s fees for November alike: the RI 180.00, Support 50.00', () => {
    const previous = [
      { charge_class: 'recurring', listed_class: 'recurring', service: EC2, billed_cost: units('186'), effective_cost: units('186'), days: 1 },
      { charge_class: 'recurring', listed_class: 'recurring', service: SUPPORT, billed_cost: units('50'), effective_cost: units('50'), days: 1 },
    ];
    const fees = [
      { service: EC2, posted: true, commitment: 'reservation', commitment_start: YEAR_TERM.start, commitment_end: YEAR_TERM.end, billed_cost: units('186'), effective_cost: units('186') },
      { service: SUPPORT, posted: true, commitment: null, commitment_start: null, commitment_end: null, billed_cost: units('50'), effective_cost: units('50') },
    ];
    // October's 186.00 ÷ 744 h = 0.25/h × November's 720 h = 180.00; Support posts once, whole: 50.00.
    const monthEnd = allExpectedCharges(previous, [], 'billed', { first: '2018-11-01', previousFirst: '2018-10-01', nonTaxForecast: 0n, over: false, fees, currentFees: [] });
    expect(monthEnd.map((e) => [e.service, e.expected])).toEqual([[EC2, units('180')], [SUPPORT, units('50')]]);
    const budget = (service: string, lines = rows) => serviceFees(service, recurring(OCTOBER.from, OCTOBER.to, service, lines), [], [], OCTOBER).over(later(NOVEMBER));
    expect([budget(EC2), budget(SUPPORT)]).toEqual([units('180'), units('50')]);
    // A budget's line without `units` is read from its cost (186): the same 180.00.
    expect(budget(EC2, rows.map(({ units: _, ...r }) => r))).toBe(units('180'));
  });

  it('September\'s fee of a term bought on 16 Sep (0.25/h × 360 h = 90.00) is 186.00 in December in the budget', () => {
    const isFee = (r: ScopeDay) => r.day === '2018-09-30' && r.chargeClass === 'recurring' && r.service === EC2;
    const bought = rows.map((r) => (isFee(r) ? { ...r, cost: 90, units: units('90'), commitmentStart: '2018-09-16 00:00:00' } : r));
    const q4 = forecastPeriodEnd(periodContaining('quarterly', '2018-10-31'), '2018-10-31', { ...inputs, rows: bought }) as PeriodForecast;
    // 16 to 30 Sep is 15 × 24 = 360 h: 90.00 ÷ 360 h = 0.25/h, × 720 h of November = 180.00, × 744 h of December = 186.00; Support 2 × 50.00: 466.00.
    expect(q4.expectedFees).toBe(units('466'));
    expect(serviceFees(EC2, recurring(SEPTEMBER.from, SEPTEMBER.to, EC2, bought), [], [], SEPTEMBER).over(later(DECEMBER))).toBe(units('186'));
  });
});

describe('a basis that names a part by its term names every part, so that they add up to the fee', () => {
  const JULY = { from: '2018-07-01', to: '2018-07-31' };
  const AUGUST = { from: '2018-08-01', to: '2018-08-31' };
  const YEAR = { start: '2018-01-01 00:00:00', end: '2019-01-01 00:00:00' };
  const BOUGHT = { start: '2018-07-16 00:00:00', end: '2019-07-16 00:00:00' };
  const line = (key: string | null, term: { start: string | null; end: string | null }, dollars: string) => ({
    service: EC2, posted: true, commitment: key ? 'reservation' : null, commitment_key: key, commitment_start: term.start, commitment_end: term.end,
    billed_cost: units(dollars), effective_cost: units(dollars),
  });

  it('July to August (744 h each): a year term\'s 186.00 as in July, one bought on 16 Jul 0.25/h × 744 h = 186.00, a fee of no term 10.00: 382.00, each named', () => {
    // July's fees: the year term 186.00 (0.25/h × 744 h), the RI bought on 16 Jul 00:00 96.00 (16 × 24 = 384 h × 0.25), 10.00 of no term: 292.00.
    // August: 186.00 + 0.25 × 744 = 186.00 + 10.00 = 382.00. The basis named only the bought RI's 186.00 beside July's 292.00 (292 + 186 is not 382).
    const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2, billed_cost: units('292'), effective_cost: units('292'), days: 1 }];
    const fees = [line('ri-year', YEAR, '186'), line('ri-bought', BOUGHT, '96'), line(null, { start: null, end: null }, '10')];
    const [fee] = allExpectedCharges(previous, [], 'billed', { first: AUGUST.from, previousFirst: JULY.from, nonTaxForecast: 0n, over: false, fees, currentFees: [] });
    expect(fee.expected).toBe(units('382'));
    expect(fee.basis).toBe('posts once a month: 292.000000 in 2018-07; 186.000000 for the terms running all month, 744 h as in 2018-07; '
      + "186.000000 for a term from 16 Jul 2018 00:00 UTC: 0.25/h × 744 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); "
      + '10.000000 for fees with no term on the bill, as in 2018-07');
    expect(units('186') + units('186') + units('10')).toBe(fee.expected);
  });

  it('a fee that accrues from a 31-day month to a 30-day one: the terms running all month and the fee of no term each × 30/31', () => {
    // 186.00 × 30/31 = 180.00 of the year term; 31.00 of no term × 30/31 = 30.00; a term ending on 10 Nov 12:00: 0.25/h × 228 h = 57.00.
    const ending = { start: '2017-11-10 12:00:00', end: '2018-11-10 12:00:00' };
    expect(termsNote([fee('186', YEAR_TERM), fee('186', ending)], OCTOBER, NOVEMBER, true, true)).toBe('; 180.000000 for the terms running all month: 186.000000 × 30/31; '
      + "57.000000 for a term ending 10 Nov 2018 12:00 UTC: 0.25/h × 228 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    expect(plainText(untermedText(units('31'), { numerator: 30n, denominator: 31n }, OCTOBER))).toBe('; 30.000000 for fees with no term on the bill: 31.000000 × 30/31');
    expect(roundedUnits(expectedFeeExact(units('403'), [fee('186', YEAR_TERM), fee('186', ending)], OCTOBER, NOVEMBER, { numerator: 30n, denominator: 31n }))).toBe(units('267'));
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
