/**
 * A small delivery that has ended does not switch the weekly comparison off for the whole bill: the real
 * 2018 CURs of Oct and Nov beside the FOCUS sample moved back 71 months (1–30 Oct 2018, about $20 against
 * about $7,500; its data ends on 29 Oct 2018). 2018-W45 is compared with last week and the 4-week average
 * without the FOCUS delivery's lines, and one warning names the delivery, its end and the usage left out
 * (it read "not compared with last week" and averaged no week). And, on the store of every real file, a
 * week wholly in a gap is refused (its month section read "no data") and the provisional days are worded
 * as the anomalies section words them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { CostlensError } from '../../src/errors.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { headlineSentence, subjectLine } from '../../src/report/layout-headline.ts';
import { ENDED_DELIVERY_NOTE, layoutReport } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { divideRounded } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { FOCUS_SOURCES, storeWithGaps } from '../helpers/data-gaps-store.ts';
import { type CursBesideFocus, focusMovedToOctober2018, usageBilled } from '../helpers/ended-delivery-files.ts';
import { cents } from '../helpers/shown-cents-rule.ts';

const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
const financeReport = async (db: string, week: string): Promise<WeeklyReport> =>
  (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences: [{ kind: 'finance' }] }))).reports[0];

describe('the 2018 CURs beside the FOCUS sample moved to 1–30 Oct 2018, a delivery that has ended on 29 Oct 2018', () => {
  let usageFiles: CursBesideFocus;
  let w45: WeeklyReport;
  beforeAll(async () => {
    const focus = await focusMovedToOctober2018();
    usageFiles = { curs: [REAL_OCT_2018, REAL_NOV_2018], focus };
    w45 = await financeReport(await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, focus]]), '2018-W45');
  }, 300_000);

  it('report weekly --week 2018-W45 compares usage $1,071.33 with $1,062.38 (+0.8 %), last week without the FOCUS delivery\'s $2.85, and the 4-week average of 8 Oct – 4 Nov without its $22.18: $959.80; it read "not compared with last week" and no average', async () => {
    const now = await usageBilled(usageFiles, '2018-11-05', '2018-11-11', 'cur');
    const weeks = [['2018-10-08', '2018-10-14'], ['2018-10-15', '2018-10-21'], ['2018-10-22', '2018-10-28'], ['2018-10-29', '2018-11-04']];
    const cur = await Promise.all(weeks.map(([from, to]) => usageBilled(usageFiles, from, to, 'cur')));
    const [lastWeekLeftOut, averagedLeftOut] = [await usageBilled(usageFiles, '2018-10-29', '2018-11-04', 'focus'), await usageBilled(usageFiles, '2018-10-08', '2018-11-04', 'focus')];
    expect([now, ...cur, lastWeekLeftOut, averagedLeftOut]).toEqual(['1071.3319219036', '973.8430485197', '906.1566351686', '896.7999720519', '1062.3817757310', '2.8474803025', '22.1815558314']);
    const usage = w45.usage!.billed;
    const average = divideRounded(cur.reduce((s, w) => s + cents(w), 0n), 4n);
    expect([usage.current, usage.previous, usage.change, usage.average, usage.averageWeeks]).toEqual([cents(now), cents(cur[3]), cents(now) - cents(cur[3]), average, 4]);
    expect(average).toBe(95980n);
    expect(w45.status.endedBefore!.usageLeftOut).toEqual({ thisWeek: null, lastWeek: cents(lastWeekLeftOut), averaged: cents(averagedLeftOut) });
    expect(subjectLine(w45, '[costlens]')).toBe('[costlens] Finance weekly 2018-W45 (5–11 Nov 2018): $1,071.33 billed, usage +0.8% vs last week [delivery ended]');
    expect(headlineSentence(w45)).toBe('The organisation spent $1,071.33 (BilledCost) in 2018-W45; usage was $1,071.33, +$8.95 (+0.8%) against the same days of the week before, '
      + '+11.6% against the 4-week average (8 Oct – 4 Nov 2018) of $959.80.');
    expect(dataWarnings(w45)).toEqual([`Delivery ended: the data of ${FOCUS_SOURCES} ends on 29 Oct 2018, more than 7 days before the store's latest data (that delivery has ended), `
      + 'and this week holds none of it: last week (29 Oct – 4 Nov 2018) is compared without its lines ($2.85 of usage BilledCost left out), '
      + 'and the 4-week average takes 8 Oct – 4 Nov 2018 without them ($22.18 left out), so that its end does not read as a drop in spend.']);
    expect(layoutReport(w45, '').footer[1]).toBe(ENDED_DELIVERY_NOTE);
  });
});

describe('the store of every real file', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeWithGaps();
  }, 300_000);

  it('2023-W49, wholly in the gap after the legacy CUR, is refused (exit 4), naming the days the store holds around the gap; its report read "no data" for 1–10 Dec 2023 and $0.00 billed', async () => {
    const refused = await financeReport(db, '2023-W49').then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(CostlensError);
    const { code, message, hint } = refused as CostlensError;
    expect([code, message, hint]).toEqual(['input', '--week 2023-W49 (4–10 Dec 2023) is in a gap of the store: its billing data runs to 14 Nov 2023 and resumes on 1 Sep 2024, '
      + 'none from 15 Nov 2023 to 31 Aug 2024, so the week has no day to report on', 'give a week up to 2023-W46 or from 2024-W35 (costlens status lists each billing period and its days)']);
  });

  it('2018-W48: the provisional days are counted back from the 2018 CUR\'s data horizon, named as the anomalies section names it; their billing period, 2018-11, is invoiced, final as costlens status says (it read "their figures can change")', async () => {
    // Every line of the CUR of Nov 2018 carries an InvoiceId, and its data runs to 30 Nov (by DuckDB on the file).
    const [bill] = await duckdbRows(`SELECT count(*) - count(NULLIF(bill_invoice_id, '')) AS without_invoice, CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last_day
      FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    expect([Number(bill.without_invoice), bill.last_day]).toEqual([0, '2018-11-30']);
    const report = await financeReport(db, '2018-W48');
    expect(report.status.provisionalInvoiced).toEqual(['2018-11']);
    expect(dataWarnings(report).at(-1)).toBe('Provisional: 28–30 Nov 2018, treated as provisional: costlens counts them back from the data horizon of aws/836060457634, 30 Nov 2018, '
      + 'where its data ends (anomalies.provisionalDays), whatever the invoice: billing period 2018-11 is invoiced, final in costlens status.');
    const anomalies = layoutReport(report, '').sections.find((section) => section.id === 'anomalies')!;
    expect(JSON.stringify(anomalies)).toContain('back from the data horizon of aws/836060457634, 30 Nov 2018, where its data ends (anomalies.provisionalDays)');
  });
});
