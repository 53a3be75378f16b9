/**
 * The sentence a chart gives screen readers (src/server/assets/chart-summary.js): a row whose
 * measure is null (a commitment's utilisation or unused cost not stated, a month not priced) reads
 * "not stated", never $0.00, and stays out of the total, which says how many it leaves out; a title
 * with a subtitle (`{text, subtitle}`) is read whole. Pure:
 * the module's `describe` on the rows a chart draws, no browser.
 */
import { describe as suite, expect, it } from 'vitest';
// @ts-expect-error: a browser module without types (served as /assets/chart-summary.js).
import { describe as summary } from '../../src/server/assets/chart-summary.js';

const describeChart = summary as (spec: object, rows: object[]) => string;

suite('the charts\' screen-reader sentence', () => {
  it('a null figure reads "not stated" and is left out of the total: $3.00 + $5.00 = $8.00 of three services, one not stated', () => {
    const spec = { title: 'Cost by service', mark: 'bar', encoding: { y: { field: 'service', type: 'nominal' }, x: { field: 'cost', type: 'quantitative', aggregate: 'sum' } } };
    const rows = [{ service: 'A', sum_cost: null }, { service: 'B', sum_cost: 3 }, { service: 'C', sum_cost: 5 }];
    // It read "C $5.00; B $3.00; A $0.00. Total $8.00."
    expect(describeChart(spec, rows)).toBe('Cost by service: C $5.00; B $3.00; A not stated. Total of the figures stated $8.00 (1 not stated).');
  });

  it('money parts are said in cents that add up to the total, by largest remainder as the tables split a total (Data transfer, real 2018 CURs: $0.01 + $0.00 beside "Total $0.02")', () => {
    const spec = { title: 'Data transfer', mark: 'bar', encoding: { x: { field: 'month', type: 'ordinal', sort: null }, y: { field: 'cost', type: 'quantitative', aggregate: 'sum' } } };
    // 0.0133123646 + 0.0049764299 = 0.0182887945: 2 cents; floors 1 + 0, the cent left to the larger remainder (0.498 against 0.331).
    expect(describeChart(spec, [{ month: 'Oct 2018', sum_cost: 0.0133123646 }, { month: 'Nov 2018', sum_cost: 0.0049764299 }])).toBe('Data transfer: Oct 2018 $0.01; Nov 2018 $0.01. Total $0.02.');
    // A credit among them: −1.004 + 2.004 + 0.006 = 1.006, 101 cents; floors −101, 200 and 0 leave 2 cents, to the largest remainders (0.6 of A and of C).
    expect(describeChart(spec, [{ month: 'A', sum_cost: -1.004 }, { month: 'B', sum_cost: 2.004 }, { month: 'C', sum_cost: 0.006 }])).toBe('Data transfer: A -$1.00; B $2.00; C $0.01. Total $1.01.');
    // A total of half a cent below zero rounds away from zero, as money does everywhere: −$0.01, its one part with it.
    expect(describeChart(spec, [{ month: 'A', sum_cost: -0.005 }])).toBe('Data transfer: A -$0.01. Total -$0.01.');
  });

  it('every figure stated: the total as before; a series not stated on a category of alternatives reads so beside the other', () => {
    const spec = { title: 'Cost by service', mark: 'bar', encoding: { y: { field: 'service', type: 'nominal' }, x: { field: 'cost', type: 'quantitative', aggregate: 'sum' } } };
    expect(describeChart(spec, [{ service: 'B', sum_cost: 3 }, { service: 'C', sum_cost: 5.25 }])).toBe('Cost by service: C $5.25; B $3.00. Total $8.25.');
    const lines = { title: 'Commitments', mark: 'line', encoding: { x: { field: 'period', type: 'ordinal' }, y: { field: 'pct', type: 'quantitative' }, color: { field: 'measure', type: 'nominal' } } };
    // It read "utilisation 0.00%" for a utilisation the bill does not state.
    expect(describeChart(lines, [{ period: '2024-09', pct: null, measure: 'utilisation' }, { period: '2024-09', pct: 12.12, measure: 'coverage' }]))
      .toBe('Commitments: 2024-09: utilisation not stated, coverage 12.12%.');
  });

  it('a title with a subtitle (`{text, subtitle}`: a month-to-date chart as of a day in a gap) opens the sentence, its subtitle after the figures (the title was left out: ": …")', () => {
    const spec = { title: { text: 'By service: 1–10 Dec 2023 against 1–10 Nov 2023', subtitle: ['No data for 1–10 Dec 2023.', 'The store holds no billing data from 15 Nov 2023 to 31 Aug 2024.'] },
      mark: { type: 'bar' }, encoding: { y: { field: 'service', type: 'nominal' }, yOffset: { field: 'period' }, x: { field: 'cost', type: 'quantitative' }, color: { field: 'period', type: 'nominal' } } };
    const rows = [{ service: 'S3', period: '1–10 Dec 2023', cost: null }, { service: 'S3', period: '1–10 Nov 2023', cost: 0.9111830921 }];
    expect(describeChart(spec, rows)).toBe('By service: 1–10 Dec 2023 against 1–10 Nov 2023: S3: 1–10 Dec 2023 not stated, 1–10 Nov 2023 $0.91.'
      + ' No data for 1–10 Dec 2023. The store holds no billing data from 15 Nov 2023 to 31 Aug 2024.');
    // A title of lines (as app.js wraps one for a phone) and a subtitle of one line read as text too.
    const lines = { title: { text: ['Cost by', 'service'], subtitle: 'Lighter bars: part of a month.' }, mark: 'bar', encoding: { y: { field: 'service', type: 'nominal' }, x: { field: 'cost', type: 'quantitative', aggregate: 'sum' } } };
    expect(describeChart(lines, [{ service: 'B', sum_cost: 3 }])).toBe('Cost by service: B $3.00. Total $3.00. Lighter bars: part of a month.');
    expect(describeChart({ title: { text: 'Points' } }, [{}, {}])).toBe('Points: 2 data points.');
  });

  it('no figure stated: every category "not stated", and no total', () => {
    const spec = { title: 'Unused commitment', mark: 'bar', encoding: { x: { field: 'period', type: 'ordinal' }, y: { field: 'unused_cost', type: 'quantitative' } } };
    expect(describeChart(spec, [{ period: '2024-08', unused_cost: null }, { period: '2024-09', unused_cost: null }])).toBe('Unused commitment: 2024-08 not stated; 2024-09 not stated.');
  });
});
