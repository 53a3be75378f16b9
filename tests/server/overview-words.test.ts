/**
 * The Overview's words on the real October and November 2018 CURs (one ingest each), in daySpan's house style:
 * - its billing periods table named each period's charge days in ISO (`2018-10-01 – 2018-10-31`): now `1–31 Oct 2018`;
 * - "No anomaly event on … at or above the noise floor", said when every examined day is judged and none is
 *   flagged, had no test: as of 14 Nov 2018 every day of 1–14 Nov has its 28 trailing days of billing data
 *   (from 1 Oct) and the rule, run by DuckDB on the files, flags none of them (it flags AWS Glue and the
 *   account on 15 and 16 Nov, the days `costlens anomalies --as-of 2018-11-17` reads "from 4 flagged days").
 */
import { describe, expect, it } from 'vitest';
import { anomalyRuleOnCurCtes } from '../helpers/anomaly-rule-on-cur.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { realFilesApp } from './helpers.ts';
import { pageHtml } from './real-files-pages.ts';
import { textOf } from './page-helpers.ts';

/**
 * The days from $from to $to (both included) on which the rule flags a service or an account of the two CURs: |actual −
 * median| > 3 × MAD and > $10 against the trailing 28 days (a day without spend counting 0), with how many trailing
 * days each day had (`n`) and the rule's verdict (`status`: flagged or normal).
 */
const RULE_ON_FILES = `
  ${anomalyRuleOnCurCtes('[$oct, $nov]', 'j.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)')}
  SELECT CAST(m.day AS VARCHAR) AS day, m.dimension, m.value, CAST(m.n AS VARCHAR) AS n,
    CASE WHEN abs(m.actual - m.expected) > 3 * d.mad AND abs(m.actual - m.expected) > 10 THEN 'flagged' ELSE 'normal' END AS status
  FROM med m JOIN mad d ON d.day = m.day AND d.dimension = m.dimension AND d.value = m.value
  ORDER BY m.day, m.dimension, m.value`;

describe('the Overview\'s words on the real 2018 CURs', () => {
  const store = realFilesApp();
  const files = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };

  it('the billing periods table names each period\'s charge days as daySpan does, 1–31 Oct 2018 and 1–30 Nov 2018 (it read "2018-10-01 – 2018-10-31")', async () => {
    const days = await duckdbRows(`SELECT CAST(CAST(bill_billing_period_start_date AS DATE) AS VARCHAR) AS period, CAST(min(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS first,
      CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last FROM read_parquet([$oct, $nov]) GROUP BY 1 ORDER BY 1`, files);
    expect(days).toEqual([{ period: '2018-10-01', first: '2018-10-01', last: '2018-10-31' }, { period: '2018-11-01', first: '2018-11-01', last: '2018-11-30' }]);
    const html = await pageHtml(store.app, '/');
    const table = /<summary>Billing periods in the store<\/summary>([^]*?)<\/table>/.exec(html)![1];
    const rows = [...table.matchAll(/<tr><td>([^]*?)<\/tr>/g)].map((row) => [...row[0].matchAll(/<td>([^<]*)<\/td>/g)].map((cell) => cell[1]));
    expect(rows.map((cells) => [cells[1], cells[5]])).toEqual([['2018-10', '1–31 Oct 2018'], ['2018-11', '1–30 Nov 2018']]);
  });

  it('as of 14 Nov 2018, every day of 1–14 Nov judged and none flagged: "No anomaly event on 1–14 Nov 2018 at or above the noise floor."', async () => {
    const verdicts = await duckdbRows(RULE_ON_FILES, { ...files, from: '2018-11-01', to: '2018-11-17' });
    // Every series has its 28 trailing days on each of 1–17 Nov; the rule flags none of 1–14 Nov, and on 15–16 Nov AWS Glue and the account.
    expect(new Set(verdicts.map((v) => v.n))).toEqual(new Set(['28']));
    expect(verdicts.filter((v) => v.status === 'flagged').map((v) => [v.day, v.dimension, v.value])).toEqual([
      ['2018-11-15', 'account', '836060457634'], ['2018-11-15', 'service', 'AWS Glue'], ['2018-11-16', 'account', '836060457634'], ['2018-11-16', 'service', 'AWS Glue'],
    ]);
    const html = await pageHtml(store.app, '/?as_of=2018-11-14');
    expect(textOf(/<p id="anomaly-days">([^]*?)<\/p>/.exec(html)![1])).toBe('No anomaly event on 1–14 Nov 2018 at or above the noise floor.');
    expect(html).not.toContain('id="anomaly-table"');
  });
});
