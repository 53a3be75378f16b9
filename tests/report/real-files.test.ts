/**
 * The weekly report on the real legacy CUR (1–14 Nov 2023): its default week, 2023-W45 (6–12 Nov),
 * is not compared with 30 Oct – 5 Nov, two days of which precede the file (7 days against 5 would
 * not be equal spans). The report says so in the subject and above the figures, and its figures are
 * DuckDB's sums on the CSV itself. Its anomaly section names the days never judged (too few trailing
 * days) rather than claim "no anomaly", and its month section follows the data to the horizon with
 * `costlens forecast`'s figures and its rule on expected charges, and a line under the forecast says its
 * trend runs far above the rate of the last 7 fitted days. 2023-W44 begins before the data and has no
 * last week at all. On the real FOCUS sample: real-focus-sample.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { centsOf, forecastRow, reportCli, usd } from './helpers.ts';
import { sectionText, textRow, textTables } from './text-tables.ts';

/** Usage BilledCost (UnblendedCost of Usage lines of at most a day) from `from` up to `to`, summed by DuckDB on the CSV. */
const USAGE_ON_FILE = `SELECT CAST(round(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))), 2) AS VARCHAR) AS b
  FROM read_csv($file, all_varchar = true)
  WHERE "lineItem/LineItemType" = 'Usage'
    AND CAST("lineItem/UsageEndDate" AS TIMESTAMP) <= CAST("lineItem/UsageStartDate" AS TIMESTAMP) + INTERVAL 1 DAY
    AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < CAST($to AS TIMESTAMP)`;

describe('costlens report weekly on the real legacy CUR of November 2023', () => {
  let text: string;
  let html: string;
  let subject: string;
  let stdout: string;
  let db: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_LEGACY_CSV]]));
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    stdout = run.stdout;
    const eml = await simpleParser(readFileSync(join(out, '2023-W45-finance.eml')));
    text = eml.text!;
    html = eml.html as string;
    subject = eml.subject!;
  });

  it('compares nothing with a last week not wholly in the store: the subject and an alert say so and name the missing days; its 5 days are shown, not compared', async () => {
    const [now] = await duckdbRows(USAGE_ON_FILE, { file: REAL_LEGACY_CSV, from: '2023-11-06', to: '2023-11-13' });
    const [before] = await duckdbRows(USAGE_ON_FILE, { file: REAL_LEGACY_CSV, from: '2023-10-30', to: '2023-11-06' });
    const [cents, previous] = [centsOf(now.b), centsOf(before.b)];
    expect([cents, previous]).toEqual([117n, 22n]);
    expect(subject).toBe(`[costlens] Finance weekly 2023-W45 (6–12 Nov 2023): ${usd(cents)} billed, not compared with last week (5 of its 7 days in the store) [incomplete last week]`);
    expect(stdout).toContain(`  finance: ${subject}\n`);
    const flat = text.replace(/\s+/g, ' ');
    // Why nothing is compared is said once, by the alert under the headline (the headline said "Last week holds 5 of its 7 days in the store, so nothing is compared with it." too).
    expect(flat).toContain(`The organisation spent ${usd(cents)} (BilledCost) in 2023-W45; usage was ${usd(cents)}. `
      + "! Incomplete last week: the store's billing data begins on 1 Nov 2023; 30–31 Oct 2023 are not in it, so this week is not compared with it (it holds 5 of its 7 days).");
    expect(flat).not.toContain('nothing is compared');
    expect(text).toMatch(new RegExp(`\\nUsage \\(BilledCost\\) +\\${usd(cents)} +\\${usd(previous)} +not compared +– +–\\n`));
    expect(text).toMatch(/\nTotal BilledCost +\$1\.17 +\$0\.30\n/);
    expect(flat).toContain("Last week's column is its 5 days in the store (30–31 Oct 2023 are not), shown but not compared.");
    // The cost-centre split shows last week's usage as This week's table does (it read – beside its $0.22), and compares neither.
    const split = textTables(text).find((t) => t.header[0] === 'Cost-center')!;
    expect(split.header.slice(1, 3)).toEqual(['This week (6–12 Nov)', 'Last week (30 Oct – 5 Nov)']);
    expect(split.rows).toEqual([['(untagged)', usd(cents), usd(previous), '–', '–', '100.0%', usd(cents)]]);
    expect(split.footer).toEqual(['Total', usd(cents), usd(previous), '–', '', '100.0%', usd(cents)]);
    expect(flat).toContain("the totals above. Last week's column is its 5 days in the store (30–31 Oct 2023 are not), shown but not compared. Top movers");
    expect(flat).toContain('Top movers ---------- Not compared: last week holds 5 of its 7 days in the store.');
    expect(text).not.toMatch(/%\) against/);
  });

  it('explains nothing it cannot compare, and leaves the weeks before the data out of the coverage trend', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain("Why they moved -------------- No explanation for 2023-W45: last week (30 Oct – 5 Nov 2023) is not all in the store: the store's billing data begins on 1 Nov 2023. New anomalies");
    const trend = textTables(text).find((t) => t.header[0] === 'Week' && t.header[1] === 'Usage')!;
    expect(trend.rows.map((row) => row[0])).toEqual(['2023-W44 (from 1 Nov)', '2023-W45']);
    // No Reserved Instance or Savings Plan in the file: no empty table of them.
    expect(text).not.toMatch(/\nCommitment +Type +Utilisation +Unused cost\n/);
  });

  it('the anomaly section claims no "no anomaly" for days never judged: 6–10 Nov lack 28 trailing days (costlens anomalies\' reason), 11–12 Nov are provisional', async () => {
    const cli = await costlens(db, 'anomalies');
    expect(cli.stdout).toContain('Not judged: 1–10 Nov 2023 (fewer than 28 trailing days of billing data).');
    const flat = sectionText(text, 'New anomalies')!.replace(/\s+/g, ' ');
    // It said "No anomaly event in 2023-W45 at or above the noise floor."
    expect(flat).not.toContain('No anomaly event');
    expect(flat).toContain('No day of 2023-W45 was judged for anomalies. Not judged: 6–10 Nov 2023 (fewer than 28 trailing days of billing data).'
      + ' 11–12 Nov 2023 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).');
    expect(flat).not.toContain('Spend, expected and impact are the event\'s days');
  });

  it('month to date is as of the week\'s Sunday, 12 Nov ($1.47 to the cent, DuckDB on the CSV), with costlens forecast --as-of 2023-11-12\'s figures and its rule on expected charges: none', async () => {
    const [file] = await duckdbRows(`SELECT CAST(round(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))), 2) AS VARCHAR) AS b FROM read_csv($file, all_varchar = true)
      WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-13'`, { file: REAL_LEGACY_CSV });
    expect(file.b).toBe('1.47');
    const cli = await costlens(db, 'forecast', '--as-of', '2023-11-12');
    expect(cli.stdout).toContain('Expected charges: none, the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023.');
    const month = sectionText(text, 'Month to date: 2023-11')!;
    const printed = forecastRow(cli.stdout, 'BilledCost');
    const cents = (usd: string) => Math.round(Number(usd.replace(/[$,]/g, '')) * 100);
    expect(textRow(month, 'BilledCost')).toEqual(['BilledCost', '$1.47', `$${((cents(printed.forecast) - 147) / 100).toFixed(2)}`, printed.forecast, `${printed.low} – ${printed.high}`]);
    const flat = month.replace(/\s+/g, ' ');
    expect(flat).toContain('The days counted: 1–12 Nov 2023 (2 provisional days included).');
    // It said "and the recurring fees and tax still expected from the previous month", which the store does not hold.
    expect(flat).not.toContain('still expected from the previous month');
    expect(flat).toContain('Forecast as of 12 Nov 2023: the month to date plus the usage run-rate projected over the remaining days (costlens forecast --as-of 2023-11-12); the range is its low/high band.'
      + ' Expected charges: none, the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023.');
  });

  it('under the forecast, one line says its trend runs far above the rate of the last 7 fitted days (4–10 Nov), with the month at that rate (DuckDB on the CSV), in text and HTML', async () => {
    // 4–10 Nov (11–12 Nov provisional, not fitted): their usage ÷ 7 to the micro-dollar, × the 18 days left, with all that 1–12 Nov holds (usage and tax;
    // nothing expected, October not in the store): the month at that rate, against the forecast's $8.96.
    const [truth] = await duckdbRows(`WITH lines AS (
        SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, "lineItem/LineItemType" AS type, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS cost
        FROM read_csv($file, all_varchar = true)),
      recent AS (SELECT CAST(round(sum(cost) / 7, 6) AS DECIMAL(38,6)) AS mean FROM lines WHERE type = 'Usage' AND day BETWEEN DATE '2023-11-04' AND DATE '2023-11-10')
      SELECT mean, CAST(round(mean, 2) AS DECIMAL(38,2)) AS mean_cents,
        CAST(round((SELECT sum(cost) FROM lines WHERE day <= DATE '2023-11-12') + 18 * mean, 2) AS DECIMAL(38,2)) AS month_cents FROM recent`, { file: REAL_LEGACY_CSV });
    expect([truth.mean, truth.mean_cents, truth.month_cents]).toEqual(['0.138407', '0.14', '3.96']);
    const line = `BilledCost: the forecast's trend runs above the rate of its last 7 fitted days (4–10 Nov 2023, $${truth.mean_cents} a day): `
      + `at that rate the month would be $${truth.month_cents}. costlens forecast --as-of 2023-11-12 gives the rule and its evidence.`;
    const month = sectionText(text, 'Month to date: 2023-11')!.replace(/\s+/g, ' ');
    // Under the table, after the forecast's basis.
    expect(month).toContain(`the store's billing data begins on 1 Nov 2023. ${line}`);
    expect(html).toContain(`>BilledCost: the forecast&#39;s trend runs above the rate of its last 7 fitted days (4–10 Nov 2023, <span style="white-space:nowrap;">$${truth.mean_cents}</span> a day): `
      + `at that rate the month would be <span style="white-space:nowrap;">$${truth.month_cents}</span>. costlens forecast --as-of 2023-11-12 gives the rule and its evidence.</p>`);
  });

  it('no earlier week lies wholly in the data, so the average column is empty under its usual name', () => {
    expect(textTables(text)[0].header).toEqual(['Cost', 'This week', 'Last week', 'Change', '4-week average', 'vs average']);
    expect(textRow(text, 'Usage (BilledCost)')!.slice(-2)).toEqual(['–', '–']);
    expect(text.replace(/\s+/g, ' ')).toContain("is compared with last week and the average of the 4 weeks before (none of them lies wholly in the store's data);");
  });
});

describe('costlens report weekly --week 2023-W44 on the real legacy CUR: a week that begins before the data, with no last week at all', () => {
  let text: string;
  let subject: string;

  beforeAll(async () => {
    const { db } = await storeCopy([[REAL_LEGACY_CSV]]);
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2023-W44', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const eml = await simpleParser(readFileSync(join(out, '2023-W44-finance.eml')));
    [text, subject] = [eml.text!, eml.subject!];
  });

  it('compares nothing with last week: no $0.00, no change, no movers; where the data begins is named once', async () => {
    const [week] = await duckdbRows(`SELECT CAST(round(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))), 2) AS VARCHAR) AS b
      FROM read_csv($file, all_varchar = true) WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-06'`, { file: REAL_LEGACY_CSV });
    expect(week.b).toBe('0.30');
    expect(subject).toBe('[costlens] Finance weekly 2023-W44 (30 Oct – 5 Nov 2023): $0.30 billed, no last week in the store to compare [incomplete week]');
    const flat = text.replace(/\s+/g, ' ');
    // The start of the data is named once, and "not compared" said once, by the alerts under the headline (both alerts said both; the headline said "Last week is not in the store, so nothing is compared with it." too).
    expect(flat).toContain("The organisation spent $0.30 (BilledCost) in 2023-W44; usage was $0.22. ! Incomplete week: the store's billing data begins on 1 Nov 2023; 30–31 Oct 2023 are not in it, so this week has 5 of its days. ! No last week: last week is not in the store either, so this week is not compared with it.");
    expect(flat).not.toContain('nothing is compared');
    expect(text).toMatch(/\nUsage \(BilledCost\) +\$0\.22 +no data +not compared +– +–\n/);
    expect(text).toMatch(/\nTotal BilledCost +\$0\.30 +no data\n/);
    // The cost-centre split is of usage, as the comparison is: its total is the week's usage; last week, not in the store, reads "no data" as in This week's table.
    expect(text).toMatch(/\nTotal +\$0\.22 +no data +– +100\.0% +\$0\.22\n/);
    expect(flat).toContain('Top movers ---------- Not compared: last week is not in the store.');
    expect(text).not.toMatch(/\$0\.00 +[+−]/);
  });

  it('the day-by-day chart has no points for the days before the data (none of last week, 1–5 Nov of this one)', async () => {
    const { db } = await storeCopy([[REAL_LEGACY_CSV]]);
    const configs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
    const built = await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek('2023-W44'), audiences: [{ kind: 'finance' }] }));
    expect(built.reports[0].daily.map((p) => `${p.series} ${p.day}`)).toEqual(['this week 2023-11-01', 'this week 2023-11-02', 'this week 2023-11-03', 'this week 2023-11-04', 'this week 2023-11-05']);
  });
});
