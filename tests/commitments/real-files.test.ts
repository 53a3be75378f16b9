import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { shortDay } from '../../src/lib/calendar.ts';
import { buildCommitmentsSection, commitmentsLayoutSection } from '../../src/report/commitments-section.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { hoursShown, textTableRows } from '../helpers/text-table-rows.ts';

/** `costlens` on the store, each distinct run once (tests/helpers/cli-once.ts): the store is only read, and the config the runs name is written with the same text each time. */
const once = costlensOnce();

/**
 * Each RI's figures computed by DuckDB straight from the Parquet, with AWS's definitions written
 * out here: purchased hours = the RIFee line's UsageAmount, unused = reservation_unused_quantity,
 * utilisation = used ÷ purchased; normalised units likewise; unused cost = unused recurring fee +
 * unused amortised upfront fee.
 */
const PER_RI_ON_FILE = `SELECT reservation_reservation_a_r_n AS arn,
    strftime(CAST(reservation_end_time AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ') AS end_time,
    line_item_usage_amount AS purchased, reservation_unused_quantity AS unused,
    line_item_usage_amount - reservation_unused_quantity AS used,
    round(100 * (line_item_usage_amount - reservation_unused_quantity) / line_item_usage_amount, 2) AS utilisation,
    CAST(reservation_total_reserved_normalized_units AS DOUBLE) AS units, reservation_unused_normalized_unit_quantity AS unused_units,
    round(100 * (CAST(reservation_total_reserved_normalized_units AS DOUBLE) - reservation_unused_normalized_unit_quantity)
      / CAST(reservation_total_reserved_normalized_units AS DOUBLE), 2) AS normalised_utilisation,
    CAST(CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) + CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) AS VARCHAR) AS unused_cost
  FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`;

const TOTALS_ON_FILE = `SELECT
    round(100 * sum(line_item_usage_amount - reservation_unused_quantity) / sum(line_item_usage_amount), 2) AS hours_utilisation,
    round(100 * sum(CAST(reservation_total_reserved_normalized_units AS DOUBLE) - reservation_unused_normalized_unit_quantity)
      / sum(CAST(reservation_total_reserved_normalized_units AS DOUBLE)), 2) AS normalised_utilisation,
    CAST(sum(CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) + CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10))) AS VARCHAR) AS unused_cost
  FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`;

/** RI coverage in hours: DiscountedUsage hours over all EC2 BoxUsage and RDS instance hours (no Spot, no EBS-optimised surcharge). */
const COVERAGE_ON_FILE = `SELECT round(100 * sum(line_item_usage_amount) FILTER (WHERE line_item_line_item_type = 'DiscountedUsage') / sum(line_item_usage_amount), 2) AS coverage
  FROM read_parquet($file)
  WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')
    AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')`;

interface CommitmentJson { arn: string; type: string; end: string; purchased: number; used: number; unused: number; unit: string; unusedCost: string;
  utilisationPercent: number; normalisedPurchased: number; normalisedUnused: number; normalisedUtilisationPercent: number; monthlyValue: string }

describe('costlens commitments on the real October and November 2018 CUR: nine EC2 Reserved Instances', () => {
  const dir = scratchDir();
  /** The two bills ingested once per machine (tests/helpers/cached-stores.ts): only read. */
  let db: string;
  const reports: Record<string, { commitments: CommitmentJson[]; [k: string]: unknown }> = {};

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    for (const period of ['2018-10', '2018-11']) {
      const run = await costlens(db, 'commitments', '--period', period, '--format', 'json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      reports[period] = JSON.parse(run.stdout);
    }
  });

  for (const [period, file] of [['2018-10', REAL_OCT_2018], ['2018-11', REAL_NOV_2018]] as const) {
    it(`${period}: per RI purchased, used and unused hours, utilisation (hours and normalised units), unused cost and end date equal DuckDB on the Parquet`, async () => {
      const expected = (await duckdbRows(PER_RI_ON_FILE, { file })).map((r) => ({
        arn: r.arn, type: 'Reserved Instance', unit: 'Hrs', end: r.end_time,
        purchased: round6(r.purchased), used: round6(r.used), unused: round6(r.unused), utilisationPercent: Number(r.utilisation),
        normalisedPurchased: round6(r.units), normalisedUnused: round6(r.unused_units), normalisedUtilisationPercent: Number(r.normalised_utilisation),
        unusedCost: r.unused_cost,
      }));
      const actual = reports[period].commitments.map((c) => ({
        arn: c.arn, type: c.type, unit: c.unit, end: c.end, purchased: c.purchased, used: c.used, unused: c.unused, utilisationPercent: c.utilisationPercent,
        normalisedPurchased: c.normalisedPurchased, normalisedUnused: c.normalisedUnused, normalisedUtilisationPercent: c.normalisedUtilisationPercent,
        unusedCost: c.unusedCost,
      }));
      expect(actual).toEqual(expected);
      expect(actual).toHaveLength(9);
    });

    it(`${period}: RI utilisation overall (hours and normalised units), unused cost and RI coverage of instance hours equal DuckDB on the Parquet`, async () => {
      const [totals] = await duckdbRows(TOTALS_ON_FILE, { file });
      const [coverage] = await duckdbRows(COVERAGE_ON_FILE, { file });
      const report = reports[period] as unknown as { unusedCost: string; normalisedUtilisationPercent: number; coveragePercent: number;
        reservedInstances: { utilisationPercent: number; normalisedUtilisationPercent: number; coverageHoursPercent: number } };
      expect(report.reservedInstances.utilisationPercent).toBe(Number(totals.hours_utilisation));
      expect(report.normalisedUtilisationPercent).toBe(Number(totals.normalised_utilisation));
      expect(report.reservedInstances.normalisedUtilisationPercent).toBe(Number(totals.normalised_utilisation));
      expect(report.unusedCost).toBe(totals.unused_cost);
      expect(report.reservedInstances.coverageHoursPercent).toBe(Number(coverage.coverage));
      expect(report.coveragePercent).toBe(Number(coverage.coverage));
    });
  }

  it('October 2018 in figures: the c4.large RI unused all month (44.66 USD), the Windows t2.micro RI bought on the 9th at 36.77 %', () => {
    const byId = Object.fromEntries(reports['2018-10'].commitments.map((c) => [c.arn.split('/')[1], c]));
    expect(byId['3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a']).toMatchObject({ purchased: 744, used: 0, unused: 744, utilisationPercent: 0, unusedCost: '44.6569863000', end: '2019-04-24T00:34:00Z' });
    expect(byId['2dbc59ec-6e3c-404a-b6c3-ec308c3d56fd']).toMatchObject({ purchased: 530.320278, used: 195, unused: 335.320278, utilisationPercent: 36.77, unusedCost: '3.9567791000' });
    expect(reports['2018-10']).toMatchObject({ period: '2018-10', horizon: '2018-11-30', unusedCost: '48.9955607900', normalisedUtilisationPercent: 79.09, expiring: [] });
  });

  it('the JSON contract: camelCase keys, money as decimal strings, counts and percentages as numbers', () => {
    const report = reports['2018-10'] as Record<string, unknown>;
    for (const key of ['period', 'utilisationPercent', 'normalisedUtilisationPercent', 'coveragePercent', 'coverageCostPercent', 'unusedCost', 'effectiveSavingsRate', 'commitments', 'expiring', 'recommendations']) {
      expect(report, key).toHaveProperty(key);
    }
    expect(typeof report.utilisationPercent).toBe('number');
    expect(typeof report.effectiveSavingsRate).toBe('number');
    expect(report.unusedCost).toMatch(/^\d+\.\d{10}$/);
    const ri = reports['2018-10'].commitments[0];
    expect(Object.keys(ri).slice(0, 8)).toEqual(['arn', 'type', 'end', 'purchased', 'used', 'unused', 'unit', 'unusedCost']);
    expect(JSON.stringify(report)).not.toMatch(/"[a-z]+_[a-z_]+":/);
  });

  it('expiry windows count from the data horizon (2018-11-30): with a 150-day window the six RIs ending in April 2019 are listed with their monthly value from November', async () => {
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ commitments: { expiryWindowsDays: [30, 60, 90, 150] } }));
    const run = await once(db, 'commitments', '--period', '2018-11', '--format', 'json', '--config', config);
    expect(run.code).toBe(0);
    const expiring = JSON.parse(run.stdout).expiring as { arn: string; end: string; daysLeft: number; windowDays: number; monthlyValue: string }[];
    const expected = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, strftime(ends, '%Y-%m-%dT%H:%M:%SZ') AS end_time,
        CAST(floor(epoch(ends - TIMESTAMP '2018-12-01 00:00:00') / 86400) AS INTEGER) AS days_left,
        round((line_item_unblended_cost + reservation_amortized_upfront_fee_for_billing_period) / line_item_usage_amount
          * CAST(reservation_number_of_reservations AS DOUBLE) * 730, 2) AS monthly
      FROM (SELECT *, CAST(NULLIF(reservation_end_time, '') AS TIMESTAMP) AS ends FROM read_parquet($file))
      WHERE line_item_line_item_type = 'RIFee' AND ends < TIMESTAMP '2019-04-30'
      ORDER BY days_left, arn`, { file: REAL_NOV_2018 });
    expect(expiring.map((e) => ({ arn: e.arn, end: e.end, daysLeft: e.daysLeft, windowDays: e.windowDays, monthly: Number(Number(e.monthlyValue).toFixed(2)) })))
      .toEqual(expected.map((r) => ({ arn: r.arn, end: r.end_time, daysLeft: Number(r.days_left), windowDays: 150, monthly: Number(r.monthly) })));
    expect(expiring).toHaveLength(6);
  });

  it('the expiry lines (150-day window) write their money and ends as the table does, and name each RI by its whole ARN under --wide, as the table does', async () => {
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ commitments: { expiryWindowsDays: [30, 60, 90, 150] } }));
    // From the November Parquet, exactly: the monthly value (RIFee recurring + amortised upfront) ÷ its hours × reservations × 730, and the
    // on-demand cost of the usage each covered over the look-back, 1–30 Nov (its DiscountedUsage lines' public on-demand cost), × 730 ÷ 720.
    const expected = await duckdbRows(`WITH fee AS (
        SELECT reservation_reservation_a_r_n AS arn, CAST(NULLIF(reservation_end_time, '') AS TIMESTAMP) AS ends,
          round((CAST(line_item_unblended_cost AS DECIMAL(38,10)) + CAST(reservation_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)))
            * CAST(reservation_number_of_reservations AS DECIMAL(38,10)) * 730 / CAST(line_item_usage_amount AS DECIMAL(38,10)), 2) AS monthly
        FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'),
      covered AS (
        SELECT reservation_reservation_a_r_n AS arn, sum(CAST(pricing_public_on_demand_cost AS DECIMAL(38,10))) AS on_demand
        FROM read_parquet($file) WHERE line_item_line_item_type = 'DiscountedUsage' GROUP BY 1)
      SELECT fee.arn, strftime(ends, '%Y-%m-%d %H:%M UTC') AS end_time, CAST(floor(epoch(ends - TIMESTAMP '2018-12-01 00:00:00') / 86400) AS INTEGER) AS days_left,
        printf('$%.2f', monthly) AS monthly, printf('$%.2f', round(coalesce(covered.on_demand, 0) * 730 / 720, 2)) AS on_demand
      FROM fee LEFT JOIN covered USING (arn) WHERE ends < TIMESTAMP '2019-04-30' ORDER BY days_left, arn`, { file: REAL_NOV_2018 });
    const line = (arn: string, r: (typeof expected)[number]) => `  ${arn} Reserved Instance ends ${r.end_time} (${r.days_left} days): ${r.monthly} a month; on-demand if not renewed ${r.on_demand} a month`;
    expect(line('…', expected[0])).toBe('  … Reserved Instance ends 2019-04-03 01:22 UTC (123 days): $9.96 a month; on-demand if not renewed $16.94 a month');
    const linesOf = (stdout: string) => stdout.split('\n').filter((l) => l.includes(' Reserved Instance ends '));
    // --wide: the whole ARN, as the table under it prints it (it printed the ARN without its account prefix, and "ends 2019-04-03 01:22:44", "9.96 USD").
    const wide = await costlens(db, 'commitments', '--period', '2018-11', '--config', config, '--wide');
    expect(wide.code, wide.stderr).toBe(0);
    expect(linesOf(wide.stdout)).toEqual(expected.map((r) => line(r.arn!, r)));
    expect(textTableRows(wide.stdout, 'arn').map((r) => r.arn)).toContain(expected[0].arn);
    // Without it, the ARN without its `arn:aws:ec2:REGION:ACCOUNT:` prefix, as the table shows it.
    const fitted = await costlens(db, 'commitments', '--period', '2018-11', '--config', config);
    expect(linesOf(fitted.stdout)).toEqual(expected.map((r) => line(r.arn!.replace('arn:aws:ec2:us-east-1:836060457634:', ''), r)));
  });

  it('the weekly finance e-mail\'s commitments section lists the expiring RIs (150-day window) as `costlens commitments` does: end, days left, monthly value, on demand if not renewed', async () => {
    const windows = [30, 60, 90, 150];
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ commitments: { expiryWindowsDays: windows } }));
    const run = await once(db, 'commitments', '--period', '2018-11', '--format', 'json', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { expiring: { arn: string; type: string; end: string; daysLeft: number; monthlyValue: string; onDemandIfNotRenewed: string }[] };
    const parsed = parseConfig({ commitments: { expiryWindowsDays: windows } });
    const section = await withEngine(db, async (engine) => commitmentsLayoutSection(await buildCommitmentsSection(engine,
      { commitments: parsed.commitments, attribution: parsed.attribution, teamTagKey: 'team' }, 'finance', '2018-11')));
    expect(section.paragraphs[2]).toBe('6 commitments end within 150 days of 30 Nov 2018, the data horizon:');
    const table = section.tables.find((t) => t.columns[0] === 'Commitment' && t.columns.includes('Days left'))!;
    expect(table.columns).toEqual(['Commitment', 'Type', 'Ends', 'Days left', 'A month', 'On demand if not renewed']);
    const usd = (decimal: string) => {
      const [whole, fraction = ''] = decimal.split('.');
      const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(10, '0').slice(0, 2)) + (Number(fraction.padEnd(10, '0')[2]) >= 5 ? 1n : 0n);
      return `$${(cents / 100n).toLocaleString('en-US')}.${String(cents % 100n).padStart(2, '0')}`;
    };
    expect(table.rows).toEqual(report.expiring.map((e) => [e.arn.split('/').pop(), e.type, shortDay(e.end.slice(0, 10), true), String(e.daysLeft), usd(e.monthlyValue), usd(e.onDemandIfNotRenewed)]));
    expect(table.rows).toHaveLength(6);
  });

  it('the README\'s worked example states the figures the command gives on the October and November 2018 files', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
    const oct = reports['2018-10'] as Record<string, any>;
    expect([oct.reservedInstances.purchasedHours, oct.reservedInstances.unusedHours, oct.reservedInstances.utilisationPercent, oct.normalisedUtilisationPercent])
      .toEqual([9458.320278, 1125.319722, 88.1, 79.09]);
    expect([oct.coverage.coveredHours, oct.coverage.eligibleHours, oct.coveragePercent, oct.coverageCostPercent, oct.effectiveSavingsRate])
      .toEqual([6177.500556, 16899.980558, 36.55, 21.9, 3.68]);
    expect([oct.unusedCost, Number(oct.coverage.onDemandCost).toFixed(2), Number(oct.onDemandEquivalent).toFixed(2), Number(oct.amortisedCost).toFixed(2)])
      .toEqual(['48.9955607900', '1205.44', '1543.46', '1486.69']);
    const advice = (reports['2018-11'].recommendations as { term: string; hourlyCommitment: string; expectedUtilisationPercent: number; monthlySaving: string }[])
      .map((r) => [r.term, Number(r.hourlyCommitment).toFixed(3), r.expectedUtilisationPercent, Number(r.monthlySaving).toFixed(2)]);
    expect(advice).toEqual([['1yr', '0.221', 95, '48.63'], ['3yr', '0.157', 95.04, '94.87']]);
    for (const figure of ['purchased 9,458.320278 hours, unused 1,125.319722', '**88.1 %** hours utilisation', '**79.09 %** in normalised units',
      'commitment cost **48.9955607900 USD**', 'RIs covered 6,177.500556 of 16,899.980558 eligible instance hours (**36.55 %**) and 21.9 %',
      '1,205.44 USD of on-demand spend could have been covered', 'effective savings rate **3.68 %** (on-demand equivalent 1,543.46 USD, amortised 1,486.69 USD)',
      '1-year Compute SP of 0.221 USD/h (95 % utilisation, saving ≈ 48.63 USD a month) or a 3-year one of 0.157 USD/h (≈ 94.87 USD)']) {
      expect(readme).toContain(figure);
    }
  });

  it('Compute Savings Plan advice from November 2018: estimated rates (the 2018 bill has no Savings Plan), never below 95 % utilisation', () => {
    const recommendations = reports['2018-11'].recommendations as { term: string; rateSource: string; expectedUtilisationPercent: number; hourlyCommitment: string; rateBasis: string }[];
    expect(recommendations.map((r) => r.term)).toEqual(['1yr', '3yr']);
    for (const r of recommendations) {
      expect(r.rateSource).toBe('estimated');
      expect(r.rateBasis).toMatch(/^estimated: commitments\.estimatedDiscountPercent/);
      expect(r.expectedUtilisationPercent).toBeGreaterThanOrEqual(95);
      expect(Number(r.hourlyCommitment).toFixed(3)).toBe(r.term === '1yr' ? '0.221' : '0.157');
    }
  });

  it('--format csv: a header and one row per RI; table output names the figures', async () => {
    const csv = await costlens(db, 'commitments', '--period', '2018-10', '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('arn,type,end,purchased,used,unused,unit,utilisation_pct,normalised_utilisation_pct,unused_cost,account_id,instance_type,size_flexible');
    expect(lines).toHaveLength(10);
    const table = await once(db, 'commitments', '--period', '2018-10');
    expect(table.stdout).toMatch(/: 9 Reserved Instances, 0 Savings Plans\n/);
    // Money as the table writes it (it printed "49.00 USD" above a table writing "$44.66"): the unused 48.99556079 to the cent.
    expect(table.stdout).toContain('\n  unused commitment cost $49.00; ');
    // The summary's percentages with two decimals, as the table writes them, from the Parquet (it printed "RIs 88.1 %" and "21.9 %").
    const [totals] = await duckdbRows(`SELECT printf('%.2f', hours_utilisation) AS hours, printf('%.2f', normalised_utilisation) AS units FROM (${TOTALS_ON_FILE})`, { file: REAL_OCT_2018 });
    const [coverage] = await duckdbRows(`SELECT printf('%.2f', coverage) AS hours FROM (${COVERAGE_ON_FILE})`, { file: REAL_OCT_2018 });
    expect([totals.hours, totals.units, coverage.hours]).toEqual(['88.10', '79.09', '36.55']);
    expect(table.stdout).toContain(`; RIs ${totals.hours} % of hours, ${totals.units} % of normalised units; no Savings Plans\n`);
    expect(table.stdout).toContain(`; coverage ${coverage.hours} % of eligible instance hours, 21.90 % of eligible on-demand-equivalent cost;`);
    // November's advice at the estimated 27 % and 48 % off: the 1-year plan used 95 % (it printed "95 % utilisation" beside "41.32 % coverage").
    // (It printed "0.221 USD/hour" and "48.63 USD a month".)
    expect(table.stdout).toContain('1yr No Upfront Compute Savings Plan: $0.221/hour → 95.00 % utilisation, 41.32 % coverage, saves $48.63 a month (break-even at 73.00 % utilisation); rate 27.00 % off on-demand, ');
    expect(table.stdout).toContain('3yr No Upfront Compute Savings Plan: $0.157/hour → 95.04 % utilisation, 41.23 % coverage, saves $94.87 a month (break-even at 52.00 % utilisation); rate 48.00 % off on-demand, ');
    // The look-back ends at the horizon, 30 Nov 2018: 1 Nov up to, not including, 1 Dec (it printed "2018-11-01 to 2018-12-01").
    expect(table.stdout).toContain('\nPurchase advice (look-back 1–30 Nov 2018, 720 hours; ');
  });

  it('--wide prints each ARN whole; without it the table shows them without their account prefix (--wide shortened them too)', async () => {
    const arns = (await duckdbRows(`SELECT DISTINCT reservation_reservation_a_r_n AS arn FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`,
      { file: REAL_OCT_2018 })).map((r) => r.arn!);
    expect(arns).toHaveLength(9);
    const wide = await costlens(db, 'commitments', '--period', '2018-10', '--wide');
    expect(wide.stdout.split('\n').filter((l) => l.startsWith('arn:')).map((l) => l.split('  ')[0])).toEqual(arns);
    // Each RI's hours rounded once to two decimals at most, with the unit, and its utilisation with two decimals on every row, from the Parquet
    // (it printed 45.999444 and 744 in one column, 93.82 beside 100 and 0).
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, printf('%.2f', round(line_item_usage_amount, 2)) AS purchased,
        printf('%.2f', round(line_item_usage_amount - reservation_unused_quantity, 2)) AS used, printf('%.2f', round(reservation_unused_quantity, 2)) AS unused,
        printf('%.2f', round(100 * (line_item_usage_amount - reservation_unused_quantity) / line_item_usage_amount, 2)) AS utilisation,
        printf('%.2f', round(100 * (CAST(reservation_total_reserved_normalized_units AS DOUBLE) - reservation_unused_normalized_unit_quantity)
          / CAST(reservation_total_reserved_normalized_units AS DOUBLE), 2)) AS normalised
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_OCT_2018 });
    expect(textTableRows(wide.stdout, 'arn').map((r) => [r.arn, r.purchased, r.used, r.unused, r.utilisation_pct, r.normalised_utilisation_pct]))
      .toEqual(onFile.map((r) => [r.arn, hoursShown(r.purchased!), hoursShown(r.used!), hoursShown(r.unused!), r.utilisation, r.normalised]));
    expect(textTableRows(wide.stdout, 'arn').find((r) => r.arn.includes('2dbc59ec'))).toMatchObject({ purchased: '530.32 h', used: '195 h', unused: '335.32 h', utilisation_pct: '36.77' });
    // Each term's end to the minute, in UTC, as none ends at midnight (it printed "2019-04-24 00:34:00"); csv keeps the seconds.
    const ends = await duckdbRows(`SELECT DISTINCT reservation_reservation_a_r_n AS arn, strftime(CAST(reservation_end_time AS TIMESTAMP), '%Y-%m-%d %H:%M UTC') AS end_time
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_OCT_2018 });
    expect(ends.find((r) => r.arn!.includes('3a2944f2'))!.end_time).toBe('2019-04-24 00:34 UTC');
    expect(textTableRows(wide.stdout, 'arn').map((r) => [r.arn, r.end])).toEqual(ends.map((r) => [r.arn, r.end_time]));
    const fitted = await once(db, 'commitments', '--period', '2018-10');
    expect(fitted.stdout.split('\n').filter((l) => l.startsWith('reserved-instances/'))).toHaveLength(9);
    expect(fitted.stdout).not.toContain('arn:aws:ec2:');
  });

  it('--by account, November 2018: eligible and covered hours rounded once and saying their unit, percentages with two decimals, as DuckDB reads the Parquet', async () => {
    const onFile = await duckdbRows(`SELECT line_item_usage_account_id AS account, printf('%.2f', round(sum(line_item_usage_amount), 2)) AS eligible,
        printf('%.2f', round(sum(line_item_usage_amount) FILTER (WHERE line_item_line_item_type = 'DiscountedUsage'), 2)) AS covered,
        printf('%.2f', round(100 * sum(line_item_usage_amount) FILTER (WHERE line_item_line_item_type = 'DiscountedUsage') / sum(line_item_usage_amount), 2)) AS coverage
      FROM read_parquet($file) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
      GROUP BY 1 ORDER BY 1`, { file: REAL_NOV_2018 });
    expect(onFile.map((r) => [r.account, r.eligible, r.covered, r.coverage])).toEqual([['011254002932', '2396.98', '720.00', '30.04'], ['836060457634', '13468.08', '3555.00', '26.40']]);
    const run = await costlens(db, 'commitments', '--period', '2018-11', '--by', 'account', '--wide');
    expect(run.code, run.stderr).toBe(0);
    // It printed 2396.977222 and 720, 26.4 beside 30.04.
    expect(textTableRows(run.stdout, 'key').map((r) => [r.key, r.eligible_hours, r.covered_hours, r.coverage_pct]))
      .toEqual(onFile.map((r) => [r.account, hoursShown(r.eligible!), hoursShown(r.covered!), r.coverage]));
  });

  it('bad flags are usage errors', async () => {
    expect((await costlens(db, 'commitments', '--period', '2018-13')).code).toBe(2);
    expect((await costlens(db, 'commitments', '--by', 'colour')).code).toBe(2);
    expect((await costlens(db, 'commitments', '--period', '2018-10', '--from', '2018-10-01')).code).toBe(2);
  });
});

function round6(v: string | null): number {
  return Math.round(Number(v) * 1e6) / 1e6;
}
