/**
 * The KPI targets and the bill-only storage and network rules on the hand-made November 2023 CUR
 * (tests/storage-transfer/fixture.ts): every figure stated by hand from the fixture's round
 * numbers and the shipped catalogues (data/ec2, data/ebs, data/s3), the KPI and Data transfer
 * pages showing the same figures, and the engineering e-mail's KPI line.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport, KpiRow } from '../../src/analyze/kpi/efficiency.ts';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { emailText } from '../helpers/email-text.ts';
import { appOn, page } from '../server/helpers.ts';
import { figure, tableRows } from '../server/page-helpers.ts';
import { PAYMENTS_ACCOUNT, SEARCH_ACCOUNT, writeStorageTransferFixture } from './fixture.ts';

async function json<T>(db: string, ...args: string[]): Promise<T> {
  const run = await costlens(db, ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('KPI targets and the storage and network rules on a hand-made November 2023 CUR', () => {
  let dir: string;
  let db: string;
  let report: KpiReport;
  let all: KpiRow;

  beforeAll(async () => {
    // The fixture's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    dir = scratchDir();
    db = await cachedStoreOfFolder((folder) => writeStorageTransferFixture(folder));
    report = await json<KpiReport>(db, 'kpi', '--months', '1');
    all = report.rows.find((r) => r.accountId === null)!;
  });

  it('all accounts: each KPI against its default target, and the saving of each, by hand', () => {
    expect([report.from, report.to, report.by]).toEqual(['2023-11-01', '2023-11-30', 'account']);
    expect(report.rows.map((r) => r.accountId)).toEqual([PAYMENTS_ACCOUNT, SEARCH_ACCOUNT, null]);
    // EC2: m5 720 h $69.12, m4 720 h $72.00, Spot c5 720 h $25.20.
    expect([all.ec2Hours, all.ec2Cost]).toEqual([2160, '166.3200000000']);
    const t = all.targets;
    // Spot 720 / 2160 = 33.33 % ≥ 10 %: met.
    expect(t.spot).toMatchObject({ target: 10, current: 33.33, met: true, saving: '0.00' });
    // Graviton 0 % of 30 %: 648 h short, out of 2,160 x86 hours whose twin lists cheaper; moving them all saves
    // m5 69.12 × (1 − 0.077 / 0.096) = 13.68, m4 72 × (1 − 0.077 / 0.1) = 16.56, c5 25.20 × (1 − 0.068 / 0.085) = 5.04: 35.28 × 648 / 2160 = 10.584.
    expect(t.graviton).toMatchObject({ target: 30, current: 0, met: false, saving: '10.58' });
    // Current generation: m5 and c5 (their successors m6i, c6i list no cheaper), 1,440 / 2,160 = 66.67 %; 504 h short of 90 %,
    // taken from m4's 720 h, which save 72 × (1 − 0.096 / 0.1) = 2.88 in all: 2.88 × 504 / 720 = 2.016.
    expect(t.currentGeneration).toMatchObject({ target: 90, current: 66.67, met: false, saving: '2.02' });
    // gp3 100 of 1,100 GB-months = 9.09 %; 890 GB-months short of 90 %, from gp2's 1,000 costing $100 at 1 − 0.08 / 0.10: 100 × 0.2 × 0.89 = 17.80.
    expect(t.gp3).toMatchObject({ target: 90, current: 9.09, met: false, saving: '17.80' });
    // Coverage: no commitment; the eligible on-demand cost is the m5 and m4 hours (Spot is not eligible), 141.12;
    // 70 % of it is 98.784, × 27 % (commitments.estimatedDiscountPercent 1yr) = 26.67168.
    expect(all.commitmentCoverage).toEqual({ eligibleOnDemandCost: '141.1200000000', coveredOnDemandCost: '0.0000000000', costPercent: 0, hoursPercent: 0 });
    expect(t.commitmentCoverage).toMatchObject({ target: 70, current: 0, met: false, saving: '26.67' });
    // S3 Standard 3,600 of 4,600 GB-months = 78.26 % > 50 %: 1,300 GB-months over, at Standard's $82.80 for 3,600,
    // × (1 − 0.0125 / 0.023): 82.8 × 1300 / 3600 × 0.0105 / 0.023 = 13.65.
    expect([all.s3GbMonths, all.s3StandardGbMonths, all.s3StandardCost, all.s3StandardPercent]).toEqual([4600, 3600, '82.8000000000', 78.26]);
    expect(t.s3Standard).toMatchObject({ target: 50, current: 78.26, met: false, saving: '13.65' });
    expect(all.totalSaving).toBe('70.72');
  });

  it('--by team: the team tag as the report reads it; each team against the same targets', async () => {
    const byTeam = await json<KpiReport>(db, 'kpi', '--months', '1', '--by', 'team');
    expect([byTeam.by, byTeam.teamTagKey]).toEqual(['team', 'team']);
    expect(byTeam.rows.map((r) => [r.team, r.accountId])).toEqual([['payments', null], ['search', null], [null, null]]);
    const [payments, search] = byTeam.rows;
    // payments: m5 and the Spot c5, 1,440 h; Graviton 432 h short of 30 %: (13.68 + 5.04) × 432 / 1440 = 5.616.
    expect([payments.ec2Hours, payments.targets.graviton.saving]).toEqual([1440, '5.62']);
    // search: its only volume is gp3, and its S3 Standard share 600 / 1,600 = 37.5 % is under the ceiling.
    expect(search.targets.gp3).toMatchObject({ current: 100, met: true, saving: '0.00' });
    expect(search.targets.s3Standard).toMatchObject({ current: 37.5, met: true, saving: '0.00' });
    expect(byTeam.rows[2].totalSaving).toBe(all.totalSaving);
  });

  it('kpi.targets from the config: Graviton at 50 % saves 35.28 × 1080 / 2160; a target over 100 is an error naming the key', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'kpi:\n  targets:\n    graviton: 50\n');
    const custom = await json<KpiReport>(db, 'kpi', '--months', '1', '--config', good);
    expect(custom.rows.at(-1)!.targets.graviton).toMatchObject({ target: 50, saving: '17.64' });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kpi:\n  targets:\n    graviton: 130\n');
    const run = await costlens(db, 'kpi', '--config', bad);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('kpi.targets.graviton');
    expect(run.stderr).toContain('hint:');
  });

  it('modernise: the cold bucket, the quiet NAT gateway and the inter-AZ hot spot, with exact savings; the busy ones are not listed', async () => {
    const modernise = await json<ModerniseReport>(db, 'modernise');
    const rule = (r: string) => modernise.findings.filter((f) => f.rule === r);
    const [cold] = rule('s3-standard-cold');
    // 30 days: storage 69.00, Tier1 300 × 0.000005 = 0.0015, Tier2 3,000 × 0.0000004 = 0.0012; 3,300 requests on 3,000 GB-months = 1.1 a GB-month.
    // Standard-IA: 69 × (1 − 0.0125 / 0.023) = 31.50, Tier1 0.0015 × (1 − 0.01 / 0.005) = −0.0015, Tier2 0.0012 × (1 − 0.001 / 0.0004) = −0.0018;
    // 31.4967 over 720 h, × 730 = 31.934… a month. Its cost: 69.0027 / 720 × 730 = 69.96.
    expect(cold).toMatchObject({
      resourceId: 'cold-bucket', current: 'S3 Standard', target: 'S3 Standard-IA', monthlyCost: '69.96', monthlySaving: '31.93', listMonthlySaving: '31.94',
      windowCost: '69.0027000000', confidence: 'medium', priceSource: 'data/s3/storage-prices.csv (AWS S3 list prices, first tier, see data/s3/README.md)',
    });
    expect(cold.evidence).toMatchObject({ usageType: 'TimedStorage-ByteHrs', daysInStandard: 30, gbMonths: 3000, tier1Requests: 300, tier2Requests: 3000, requestsPerGbMonth: 1.1, breakEvenRetrievalGbPerMonth: 3193 });
    // Intelligent-Tiering: 31.50 × 730 / 720 = 31.9375.
    expect(cold.alternatives.map((a) => [a.target, a.monthlySaving])).toEqual([['S3 Intelligent-Tiering', '31.94']]);
    const [nat] = rule('nat-low-processing');
    // 720 h × 0.045 = 32.40; 30 GB × 0.045 = 1.35 = 4.17 % of the hours (≤ 10 %); the hours saved: 32.40 × 730 / 720 = 32.85.
    expect(nat).toMatchObject({ resourceId: 'nat-quiet', monthlyCost: '34.22', monthlySaving: '32.85', confidence: 'low' });
    expect(nat.evidence).toMatchObject({ hours: 720, gbProcessed: 30, ratePerHour: 0.045, ratePerGb: 0.045, processingPercentOfHours: 4.17 });
    const [hotspot] = rule('inter-az-hotspot');
    // 1,500 GB × 0.01 = 15.00 in 30 days, 15.21 a month (≥ 10); i-m4's 30 GB (0.30) is not a hot spot.
    expect(hotspot).toMatchObject({ resourceId: 'i-m5', monthlyCost: '15.21', monthlySaving: '15.21', windowCost: '15.0000000000' });
    expect(modernise.findings.map((f) => f.resourceId)).not.toContain('hot-bucket');
    expect(modernise.findings.map((f) => f.resourceId)).not.toContain('nat-busy');
    expect(rule('inter-az-hotspot')).toHaveLength(1);
  });

  describe('the pages on this store', () => {
    let app: CostlensApp;
    beforeAll(() => {
      app = appOn(db);
    });
    afterAll(async () => app?.close());

    it('/kpi shows the report\'s figures: the cards, the total saving, a row per account', async () => {
      const html = await (await page(app, '/kpi?months=1')).text();
      expect(html).toContain('id="kpi-total-saving" data-value="70.72"');
      expect(figure(html, 'kpi-gp3')).toBe('9.09');
      expect(figure(html, 'kpi-s3Standard')).toBe('78.26');
      expect(tableRows(html, 'kpi-by-group').map((r) => [r[0], r[1]])).toEqual([[PAYMENTS_ACCOUNT, '52.43'], [SEARCH_ACCOUNT, '25.49'], ['All', '70.72']]);
    });

    it('the Optimisation page\'s Modernisation section lists the three bill-only findings with their savings', async () => {
      const redirect = await page(app, '/optimisation');
      const html = await (await page(app, redirect.headers.get('location')!)).text();
      const section = html.slice(html.indexOf('id="modernisation"'));
      for (const [rule, resource, saving] of [['s3-standard-cold', 'cold-bucket', '31.93'], ['nat-low-processing', 'nat-quiet', '32.85'], ['inter-az-hotspot', 'i-m5', '15.21']]) {
        const row = new RegExp(`<tr data-rule="${rule}" data-resource="${resource}">([^]*?)</tr>`).exec(section)?.[1] ?? '';
        expect(row, rule).toContain(`data-value="${saving}"`);
      }
    });

    it('/data-transfer: NAT processing and inter-AZ as their own types, each the sum of its usage lines', async () => {
      const html = await (await page(app, '/data-transfer')).text();
      const rows = Object.fromEntries(tableRows(html, 'transfer-by-type').map((r) => [r[0], r[1]]));
      const sql = await sqlRows(db, `SELECT
        CAST(sum(CASE WHEN x_UsageType LIKE '%NatGateway-Bytes' THEN BilledCost END) AS VARCHAR) AS nat,
        CAST(sum(CASE WHEN x_UsageType LIKE '%DataTransfer-Regional-Bytes' THEN BilledCost END) AS VARCHAR) AS az
        FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2023-11-01' AND ChargePeriodStart < TIMESTAMP '2023-12-01'`);
      expect(rows).toEqual({ 'NAT processing': sql[0].nat, 'inter-AZ': sql[0].az });
      // 100 GB + 1 GB a day at 0.045 = 136.35; 51 GB a day at 0.01 = 15.30.
      expect([rows['NAT processing'], rows['inter-AZ']]).toEqual(['136.3500000000', '15.3000000000']);
    });
  });

  it('the engineering e-mail has a KPI line: the month so far to the report week\'s Sunday, as `costlens kpi --as-of` gives it', async () => {
    const out = join(dir, 'mail');
    const run = await costlens(db, 'report', 'weekly', '--audience', 'engineering', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
    const kpi = await json<KpiReport>(db, 'kpi', '--months', '1', '--as-of', '2023-11-26');
    const row = kpi.rows.at(-1)!;
    const text = emailText(html);
    expect(text).toContain(`2023-11 so far (1–26 Nov 2023): Spot ${row.targets.spot.current!.toFixed(2)}% (target ≥ 10%); Graviton 0.00% (target ≥ 30%)`);
    // Graviton: 0.3 × 1,872 h = 561.6 h short, × 35.28 × 26/30 ÷ 1,872 (the 26 days' twin saving over their hours) = 9.1728.
    expect(row.targets.graviton.saving).toBe('9.17');
    expect(text).toContain(`Reaching every target would have saved $${row.totalSaving} in these days' bill.`);
  });
});
