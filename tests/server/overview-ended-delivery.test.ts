/**
 * The Overview's month to date beside a delivery that has ended (src/server/features/overview/ended-comparison.ts,
 * the weekly e-mail's rule): the real 2018 CUR of account 836060457634 cut after 13 Nov 2018 beside the FOCUS sample
 * moved back to Nov 2018. As of 30 Nov it read "−$1,747.99 −46.44% on the same days", the 14–30 Nov the CUR never
 * sent, and "Why it changed" listed AWS Glue as volume; October holds only the CUR's data, so usage is not compared,
 * saying why. With the FOCUS sample in October too, both months are compared without the CUR's lines, naming them
 * and what is left out (DuckDB on the files); the top services and accounts tables and the month-to-date by service
 * chart too (they showed no comparison), each referring to the cards' sentence, said once (it was said three times).
 * Not compared, the chart draws this month's bars alone, saying nothing is compared (it drew nothing), and "Why it
 * changed" refers to the cards' reason in one sentence (it said the whole reason again). The FOCUS sample in October
 * is cut after 10 Oct, so the two months compared hold other figures (the same sample in both, every change was $0.00).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { billedByService, curCutBesideFocus2018, focusOctober2018Before, usageBilled } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';

const LATER = () => new Date('2026-12-01T09:00:00Z');
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
const dataValue = (html: string, id: string) => /<p class="figure[^"]*" data-value="([^"]*)">/.exec(html.slice(html.indexOf(`id="${id}"`)))![1];
const kpi = (html: string, id: string) => text(/<p class="figure[^"]*" data-value="[^"]*">([^<]*)<\/p>/.exec(html.slice(html.indexOf(`id="${id}"`)))![1]);
const endedNote = (html: string) => text(/<span id="ended-delivery">([^]*?)<\/span>/.exec(html)![1]);
const CUR = 'aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)';
const topsNote = (html: string) => text(/<p class="note" id="top-tables-ended">([^]*?)<\/p>/.exec(html)![1]);
const tableOf = (html: string, id: string) => [...html.matchAll(/<table[^>]*id="([^"]*)"[^>]*>([^]*?)<\/table>/g)].find((m) => m[1] === id)![2];
/** A top table's rows: its first cell's text and every cell's data-value (this month, the compared days, the change), and the change as shown. */
const topRows = (html: string, id: string) => [...tableOf(html, id).matchAll(/<tr><td>([^<]*)<\/td>([^]*?)<\/tr>/g)].map(([, label, cells]) => ({
  label, values: [...cells.matchAll(/<td data-value="([^"]*)"/g)].map((m) => m[1]), change: text(/<td data-value="[^"]*">([^<]*)<\/td><td>[^<]*%/.exec(cells)?.[1] ?? ''),
}));

/**
 * The FOCUS file's usage BilledCost (the usage rule of ended-delivery-files.ts: no fee, tax, credit or adjustment
 * category, not recurring, of at most a day) per service or account, of its charge days 1–25 Nov (`november`) and
 * 1–25 Oct (`october`), exact, by DuckDB on the files; ordered as the Overview ranks them (this month's, then the
 * compared days', then the name), the first `top`.
 */
async function focusUsageBy(by: 'service' | 'account', files: { october: string; november: string }, top: number): Promise<{ key: string; now: string; then: string }[]> {
  const usage = `SELECT coalesce(CASE WHEN $by = 'service' THEN ServiceName ELSE SubAccountId END, '(none)') AS key, CAST(ChargePeriodStart AS DATE) AS day, CAST(BilledCost AS DECIMAL(38,10)) AS cost
    FROM read_parquet([$october, $november]) WHERE ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY`;
  const rows = await duckdbRows(`SELECT key, CAST(november AS VARCHAR) AS november, CAST(october AS VARCHAR) AS october FROM (
      SELECT key, coalesce(sum(cost) FILTER (WHERE day BETWEEN DATE '2018-11-01' AND DATE '2018-11-25'), 0) AS november,
        coalesce(sum(cost) FILTER (WHERE day BETWEEN DATE '2018-10-01' AND DATE '2018-10-25'), 0) AS october
      FROM (${usage}) GROUP BY key HAVING count(*) FILTER (WHERE day BETWEEN DATE '2018-10-01' AND DATE '2018-10-25' OR day BETWEEN DATE '2018-11-01' AND DATE '2018-11-25') > 0)
    ORDER BY november DESC, october DESC, key LIMIT ${top}`, { by, october: files.october, november: files.november });
  return rows.map((r) => ({ key: r.key!, now: r.november!, then: r.october! }));
}

describe('the Overview beside the CUR cut after 13 Nov 2018 and the FOCUS sample moved to Nov 2018', () => {
  let app: CostlensApp;
  beforeAll(async () => {
    const { cut, focus } = await curCutBesideFocus2018();
    app = appOn(await cachedStore([[REAL_OCT_2018, cut, focus]]), { clock: LATER });
  }, 300_000);
  afterAll(() => app?.close());

  it('as of 30 Nov and 18 Nov: October holds only the CUR\'s data, so usage is not compared, saying why, once; it read −$1,747.99 (−46.44%) and −$149.11', async () => {
    for (const [asOf, october] of [['', '1–30 Oct 2018'], ['?as_of=2018-11-18', '1–18 Oct 2018']]) {
      const html = await (await page(app, `/${asOf}`)).text();
      const why = `${october} holds the data of ${CUR}, and the other deliveries' data begins on 1 Nov 2018, after its first day, so its end would read as a drop in spend`;
      expect(endedNote(html), asOf).toBe(`Usage is not compared: ${why}.`);
      expect(kpi(html, 'mtd-change'), asOf).toBe('not compared');
      // "Why it changed" refers to the cards' reason as the tables do (it said "No explanation: " and the whole reason again).
      expect(text(/<section[^>]*id="why-it-changed"[^>]*>[^]*?<p class="note">([^]*?)<\/p>/.exec(html)![1]), asOf).toBe('Not compared, as the cards above: a delivery that has ended.');
      expect(text(html).split(why).length - 1, asOf).toBe(1);
      expect(html, asOf).not.toContain('on the same days</p>');
      // The top tables show no comparison and say so under them, referring to the cards' sentence (it said the sentence again).
      expect(topsNote(html), asOf).toBe('Not compared, as the cards above: a delivery that has ended.');
      expect(tableOf(html, 'top-services'), asOf).not.toContain('<th>Change</th>');
      expect(html, asOf).not.toContain('data-chart="month_to_date_by_service"');
    }
  });

  it('as of 30 Nov and 18 Nov: the chart by service draws this month\'s usage alone, every line, its caption saying nothing is compared (it drew nothing)', async () => {
    const files = await curCutBesideFocus2018();
    const both = { curs: [REAL_OCT_2018, files.cut], focus: files.focus };
    for (const [asOf, last, usageName] of [['2018-11-30', '30', 'Usage in Nov 2018'], ['2018-11-18', '18', 'Usage month to date']]) {
      const html = await (await page(app, `/?as_of=${asOf}`)).text();
      const figure = /<figure class="chart">\s*<div class="vega" data-chart="month_by_service" data-params="([^"]*)"[^]*?<figcaption>([^<]*)<\/figcaption>/.exec(html);
      expect(figure, asOf).not.toBeNull();
      expect(text(figure![2]), asOf).toBe(`${usageName} by service, 1–${last} Nov 2018 (billed cost). Not compared, as the cards above: a delivery that has ended.`);
      const params = new URLSearchParams(figure![1].replace(/&amp;/g, '&'));
      expect([...params], asOf).toEqual([['as_of', asOf], ['cost', 'billed']]);
      const spec = await (await page(app, `/api/charts/month_by_service?${params}`)).json() as { title: string; data: { values: { service: string; current_cost: number }[] } };
      expect(spec.title, asOf).toBe(`By service: 1–${last} Nov 2018`);
      // The CUR's usage to 13 Nov and the FOCUS sample's, of the 7 services with the most, then the rest as "Other (N more)", by DuckDB on the files.
      const every = await billedByService(both, '2018-11-01', `2018-11-${last}`, 1000);
      const rest = every.slice(7).reduce((sum, r) => sum + toUnits(r.billed), 0n);
      expect(spec.data.values.map((v) => [v.service, v.current_cost]), asOf)
        .toEqual([...every.slice(0, 7).map((r) => [r.service, Number(r.billed)]), [`Other (${every.length - 7} more)`, Number(fromUnits(rest))]]);
    }
    expect((await billedByService(both, '2018-11-01', '2018-11-30', 1))[0]).toEqual({ service: 'AWS Glue', billed: '1282.1188116000' });
  });

  it('as of 10 Nov, before the CUR\'s end: compared with its lines, as before', async () => {
    const files = await curCutBesideFocus2018();
    const both = { curs: [REAL_OCT_2018, files.cut], focus: files.focus };
    const [now, before] = [await usageBilled(both, '2018-11-01', '2018-11-10'), await usageBilled(both, '2018-10-01', '2018-10-10')];
    const html = await (await page(app, '/?as_of=2018-11-10')).text();
    expect(html).not.toContain('id="ended-delivery"');
    expect(kpi(html, 'mtd-change')).toBe(usd(cents(now) - cents(before), true));
    expect(kpi(html, 'mtd-change')).toBe('+$487.23');
  });
});

describe('the Overview beside the same CUR and the FOCUS sample in Nov 2018 and, cut after 10 Oct, in Oct 2018', () => {
  let app: CostlensApp;
  let files: { cut: string; focus: string; october: string };
  beforeAll(async () => {
    files = { ...await curCutBesideFocus2018(), october: await focusOctober2018Before('2018-10-11') };
    app = appOn(await cachedStore([[REAL_OCT_2018, files.cut, files.october, files.focus]]), { clock: LATER });
  }, 300_000);
  afterAll(() => app?.close());

  it('as of 25 Nov: both months compared without the CUR\'s lines ($3,050.80 and $1,993.18 left out), the FOCUS data\'s usage alone, each column its own month\'s', async () => {
    const curs = [REAL_OCT_2018, files.cut];
    const [curOct, curNov, focusOct, focusNov] = [await usageBilled({ curs, focus: files.october }, '2018-10-01', '2018-10-25', 'cur'), await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'cur'),
      await usageBilled({ curs, focus: files.october }, '2018-10-01', '2018-10-25', 'focus'), await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'focus')];
    expect([usd(cents(curOct)), usd(cents(curNov))]).toEqual(['$3,050.80', '$1,993.18']);
    const html = await (await page(app, '/?as_of=2018-11-25')).text();
    expect(endedNote(html)).toBe(`Usage is compared without the lines of ${CUR}: ${usd(cents(curOct))} left out of 1–25 Oct 2018 and ${usd(cents(curNov))} of 1–25 Nov 2018, so that its end does not read as a drop in spend.`);
    // The FOCUS sample's 1–25 Sep 2024 in November, its 1–10 Sep 2024 in October: the months differ, so a column read from the other month fails.
    expect([focusNov, focusOct]).toEqual(['17.0260162119', '1.3949617118']);
    expect([dataValue(html, 'mtd-current'), dataValue(html, 'mtd-previous')].map(exactOf)).toEqual([exactOf(focusNov), exactOf(focusOct)]);
    expect([kpi(html, 'mtd-current'), kpi(html, 'mtd-previous')]).toEqual([usd(cents(focusNov)), usd(cents(focusOct))]);
    expect(kpi(html, 'mtd-change')).toBe(usd(cents(focusNov) - cents(focusOct), true));
    expect(kpi(html, 'mtd-change')).toBe('+$15.64');
  });

  it('as of 25 Nov: the charge classes\' usage row holds every line, $2,010.21 (the FOCUS data\'s $17.03 compared above and the CUR\'s $1,993.18 left out), and names the lines it holds besides; it read "Usage (compared above)" beside the card\'s $17.03', async () => {
    const curs = [REAL_OCT_2018, files.cut];
    const every = await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25');
    const [cur, focus] = [await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'cur'), await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'focus')];
    expect(exactOf(every)).toBe(exactOf(cur) + exactOf(focus));
    expect(usd(cents(every))).toBe('$2,010.21');
    const html = await (await page(app, '/?as_of=2018-11-25')).text();
    const row = /<tr data-class="usage"><td>([^<]*)<\/td><td data-value="([^"]*)">([^<]*)<\/td>/.exec(html)!;
    expect(row[1]).toBe('Usage (compared above without the lines of aws/836060457634)');
    expect(exactOf(row[2])).toBe(exactOf(every));
    expect(text(row[3])).toBe('$2,010.21');
  });

  it('as of 25 Nov: the top services and accounts tables compare the FOCUS data\'s usage alone, as the cards do, and say so under them; they showed no comparison', async () => {
    const html = await (await page(app, '/?as_of=2018-11-25')).text();
    const focus = { october: files.october, november: files.focus };
    for (const [id, by] of [['top-services', 'service'], ['top-accounts', 'account']] as const) {
      const expected = await focusUsageBy(by, focus, 10);
      // October's FOCUS data stops on 10 Oct: most rows differ between the months (the same sample in both, every change was $0.00).
      expect(expected.length, id).toBe(10);
      expect(expected[0], id).toEqual(by === 'service' ? { key: 'Amazon Elastic Compute Cloud', now: '13.4375775435', then: '0.3245327062' } : { key: '11353890204', now: '11.1802844676', then: '0.0005028057' });
      expect(expected.filter((r) => r.now !== r.then).length, id).toBe(by === 'service' ? 8 : 10);
      expect(tableOf(html, id), id).toContain('<th>Same days last month</th><th>Change</th>');
      const rows = topRows(html, id);
      expect(rows.map((r) => r.label), id).toEqual(expected.map((r) => r.key));
      for (const [i, row] of rows.entries()) {
        const { now, then } = expected[i];
        expect(row.values.slice(0, 3).map(exactOf), `${id} ${row.label}`).toEqual([exactOf(now), exactOf(then), exactOf(now) - exactOf(then)]);
        expect(row.change, `${id} ${row.label}`).toBe(usd(cents(now) - cents(then), true));
      }
    }
    // Under the tables, a reference to the cards' sentence naming the delivery left out (it said the cards' whole sentence again).
    expect(endedNote(html)).toBe(`Usage is compared without the lines of ${CUR}: $3,050.80 left out of 1–25 Oct 2018 and $1,993.18 of 1–25 Nov 2018, so that its end does not read as a drop in spend.`);
    expect(topsNote(html)).toBe('Compared without the lines of aws/836060457634, as the cards above.');
    expect(text(html).split('Usage is compared without the lines of').length - 1).toBe(1);
  });

  it('as of 25 Nov: the month-to-date by service chart is drawn without the CUR\'s lines, its caption saying so; it was not drawn', async () => {
    const html = await (await page(app, '/?as_of=2018-11-25')).text();
    const figure = /<figure class="chart">\s*<div class="vega" data-chart="month_to_date_by_service" data-params="([^"]*)"[^]*?<figcaption>([^<]*)<\/figcaption>/.exec(html);
    expect(figure).not.toBeNull();
    const params = new URLSearchParams(figure![1].replace(/&amp;/g, '&'));
    expect(params.get('exclude_sources')).toBe('["aws/836060457634"]');
    expect(text(figure![2])).toBe('Usage month to date by service, 1–25 Nov 2018 against the same days last month, 1–25 Oct 2018 (billed cost). Compared without the lines of aws/836060457634, as the cards above.');
    const spec = await (await page(app, `/api/charts/month_to_date_by_service?${params}`)).json() as { data: { values: { service: string; current_cost: number; previous_cost: number }[] } };
    // The 7 services with the most usage, then the rest as "Other (N more)".
    const every = await focusUsageBy('service', { october: files.october, november: files.focus }, 1000);
    const rest = (column: 'now' | 'then') => Number(fromUnits(every.slice(7).reduce((sum, r) => sum + toUnits(r[column]), 0n)));
    expect(spec.data.values.map((v) => [v.service, v.current_cost, v.previous_cost]))
      .toEqual([...every.slice(0, 7).map((r) => [r.key, Number(r.now), Number(r.then)]), [`Other (${every.length - 7} more)`, rest('now'), rest('then')]]);
  });
});
