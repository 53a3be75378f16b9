import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { camelCase, isoTimestamp, jsonDocument, jsonRows } from '../../src/lib/json-rows.ts';
import { renderTable, resultToTable } from '../../src/lib/table.ts';

describe('the one JSON style: keys, types from the DuckDB result or the table, money as decimal strings', () => {
  it('camelCase names columns as the JSON keys', () => {
    expect(['billed_share_pct', 'ServiceName', 'x_UsageType', 'unit-cost', 'rows', 'billedCost', 'ID', 'p99_5_cpu'].map(camelCase))
      .toEqual(['billedSharePct', 'serviceName', 'xUsageType', 'unitCost', 'rows', 'billedCost', 'id', 'p995Cpu']);
  });

  it('timestamps become ISO 8601 in UTC; a day alone stays a day', () => {
    expect(['2026-10-01 00:00:00', '2026-10-01 01:02:03.5', '2026-09-30 23:02:03+00', '2026-09-30 23:02:03+02', '2026-10-01', 'soon'].map(isoTimestamp))
      .toEqual(['2026-10-01T00:00:00Z', '2026-10-01T01:02:03.5Z', '2026-09-30T23:02:03Z', '2026-09-30T23:02:03+02:00', '2026-10-01', 'soon']);
  });

  it('a timestamp already in UTC ISO 8601 (Date.toISOString, a JSON field) is kept: never a second Z', () => {
    expect(['2026-10-01T00:00:00Z', '2026-10-01T00:00:00.000Z', '2026-10-01 06:30:00z', '2027-08-17T00:00:00+00:00'].map(isoTimestamp))
      .toEqual(['2026-10-01T00:00:00Z', '2026-10-01T00:00:00.000Z', '2026-10-01T06:30:00Z', '2027-08-17T00:00:00Z']);
    expect(isoTimestamp(isoTimestamp('2026-10-01 01:02:03.5'))).toBe('2026-10-01T01:02:03.5Z');
    expect(jsonDocument({ end: new Date(Date.UTC(2027, 7, 17)).toISOString() }, { timestamps: ['end'] })).toEqual({ end: '2027-08-17T00:00:00.000Z' });
  });

  it('a DuckDB result keeps its types: integers and doubles as numbers, DECIMAL exact, booleans, dates and ISO timestamps', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT count(*) AS line_count, sum(x) AS total_rows, CAST(0.1 AS DECIMAL(38, 10)) + CAST(0.2 AS DECIMAL(38, 10)) AS billed_cost,
        0.5::DOUBLE AS share, true AS is_final, DATE '2026-10-01' AS first_day, TIMESTAMP '2026-10-01 06:00:00' AS last_ingest, 'x' AS note,
        CAST(9007199254740993 AS BIGINT) AS huge, NULL::INTEGER AS nothing FROM (VALUES (1), (2)) t(x)`);
      const table = resultToTable(reader);
      expect(jsonRows(table)).toEqual([{
        lineCount: 2, totalRows: 3, billedCost: '0.3000000000', share: 0.5, isFinal: true, firstDay: '2026-10-01', lastIngest: '2026-10-01T06:00:00Z',
        note: 'x', huge: '9007199254740993', nothing: null,
      }]);
      expect(Object.keys(JSON.parse(renderTable(table, 'json', { names: 'asWritten' }))[0])).toEqual(table.columns);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('a table a command builds declares its money and counts; undeclared columns stay text; two columns may not share a key', () => {
    const table = { columns: ['cost', 'days', 'share_pct', 'label'], rows: [['12.3400000000', '7', '50.25', '7']], money: ['cost'], kinds: { days: 'integer', share_pct: 'number' } as const };
    expect(jsonRows(table)).toEqual([{ cost: '12.3400000000', days: 7, sharePct: 50.25, label: '7' }]);
    expect(() => jsonRows({ columns: ['billed_cost', 'billedCost'], rows: [] })).toThrow('two columns become the JSON key "billedCost"');
  });

  it('a report object gets ISO timestamps and decimal-string prices by field name, at any depth', () => {
    expect(jsonDocument([{ end: '2027-08-17 00:00:00', window: { end: '2026-11-15' }, alt: { hourlyPrice: 0.077 }, hours: 3 }], { timestamps: ['end'], money: ['hourlyPrice'] }))
      .toEqual([{ end: '2027-08-17T00:00:00Z', window: { end: '2026-11-15' }, alt: { hourlyPrice: '0.0770000000' }, hours: 3 }]);
  });

  it('money a report object holds in units (bigint, 1e-10 dollars) is exact decimal text with 10 places, at any depth, where its field is named money', () => {
    // A rightsizing coverage: 193.536 covered, 22.464 left unused, -0.5 a credit; 1 unit is 0.0000000001.
    const coverage = { coveredShare: 1, coveredCost: 1_935_360_000_000n, sources: [{ unusedInWindow: 224_640_000_000n, credit: -5_000_000_000n, tiny: 1n, none: 0n }] };
    expect(JSON.parse(JSON.stringify(jsonDocument(coverage, { money: ['coveredCost', 'unusedInWindow', 'credit', 'tiny', 'none'] })))).toEqual({
      coveredShare: 1, coveredCost: '193.5360000000', sources: [{ unusedInWindow: '22.4640000000', credit: '-0.5000000000', tiny: '0.0000000001', none: '0.0000000000' }],
    });
  });

  it('a bigint in a field not named money (a DuckDB BIGINT count) is refused, naming the field: it printed 12 as "0.0000000012"', () => {
    const count = { coveredCost: 1_935_360_000_000n, sources: [{ lineCount: 12n }] };
    expect(() => jsonDocument(count, { money: ['coveredCost'] })).toThrow(new CostlensError('internal', 'jsonDocument: "lineCount" holds a bigint (12) but is not a money field', {
      hint: 'name the field in jsonDocument\'s fields.money if it holds money in units (src/lib/money.ts); a count belongs in the report as a number',
    }));
    expect(() => jsonDocument([12n], {})).toThrow('jsonDocument: "(the document)" holds a bigint (12) but is not a money field');
  });
});
