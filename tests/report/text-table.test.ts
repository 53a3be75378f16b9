/**
 * The plain-text part's tables within 78 columns (src/report/text-table.ts): a table that fits is
 * one line per row as before; a wider one wraps its cells (the demo's 2026-W49 budgets table ran
 * to 185 columns), never inside an amount or a percentage, a long ARN after its `:`s, and reads
 * back cell for cell (tests/report/text-tables.ts, the reader the other tests use).
 */
import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/report/text-table.ts';
import { textTables } from './text-tables.ts';

const width = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('a text table within 78 columns', () => {
  it('a table that fits keeps one line per row, columns two spaces apart, figures aligned right', () => {
    expect(textTable({ columns: ['Cost-center', 'Findings', 'Monthly saving'], numeric: [false, true, true], rows: [['CC-1001', '8', '$600.80'], ['(untagged)', '6', '$323.68']], footer: ['Total', '14', '$924.48'] }))
      .toBe([
        'Cost-center  Findings  Monthly saving',
        '-----------  --------  --------------',
        'CC-1001             8         $600.80',
        '(untagged)          6         $323.68',
        '-----------  --------  --------------',
        'Total              14         $924.48',
      ].join('\n'));
  });

  it('the demo\'s budgets of 6 Dec 2026 (185 columns): wrapped within 78, each row starting at the margin, every cell read back whole', () => {
    const rows = [
      ['organisation (2026-12, 6 of 31 days)', '$7,436.10', '$36,000.00', '20.7%', '$38,437.38 (106.8%)', '100 % forecast since 2026-12-01'],
      ['compute-quarter (2026-Q4, 67 of 92 days)', '$48,392.39', '$60,000.00', '80.7%', '$67,977.75 (113.3%)', '50 % actual since 2026-11-12; 80 % actual since 2026-12-06; 100 % forecast since 2026-10-19'],
    ];
    const columns = ['Budget', 'Actual', 'Amount', 'Share', 'Forecast', 'Crossed'];
    const text = textTable({ columns, numeric: [false, true, true, true, true, false], rows });
    expect(width(text)).toBeLessThanOrEqual(78);
    const lines = text.split('\n');
    expect(lines.filter((line) => /^\S/.test(line)).map((line) => line.split(' ')[0].replace(/^-+$/, '-'))).toEqual(['Budget', '-', 'organisation', 'compute-quarter']);
    // No amount or percentage is cut: "80 %", "(113.3%)" and "$67,977.75" each stay on one line.
    for (const figure of rows.flat().flatMap((cell) => cell.match(/[−+]?\$[\d,]+\.\d\d|\(?\d+(?:\.\d+)? ?%\)?/g) ?? [])) {
      expect(lines.some((line) => line.includes(figure)), figure).toBe(true);
    }
    expect(textTables(text)).toEqual([{ header: columns, rows, footer: null, extras: [[], []] }]);
  });

  it('a resource ARN wider than its column breaks after its colons, and reads back whole; the evidence under a row is wrapped within 78 too', () => {
    const arn = 'arn:aws:rds:us-west-2:455360545966:db:experiments-db';
    const evidence = 'rds-no-connections: at most 0 database connections on each of the last 7 days (data on 7 days); highest CPU 3.24 % on arn:aws:ec2:us-east-1:730604943011:reserved-instances/fb985041-0992-47dd-8b28-70b4d7ca7e53';
    const text = textTable({
      columns: ['Resource', 'Owner', 'Action', 'Monthly saving', 'Evidence'], numeric: [false, false, false, true, false], detail: 4,
      rows: [[arn, 'ml', 'stop or delete the DB instance (take a final snapshot first)', '$154.73', evidence], ['i-06ed77da38103e0dd', 'payments', 'resize to m5.2xlarge', '$276.48', 'rightsize-downsize']],
    });
    expect(width(text)).toBeLessThanOrEqual(78);
    expect(text.split('\n').filter((line) => line.includes('arn:aws:rds'))[0]).toMatch(/^arn:aws:rds:(us-west-2:)?(455360545966:)? /);
    const [table] = textTables(text);
    expect(table.rows).toEqual([[arn, 'ml', 'stop or delete the DB instance (take a final snapshot first)', '$154.73'], ['i-06ed77da38103e0dd', 'payments', 'resize to m5.2xlarge', '$276.48']]);
    expect(table.extras[0].join(' ').replace(/\/ /, '/')).toBe(evidence);
    expect(table.extras[1]).toEqual(['rightsize-downsize']);
  });
});
