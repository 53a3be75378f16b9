import { beforeAll, describe, expect, it } from 'vitest';
import { hourlyRateText } from '../../src/cli/idle.ts';
import { costlens } from '../helpers/cli.ts';
import { daily, storeWith, type BillLine, type InventoryRow } from './fixtures.ts';

/**
 * `costlens idle` prints a total window cost and a window_cost per finding: the rows must add up
 * to the total printed. Three unattached volumes at 0.3334 a day cost 30 × 0.3334 = 10.002 each
 * in the window 2026-02-13 … 2026-03-14, 30.006 together: the total prints 30.01, and the rows,
 * each 10.00 rounded alone, are the total's 3001 cents split by largest remainder (ties to the
 * earlier row, in the table's order): 10.01, 10.00, 10.00. A GB-month charge's month is its last day's cost
 * × the days of that day's month: 0.3334 × 31 (2026-03-14 is in March) = 10.3354 → 10.34 a month each; the heading adds
 * the rows' savings as they print, 3 × 10.34 = 31.02 (as before the fix, 3 × 10.14 = 30.42).
 */
const A = '111111111111';
const volume = (resourceId: string): BillLine[] =>
  daily('2026-02-01', '2026-03-15', { account: A, region: 'us-east-1', resourceId, usageType: 'EBS:VolumeUsage.gp2', quantity: 3.3333, cost: '0.3334' });
const unattached = (resourceId: string): InventoryRow => ({
  resourceId, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', instanceType: 'gp2', state: 'available', observedAt: '2026-03-14T12:00:00Z',
});

describe('costlens idle: the window costs of the rows add up to the total printed', () => {
  let text: string;
  let db: string;

  beforeAll(async () => {
    db = await storeWith({
      bill: [...volume('vol-0a'), ...volume('vol-0b'), ...volume('vol-0c')],
      inventory: [unattached('vol-0a'), unattached('vol-0b'), unattached('vol-0c')],
    });
    text = (await costlens(db, 'idle', '--as-of', '2026-03-15', '--wide', '--detail')).stdout;
  });

  it('the heading says 30.01, and the rows 10.01 + 10.00 + 10.00', () => {
    expect(text.split('\n')[0]).toBe('Idle resources as of 15 Mar 2026: 3 found, $31.02 a month saved at their current hourly rates × 730 h;'
      + ' they cost $30.01 (EffectiveCost 13 Feb – 14 Mar 2026)');
    const rows = text.split('\n').filter((l) => / vol-0[abc] /.test(l)).map((l) => / (vol-0[abc]) .*? \$(\d+\.\d\d) /.exec(l)!.slice(1));
    expect(rows).toEqual([['vol-0a', '10.01'], ['vol-0b', '10.00'], ['vol-0c', '10.00']]);
  });

  it('each finding\'s money line under the table gives the same cents as its row, and its hourly rate as the table writes it ($0.014158; it wrote 0.014158)', () => {
    expect([...text.matchAll(/^ {3}money: .*; \$(\d+\.\d\d) over 13 Feb – 14 Mar 2026$/gm)].map((m) => m[1])).toEqual(['10.01', '10.00', '10.00']);
    expect([...text.matchAll(/^ {3}money: {6}(.*) an hour now \(its latest charged day\) × 730 h = \$(\d+\.\d\d) a month;/gm)].map((m) => m.slice(1)))
      .toEqual([['$0.014158', '10.34'], ['$0.014158', '10.34'], ['$0.014158', '10.34']]);
  });

  it('the table writes each hourly rate in dollars as the tables write rates, to the digits it has (3 to 6 decimals); it wrote 0.014158', async () => {
    // 0.3334 a day of a GB-month charge in March: 0.3334 × 31 / 730 = 0.0141580822 an hour of 730.
    const rows = text.split('\n').filter((l) => / vol-0[abc] /.test(l)).map((l) => l.trim().split(/\s+/));
    expect(rows.map((cells) => [cells[2], cells[6], cells[7]])).toEqual([['vol-0a', '$0.014158', '$10.34'], ['vol-0b', '$0.014158', '$10.34'], ['vol-0c', '$0.014158', '$10.34']]);
    expect(['0.0050000000', '0.0252000000', '0.2119589041', '0.0000004000', '1234.5'].map(hourlyRateText)).toEqual(['$0.005', '$0.0252', '$0.211959', '$0.000', '$1,234.500']);
    // csv and json keep the exact rate.
    const csv = await costlens(db, 'idle', '--as-of', '2026-03-15', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[1].split(',')[6]).toBe('0.0141580822');
  });
});
