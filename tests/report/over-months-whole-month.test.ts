/**
 * The weekly e-mail of 2018-W48 (26 Nov – 2 Dec 2018) on the real October and November 2018 CUR,
 * whose data ends on 30 Nov 2018: the month section counts November to its last day, so it is the
 * whole month ("Whole month: 2018-11"), not "Month to date", with the same figures (the file's
 * BilledCost and amortised cost, by DuckDB on the Parquet file); the KPI line is "2018-11 (1–30 Nov
 * 2018)", not "so far"; the month's link opens "Nov 2018 on the Overview".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';
import { sectionText, textTables } from './text-tables.ts';

const AMORTISED = `CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost
  WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee ELSE line_item_unblended_cost END`;

describe('the engineering e-mail of 2018-W48, whose last day with data is 30 Nov 2018', () => {
  let db: string;
  let text: string;
  let raw: string;
  let html: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018, REAL_NOV_2018]]));
    const out = scratchDir();
    const run = await reportCli(db, { COSTLENS_PUBLIC_URL: 'https://costlens.example.com' }, 'weekly', '--week', '2018-W48', '--audience', 'engineering', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const mail = await simpleParser(readFileSync(join(out, '2018-W48-engineering.eml')));
    raw = mail.text!;
    text = raw.replace(/\s+/g, ' ');
    html = String(mail.html);
  }, 600_000);

  it('the month section is November\'s whole month: $3,505.33 billed and $3,632.56 amortised, as the Parquet file sums them, and nothing projected', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(CAST(${AMORTISED} AS DECIMAL(38,10))) AS VARCHAR) AS amortised FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    expect(file).toEqual({ billed: '3505.3269681268', amortised: '3632.5598464968' });
    expect(text).toContain('Whole month: 2018-11 -------------------- The days counted: 1–30 Nov 2018, to the last day of the month (3 provisional days included). ');
    const [table] = textTables(sectionText(raw, 'Whole month: 2018-11')!);
    expect(table).toEqual({
      header: ['Cost', 'Whole month', 'Projected rest of month', 'Month-end forecast', 'Range'],
      rows: [['BilledCost', '$3,505.33', '$0.00', '$3,505.33', '$3,505.33 – $3,505.33'], ['EffectiveCost', '$3,632.56', '$0.00', '$3,632.56', '$3,632.56 – $3,632.56']],
      footer: null, extras: [[], []],
    });
    expect(text).toContain('Forecast as of 30 Nov 2018: the whole month, every day of it counted, so nothing is projected (costlens forecast --as-of 2018-11-30); the range is its low/high band.');
  });

  it('the KPI line names November without "so far", with costlens kpi\'s figures as of 30 Nov', async () => {
    const kpi = JSON.parse((await costlens(db, 'kpi', '--months', '1', '--as-of', '2018-11-30', '--format', 'json')).stdout);
    const row = kpi.rows.at(-1);
    expect([row.firstDay, row.lastDay]).toEqual(['2018-11-01', '2018-11-30']);
    expect(text).toContain(`Efficiency KPIs --------------- 2018-11 (1–30 Nov 2018): Spot ${row.targets.spot.current.toFixed(2)}% (target ≥ 10%);`);
  });

  it('the month\'s link reads "Nov 2018 on the Overview", and no part of the e-mail calls November to date or so far', () => {
    expect(html).toMatch(/<a href="https:\/\/costlens\.example\.com\/\?as_of=2018-11-30&amp;cost=billed" [^>]*>Nov 2018 on the Overview &rsaquo;<\/a>/);
    expect(text).toContain('Nov 2018 on the Overview: https://costlens.example.com/?as_of=2018-11-30&cost=billed');
    expect(text).not.toMatch(/to date|so far|in progress/i);
  });
});
