import { DuckDBDecimalValue, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decimalOfNumber,
  centsOfUnits, divideRounded, dollarsOfDecimal, formatCents, formatDecimal, formatDollars, formatUsd, fromUnits, groupedDecimal,
  groupThousands, isDecimalText, parseDecimal, roundDecimal, toUnits, unitsOf, unitsOfNumber, withoutTrailingZeros,
} from '../../src/lib/money.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';

describe('the one rounding: half away from zero', () => {
  it('rounds halves away from zero and everything else to the nearest integer, whatever the signs', () => {
    expect([5n, 15n, 25n, -5n, -15n, -25n].map((n) => divideRounded(n, 10n))).toEqual([1n, 2n, 3n, -1n, -2n, -3n]);
    expect([14n, 16n, -14n, -16n].map((n) => divideRounded(n, 10n))).toEqual([1n, 2n, -1n, -2n]);
    expect(divideRounded(7n, -2n)).toBe(-4n);
    expect(divideRounded(-7n, -2n)).toBe(4n);
    expect(divideRounded(1n, 3n)).toBe(0n);
    expect(divideRounded(2n, 3n)).toBe(1n);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });
});

describe('units of 1e-10 from text, numbers and DuckDB decimals', () => {
  it('parses decimal text exactly and names what it cannot parse', () => {
    expect(toUnits('276.4800000000')).toBe(2_764_800_000_000n);
    expect(toUnits('-3.6')).toBe(-36_000_000_000n);
    expect(toUnits('12')).toBe(120_000_000_000n);
    expect(toUnits('0.00000000015')).toBe(1n); // digits past the 10th are dropped, as DECIMAL(38,10) has none
    expect(() => toUnits('1e-7')).toThrow('not a decimal number: "1e-7"');
    expect(() => toUnits('')).toThrow(RangeError);
    expect(isDecimalText('-.5')).toBe(true);
    expect(isDecimalText('.')).toBe(false);
    expect(parseDecimal('-12.5', 3)).toBe(-12_500n);
  });

  it('formats exact, to cents, and for people', () => {
    expect(fromUnits(2_764_800_000_000n)).toBe('276.4800000000');
    expect(fromUnits(-1n)).toBe('-0.0000000001');
    expect(fromUnits(-49_999_999n, 2)).toBe('0.00'); // never "-0.00"
    expect(fromUnits(-50_000_000n, 2)).toBe('-0.01');
    expect(formatDecimal(12_345n, 3, 1)).toBe('12.3');
    expect(formatDecimal(7n, 0, 2)).toBe('7.00');
    expect(centsOfUnits(toUnits('1234.565'))).toBe(123_457n);
    expect(centsOfUnits(toUnits('-1234.565'))).toBe(-123_457n);
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(123_450n)).toBe('1234.50');
    expect(formatUsd(123_456_789n)).toBe('$1,234,567.89');
    expect(formatUsd(-120n)).toBe('−$1.20');
    expect(groupThousands('1000000')).toBe('1,000,000');
    expect(unitsOfNumber(0.0116)).toBe(116_000_000n);
  });

  it('writes dollars one way, whatever the decimals: sign, $, thousands separators, the decimals as given', () => {
    expect(['-1234567.891', '2435.23', '720', '0.0273792804', '-0.005'].map((t) => dollarsOfDecimal(t)))
      .toEqual(['-$1,234,567.891', '$2,435.23', '$720', '$0.0273792804', '-$0.005']);
    expect(dollarsOfDecimal('-1.20', '−')).toBe('−$1.20');
    expect(['-1234567.891', '1000', '999.9999', '-0.5'].map(groupedDecimal)).toEqual(['-1,234,567.891', '1,000', '999.9999', '-0.5']);
    // Cents both ways: the terminal's hyphen-minus, the pages' true minus; rounded once to the cent, half away from zero.
    expect(['-1234567.895', '999999.995', '-0.004', 'n/a'].map(formatDollars)).toEqual(['-$1,234,567.90', '$1,000,000.00', '$0.00', 'n/a']);
    expect([-123_456_790n, 100_000_000n, -5n, 0n].map(formatUsd)).toEqual(['−$1,234,567.90', '$1,000,000.00', '−$0.05', '$0.00']);
  });

  it('drops the zeros that end a fraction one way, down to the decimals asked to keep', () => {
    expect(['6.000000', '2.500', '100.000', '0.000', '0.001958', '100', 'NaN'].map((t) => withoutTrailingZeros(t)))
      .toEqual(['6', '2.5', '100', '0', '0.001958', '100', 'NaN']);
    expect(['2435.230000', '-12.000000', '42.978740', '0.0100000000'].map((t) => withoutTrailingZeros(t, 2))).toEqual(['2435.23', '-12.00', '42.97874', '0.01']);
    expect(['0.0273792804', '147.3840000000', '0.0100000000'].map((t) => withoutTrailingZeros(t, 6))).toEqual(['0.0273792804', '147.384000', '0.010000']);
  });

  it('rounds decimal text to any places, half away from zero; exponent text the same way, never "-0.00"', () => {
    expect(['1234.565', '-1234.565', '-0.001', '0.125', '7'].map((t) => roundDecimal(t))).toEqual(['1234.57', '-1234.57', '0.00', '0.13', '7.00']);
    expect(['-1e-7', '1e-7', '-5e-3', '1.2345e2', 'n/a'].map((t) => roundDecimal(t))).toEqual(['0.00', '0.00', '-0.01', '123.45', 'NaN']);
    expect(roundDecimal('2.71828', 4)).toBe('2.7183');
    expect(['1e21', '-1.180591620717411303424e21'].map((t) => roundDecimal(t))).toEqual(['1000000000000000000000.00', '-1180591620717411303424.00']); // 10^21 and -2^70, exact as floats
  });

  it('reads a number as the decimal its shortest text is, exponents too, with no binary noise', () => {
    expect([1.4826, 3, 1e-7, 1.5e-7, -2.5, 1e21, 0.1, -1e-7].map(decimalOfNumber)).toEqual([
      { scaled: 14826n, scale: 4 }, { scaled: 3n, scale: 0 }, { scaled: 1n, scale: 7 }, { scaled: 15n, scale: 8 },
      { scaled: -25n, scale: 1 }, { scaled: 10n ** 21n, scale: 0 }, { scaled: 1n, scale: 1 }, { scaled: -1n, scale: 7 },
    ]);
  });

  it('reads DECIMAL values as the driver returns them, at any scale', () => {
    expect(unitsOf(new DuckDBDecimalValue(12_345n, 38, 2))).toBe(1_234_500_000_000n);
    expect(unitsOf(new DuckDBDecimalValue(-15n, 38, 11))).toBe(-2n); // rounded once, half away from zero
    expect(unitsOf(null)).toBe(0n);
    expect(unitsOf('-0.5')).toBe(-5_000_000_000n);
  });
});

describe('against DuckDB on the real October 2018 CUR', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  it('every line and the total, read as decimals, equal DuckDB exactly; cents equal round(x, 2)', async () => {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`
      SELECT CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost,
             CAST(CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS VARCHAR) AS text,
             CAST(round(CAST(line_item_unblended_cost AS DECIMAL(38,10)), 2) * 100 AS BIGINT) AS cents
        FROM read_parquet('${REAL_OCT_2018}')`);
    const rows = reader.getRows() as [DuckDBDecimalValue | null, string | null, bigint | null][];
    expect(rows.length).toBe(119_307);
    let total = 0n;
    const mismatches: string[] = [];
    for (const [cost, text, cents] of rows) {
      if (unitsOf(cost) !== unitsOf(text) || centsOfUnits(unitsOf(cost)) !== (cents ?? 0n)) mismatches.push(String(text));
      total += unitsOf(cost);
    }
    expect(mismatches).toEqual([]);
    const sum = await connection.runAndReadAll(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) FROM read_parquet('${REAL_OCT_2018}')`);
    expect(fromUnits(total)).toBe(sum.getRows()[0][0]);
    expect(fromUnits(total, 2)).toBe('4064.48'); // the October 2018 file's BilledCost total (tests/ingest/real-files.test.ts: 4064.4831)
    connection.closeSync();
  });
});
