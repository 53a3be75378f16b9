/**
 * The weekly report's tag coverage counts a line as `costlens attribute --coverage` does, by
 * attribution's one rule (coverageClass): a line that a shared-cost rule takes is shared even when it
 * carries the tag. Before, the report kept its own copy of the rule, tag first: on the shared demo
 * (CUR 2.0) with a `storage` rule on AmazonS3 beside tax and support, 2026-W41 (5–11 Oct) read
 * tagged $5,778.15, shared $207.64, coverage 85.1 % in the engineering e-mail, where
 * `attribute --coverage` read tagged $5,001.09, shared $984.70, 73.61 %: the $777.06 of S3 that
 * carries a team tag was tagged in one and shared in the other. Figures by SQL on line_items and
 * by the CLI over the same days.
 *
 * The report measures the week's usage, as its splits and movers do (fees, tax and credits post once
 * a billing period and seldom carry a tag: a week holding the 1st dipped with no change in tagging);
 * the CLI measures every charge. In 2026-W41 their tagged, shared and account-default money agree (no
 * tax or support fee posts in the week): the untagged differ by the week's $409.25 of recurring fees.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { layoutReport } from '../../src/report/layout.ts';
import type { CoveragePoint, WeeklyReport } from '../../src/report/model.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { centsOf, demoStore, readTruth, USAGE_LINE, usd } from './helpers.ts';
import { textRow as tableRow } from './text-tables.ts';

const PAYMENTS_PROD = '730604943011';
const WEEK = parseIsoWeek('2026-W41');

/** Each class of the week's lines (`where`: all, or usage) by SQL: a rule's lines shared first, then lines carrying the team tag, then the account default. */
const classesSql = (where: string) => `SELECT CASE
    WHEN ChargeCategory = 'Tax' OR x_ProductCode IN ('AWSSupportBusiness', 'AmazonS3') THEN 'shared'
    WHEN trim(coalesce(Tags['team'], '')) <> '' THEN 'tagged'
    WHEN SubAccountId = '${PAYMENTS_PROD}' THEN 'accountDefault'
    ELSE 'untagged' END AS class,
  CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed
FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-05' AND ChargePeriodStart < TIMESTAMP '2026-10-12' AND ${where} GROUP BY 1`;

interface CoverageJson { billedTagged: string; billedShared: string; billedAccountDefault: string; billedUntagged: string; billedTotal: string; coveragePct: number }

/** The cells of the text part's first table row whose first cell is `label`, after `after` (text-tables.ts). */
function textRow(text: string, label: string, after: string): string[] | undefined {
  return tableRow(text, label, after);
}

describe('the weekly report\'s tag coverage is attribute --coverage\'s, a tagged line a shared rule takes counted shared', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };
  let config: string;
  let reports: WeeklyReport[];

  beforeAll(async () => {
    store = await demoStore(demoDir);
    const attribution = {
      tags: { team: { values: readTruth(demoDir).tagging.teamAliases, accountDefaults: { [PAYMENTS_PROD]: 'payments' } } },
      sharedCosts: [
        { name: 'tax', match: { chargeCategory: ['Tax'] }, split: 'proportional' },
        { name: 'support', match: { productCode: ['AWSSupportBusiness'] }, split: 'proportional' },
        { name: 'storage', match: { productCode: ['AmazonS3'] }, split: 'proportional' },
      ],
    };
    config = join(store.dir, 'coverage.config.json');
    writeFileSync(config, JSON.stringify({ attribution }));
    const configs: ReportConfigs = { ...parseConfig({ attribution }), report: reportConfigSchema.parse({}) };
    ({ reports } = await withEngine(store.db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: WEEK, audiences: [{ kind: 'engineering' }, { kind: 'finance' }] })));
  }, 300_000);

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  const reportWeek = (report: WeeklyReport): CoveragePoint => report.coverage!.points.at(-1)!;
  const attributeCoverage = async (tag: string): Promise<CoverageJson> => {
    const run = await costlens(store.db, 'attribute', '--tag', tag, '--from', WEEK.start, '--to', WEEK.end, '--coverage', 'period', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as CoverageJson[];
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const asCents = (c: CoverageJson) => [c.billedTotal, c.billedTagged, c.billedShared, c.billedAccountDefault, c.billedUntagged].map(centsOf);
  const pointCents = (p: CoveragePoint) => [p.total, p.tagged, p.shared, p.accountDefault, p.untagged];

  it('2026-W41, team: of usage, tagged $5,001.09, shared $984.70, account default $100.36, untagged $298.34 of $6,384.49 (78.3 %), as SQL sums the usage lines; attribute --coverage classes them alike', async () => {
    const byClass = Object.fromEntries((await sqlRows(store.db, classesSql('TRUE'))).map((r) => [r.class!, centsOf(r.billed)]));
    expect(byClass).toEqual({ tagged: 500109n, shared: 98470n, accountDefault: 10036n, untagged: 70759n });
    const cli = await attributeCoverage('team');
    expect(asCents(cli)).toEqual([679374n, 500109n, 98470n, 10036n, 70759n]);
    expect(cli.coveragePct).toBe(73.61);
    const ofUsage = Object.fromEntries((await sqlRows(store.db, classesSql(USAGE_LINE))).map((r) => [r.class!, centsOf(r.billed)]));
    expect(ofUsage).toEqual({ tagged: 500109n, shared: 98470n, accountDefault: 10036n, untagged: 29834n });
    // The rest of the CLI's untagged is the week's recurring fees, none of them usage.
    const [fees] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-10-05' AND ChargePeriodStart < TIMESTAMP '2026-10-12' AND NOT (${USAGE_LINE})`);
    expect(centsOf(fees.billed)).toBe(70759n - 29834n);

    const engineering = reports.find((r) => r.audience.kind === 'engineering')!;
    const point = reportWeek(engineering);
    expect(point.week.label).toBe('2026-W41');
    expect(pointCents(point)).toEqual([638449n, 500109n, 98470n, 10036n, 29834n]);
    // 5,001.09 ÷ 6,384.49 = 78.33 %; of every charge (the CLI's, and the e-mail's before) 73.6 %.
    expect(point.coverageTenths).toBe(783n);

    const text = renderText(layoutReport(engineering, '[costlens]'));
    expect(text.replace(/\s+/g, ' ')).toContain(`${usd(29834n)} of ${usd(638449n)} of usage carried no team tag this week; coverage 78.3%.`);
    expect(textRow(text, '2026-W41', 'Untagged spend and team tag coverage')).toEqual(['2026-W41', '$6,384.49', '$5,001.09', '$100.36', '$984.70', '$298.34', '78.3%']);
  });

  it('2026-W41, cost-center (the finance e-mail): the classes attribute --coverage gives the key, of usage', async () => {
    const cli = await attributeCoverage('cost-center');
    const finance = reports.find((r) => r.audience.kind === 'finance')!;
    expect(finance.coverage!.key).toBe('cost-center');
    const [total, tagged, shared, accountDefault, untagged] = asCents(cli);
    const point = reportWeek(finance);
    // The storage rule takes S3 lines that carry a cost centre too: shared holds all $984.70 of the rules' lines.
    expect([point.tagged, point.shared, point.accountDefault]).toEqual([tagged, shared, accountDefault]);
    expect(point.shared).toBe(98470n);
    // The week's $409.25 of recurring fees carry no cost centre either: the CLI's untagged holds them, the report's usage does not.
    expect([point.total, point.untagged]).toEqual([total - 40925n, untagged - 40925n]);
  });
});
