/**
 * `costlens kpi` and `costlens modernise` on the real FOCUS 1.0 sample, whose AWS usage lines carry
 * no usage type: the lines they could not classify or judge, which they name, and which the KPI page
 * names in the same words, are restated from the CSV file (idle's, rightsize's and the Optimisation
 * page's: tests/optimisation/usage-without-type.test.ts; kpi's figures: kpi.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport } from '../../src/analyze/kpi/efficiency.ts';
import { NOT_CLASSIFIED_BASIS } from '../../src/analyze/kpi/json.ts';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, costlens, duckdbRows } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { textTableRows } from '../helpers/text-table-rows.ts';
import { textOf } from '../server/page-helpers.ts';

/** Rows of a CSV without quoted commas, by column name. */
const textCsvRows = (csv: string) => {
  const [head, ...lines] = csv.trimEnd().split(/\r?\n/).map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(head.map((column, i) => [column, cells[i]])));
};

/**
 * The real FOCUS 1.0 sample (September 2024) has no usage type or instance type (no x_UsageType,
 * x_InstanceType): kpi read 0 EC2 hours on every account and modernise "0 found", with nothing to
 * say that the lines could not be classified. Both now say how many AWS usage lines and how much
 * spend they could not judge, each figure restated by DuckDB on the CSV file.
 */
describe('costlens kpi and modernise on the real FOCUS 1.0 sample: the AWS usage lines without a usage type are named', () => {
  let db: string;
  let file: Record<string, string | null>;
  let note: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_FOCUS]]);
    const money = (column: string, where = 'true') => `CAST(sum(CAST(${column} AS DECIMAL(38, 10))) FILTER (WHERE ${where}) AS VARCHAR)`;
    const ec2 = "ServiceName = 'Amazon Elastic Compute Cloud'";
    [file] = await duckdbRows(`SELECT count(*) AS lines, ${money('EffectiveCost')} AS effective, ${money('BilledCost')} AS billed,
        count(*) FILTER (WHERE ${ec2}) AS ec2_lines, count(DISTINCT ResourceId) FILTER (WHERE ${ec2}) AS ec2_resources,
        ${money('EffectiveCost', ec2)} AS ec2_effective, ${money('BilledCost', ec2)} AS ec2_billed,
        CAST(CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS first_day, CAST(CAST(max(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS last_day
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE ProviderName = 'AWS' AND ChargeCategory = 'Usage'`, { file: REAL_FOCUS });
    const dollars = (exact: string | null) => `$${Number(exact).toFixed(2)}`;
    note = `${file.lines} AWS usage lines charged on 1–30 Sep 2024 (EffectiveCost ${dollars(file.effective)}, billed ${dollars(file.billed)};`
      + ` the most, Amazon Elastic Compute Cloud: ${file.ec2_lines} lines, ${dollars(file.ec2_effective)}, billed ${dollars(file.ec2_billed)})`
      + ' carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so';
  });

  it('by SQL on the file: 941 AWS usage lines, $16.00 of EffectiveCost ($20.62 billed), 553 of them EC2', () => {
    expect(file).toEqual({ lines: '941', effective: '16.0000000000', billed: '20.6203386184', ec2_lines: '553', ec2_resources: '514',
      ec2_effective: '16.0000000000', ec2_billed: '18.6553930505', first_day: '2024-09-01', last_day: '2024-09-30' });
  });

  it('kpi says under its heading (on stderr with --format json or csv) that the EC2, EBS and S3 KPIs could not classify them, and leaves those figures blank (csv) or null (json)', async () => {
    const consequence = ' the EC2, EBS and S3 KPIs cannot classify them: their hours, GB-months and cost are in none of those figures (commitment coverage reads FOCUS\'s own columns)';
    const table = await costlens(db, 'kpi');
    expect([table.code, table.stderr, table.stdout.split('\n')[1]]).toEqual([0, '', `Not classified: ${note}${consequence}.`]);
    // The heading names the days as every surface writes a span (first_day to last_day above): it read "2024-09-01 to 2024-09-30 (both included; …)".
    expect(table.stdout.split('\n')[0]).toBe('Efficiency KPIs by month and account, 1–30 Sep 2024 (the last day is the data horizon unless --as-of says otherwise)');
    const json = await costlens(db, 'kpi', '--format', 'json');
    expect([json.code, json.stderr]).toEqual([0, `costlens: not classified: ${note}${consequence}\n`]);
    // Its figures zero only because of those lines are null, not measured zeros (they read 0 and "0.0000000000"); coverage, from FOCUS's own columns, and the savings stay:
    // the (all) row's coverage saving, (70 % × $17.3526876823 eligible − $0.1426790222 covered) × 27 % = $3.2411…, the only one measured.
    const jsonRows = (JSON.parse(json.stdout) as KpiReport).rows as unknown as Record<string, unknown>[];
    const unmeasuredJson = (r: Record<string, unknown>) => [r.ec2Hours, r.ec2Cost, r.unclassifiedHours, r.ebsGbMonths, r.ebsCost, r.gp3GbMonths, r.s3GbMonths, r.s3StandardGbMonths,
      r.s3StandardCost, ...['spot', 'graviton', 'currentGeneration'].flatMap((k) => [(r[k] as { hours: unknown }).hours, (r[k] as { cost: unknown }).cost])];
    expect(jsonRows.map(unmeasuredJson)).toEqual(jsonRows.map(() => Array(15).fill(null)));
    // Their targets say why (they said "nothing to measure in this month", and s3Standard "no S3 storage in this month" for an account with 2 S3 lines); coverage is measured.
    const bases = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r.targets as Record<string, { basis: string }>).map(([k, t]) => [k, t.basis === NOT_CLASSIFIED_BASIS]));
    expect(jsonRows.map(bases)).toEqual(jsonRows.map(() => ({ spot: true, graviton: true, currentGeneration: true, gp3: true, s3Standard: true, commitmentCoverage: false })));
    expect([jsonRows.length, jsonRows.at(-1)!.accountId, (jsonRows.at(-1)!.commitmentCoverage as { costPercent: number }).costPercent, jsonRows.at(-1)!.totalSaving])
      .toEqual([13, null, 0.82, '3.24']);
    // The table's EC2 hours and cost, unclassified hours, EBS and gp3 GB-months of those 0s are blank, not measured zeros (they read 0 and $0.00);
    // commitment coverage, from FOCUS's own columns, is measured: 0.82 % for all 12 accounts.
    const rows = textTableRows(table.stdout, 'month');
    const unmeasured = ['ec2_hours', 'ec2_cost', 'unclassified_hours', 'ebs_gb_months', 'gp3_gb_months'];
    expect(rows.map((r) => [r.account_id, ...unmeasured.map((column) => r[column])])).toEqual(rows.map((r) => [r.account_id, '', '', '', '', '']));
    expect([rows.length, rows.at(-1)!.account_id, rows.at(-1)!.coverage_pct]).toEqual([13, '(all)', '0.82']);
    // saving_at_targets is blank, not the coverage saving alone ($2.96 next to blank Spot, Graviton, gp3 and S3 savings read as complete), and a note says why;
    // csv keeps the sum of the measured savings: the coverage saving, the only one measured.
    expect(rows.map((r) => r.saving_at_targets)).toEqual(rows.map(() => ''));
    expect(table.stdout).toContain('\nsaving_at_targets is left blank where a saving it adds up is not classified (spot, graviton, currentGeneration, gp3, s3Standard): '
      + 'the sum of the measured savings alone is not the saving at every target (csv and json give that sum, as saving_at_targets and totalSaving).\n');
    const csv = textCsvRows((await costlens(db, 'kpi', '--format', 'csv')).stdout);
    // csv leaves the same figures empty as the table (they read 0 and 0.0000000000).
    expect(csv.map((r) => [r.account_id, ...unmeasured.map((column) => r[column])])).toEqual(csv.map((r) => [r.account_id, '', '', '', '', '']));
    expect(csv.map((r) => r.saving_at_targets)).toEqual(csv.map((r) => r.coverage_saving));
    expect(csv.map((r) => r.saving_at_targets).every((s) => s !== '')).toBe(true);
  });

  it('modernise says so under its heading, and its JSON gives the lines per service (usageWithoutType): the figures of the file', async () => {
    const table = await costlens(db, 'modernise');
    expect([table.code, table.stderr, table.stdout.split('\n')[1]]).toEqual([0, '',
      `Not judged: ${note} modernise cannot tell their instances, volumes, snapshots or buckets apart and judged none of them.`]);
    const json = await costlens(db, 'modernise', '--format', 'json');
    const report = JSON.parse(json.stdout) as ModerniseReport;
    expect([json.code, json.stderr, report.findings, report.notChecked]).toEqual([0, '', [], null]);
    expect({ ...report.usageWithoutType, services: report.usageWithoutType?.services.slice(0, 1) }).toEqual({
      from: '2024-09-01', to: '2024-10-01', firstDay: file.first_day, lastDay: file.last_day, lines: Number(file.lines), effectiveCost: file.effective, billedCost: file.billed,
      services: [{ serviceName: 'Amazon Elastic Compute Cloud', lines: Number(file.ec2_lines), resources: Number(file.ec2_resources),
        effectiveCost: file.ec2_effective, billedCost: file.ec2_billed }],
    });
  });

  describe('the KPI page says it in the same words, under its days', () => {
    let app: CostlensApp;
    beforeAll(() => {
      app = appOn(db);
    });
    afterAll(() => app?.close());

    /** The text of the note element `id` of a page (tags dropped, entities decoded). */
    const noteOf = async (path: string, id: string) => {
      const response = await page(app, path);
      expect(response.status, path).toBe(200);
      const found = new RegExp(`<p class="note" id="${id}" data-lines="(\\d+)">([^]*?)</p>`).exec(await response.text());
      return found && [found[1], textOf(found[2])];
    };

    it('KPIs: `Not classified: 941 AWS usage lines …`, as `costlens kpi` writes it', async () => {
      const consequence = ' the EC2, EBS and S3 KPIs cannot classify them: their hours, GB-months and cost are in none of those figures (commitment coverage reads FOCUS\'s own columns)';
      expect(await noteOf('/kpi', 'kpi-not-classified')).toEqual([file.lines, `Not classified: ${note}${consequence}.`]);
      expect(await noteOf('/kpi?by=team&months=12', 'kpi-not-classified')).toEqual([file.lines, `Not classified: ${note}${consequence}.`]);
    });
  });
});
