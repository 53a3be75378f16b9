/**
 * A store whose billing periods leave gaps: the real 2018 CURs (Oct and Nov 2018), the legacy CUR
 * of 1–14 Nov 2023 and the FOCUS sample of September 2024, ingested together (tests/helpers/data-gaps-store.ts).
 * Days no billing period covers are not in the store, so a span compared with them is "no data", not
 * $0.00 of spend. Here: each billing period judged on its own file's data (the calendar, status,
 * invoice, commitments), and the commands that compare spans (the weekly report, explain, budget
 * alerts) naming the days and why. The pages: data-gaps-pages.test.ts; a store of the legacy CUR alone:
 * legacy-cur-alone.test.ts; the spans of each delivery: tests/explain/source-spans.test.ts.
 * A delivery lagging behind another: tests/server/lagging-source.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { gapsBetween } from '../../src/lib/store-days.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { cents, percentChangeText } from '../helpers/shown-cents-rule.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { FOCUS_SOURCES, GAP_2023, GAP_2024, LEGACY_NOTE, LEGACY_NOTE_ENDED, storeWithGaps } from '../helpers/data-gaps-store.ts';
import { textOf } from './page-helpers.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { reportCli } from '../report/helpers.ts';
import { readStoreStatus } from '../../src/cli/status.ts';
import { appOn, appPerDescribe, page } from './helpers.ts';

/** The first and last charge day of each file, read by DuckDB from the file itself. */
const FILE_DAYS = `
  SELECT 'nov2018' AS f, CAST(min(line_item_usage_start_date) AS DATE) AS first, CAST(max(line_item_usage_start_date) AS DATE) AS last FROM read_parquet($nov)
  UNION ALL SELECT 'legacy', CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE), CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) FROM read_csv($legacy, all_varchar = true)
  UNION ALL SELECT 'focus', CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE), CAST(max(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) FROM read_csv($focus, all_varchar = true)`;

/** Invoice's note of the FOCUS sample's 2024-10 (its one Oracle line, charged on 30 Sep 2024), in a store of the file alone. */
const FOCUS_OCTOBER_NOTE = '2024-10: 30 Sep 2024 (the data ends on 30 Sep 2024, the data horizon): the bill of the days the store holds, not complete';
/**
 * The days of the legacy CUR's 2023-11 beside later data (usage to 04:00 on 14 Nov 2023): where its data ends, as commitments' days
 * say it; a store of its file alone names 13 Nov 2023 the data horizon.
 */
const LEGACY_DAYS = '1–13 Nov 2023 (the data of aws/123412340534 ends on 13 Nov 2023; lines dated up to 14 Nov 2023 are counted too)';

describe('a store with gaps between its billing periods (the real 2018, 2023 and 2024 files together)', () => {
  const gaps = appPerDescribe(storeWithGaps, 300_000);

  it("calendar/billing_period_days gives each billing period's charge days; the gaps between them are the days between the files", async () => {
    const days = Object.fromEntries((await duckdbRows(FILE_DAYS, { nov: REAL_NOV_2018, legacy: REAL_LEGACY_CSV, focus: REAL_FOCUS })).map((r) => [r.f, r]));
    expect([days.nov2018.last, days.legacy.first, days.legacy.last, days.focus.first]).toEqual(['2018-11-30', '2023-11-01', '2023-11-14', '2024-09-01']);
    const run = await costlens(gaps.db, 'query', 'calendar/billing_period_days', '--format', 'json');
    const periods = JSON.parse(run.stdout) as { source: string; billing_period: string; first_day: string; last_day: string }[];
    const periodDays = (billingPeriod: string, source: RegExp) => periods.filter((p) => p.billing_period === billingPeriod && source.test(p.source)).map((p) => [p.first_day, p.last_day]);
    expect([periodDays('2018-11', /^aws\//), periodDays('2023-11', /^aws\//), periodDays('2024-09', /^aws\//)]).toEqual([
      [['2018-11-01', '2018-11-30']], [['2023-11-01', '2023-11-14']], [['2024-09-01', '2024-09-30']],
    ]);
    expect(gapsBetween(periods.map((p) => ({ first: p.first_day, last: p.last_day })))).toEqual([
      { first: '2018-12-01', last: '2023-10-31' }, { first: '2023-11-15', last: '2024-08-31' },
    ]);
  });

  it('judges each billing period against its own file\'s data, as in a store of that file alone: 2023-11 (data through 13 Nov 2023, no later line of its source) is incomplete in status, the Overview and invoice, not final by the FOCUS sample\'s 30 Sep 2024', async () => {
    // By DuckDB on the files: the legacy CUR's usage ends at 04:00 on 14 Nov 2023 (13 Nov its last complete day); the FOCUS
    // sample's at midnight ending 30 Sep 2024, its Microsoft account's on 20 Sep 2024 (judged with the file's, as alone).
    const ends = await duckdbRows(`SELECT 'legacy' AS f, max("lineItem/UsageEndDate") AS usage_end FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'
      UNION ALL SELECT 'focus ' || ProviderName, max(ChargePeriodEnd) FROM read_csv($focus, all_varchar = true) WHERE ChargeCategory = 'Usage' GROUP BY ProviderName ORDER BY f`, { legacy: REAL_LEGACY_CSV, focus: REAL_FOCUS });
    expect(ends).toEqual([
      { f: 'focus AWS', usage_end: '2024-10-01 00:00:00' }, { f: 'focus Microsoft', usage_end: '2024-09-20 00:00:00' }, { f: 'focus Oracle', usage_end: '2024-09-30 23:00:00' },
      { f: 'legacy', usage_end: '2023-11-14T04:00:00.000Z' },
    ]);
    // Judged on 1 Jan 2025, after every period: the calendar calls each final.
    const judged = async (store: string) => {
      const status = await readStoreStatus(store, '2025-01-01');
      const [source, period, provisional] = ['source', 'billing_period', 'provisional'].map((c) => status.periods.columns.indexOf(c));
      return { rows: status.periods.rows.map((r) => `${r[source]} ${r[period]}: ${r[provisional]}`), notes: status.notes ?? [] };
    };
    const together = await judged(gaps.db);
    expect(together).toEqual({
      rows: [
        'aws/836060457634 2018-10: no', 'aws/836060457634 2018-11: no', 'aws/123412340534 2023-11: yes: incomplete',
        'aws/1234567890123 2024-09: no', 'microsoft//providers/Microsoft.Billing/billingAccounts/8611537 2024-09: no', 'oracle/20209880 2024-09: no',
        'oracle/20209880 2024-10: yes: incomplete',
      ],
      // 13 Nov 2023 is where the legacy CUR's data ends, as commitments' days say it, not the data horizon (the store's runs to 30 Sep 2024; it read LEGACY_NOTE).
      notes: [LEGACY_NOTE_ENDED, FOCUS_OCTOBER_NOTE],
    });
    // Each file's periods read as in a store of its own files; alone, 13 Nov 2023 is the legacy CUR's data horizon.
    const alone = await Promise.all([[REAL_OCT_2018, REAL_NOV_2018], [REAL_LEGACY_CSV], [REAL_FOCUS]].map(async (files) => judged(await cachedStore([files]))));
    expect({ rows: alone.flatMap((a) => a.rows), notes: alone.flatMap((a) => a.notes) }).toEqual({ ...together, notes: [LEGACY_NOTE, FOCUS_OCTOBER_NOTE] });
    const later = appOn(gaps.db, { clock: () => new Date('2025-01-01T12:00:00Z') });
    const html = await (await page(later, '/')).text().finally(() => later.close());
    expect(/<p class="note" id="incomplete-periods">([^]*?)<\/p>/.exec(html)![1].split('<br>')).toEqual([LEGACY_NOTE_ENDED, FOCUS_OCTOBER_NOTE]);
    const invoice = await costlens(gaps.db, 'invoice', '--period', '2023-11');
    expect(invoice.stdout).toContain(`\n2023-11  total          1281   $1.68      $1.68          $1.68          $1.68\n(3 rows)\n\n${LEGACY_NOTE_ENDED}\n`);
  });

  it('the Overview calls the FOCUS sample\'s 2024-09 complete, not invoiced: no line of it carries an InvoiceId (it read "Of invoiced billing period 2024-09")', async () => {
    // FOCUS 1.0 has no InvoiceId column (by DuckDB on the file: 44 columns, none of them InvoiceId), and the store holds none for 2024-09.
    const [columns] = await duckdbRows('SELECT CAST(count(*) FILTER (WHERE column_name = \'InvoiceId\') AS VARCHAR) AS invoice_id, CAST(count(*) AS VARCHAR) AS n FROM (DESCRIBE SELECT * FROM read_csv($focus, header = true))', { focus: REAL_FOCUS });
    expect(columns).toEqual({ invoice_id: '0', n: '44' });
    const held = await costlens(gaps.db, 'sql', 'SELECT x_BillingPeriod AS p, count(InvoiceId) AS invoiced, count(*) AS lines FROM line_items WHERE x_BillingPeriod = \'2024-09\' GROUP BY 1', '--format', 'csv');
    expect(held.stdout).toBe('p,invoiced,lines\r\n2024-09,0,999\r\n');
    const later = appOn(gaps.db, { clock: () => new Date('2025-01-01T12:00:00Z') });
    const html = await (await page(later, '/')).text().finally(() => later.close());
    expect(textOf(/<p class="provisional" id="provisional">([^]*?)<\/p>/.exec(html)![1])).toBe('Provisional, will change until invoiced: 2023-11 (aws/123412340534: incomplete) , 2024-10 (oracle/20209880: incomplete) . '
      + 'Of complete billing period 2024-09, 28–30 Sep 2024 are still treated as provisional (drawn lighter, not judged for anomalies): costlens counts the last 3 complete days back from the data horizon '
      + '(anomalies.provisionalDays), though the period is complete.');
  });

  it('costlens commitments judges --period on its own source\'s data, as in a store of its file alone: 2023-11 is 1–13 Nov 2023, not complete (it read "1–14 Nov 2023, complete; 15–30 Nov 2023 are not in the store (…); data horizon 30 Sep 2024"), 2018-11 complete to 30 Nov 2018; the default follows the latest data and says whose', async () => {
    // By DuckDB on the files: the 2018 CUR's usage ends at midnight ending 30 Nov 2018, the legacy CUR's at 04:00 on 14 Nov 2023 (13 Nov its last complete day).
    const [ends] = await duckdbRows(`SELECT CAST((SELECT max(line_item_usage_end_date) FROM read_parquet($nov) WHERE line_item_line_item_type = 'Usage') AS VARCHAR) AS nov2018,
      (SELECT max("lineItem/UsageEndDate") FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage') AS legacy`, { nov: REAL_NOV_2018, legacy: REAL_LEGACY_CSV });
    expect(ends).toEqual({ nov2018: '2018-12-01 00:00:00', legacy: '2023-11-14T04:00:00.000Z' });
    const report = async (store: string) => JSON.parse((await costlens(store, 'commitments', '--period', '2023-11', '--format', 'json')).stdout);
    const [together, alone] = [await report(gaps.db), await report(await cachedStore([[REAL_LEGACY_CSV]]))];
    // Beside later data, 13 Nov 2023 is where the legacy CUR's data ends, not the data horizon (it read "the data ends on 13 Nov 2023, the data horizon" there too); alone, it is the horizon.
    expect(together.days).toEqual({ first: '2023-11-01', last: '2023-11-13', count: 13, complete: false, description: '1–13 Nov 2023, not complete (the data of aws/123412340534 ends on 13 Nov 2023; lines dated up to 14 Nov 2023 are counted too)' });
    expect(alone.days).toEqual({ ...together.days, description: '1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)' });
    // The expiry windows still count from the store's latest data (`horizon`); the period's own is `periodData`, only beside other deliveries.
    expect([together.horizon, together.periodData, alone.horizon, alone.periodData]).toEqual(['2024-09-30', { horizon: '2023-11-13', sources: ['aws/123412340534'] }, '2023-11-13', undefined]);
    const november = await costlens(gaps.db, 'commitments', '--period', '2018-11');
    expect(november.stdout.split('\n')[0]).toBe('Commitments 2018-11 (1–30 Nov 2018, complete; data horizon 30 Nov 2018 (the data of aws/836060457634, its source; the store\'s latest ends on 30 Sep 2024)): 9 Reserved Instances, 0 Savings Plans');
    const chosen = await costlens(gaps.db, 'commitments', '--format', 'json');
    expect(chosen.stderr).toBe(`period 2024-09, the last complete month (data through 30 Sep 2024, the last complete day in the store), following the store's latest data: that of ${FOCUS_SOURCES}\n`);
  });

  it('costlens invoice refuses a --period in a gap as commitments does (exit 2; it printed "(0 rows)", exit 0), and under a range names the days in the gaps, in commitments\' words', async () => {
    // The gaps are the days between the files (the first test: the 2018 CUR ends on 30 Nov 2018, the legacy CUR starts on 1 Nov 2023 and ends on 14 Nov 2023, the FOCUS sample starts on 1 Sep 2024).
    const refused = await costlens(gaps.db, 'invoice', '--period', '2020-01');
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([2, '', `costlens: --period 2020-01 (1–31 Jan 2020) is not in the store: ${GAP_2023}\n`
      + '  hint: give a period from 2018-10 to 2024-10, or leave --period out for 2024-09 (costlens status lists each billing period and its days)\n']);
    const range = await costlens(gaps.db, 'invoice', '--from', '2018-11-01', '--to', '2024-09-30');
    expect([range.code, range.stderr]).toEqual([0, '']);
    // It named neither gap: the 2023-11 and 2024-09 notes alone.
    expect(range.stdout).toContain('\n(10 rows)\n\n--from 2018-11-01 --to 2024-09-30, --to excluded: 1 Dec 2018 – 31 Oct 2023 and 15 Nov 2023 – 31 Aug 2024 are not in the store'
      + ` (${GAP_2023} and from 15 Nov 2023 to 31 Aug 2024).\n${LEGACY_NOTE_ENDED}\n2024-09: 1–29 Sep 2024 (--from 2018-11-01 --to 2024-09-30, --to excluded): `);
  });

  it('costlens invoice --format csv and json say the range\'s days not in the store on stderr, as the table says them under it: stdout holds the CSV alone, or the JSON', async () => {
    const range = ['--from', '2018-11-01', '--to', '2024-09-30'];
    const notInStore = `--from 2018-11-01 --to 2024-09-30, --to excluded: 1 Dec 2018 – 31 Oct 2023 and 15 Nov 2023 – 31 Aug 2024 are not in the store (${GAP_2023} and from 15 Nov 2023 to 31 Aug 2024).`;
    const csv = await costlens(gaps.db, 'invoice', ...range, '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    // stdout: the header and the 10 rows; each period's total the file's BilledCost by DuckDB (124,340 lines of Nov 2018; the legacy CUR's 1,281;
    // the FOCUS sample's 961 lines of billing period 2024-09 charged 1–29 Sep 2024).
    const lines = csv.stdout.split(/\r?\n/).filter((line) => line !== '');
    expect(lines[0]).toBe('period,from,to,charge_class,lines,billed,amortised,net_amortised,net_unblended');
    expect(lines.slice(1).filter((line) => line.split(',')[3] === 'total').map((line) => line.split(',').slice(0, 6))).toEqual([
      ['2018-11', '2018-11-01', '2018-11-30', 'total', '124340', '3505.3269681268'],
      ['2023-11', '2023-11-01', '2023-11-30', 'total', '1281', '1.6823086974'],
      ['2024-09', '2024-09-01', '2024-09-29', 'total', '961', '19.4503674277'],
    ]);
    expect(lines).toHaveLength(11);
    // stderr: the table's notes, the days not in the store first.
    expect(csv.stderr.split('\n').slice(0, 2)).toEqual([notInStore, LEGACY_NOTE_ENDED]);
    expect(csv.stderr).toMatch(/\n2024-09: 1–29 Sep 2024 \(--from 2018-11-01 --to 2024-09-30, --to excluded\): the daily spend of these days by charge class/);
    // The JSON says the rest in its fields (complete, wholeBill, dataThrough): stderr says the days not in the store alone.
    const json = await costlens(gaps.db, 'invoice', ...range, '--format', 'json');
    expect([json.code, json.stderr]).toEqual([0, `${notInStore}\n`]);
    expect((JSON.parse(json.stdout) as { period: string; complete: boolean; wholeBill: boolean }[]).map((p) => [p.period, p.wholeBill, p.complete]))
      .toEqual([['2018-11', true, true], ['2023-11', true, false], ['2024-09', false, true]]);
  });

  it('the weekly report of 2023-W45: last week\'s days in the gap are named, and nothing is compared with it or explained', async () => {
    const out = scratchDir();
    const run = await reportCli(gaps.db, {}, 'weekly', '--week', '2023-W45', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const mail = await simpleParser(readFileSync(join(out, '2023-W45-finance.eml')));
    const flat = mail.text!.replace(/\s+/g, ' ');
    expect(mail.subject).toContain('not compared with last week (5 of its 7 days in the store) [incomplete last week]');
    // Said once, by the alert under the headline (the headline said "Last week holds 5 of its 7 days in the store, so nothing is compared with it." too);
    // $1.17, the legacy CUR's usage of 6–12 Nov 2023 by DuckDB on the CSV (tests/report/real-files.test.ts).
    expect(flat).toContain(`The organisation spent $1.17 (BilledCost) in 2023-W45; usage was $1.17. ! Incomplete last week: ${GAP_2023}; 30–31 Oct 2023 are not in it, so this week is not compared with it (it holds 5 of its 7 days).`);
    expect(flat).not.toContain('nothing is compared');
    expect(flat).toContain(`No explanation for 2023-W45: last week (30 Oct – 5 Nov 2023) is not all in the store: ${GAP_2023}.`);
  });

  it('the weekly report of 2023-W46, whose days from 15 Nov lie in a gap: month to date stops at 13 Nov (the legacy CUR\'s data horizon; 14 Nov is partial), its 1 day is compared with the same days of the week before, commitments fall back from October (in the gap) to November to date, the coverage trend labels partial weeks; usage is the CSV\'s', async () => {
    const out = scratchDir();
    const run = await reportCli(gaps.db, {}, 'weekly', '--week', '2023-W46', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const flat = (await simpleParser(readFileSync(join(out, '2023-W46-finance.eml')))).text!.replace(/\s+/g, ' ');
    const usage = async (from: string, to: string) => (await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS b
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'
        AND CAST("lineItem/UsageEndDate" AS TIMESTAMP) <= CAST("lineItem/UsageStartDate" AS TIMESTAMP) + INTERVAL 1 DAY
        AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < CAST($to AS TIMESTAMP)`, { file: REAL_LEGACY_CSV, from, to }))[0].b;
    // This week holds 13 Nov, the legacy CUR's data horizon (its usage ends at 04:00 on 14 Nov, a partial day): it is compared with the same day of the week before, 6 Nov.
    const [now, before] = [await usage('2023-11-13', '2023-11-14'), await usage('2023-11-06', '2023-11-07')];
    expect([now, before, cents(now!), cents(before!)]).toEqual(['0.2046081542', '0.1957673895', 20n, 20n]);
    // $0.20 both, but +4.5 % of the exact amounts (it read 0.0 %, the change of the cents shown over the cents shown).
    const pct = percentChangeText(now!, before!, 1);
    expect(pct).toBe('+4.5%');
    expect(flat).toContain(`usage was $0.20, $0.00 (${pct}) against the same day of the week before (6 Nov 2023), ${pct} against the 1-week average (Mon of 6–12 Nov 2023) of $0.20.`);
    expect(flat).toContain('the days compared: 13 Nov 2023 against 6 Nov 2023');
    expect(flat).toContain(`! Incomplete week: the data of aws/123412340534, this week's source, ends on 13 Nov 2023, its data horizon, and ${GAP_2024}; 14 Nov 2023 is a partial day (not all of its usage is in the store) and 15–19 Nov 2023 are not in it, so this week has 1 of its days.`);
    // 11–13 Nov 2023 are provisional, counted back from the legacy CUR's own data horizon, as in a store of the file alone (none was, against 30 Sep 2024).
    expect(flat).toContain('Month to date: 2023-11 ---------------------- The days counted: 1–13 Nov 2023 (3 provisional days included).');
    // Its commitments period is judged on the legacy CUR's own data, as in a store of the file alone (it read "1–14 Nov 2023 (the data ends on 14 Nov 2023, …)"),
    // 13 Nov 2023 where its data ends, as `costlens commitments --period 2023-11` says it (it read "the data ends on 13 Nov 2023, the data horizon").
    expect((await costlens(gaps.db, 'commitments', '--period', '2023-11')).stdout.split('\n')[0]).toContain(`Commitments 2023-11 (${LEGACY_DAYS.replace(' (', ', not complete (')}; `);
    expect(flat).toContain(`Billing period 2023-11 (${LEGACY_DAYS}; Oct 2023, the last billing period complete by 13 Nov 2023, is not in the store)`);
    // The coverage trend is of usage: 2023-W44's $0.30 holds $0.08 of tax posted on 1 Nov.
    expect(cents((await usage('2023-10-30', '2023-11-06'))!)).toBe(22n);
    expect(flat).toMatch(/ 2023-W44 \(5 of 7 days\) \$0\.22 .* 2023-W45 \$1\.17 .* 2023-W46 \(1 of 7 days\) \$0\.20 /);
  });

  it('costlens attribute --tag department in 2024-09 (the default period, no line carries it) names the billing periods that do: 2018-10 and 2018-11', async () => {
    // By DuckDB on the files: the 2018 CURs tag lines with department in both months (CentralIT $163.39 in Nov), the FOCUS sample's Tags never.
    const onParquet = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, CAST(count(*) AS VARCHAR) AS tagged,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE resource_tags_user_department = 'CentralIT'), 2) AS VARCHAR) AS central_it
      FROM read_parquet([$oct, $nov], union_by_name = true) WHERE trim(coalesce(resource_tags_user_department, '')) <> '' GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    expect(onParquet).toEqual([{ period: '2018-10', tagged: '34460', central_it: '180.74' }, { period: '2018-11', tagged: '30899', central_it: '163.39' }]);
    const [onFocus] = await duckdbRows(`SELECT CAST(count(*) FILTER (WHERE list_contains(json_keys(Tags), 'department')) AS VARCHAR) AS tagged FROM read_csv($focus, nullstr = 'NULL')`, { focus: REAL_FOCUS });
    expect(onFocus.tagged).toBe('0');
    const run = await costlens(gaps.db, 'attribute', '--tag', 'department');
    expect(run.code, run.stderr).toBe(0);
    // It said only "did you mean --tag ms:Department?", as if no period of the store carried the key.
    expect(run.stdout).toContain('no line item in 2024-09 carries the tag key "department" under any spelling\n'
      + '  hint: "department" is carried in 2018-10 and 2018-11: --period 2018-11; or, in 2024-09, did you mean --tag ms:Department?\n');
    const json = await costlens(gaps.db, 'attribute', '--tag', 'department', '--period', '2018-11', '--format', 'json');
    const centralIt = (JSON.parse(json.stdout) as { tagValue: string; billedCost: string }[]).find((r) => r.tagValue === 'CentralIT');
    expect([centralIt?.billedCost, json.stderr]).toEqual([onParquet[1].central_it, '']);
  });

  it('costlens explain refuses a span in a gap (its default, August against September 2024, included) instead of counting it as $0.00; its hint names the runs of days the store holds (it named 2018-10-01 to 2024-09-30, across the gaps)', async () => {
    const run = await costlens(gaps.db, 'explain');
    expect([run.code, run.stdout]).toEqual([2, '']);
    // The defaults follow the store's latest data, the FOCUS sample's, and say whose it is.
    expect(run.stderr).toBe(`costlens: --from and --to left out: no default comparison can be made, as ${GAP_2024}: `
      + 'the last complete month against the month before, Aug 2024 (full bill, 31 days) → Sep 2024 (full bill, 30 days): the earlier month is not in the store; '
      + `the latest month's days (the data ends on 30 Sep 2024, the data horizon; the store's latest data, that of ${FOCUS_SOURCES}) against the same days of the month before, 1–30 Aug 2024 (30 days) → 1–30 Sep 2024 (30 days): the earlier span is not in the store\n`
      + `  hint: give --from and --to: days the store holds (2018-10-01 to 2018-11-30, 2023-11-01 to 2023-11-14, 2024-09-01 to 2024-09-30) (e.g. the last 15 days against the 15 before them: --from 2024-09-01..2024-09-15 --to 2024-09-16..2024-09-30), or ingest the missing billing files\n`);
    const days = await costlens(gaps.db, 'explain', '--from', '2023-11-08..2023-11-14', '--to', '2023-11-15..2023-11-21');
    expect(days.stderr).toBe(`costlens: --to 15–21 Nov 2023 (7 days) is not in the store: ${GAP_2024}\n  hint: compare spans the store holds on both sides (costlens status lists each billing period and its days), or ingest the missing billing files\n`);
    const both = await costlens(gaps.db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json');
    expect(both.code, both.stderr).toBe(0);
    const explained = JSON.parse(both.stdout);
    const [bills] = await duckdbRows(`SELECT CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($nov))
      - (SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($oct)) AS VARCHAR) AS change`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    // Months are judged on their own source's data: the 2018 CUR's, through 30 Nov 2018 (it said "data through 2024-09-30", the FOCUS sample's).
    expect([explained.covers, explained.total.change]).toEqual(['Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 30 Nov 2018 (the data of aws/836060457634)', bills.change]);
    const halves = JSON.parse((await costlens(gaps.db, 'explain', '--from', '2024-09-01..2024-09-15', '--to', '2024-09-16..2024-09-30', '--format', 'json')).stdout);
    expect(halves.covers).toBe(`1–15 Sep 2024 (15 days) → 16–30 Sep 2024 (15 days): 15 days each, data through 30 Sep 2024 (the store's latest data, that of ${FOCUS_SOURCES})`);
  });

  it('a budget alert in September 2024 compares nothing with August 2024, which lies in a gap', async () => {
    const store = storeWithConfig(gaps.db, { budgets: [{ name: 'org', amount: 1, thresholds: [{ percent: 50 }] }], alerts: { email: ['finops@acme.example'], anomalyEvents: false } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.stderr).toBe('');
    const [alert] = JSON.parse(run.stdout).alerts;
    expect(alert.drivers).toEqual({
      compare: '1–30 Sep 2024 against 1–30 Aug 2024, usage, BilledCost', notCompared: `the same days of the period before (1–30 Aug 2024) are not in the store: ${GAP_2024}`, total: null, top: [], rest: null, posted: [],
    });
  });
});
