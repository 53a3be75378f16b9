/**
 * A lagging delivery holds the store's data horizon back (src/analyze/source-spans.ts,
 * heldBackSpan): a delivery whose horizon is at most LAGGING_DAYS (7) days behind the latest one's
 * (an AWS CUR complete to 30 Sep beside a FOCUS export complete to 2 Oct) holds it back to its own,
 * so its missing days are not read as $0 drops; one further behind has ended. Every command reads
 * calendar/data_horizon_by_source once, and not at all on a store of one source. Where the horizon is
 * stated, it says who holds it back: status, forecast, budgets, invoice, explain, the Overview and
 * the Attribution page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingDaySpan, billSpan, heldBackWords } from '../../src/analyze/billing-calendar.ts';
import { readCommitmentsCalendar } from '../../src/analyze/commitments/horizon.ts';
import { heldBackSpan, LAGGING_DAYS, readSourceSpans, sourceSpansOf } from '../../src/analyze/source-spans.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles, realNovemberTo20thNoon } from '../helpers/derived-files.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { type StubRow, stubEngine } from '../helpers/stub-engine.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { appOn, page } from './helpers.ts';

/** A row of calendar/data_horizon_by_source: a source's billing period, its file and days. */
const row = (source: string, period: string, file: string | null, days: [string, string | null, string | null, string, string | null]) => {
  const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
  return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
};

describe('heldBackSpan: a delivery at most 7 days behind the latest holds the store\'s horizon back, whatever the month; one further behind has ended', () => {
  // calendar/data_horizon_by_source on the store of the 2018 CURs, the legacy CUR and the FOCUS sample (file names shortened).
  const aws2018 = ['2018-10-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11'] as const;
  const rows = [
    row('aws/123412340534', '2023-11', 'legacy.csv', ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11']),
    row('aws/1234567890123', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09']),
    row('aws/836060457634', '2018-10', 'oct.parquet', [...aws2018]),
    row('aws/836060457634', '2018-11', 'nov.parquet', [...aws2018]),
    row('microsoft/8611537', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-19', '2024-09-20 00:00:00', '2024-09-19', '2024-09']),
    row('oracle/20209880', '2024-09', 'focus.csv', ['2024-09-03', '2024-09-30', '2024-09-30 23:00:00', '2024-09-30', '2024-10']),
  ];
  const store: BillingDaySpan = { firstDay: '2018-10-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };
  /** An AWS CUR beside the others whose last usage day is `day`, its usage lines of that day ending at `end`. */
  const cur = (day: string, end: string) => row('aws/999999999999', day.slice(0, 7), 'other.csv', ['2024-09-01', day, end, day, day.slice(0, 7)]);

  it('the 2018 and 2023 deliveries beside Sept 2024 have ended (years behind): 30 Sep 2024 stays; a CUR 7 days behind holds it back, 8 days behind has ended', () => {
    expect(LAGGING_DAYS).toBe(7);
    expect(heldBackSpan(rows, store)).toBe(store);
    // Usage to the end of 23 Sep 2024 (its horizon 23 Sep, 7 days before 30 Sep): lagging.
    const seven = heldBackSpan([...rows, cur('2024-09-23', '2024-09-24 00:00:00')], store);
    expect(seven).toEqual({ ...store, lastDay: '2024-09-23', heldBack: { sources: ['aws/999999999999'], endsAt: '2024-09-24 00:00:00', othersTo: '2024-09-30' } });
    expect(heldBackWords(seven)).toBe(', held back by aws/999999999999 (its data ends at the end of 23 Sep 2024; other sources run to 30 Sep 2024)');
    // Usage to 12:00 on 23 Sep 2024 (its horizon 22 Sep, 8 days before): ended, as a CUR 10 days behind.
    expect(heldBackSpan([...rows, cur('2024-09-23', '2024-09-23 12:00:00')], store)).toBe(store);
    expect(heldBackSpan([...rows, cur('2024-09-21', '2024-09-21 12:00:00')], store)).toBe(store);
  });

  it('a CUR complete to 30 Sep 24:00 beside a FOCUS export complete to 2 Oct: the horizon is 30 Sep (it read 2 Oct, its 1–2 Oct $0 drops); its partial 1 Oct is not complete', () => {
    const focus = row('aws/1234567890123', '2024-10', 'focus.csv', ['2024-09-01', '2024-10-02', '2024-10-03 00:00:00', '2024-10-02', '2024-10']);
    const october: BillingDaySpan = { firstDay: '2024-09-01', lastDay: '2024-10-02', lastChargeDay: '2024-10-02', lastUsagePeriod: '2024-10' };
    const month = heldBackSpan([focus, cur('2024-09-30', '2024-10-01 00:00:00')], october);
    expect(month).toEqual({ ...october, lastDay: '2024-09-30', heldBack: { sources: ['aws/999999999999'], endsAt: '2024-10-01 00:00:00', othersTo: '2024-10-02' } });
    expect(heldBackWords(month)).toBe(', held back by aws/999999999999 (its data ends at the end of 30 Sep 2024; other sources run to 2 Oct 2024)');
    // Its usage of 1 Oct reaching 12:00 only: 1 Oct is partial, the horizon stays 30 Sep.
    const partial = heldBackSpan([focus, cur('2024-10-01', '2024-10-01 12:00:00')], october);
    expect(partial).toEqual({ ...october, lastDay: '2024-09-30', heldBack: { sources: ['aws/999999999999'], endsAt: '2024-10-01 12:00:00', othersTo: '2024-10-02' } });
    expect(heldBackWords(partial)).toBe(', held back by aws/999999999999 (its data ends at 1 Oct 2024 12:00 UTC; other sources run to 2 Oct 2024)');
    // Defaults that follow the data follow the lagging delivery.
    expect(sourceSpansOf([focus, cur('2024-10-01', '2024-10-01 12:00:00')], partial).latest())
      .toEqual({ span: { firstDay: '2024-09-01', lastDay: '2024-09-30', lastChargeDay: '2024-10-01', lastUsagePeriod: '2024-10', heldBack: partial.heldBack }, sources: ['aws/999999999999'], heldBack: partial.heldBack });
  });

  it('one delivery (the FOCUS sample\'s sources share its file), or a store without daily usage: the store\'s span', () => {
    expect(heldBackSpan(rows.filter((r) => r.file === 'focus.csv'), store)).toBe(store);
    const bills: BillingDaySpan = { ...store, wholeBillsOnly: { kind: 'monthly', holds: 'a monthly CUR', reason: 'its CUR is monthly', periods: ['2018-11'], incomplete: null } };
    expect(heldBackSpan([...rows, cur('2024-09-27', '2024-09-28 00:00:00')], bills)).toBe(bills);
    expect(heldBackWords(store)).toBe('');
  });
});

describe('calendar/data_horizon_by_source runs once per command, and not on a store of one source', () => {
  /** A stub store: the horizon of `sources` sources, the rows above by source, counting each query's runs. */
  const countingStore = (sources: number) => {
    const runs: Record<string, number> = {};
    const counted = (name: string, rows: StubRow[]) => [name, () => {
      runs[name] = (runs[name] ?? 0) + 1;
      return rows;
    }] as const;
    const engine: Engine = stubEngine(Object.fromEntries([
      counted('calendar/data_horizon', [{ first_day: '2024-09-01', last_usage_day: '2024-10-02', last_usage_end: '2024-10-03 00:00:00', horizon: '2024-10-02', last_charge_day: '2024-10-02', last_usage_period: '2024-10', sources: String(sources) }]),
      counted('calendar/data_horizon_by_source', [
        { source: 'aws/1234567890123', billing_period: '2024-10', file: 'focus.csv', first_day: '2024-09-01', last_usage_day: '2024-10-02', last_usage_end: '2024-10-03 00:00:00', last_charge_day: '2024-10-02', last_usage_period: '2024-10' },
        { source: 'aws/999999999999', billing_period: '2024-09', file: 'cur.parquet', first_day: '2024-09-01', last_usage_day: '2024-09-30', last_usage_end: '2024-10-01 00:00:00', last_charge_day: '2024-09-30', last_usage_period: '2024-09' },
      ]),
      counted('commitments/data_horizon', []),
      counted('calendar/billing_period_days', [{ source: 'aws/1234567890123', billing_period: '2024-10', first_day: '2024-09-01', last_day: '2024-10-02' }]),
    ]));
    return { engine, runs };
  };

  it('billSpan then readSourceSpans (status, explain, invoice, attribute), and commitments\' calendar: once; a store of one source: never', async () => {
    const several = countingStore(2);
    const span = await billSpan(several.engine);
    expect([span.lastDay, (await readSourceSpans(several.engine, span)).latest()?.sources]).toEqual(['2024-09-30', ['aws/999999999999']]);
    expect(several.runs['calendar/data_horizon_by_source']).toBe(1);
    const commitments = countingStore(2);
    expect((await readCommitmentsCalendar(commitments.engine)).horizon).toBe('2024-09-30');
    expect(commitments.runs).toEqual({ 'calendar/data_horizon': 1, 'calendar/data_horizon_by_source': 1, 'commitments/data_horizon': 1, 'calendar/billing_period_days': 1 });
    const one = countingStore(1);
    const own = await billSpan(one.engine);
    expect([own.lastDay, (await readSourceSpans(one.engine, own)).latest()]).toEqual(['2024-10-02', null]);
    expect((await readCommitmentsCalendar(one.engine)).spans.latest()).toBeNull();
    expect(one.runs['calendar/data_horizon_by_source']).toBeUndefined();
  });
});

describe('a lagging delivery holds the store\'s data horizon back: the real Oct 2018 CUR and Nov 2018 cut at 20 Nov 12:00, beside the FOCUS sample moved back 70 months and cut at 22 Nov (to 21 Nov 2018)', () => {
  let cut: string;
  let mixed: string;
  let alike: string;
  let focus: string;
  let focusTo19: string;
  let to20: string;
  let app: CostlensApp;
  /** The FOCUS sample's lines charged before `before` (its own days), with its four date columns moved back `months` months, as Parquet. */
  const moved = (name: string, months: number, before: string) => ({
    name,
    sql: `SELECT * REPLACE (BillingPeriodStart - INTERVAL (${months}) MONTH AS BillingPeriodStart, BillingPeriodEnd - INTERVAL (${months}) MONTH AS BillingPeriodEnd,
      ChargePeriodStart - INTERVAL (${months}) MONTH AS ChargePeriodStart, ChargePeriodEnd - INTERVAL (${months}) MONTH AS ChargePeriodEnd) FROM read_csv($file, header = true, nullstr = 'NULL')
      WHERE ChargePeriodStart < CAST($before AS TIMESTAMP)`,
    params: { file: REAL_FOCUS, before },
  });
  /** By DuckDB on the files: what the cut CUR and the moved FOCUS sample bill on 1–19 Nov 2018, and the FOCUS sample's usage of those days. */
  const billedTo19th = async () => {
    const [sums] = await duckdbRows(`SELECT
        (SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($focus) WHERE ChargeCategory = 'Usage' AND ChargePeriodStart < TIMESTAMP '2018-11-20') AS focusUsage,
        (SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($focus) WHERE ChargePeriodStart < TIMESTAMP '2018-11-20') AS focusBilled,
        (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($to20) WHERE line_item_usage_start_date < TIMESTAMP '2018-11-20') AS curBilled`, { focus, to20 });
    return { focusUsage: sums.focusUsage!, focusBilled: sums.focusBilled!, curBilled: sums.curBilled! };
  };
  /** An exact amount (units of 1e-10, positive) rounded half up to forecast's 6 decimals. */
  const onSixDecimals = (units: bigint) => ((units + 5_000n) / 10_000n) * 10_000n;
  const HELD = 'held back by aws/836060457634 (its data ends at 20 Nov 2018 12:00 UTC; other sources run to 21 Nov 2018)';

  beforeAll(async () => {
    to20 = await realNovemberTo20thNoon();
    ({ 'focus-2018-11-to-21.parquet': focus, 'focus-2018-11-to-19.parquet': focusTo19 } = await derivedFiles([
      moved('focus-2018-11-to-21.parquet', 70, '2024-09-22'), moved('focus-2018-11-to-19.parquet', 70, '2024-09-20'),
    ]));
    // `alike`: the same data up to 19 Nov with nothing held back (the FOCUS sample cut at 20 Nov 00:00): the figures as of 19 Nov computed apart.
    [cut, mixed, alike] = [await cachedStore([[REAL_OCT_2018, to20]]), await cachedStore([[REAL_OCT_2018, to20, focus]]), await cachedStore([[REAL_OCT_2018, to20, focusTo19]])];
    app = appOn(mixed);
  }, 600_000);
  afterAll(() => app?.close());

  it('the files (by DuckDB): the cut 83,825 lines, 3181.9384597508 billed, usage ending at 20 Nov 2018 12:00; the moved FOCUS sample runs to 22 Nov 00:00 (2 days ahead), its lines after 19 Nov all usage', async () => {
    expect(await duckdbRows(`SELECT count(*) AS n, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS cost,
        CAST(max(CASE WHEN line_item_usage_start_date >= TIMESTAMP '2018-11-20' THEN line_item_usage_end_date END) AS VARCHAR) AS usage_end, NULL AS later FROM read_parquet($to20)
      UNION ALL SELECT count(*), NULL, CAST(max(ChargePeriodEnd) AS VARCHAR), string_agg(DISTINCT ChargeCategory) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2018-11-20')
        FROM read_parquet($focus) WHERE ChargeCategory = 'Usage' OR ChargePeriodStart >= TIMESTAMP '2018-11-20'`, { to20, focus }))
      .toEqual([{ n: '83825', cost: '3181.9384597508', usage_end: '2018-11-20 12:00:00', later: null }, { n: '646', cost: null, usage_end: '2018-11-22 00:00:00', later: 'Usage' }]);
  });

  it('status states the horizon and who holds it back; forecast (its header too) reads as the store of the same data up to 19 Nov: the cut\'s usage plus the FOCUS sample\'s of 1–19 Nov; anomalies and the weekly report follow it as the cut store alone does', async () => {
    const status = await costlens(mixed, 'status');
    expect(status.stdout).toContain(`data horizon 19 Nov 2018, ${HELD}: every default and analysis follows it`);
    const forecast = async (db: string) => (await costlens(db, 'forecast', '--format', 'json')).stdout;
    const [mixedForecast, alikeForecast] = [await forecast(mixed), await forecast(alike)];
    expect((await costlens(cut, 'forecast')).stdout).toMatch(/BilledCost +\$2,955\.25 +\$147\.38 +\$1,959\.85 +\$0\.00 +\$5,062\.48 /);
    const header = (await costlens(mixed, 'forecast')).stdout;
    expect(header).toContain(`Month 2018-11 as of 19 Nov 2018 (the last complete day in the store, ${HELD}): 19 of 30 days complete`);
    // The same figures as the store holding the same data up to 19 Nov, with nothing held back; but for the lines it holds dated after the
    // horizon, named and not counted (src/analyze/forecast/after-horizon.ts): the cut's of 20 Nov and the FOCUS sample's of 20–21 Nov (by DuckDB), which the other store lacks.
    const withoutAfter = (json: string) => (JSON.parse(json) as Record<string, unknown>[]).map(({ afterHorizon: _, ...row }) => row);
    expect(withoutAfter(mixedForecast)).toEqual(withoutAfter(alikeForecast));
    const [after] = await duckdbRows(`SELECT CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) FROM read_parquet($to20) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-20') AS VARCHAR) AS cut,
        CAST((SELECT sum(CAST(BilledCost AS DECIMAL(38, 10))) FROM read_parquet($focus) WHERE ChargePeriodStart >= TIMESTAMP '2018-11-20' AND ChargePeriodStart < TIMESTAMP '2018-12-01') AS VARCHAR) AS focus`, { to20, focus });
    const billedAfter = (JSON.parse(mixedForecast) as { cost: string; afterHorizon: { amount: string; first: string; last: string } }[]).find((r) => r.cost === 'BilledCost')!.afterHorizon;
    expect([exactOf(billedAfter.amount), billedAfter.first, billedAfter.last]).toEqual([exactOf(after.cut!) + exactOf(after.focus!), '2018-11-20', '2018-11-21']);
    expect(header).toContain(`usage_actual and posted_other count the complete days to 19 Nov 2018, the data horizon, ${HELD}; the store holds `
      + '$80.73 BilledCost and $83.16 EffectiveCost more of lines dated 20–21 Nov 2018, days not complete yet, which the forecast projects whole instead');
    // Its month-to-date actual: the cut's lines charged 1–19 Nov plus the FOCUS sample's (by DuckDB on the files), on forecast's 6-decimal grid.
    const { curBilled, focusBilled } = await billedTo19th();
    const mtdActual = (json: string) => (JSON.parse(json) as { cost: string; mtdActual: string }[]).find((r) => r.cost === 'BilledCost')!.mtdActual;
    expect(exactOf(mtdActual(mixedForecast))).toBe(onSixDecimals(exactOf(curBilled) + exactOf(focusBilled)));
    expect(mtdActual(mixedForecast)).toBe('3113.277238');
    expect(header).toMatch(/BilledCost +\$2,965\.62 +\$147\.66 +\$1,969\.26 +\$0\.00 +\$5,082\.54 /);
    const events = async (db: string) => JSON.parse((await costlens(db, 'anomalies', '--format', 'json')).stdout) as { events: unknown[] };
    expect(await events(mixed)).toEqual(await events(cut));
    const weekly = await costlens(mixed, 'report', 'weekly');
    expect(weekly.stdout).toMatch(/^Weekly report 2018-W46 \(12–18 Nov 2018\)/);
  });

  it('explain compares 1–19 Oct with 1–19 Nov 2018, the cut\'s change plus the FOCUS sample\'s usage of 1–19 Nov (by DuckDB); invoice takes 2018-10, the last complete month; budgets read 1–19 Nov, the cut\'s and the FOCUS sample\'s lines of those days (by DuckDB)', async () => {
    const [mixedExplain, cutExplain] = [await costlens(mixed, 'explain'), await costlens(cut, 'explain')];
    expect(cutExplain.stdout).toContain('$2,293.90 → $2,955.25: change $661.35 (exact 661.3524908814)');
    const { focusUsage, curBilled, focusBilled } = await billedTo19th();
    expect(exactOf(focusUsage) + exactOf('661.3524908814')).toBe(exactOf('671.7189786687'));
    expect(mixedExplain.stdout).toContain('BilledCost, 1–19 Oct 2018 (19 days) → 1–19 Nov 2018 (19 days): 19 days each, data through 19 Nov 2018, held back by aws/836060457634');
    expect(mixedExplain.stdout).toContain('change $671.72 (exact 671.7189786687)');
    const invoice = await costlens(mixed, 'invoice');
    expect(invoice.stderr).toContain(`period 2018-10, the last complete month (data through 19 Nov 2018, the last complete day in the store, ${HELD}`);
    const configured = storeWithConfig(mixed, { budgets: [{ name: 'org', amount: 10000, period: 'monthly' }] });
    const budgets = await costlens(configured.db, 'budgets', '--config', configured.config);
    const actual = usd(roundCents(exactOf(curBilled) + exactOf(focusBilled)));
    expect(actual).toBe('$3,113.28');
    const escaped = (text: string) => text.replace(/[()$.]/g, '\\$&');
    expect(budgets.stdout).toMatch(new RegExp(`^${escaped(`Budgets as of 19 Nov 2018, the data horizon, the last complete day in the store, ${HELD}`)}\\nbudget .*\\n-.*\\norg +2018-11 +19/30 +billed +${escaped(`$10,000.00`)} +${escaped(actual)} `));

    // The lines dated after the horizon that the actual leaves out (by DuckDB): the cut's of 20 Nov and the FOCUS sample's of 20–21 Nov.
    const [after] = await duckdbRows(`SELECT CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) FROM read_parquet($to20) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-20') AS VARCHAR) AS cut,
        CAST((SELECT sum(CAST(BilledCost AS DECIMAL(38, 10))) FROM read_parquet($focus) WHERE ChargePeriodStart >= TIMESTAMP '2018-11-20' AND ChargePeriodStart < TIMESTAMP '2018-12-01') AS VARCHAR) AS focus`, { to20, focus });
    expect(after.cut).toBe('79.2997095268');
    // In cents, as the table writes the actual and the open-bill note its money (it read the exact $79.xxxxxxxxxx…).
    const leftOut = usd(roundCents(exactOf(after.cut!) + exactOf(after.focus!)));
    expect(budgets.stdout.trimEnd().split('\n').at(-1)).toBe(`org: 2018-11: the actual counts the complete days to 19 Nov 2018, the data horizon, ${HELD}; it leaves out ${leftOut} of lines in scope `
      + 'dated 20–21 Nov 2018, days not complete yet (`costlens invoice` counts them in the bill of the days the store holds).');
  });

  it('commitments names the delivery holding the horizon back in its period line, as status does (it read "(the data of aws/836060457634, its source; the store\'s latest)"), and where the data of a period or range ends (it read "the data horizon;"); so does invoice\'s note', async () => {
    const first = async (...args: string[]) => (await costlens(mixed, 'commitments', ...args)).stdout.split('\n')[0];
    expect(await first()).toBe(`Commitments 2018-10 (1–31 Oct 2018, complete; data horizon 19 Nov 2018, ${HELD}): 9 Reserved Instances, 0 Savings Plans`);
    const ends = `the data ends on 19 Nov 2018, the data horizon, ${HELD}; lines dated up to 20 Nov 2018 are counted too`;
    expect(await first('--period', '2018-11')).toBe(`Commitments 2018-11 (1–19 Nov 2018, not complete (${ends}); judged on the data of aws/836060457634, its source): 9 Reserved Instances, 2 Savings Plans`);
    // A range of days too (it read "10–19 Nov 2018, not complete (the data ends on 19 Nov 2018, the data horizon; …): the range runs to 24 Nov 2018", nothing after).
    expect(await first('--from', '2018-11-10', '--to', '2018-11-25'))
      .toBe(`Commitments 2018-11-10/2018-11-25 (10–19 Nov 2018, not complete (${ends}): the range runs to 24 Nov 2018; judged on the data of aws/836060457634, its source): 9 Reserved Instances, 1 Savings Plan`);
    const invoice = await costlens(mixed, 'invoice', '--period', '2018-11');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe(`2018-11: 1–19 Nov 2018 (${ends}): the bill of the days the store holds, not complete`);
  });

  it('the Overview and the Attribution page state the horizon and who holds it back', async () => {
    const overview = await (await page(app, '/')).text();
    expect(overview).toContain(`As of 19 Nov 2018, the last complete day in the store, ${HELD}.`);
    expect(overview).toContain(`(the last complete charge day of usage, UTC, ${HELD})`);
    const chosen = await page(app, '/attribution');
    const attribution = await (await page(app, chosen.headers.get('location')!)).text();
    expect(attribution).toContain(`data complete through 19 Nov 2018, the last complete day in the store, ${HELD}`);
  });
});
