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

  it('the demo\'s "Spend by team" of 2026-W49 (86 columns: `machine-learning` held the team column whole): wrapped within 78, the team breaking after its hyphen, every cell read back whole', () => {
    const columns = ['Team', 'This week (30 Nov – 6 Dec)', 'Last week (23–29 Nov)', 'Change', '%', 'Share', 'EffectiveCost'];
    const rows = `payments $1,431.99 $1,457.32 −$25.33 −1.7% 20.6% $1,461.10|search $1,028.19 $955.38 +$72.81 +7.6% 14.8% $1,063.99
      |checkout $697.73 $694.94 +$2.79 +0.4% 10.1% $827.64|platform $611.42 $638.13 −$26.71 −4.2% 8.8% $626.67
      |DataPlatform $433.28 $438.34 −$5.06 −1.2% 6.2% $433.29|ml $369.20 $374.19 −$4.99 −1.3% 5.3% $369.20
      |Marketing $272.80 $264.08 +$8.72 +3.3% 3.9% $272.80|Identity $254.29 $266.51 −$12.22 −4.6% 3.7% $254.29
      |data-platform $220.49 $219.33 +$1.16 +0.5% 3.2% $254.60|data_platform $214.88 $217.24 −$2.36 −1.1% 3.1% $231.94
      |Logistics $200.34 $204.02 −$3.68 −1.8% 2.9% $200.34|idenitty $162.63 $172.40 −$9.77 −5.7% 2.3% $162.63
      |machine-learning $125.01 $131.38 −$6.37 −4.8% 1.8% $125.01|platform-eng $118.79 $120.42 −$1.63 −1.4% 1.7% $118.79
      |search-team $75.51 $76.61 −$1.10 −1.4% 1.1% $105.99|check-out $62.48 $58.20 +$4.28 +7.4% 0.9% $103.61
      |logistcs $40.13 $40.11 +$0.02 0.0% 0.6% $40.13|paymnets $18.11 $18.16 −$0.05 −0.3% 0.3% $18.11
      |(untagged) $602.85 $613.55 −$10.70 −1.7% 8.7% $664.53`.split('|').map((row) => row.trim().split(' '));
    const footer = ['Total', '$6,940.12', '$6,960.31', '−$20.19', '', '100.0%', '$7,334.66'];
    const text = textTable({ columns, numeric: [false, true, true, true, true, true, true], rows, footer });
    expect(width(text)).toBeLessThanOrEqual(78);
    expect(text.split('\n').filter((line) => line.startsWith('machine-') || line.startsWith('  learning'))).toEqual([
      'machine-           $125.01      $131.38   −$6.37  −4.8%    1.8%        $125.01',
      '  learning',
    ]);
    expect(textTables(text)).toEqual([{ header: columns, rows, footer, extras: rows.map(() => []) }]);
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
