/**
 * The parts an expected fee's basis names add up to the figure beside them as shown, to the micro-dollar
 * (src/analyze/forecast/parts-add-up.ts). Each part is its own exact fraction rounded once, the fee its
 * exact total rounded once: two parts that each lose just under half a micro-dollar to their rounding
 * add up to a micro-dollar less than the fee. The parts shown are the largest-remainder rounding: the
 * one whose rounding lost most carries the micro-dollar. Every figure is written out by hand, its
 * arithmetic beside it, and read into units by {@link units} alone.
 */
import { describe, expect, it } from 'vitest';
import { allExpectedCharges, partsAddingUp } from '../../src/analyze/forecast/index.ts';
import { dollarText } from '../../src/analyze/forecast/money-text.ts';

/** A decimal written by hand (at most 10 places) in store units of 1e-10, by BigInt arithmetic alone. */
function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return negative ? -value : value;
}

const EC2 = 'Amazon Elastic Compute Cloud';
const YEAR = { start: '2018-01-01 00:00:00', end: '2019-01-01 00:00:00' };
const BOUGHT = { start: '2018-10-16 00:00:00', end: '2019-10-16 00:00:00' };
const line = (key: string, term: { start: string; end: string }, dollars: string) => ({
  service: EC2, posted: true, commitment: 'reservation', commitment_key: key, commitment_start: term.start, commitment_end: term.end,
  billed_cost: units(dollars), effective_cost: units(dollars),
});

describe('an expected fee\'s parts add up to it as shown', () => {
  it('two RIs of October for November: 180.0000154839 and 180.000009375 each round down, their 360.0000248589 up: the first shows 180.000016, so 180.000016 + 180.000009 = 360.000025', () => {
    // A year term billed 186.000016 for October's 744 h: × 720 h / 744 h = 180.00001548387… (180.000015 rounded alone, .48 of a micro-dollar lost).
    // An RI bought on 16 Oct 00:00, billed 96.000005 for its 16 × 24 = 384 h of October: × 720 h / 384 h = 180.000009375 (180.000009, .375 lost).
    // The fee: 180.0000154839 + 180.000009375 = 360.0000248589 to the unit, 360.000025; the parts rounded alone read 360.000024.
    const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2, billed_cost: units('282.000021'), effective_cost: units('282.000021'), days: 1 }];
    const fees = [line('ri-year', YEAR, '186.000016'), line('ri-bought', BOUGHT, '96.000005')];
    const [fee] = allExpectedCharges(previous, [], 'billed', { first: '2018-11-01', previousFirst: '2018-10-01', nonTaxForecast: 0n, over: false, fees, currentFees: [] });
    expect([fee.expected, fee.remaining]).toEqual([units('360.0000248589'), units('360.000025')]);
    expect(fee.basis).toBe('posts once a month: 282.000021 in 2018-10; 180.000016 for the terms running all month: 186.000016 × 720 h / 744 h; '
      + "180.000009 for a term from 16 Oct 2018 00:00 UTC: 0.250000013/h (96.000005 over the 384 h it ran in 2018-10) × 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    expect(units('180.000016') + units('180.000009')).toBe(units('360.000025'));
    expect(dollarText(fee.basisText)).toContain('$180.000016 for the terms running all month');
  });

  it('partsAddingUp: each part rounded once when they add up; else the micro-dollars left go, one a part, to those whose rounding moved them furthest the other way', () => {
    // 1.0000001 + 2.0000001 + 3.0000001 = 6.0000003: each rounds down, as does the total: 1.000000 + 2.000000 + 3.000000 = 6.000000.
    expect(partsAddingUp([units('1.0000001'), units('2.0000001'), units('3.0000001')], units('6.0000003'))).toEqual([units('1'), units('2'), units('3')]);
    // 1.0000004 + 2.0000003 + 3.0000002 = 6.0000009, 6.000001: the first, which lost most (.4), carries it.
    expect(partsAddingUp([units('1.0000004'), units('2.0000003'), units('3.0000002')], units('6.0000009'))).toEqual([units('1.000001'), units('2'), units('3')]);
    // 1.0000006 + 2.0000007 = 3.0000013, 3.000001: both round up (3.000002); the first, which gained most (.4 against .3), gives it back.
    expect(partsAddingUp([units('1.0000006'), units('2.0000007')], units('3.0000013'))).toEqual([units('1.000000'), units('2.000001')]);
    // A part below zero (a credit): -1.0000004 rounds to -1.000000 (.4 up), 2.0000008 to 2.000001 (.2 up), 1.000001 against the total's
    // 1.0000004, 1.000000; the first, moved up most, gives the micro-dollar back: -1.000001 + 2.000001 = 1.000000.
    expect(partsAddingUp([units('-1.0000004'), units('2.0000008')], units('1.0000004'))).toEqual([units('-1.000001'), units('2.000001')]);
  });
});
