import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import type { CurLine } from '../optimisation/cur-fixture.ts';
import { daily, days, series, storeWith, type BillLine, type InventoryRow, type MetricPoint } from '../optimisation/fixtures.ts';
import { appOn, page } from './helpers.ts';
import { figure, tableHtml, tableRows, textOf } from './page-helpers.ts';

/**
 * The Optimisation page on hand-built stores whose figures are worked by hand:
 * - "partial": usage to 2026-03-13, then 2026-03-14 up to 06:00 (hourly lines of an idle db.m5.large
 *   at 0.171; its 0.37 a day of storage and three unattached volumes at 0.3334 a day have no line on
 *   it yet). The data horizon is 2026-03-13, so the page defaults to as of 2026-03-14, and the
 *   modernisation section takes that day too. Idle window costs 2026-02-12 … 2026-03-13: the database
 *   30 × 4.474 = 134.22, each volume 30 × 0.3334 = 10.002: 164.226 in all, $164.23; the rows show
 *   the total's cents split by largest remainder, 134.22 + 10.01 + 10.00 + 10.00, which the Idle resources
 *   card gives under its figure, their monthly saving (136.30 + 3 × 10.34 = 167.32).
 * - "covered": i-0half, half its hours on a Savings Plan with unused commitment (3.2256 a day) and
 *   half on demand (4.608 a day), and i-0od on demand (1.9968 a day), both idle: i-0half saves
 *   140.16 a month in cash and frees 98.11 of commitment (7/17 of its 238.27 run-rate); i-0od 60.74.
 *   Savings waiting: 200.90 in cash, 98.11 of commitment apart.
 * - "late": billed from 2026-02-27 (16 of the 30 days before 2026-03-15, 384 h): the Rightsizing card
 *   says its saving is scaled to a month of 730 h, × 730/384.
 */
const A = '111111111111';
const DB = `arn:aws:rds:us-east-1:${A}:db:idle`;
const RDS = 'Amazon Relational Database Service';

const hourly = (day: string, hours: number, line: Omit<BillLine, 'start' | 'end'>): BillLine[] =>
  Array.from({ length: hours }, (_, h) => ({ ...line, start: `${day}T${String(h).padStart(2, '0')}:00:00`, end: `${day}T${String(h + 1).padStart(2, '0')}:00:00` }));
const volume = (resourceId: string): BillLine[] =>
  daily('2026-02-01', '2026-03-14', { account: A, region: 'us-east-1', resourceId, usageType: 'EBS:VolumeUsage.gp2', quantity: 3.3333, cost: '0.3334' });
const unattached = (resourceId: string): InventoryRow => ({
  resourceId, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', instanceType: 'gp2', state: 'available', observedAt: '2026-03-13T12:00:00Z',
});

const SP2 = `arn:aws:savingsplans::${A}:savingsplan/22222222-aaaa-bbbb-cccc-000000000002`;
const box = (resourceId: string, type: string, listRate: string) => ({ account: A, region: 'us-east-1', resourceId, usageType: `BoxUsage:${type}`, instanceType: type, listRate });
const covered = (day: string): CurLine[] => [
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'SavingsPlanCoveredUsage', start: day, quantity: 12, cost: '4.608', savingsPlanArn: SP2, spEffectiveCost: '3.2256' },
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'SavingsPlanNegation', start: day, quantity: 12, cost: '-4.608', savingsPlanArn: SP2 },
  { ...box('i-0half', 'm5.2xlarge', '0.384'), type: 'Usage', start: day, quantity: 12, cost: '4.608' },
  { account: A, region: 'us-east-1', type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: SP2, quantity: 1, cost: '3.5',
    savingsPlanArn: SP2, spTotalCommitment: '3.5', spUsedCommitment: '3.2256' },
  { ...box('i-0od', 't3.large', '0.0832'), type: 'Usage', start: day, quantity: 24, cost: '1.9968' },
];
const idleEc2 = (id: string): MetricPoint[] => [
  ...series(id, 'AWS/EC2', 'CPUUtilization', 'Average', days('2026-03-01', '2026-03-15'), () => 2),
  ...series(id, 'AWS/EC2', 'NetworkIn', 'Sum', days('2026-03-01', '2026-03-15'), () => 1_000_000),
  ...series(id, 'AWS/EC2', 'NetworkOut', 'Sum', days('2026-03-01', '2026-03-15'), () => 1_000_000),
];

/** The text each worklist row shows in its last column (the window cost), by resource. */
function shownCosts(html: string): [string, string][] {
  return [...tableHtml(html, 'findings').matchAll(/<tr data-rule="[^"]*" data-resource="([^"]*)">[^]*?<td data-value="[^"]*">([^<]*)<\/td>\s*<\/tr>/g)].map((m) => [m[1], m[2]]);
}

describe('the Optimisation page on hand-built stores', () => {
  let partial: CostlensApp;
  let coveredApp: CostlensApp;
  let late: CostlensApp;

  beforeAll(async () => {
    const [partialDb, coveredDb, lateDb] = await Promise.all([
      storeWith({
        bill: [
          ...daily('2026-02-01', '2026-03-14', { account: A, region: 'us-east-1', resourceId: DB, usageType: 'InstanceUsage:db.m5.large', quantity: 24, cost: '4.104', service: RDS }),
          ...daily('2026-02-01', '2026-03-14', { account: A, region: 'us-east-1', resourceId: DB, usageType: 'RDS:GP2-Storage', quantity: 3.2258, cost: '0.37', service: RDS }),
          ...hourly('2026-03-14', 6, { account: A, region: 'us-east-1', resourceId: DB, usageType: 'InstanceUsage:db.m5.large', quantity: 1, cost: '0.171', service: RDS }),
          ...volume('vol-0a'), ...volume('vol-0b'), ...volume('vol-0c'),
        ],
        metrics: series(DB, 'AWS/RDS', 'DatabaseConnections', 'Maximum', days('2026-03-01', '2026-03-15'), () => 0),
        inventory: [unattached('vol-0a'), unattached('vol-0b'), unattached('vol-0c')],
      }),
      storeWith({ cur: days('2026-02-01', '2026-03-15').flatMap(covered), metrics: [...idleEc2('i-0half'), ...idleEc2('i-0od')] }),
      storeWith({
        bill: daily('2026-02-27', '2026-03-15', { account: A, region: 'us-east-1', resourceId: 'i-0big', usageType: 'BoxUsage:m5.2xlarge', quantity: 24, cost: '9.216', listUnitPrice: '0.384' }),
        metrics: [
          ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'p99.5', days('2026-03-01', '2026-03-15'), () => 12),
          ...series('i-0big', 'AWS/EC2', 'CPUUtilization', 'Maximum', days('2026-03-01', '2026-03-15'), () => 15),
        ],
      }),
    ]);
    [partial, coveredApp, late] = [appOn(partialDb), appOn(coveredDb), appOn(lateDb)];
  });
  afterAll(() => [partial, coveredApp, late].forEach((app) => app?.close()));

  it('a partial last day: the page defaults to the day after the data horizon, and the modernisation section takes that day', async () => {
    expect((await page(partial, '/optimisation')).headers.get('location')).toBe('/optimisation?as_of=2026-03-14&owner_key=-');
    const html = await (await page(partial, '/optimisation?as_of=2026-03-14&owner_key=-')).text();
    expect(html).toContain('id="modernisation-summary"');
    expect(html).not.toContain('No modernisation view for this day');
    // The database keeps its storage in its run-rate: 4.104 / 24 × 730 + 0.37 × 31 (GB-month storage: the day × the days of March) = 124.83 + 11.47 = 136.30;
    // each volume's GB-month charge 0.3334 × 31 = 10.3354 → 10.34.
    expect(tableRows(html, 'findings').map((r) => [r[0], r[1]])).toEqual([[DB, '136.30'], ['vol-0a', '10.34'], ['vol-0b', '10.34'], ['vol-0c', '10.34']]);
  });

  it('the Idle resources card: their monthly saving, 136.30 + 3 × 10.34 = 167.32, and under it their cost, which the rows\' window costs add up to: 134.22 + 10.01 + 10.00 + 10.00 = 164.23', async () => {
    const html = await (await page(partial, '/optimisation?as_of=2026-03-14&owner_key=-')).text();
    expect(figure(html, 'optimisation-idle')).toBe('167.32');
    expect(html).toMatch(/id="optimisation-idle"[^]*?class="figure" data-value="167.32">\$167\.32</);
    expect(html).toContain('they cost\n      <span id="optimisation-idle-cost" data-value="164.2260000000">$164.23</span> (EffectiveCost 12 Feb – 13 Mar 2026)');
    expect(shownCosts(html)).toEqual([[DB, '$134.22'], ['vol-0a', '$10.01'], ['vol-0b', '$10.00'], ['vol-0c', '$10.00']]);
  });

  it('Savings waiting counts cash only: 140.16 + 60.74 = 200.90, with the 98.11 of commitment i-0half frees said apart', async () => {
    const html = await (await page(coveredApp, '/optimisation?as_of=2026-03-15&owner_key=-')).text();
    expect(figure(html, 'optimisation-saving')).toBe('200.9000000000');
    // Counted as the weekly e-mail counts them: both save cash; i-0half also frees commitment (src/report/savings.ts: savingsSection).
    expect(textOf(/<div class="kpi" id="optimisation-saving">([^]*?)<\/div>/.exec(html)![1])).toBe('Savings waiting, a month $200.90 2 findings save this in cash,'
      + ' each resource counted once, and 1 frees $98.11 a month of a Reserved Instance or Savings Plan with unused hours instead of cash (not in the total)');
    expect(html).toContain('<span id="optimisation-commitment" data-value="98.11">$98.11</span>');
    expect(/<span id="optimisation-idle-cost" data-value="([^"]*)"/.exec(html)?.[1]).toBe('294.9120000000');
    // The Idle resources card says the same money: 200.90 a month in cash, 98.11 more freeing commitment, as `costlens idle` heads it; they cost
    // 30 days × (i-0half 3.2256 on the plan + 4.608 on demand, i-0od 1.9968) = 30 × 9.8304 = 294.912.
    expect(textOf(/<div class="kpi" id="optimisation-idle">([^]*?)<\/div>/.exec(html)![1])).toBe('Idle resources, a month $200.90 2 resources at their current hourly rates × 730 h,'
      + ' and $98.11 more frees commitment, not cash; they cost $294.91 (EffectiveCost 13 Feb – 14 Mar 2026)');
    expect(tableRows(html, 'findings').map((r) => [r[0], r[1]])).toEqual([['i-0half', '140.16'], ['i-0od', '60.74']]);
    expect(html).toContain('<td data-value="140.16">$140.16<span class="note freed" data-value="98.11">+ $98.11 of commitment freed</span></td>');
    const api = await (await coveredApp.request('/api/analyses/optimisation/findings?as_of=2026-03-15&owner_key=-')).json();
    expect(api.rows.map((r: Record<string, string>) => [r.resource_id, r.saving, r.saving_commitment])).toEqual([
      ['i-0half', '140.1600000000', '98.1100000000'], ['i-0od', '60.7400000000', '0.0000000000'],
    ]);
  });

  it('a store holding 16 of the 30 days: the Rightsizing card says its saving is scaled × 730/384 (147.456 × 730/384 × 0.75 = 210.24)', async () => {
    const html = await (await page(late, '/optimisation?as_of=2026-03-15&owner_key=-')).text();
    expect(figure(html, 'optimisation-rightsizing')).toBe('210.24');
    expect(html).toContain('<span id="rightsizing-held-days"> of the 16 of the last 30 days the store holds, × 730/384 (the store&#39;s billing data begins on 27 Feb 2026)</span>');
  });
});
