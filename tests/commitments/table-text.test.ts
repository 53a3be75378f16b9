/**
 * How `costlens commitments` writes its figures in a terminal table (src/analyze/commitments/table-text.ts),
 * pure: each figure rounded once for display (half away from zero, on the exact decimal) and saying
 * its unit, percentages with two decimals on every row, money in the lines above the table as the
 * table writes it, a term's end as its day, the look-back as the days it covers. The
 * commands' tables on the demo and the real 2018 CUR are checked in demo-truth.test.ts, advice-demo.test.ts
 * and real-files.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { commitmentAmountCells, dollarsText, hoursCell, hourlyDollarsText, lookbackText, percentCell, termEndCell, unusedCostCents, unusedCostCentsText } from '../../src/analyze/commitments/index.ts';
import { formatUsd } from '../../src/lib/money.ts';

describe('commitments table cells', () => {
  it('percentages with two decimals on every row; null is a blank cell', () => {
    expect([75, 89.29, 4.2, 0, 100, null].map(percentCell)).toEqual(['75.00', '89.29', '4.20', '0.00', '100.00', null]);
  });

  it('hours: two decimals at most, half away from zero on the exact decimal, thousands separators, the unit', () => {
    // 2,396.975 and 1.005 are 2396.97499999… and 1.00499999… as doubles: toFixed(2) gives 2396.97 and 1.00 (and Math.round(1.005 × 100) 1.00).
    expect([45.999444, 335.320278, 13468.076666, 2880, 0.005, 2396.975, 1.005, 1e-7, 0, null].map(hoursCell))
      .toEqual(['46 h', '335.32 h', '13,468.08 h', '2,880 h', '0.01 h', '2,396.98 h', '1.01 h', '0 h', '0 h', null]);
  });

  it('an RI\'s amounts are hours; a unit other than hours or dollars is written out; what the bill cannot say stays blank', () => {
    expect(commitmentAmountCells({ purchased: 2880, used: 2160, unused: 720, unit: 'Hrs', unusedCost: '41.5923287760' }, 4159n)).toEqual(['2,880 h', '2,160 h', '720 h']);
    expect(commitmentAmountCells({ purchased: 12.5, used: 10, unused: 2.5, unit: 'Hours', unusedCost: '0.0000000000' }, 0n)).toEqual(['12.5 h', '10 h', '2.5 h']);
    expect(commitmentAmountCells({ purchased: 1500.125, used: 1500, unused: 0.125, unit: 'GB', unusedCost: null }, null)).toEqual(['1,500.13 GB', '1,500 GB', '0.13 GB']);
    expect(commitmentAmountCells({ purchased: null, used: null, unused: null, unit: 'USD', unusedCost: '0.0000000000' }, 0n)).toEqual([null, null, null]);
  });

  it('a Savings Plan\'s dollars to the cent: its unused dollars are its unused cost and show the table\'s cents of it, its used dollars purchased less unused as shown', () => {
    const september = { purchased: '1753.9200000000', used: '1566.0864000000', unused: '187.8336000000', unit: 'USD', unusedCost: '187.8336000000' };
    // The headline's unused cost split gave the plan 187.84 (the cent left over went to its 0.36 of a cent): used 1,753.92 − 187.84 = 1,566.08.
    expect(commitmentAmountCells(september, 18784n)).toEqual(['$1,753.92', '$1,566.08', '$187.84']);
    // Split without a cent left over: each rounded alone, 187.8336 → 187.83 and 1,566.0864 → 1,566.09.
    expect(commitmentAmountCells(september, 18783n)).toEqual(['$1,753.92', '$1,566.09', '$187.83']);
    // Purchased less unused as shown (10.00 − 0.02 = 9.98) more than a cent from the exact 9.995: each rounded alone.
    expect(commitmentAmountCells({ purchased: '10.0000000000', used: '9.9950000000', unused: '0.0050000000', unit: 'USD', unusedCost: '0.0050000000' }, 2n))
      .toEqual(['$10.00', '$10.00', '$0.02']);
    // Unused dollars that are not its unused cost are rounded alone.
    expect(commitmentAmountCells({ ...september, unusedCost: '190.0000000000' }, 19000n)).toEqual(['$1,753.92', '$1,566.09', '$187.83']);
  });

  it('each commitment\'s unused cost in cents, as every surface writes it: the largest-remainder share of the headline\'s cents, so the rows add up to it', () => {
    // The demo's September 2026: 187.8336 + 41.5923287760 = 229.4259287760, $229.43; rounded down 187.83 + 41.59 = 229.42, and the
    // cent left goes to the larger remainder (0.36 of a cent against 0.23): $187.84, where rounding it alone gave $187.83.
    const september = { unusedCost: '229.4259287760', commitments: [{ unusedCost: '187.8336000000' }, { unusedCost: '41.5923287760' }] };
    expect(unusedCostCents(september)).toEqual([18784n, 4159n]);
    expect(unusedCostCentsText(september)).toEqual(['187.84', '41.59']);
    // A commitment the bill cannot price stays null; rows that do not add up to the headline exactly are each rounded alone.
    expect(unusedCostCents({ unusedCost: '187.8336000000', commitments: [{ unusedCost: '187.8336000000' }, { unusedCost: null }] })).toEqual([18783n, null]);
    expect(unusedCostCentsText({ unusedCost: '300.0000000000', commitments: [{ unusedCost: '187.8336000000' }, { unusedCost: '41.5923287760' }] })).toEqual(['187.83', '41.59']);
  });

  it('the Commitments page writes the same cells through the same rule, its money as the pages write it (`formatUsd`: a true minus sign)', () => {
    const september = { purchased: '1753.9200000000', used: '1566.0864000000', unused: '187.8336000000', unit: 'USD', unusedCost: '187.8336000000' };
    expect(commitmentAmountCells(september, 18784n, formatUsd)).toEqual(['$1,753.92', '$1,566.08', '$187.84']);
    expect(commitmentAmountCells(september, 18783n, formatUsd)).toEqual(['$1,753.92', '$1,566.09', '$187.83']);
    // A negative commitment (a refund line), all of it unused: −1.20 purchased and unused, 0 used (the terminal writes -$1.20).
    const refund = { purchased: '-1.2000000000', used: '0.0000000000', unused: '-1.2000000000', unit: 'USD', unusedCost: '-1.2000000000' };
    expect(commitmentAmountCells(refund, -120n, formatUsd)).toEqual(['−$1.20', '$0.00', '−$1.20']);
    expect(commitmentAmountCells(refund, -120n)).toEqual(['-$1.20', '$0.00', '-$1.20']);
    // Hours are written alike on both: the unit follows the number.
    expect(commitmentAmountCells({ purchased: 530.320278, used: 195, unused: 335.320278, unit: 'Hrs', unusedCost: '3.9567791000' }, 396n, formatUsd))
      .toEqual(['530.32 h', '195 h', '335.32 h']);
  });

  it('the lines above the table write money as the table does: rounded once to the cent (half away from zero on the exact decimal), thousands separators, `$`', () => {
    // The demo's November 2026 headline (it printed "10902.46 USD", "229.43 USD" beside the table's "$187.84"); 0.005 and -1.195 round away from zero.
    expect(['10902.4567776695', '229.4259287760', '2425.3354166667', '0.0050000000', '-1.1950000000', '0.0000000000', '1234567.8900000000', null].map(dollarsText))
      .toEqual(['$10,902.46', '$229.43', '$2,425.34', '$0.01', '-$1.20', '$0.00', '$1,234,567.89', 'n/a']);
  });

  it('an hourly commitment keeps the $0.001 step the advice searches in, with thousands separators and `$` (it printed "8.601 USD/hour")', () => {
    expect(['8.6010000000', '0.2210000000', '1234.5670000000', '12.0000000000', '0.0004999999', null].map(hourlyDollarsText))
      .toEqual(['$8.601', '$0.221', '$1,234.567', '$12.000', '$0.000', 'n/a']);
  });

  it('a term\'s end: its day when it ends at midnight UTC, else its day and minute with the zone; csv and json keep the exact TIMESTAMP', () => {
    // The demo's Savings Plan and RI end at midnight (it printed "2027-08-17 00:00:00"); the real 2018 RIs at 01:21:12, 00:34:00 and 21:40:46.
    expect(['2027-08-17 00:00:00', '2027-10-01 00:00:00.000', '2019-04-03 01:21:12', '2019-04-24 00:34:00', '2019-10-09 21:40:46', '2027-08-17 00:00:30', '2027-08-17T13:00:00', null, 'someday'].map(termEndCell))
      .toEqual(['2027-08-17', '2027-10-01', '2019-04-03 01:21 UTC', '2019-04-24 00:34 UTC', '2019-10-09 21:40 UTC', '2027-08-17 00:00 UTC', '2027-08-17 13:00 UTC', null, 'someday']);
  });

  it('the look-back: the days it covers, both included, in the summary line\'s words, and its hours', () => {
    expect([
      { lookbackFrom: '2026-11-06', lookbackTo: '2026-12-06', hours: 720 },
      { lookbackFrom: '2018-11-01', lookbackTo: '2018-12-01', hours: 720 },
      { lookbackFrom: '2018-11-30', lookbackTo: '2018-12-30', hours: 696 },
      { lookbackFrom: '2018-12-20', lookbackTo: '2019-01-19', hours: 720 },
      { lookbackFrom: '2024-09-30', lookbackTo: '2024-10-01', hours: 24 },
      { lookbackFrom: '2025-01-01', lookbackTo: '2026-01-01', hours: 8760 },
    ].map(lookbackText)).toEqual([
      '6 Nov – 5 Dec 2026, 720 hours', '1–30 Nov 2018, 720 hours', '30 Nov – 29 Dec 2018, 696 hours', '20 Dec 2018 – 18 Jan 2019, 720 hours',
      '30 Sep 2024, 24 hours', '1 Jan – 31 Dec 2025, 8,760 hours',
    ]);
  });
});
