import { describe, expect, it } from 'vitest';
import { hiddenColumns, renderTable, type TextTable } from '../../src/lib/table.ts';

/** Two payers whose ids share their first 8 digits, as `costlens status` lists sources: cut to 12 characters they would read alike. */
const PAYERS: TextTable = {
  columns: ['source', 'billing_period', 'rows', 'billed_cost', 'provisional'],
  rows: [
    ['aws/123456780001', '2024-09', '942', '18.0100', 'no'],
    ['aws/123456789999', '2024-09', '51', '1.9800', 'yes: incomplete'],
  ],
  money: ['billed_cost'],
};

describe('renderTable: key columns (src/lib/table.ts `keys`) are never dropped, and cut only in the middle while distinct; `kept` columns are never cut nor dropped', () => {
  it('without keys, a narrow terminal cuts the source to 12 characters, and the two payers read alike', () => {
    expect(renderTable(PAYERS, 'table', { width: 64 })).toBe([
      'source        billing_period  rows  billed_cost  provisional',
      '------------  --------------  ----  -----------  ---------------',
      'aws/1234567…  2024-09          942       $18.01  no',
      'aws/1234567…  2024-09           51        $1.98  yes: incomplete',
      '(2 rows)',
      '',
    ].join('\n'));
  });

  it('with source and billing_period as keys, they stay whole: the descriptive text is cut, then columns go from the right', () => {
    const keyed = { ...PAYERS, keys: ['source', 'billing_period'] };
    expect(renderTable(keyed, 'table', { width: 64 })).toBe([
      'source            billing_period  rows  billed_cost',
      '----------------  --------------  ----  -----------',
      'aws/123456780001  2024-09          942       $18.01',
      'aws/123456789999  2024-09           51        $1.98',
      '(2 rows; 1 column not shown (provisional): --wide shows them)',
      '',
    ].join('\n'));
    // Narrower than the keys: they are kept whole all the same, every other column left out.
    expect(hiddenColumns(keyed, 20)).toEqual(['provisional', 'billed_cost', 'rows']);
    expect(renderTable(keyed, 'table', { width: 20 }).split('\n').slice(0, 3)).toEqual([
      'source            billing_period',
      '----------------  --------------',
      'aws/123456780001  2024-09',
    ]);
    // An optional key is not dropped for being optional.
    expect(hiddenColumns({ ...keyed, optional: ['billing_period', 'rows'] }, 64)).toEqual(['rows']);
  });

  it('a key longer than 16 characters is cut in its middle, keeping both ends, no further than its values stay distinct; `kept` is never cut nor dropped (status\'s provisional)', () => {
    const account = (id: string) => `microsoft//providers/Microsoft.Billing/billingAccounts/${id}`;
    const long: TextTable = {
      columns: ['source', 'billing_period', 'rows', 'billed_cost', 'provisional'],
      rows: [[account('A8611537'), '2024-09', '51', '1.9800', 'no'], [account('B8611537'), '2024-09', '5', '0.3000', 'yes: incomplete'], ['aws/123456780001', '2024-09', '942', '18.0100', 'no']],
      money: ['billed_cost'],
      keys: ['source', 'billing_period'],
      kept: ['provisional'],
    };
    // At 16 both Microsoft sources would read `microsof…8611537`: 17 keeps the letter that tells them apart. Then billed_cost goes, from the right, not provisional.
    expect(renderTable(long, 'table', { width: 64 })).toBe([
      'source             billing_period  rows  provisional',
      '-----------------  --------------  ----  ---------------',
      'microsof…A8611537  2024-09           51  no',
      'microsof…B8611537  2024-09            5  yes: incomplete',
      'aws/123456780001   2024-09          942  no',
      '(3 rows; 1 column not shown (billed_cost): --wide shows them)',
      '',
    ].join('\n'));
    // Cut only as far as the width needs: at 80 the source is 28 characters (115 less the 35 too many), every column shown.
    expect(renderTable(long, 'table', { width: 80 }).split('\n')[2]).toBe('microsoft//pro…unts/A8611537  2024-09           51        $1.98  no');
    // However narrow the terminal, the keys and provisional stay, a 16-character source whole.
    expect(hiddenColumns(long, 20)).toEqual(['billed_cost', 'rows']);
    expect(renderTable({ ...long, rows: [long.rows[2]] }, 'table', { width: 20 }).split('\n')[2]).toBe('aws/123456780001  2024-09         no');
  });
});
