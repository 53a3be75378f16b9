import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configMoneyText } from '../../src/analyze/anomalies/index.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { days, writeBusinessMetrics, writeFocusCsv, type FixtureLine } from './fixtures.ts';

/*
 * 35 days of spend, 2026-03-01 (day 0) to 2026-04-04 (day 34), with weekly cycles, so that any 28
 * consecutive days hold each cycle value exactly four times:
 *   EC2       (acct 111) [100, 102, 98, 104, 96, 101, 99]   median 100,  MAD 2   → range 94..106
 *   S3        (acct 111) [10, 10.5, 9.5, 11, 9, 10, 10]     median 10,   MAD 0.5 → range 8.5..11.5
 *   RDS       (acct 111) [1000, 1020, 980, 1040, 960, 1010, 990]  median 1000, MAD 20 → 940..1060
 *   DynamoDB  (acct 111) same as RDS
 *   CloudWatch(acct 222) 50 every day                        median 50,   MAD 0   → range 50..50
 *   Lambda    (acct 333) 5 every day
 *   Support   (acct 111) a monthly fee of 300 on 03-01 and 04-01 (charge period: the month)
 * Planted on day 30 (2026-03-31): EC2 180 (spike), S3 19 (over k×MAD but under $10), RDS 1060
 * (exactly median + 3×MAD), DynamoDB 1060.01 (just over), CloudWatch 20 (drop).
 * Planted on day 33 (2026-04-03, provisional): EC2 150. On day 25 (2026-03-26, 25 days of history): Lambda 500.
 * Account 111's daily run-rate total per cycle position: 2110, 2152.5, 2067.5, 2195, 2025, 2131, 2089
 * → median 2110, deviations 0, 42.5, 42.5, 85, 85, 21, 21 → MAD 42.5 → range 1982.5..2237.5;
 * on day 30 it is 180 + 19 + 1060 + 1060.01 = 2319.01.
 */
const EC2 = [100, 102, 98, 104, 96, 101, 99];
const S3 = [10, 10.5, 9.5, 11, 9, 10, 10];
const DB = [1000, 1020, 980, 1040, 960, 1010, 990];
const PLANTED: Record<string, Record<number, number>> = {
  'Amazon Elastic Compute Cloud': { 30: 180, 33: 150 },
  'Amazon Simple Storage Service': { 30: 19 },
  'Amazon Relational Database Service': { 30: 1060 },
  'Amazon DynamoDB': { 30: 1060.01 },
  AmazonCloudWatch: { 30: 20 },
  'AWS Lambda': { 25: 500 },
};
const A111 = '111111111111';
const A222 = '222222222222';

function fixtureLines(): FixtureLine[] {
  const lines: FixtureLine[] = [];
  days('2026-03-01', '2026-04-04').forEach((day, i) => {
    const series: [string, string, number][] = [
      ['Amazon Elastic Compute Cloud', A111, EC2[i % 7]],
      ['Amazon Simple Storage Service', A111, S3[i % 7]],
      ['Amazon Relational Database Service', A111, DB[i % 7]],
      ['Amazon DynamoDB', A111, DB[i % 7]],
      ['AmazonCloudWatch', A222, 50],
      ['AWS Lambda', '333333333333', 5],
    ];
    for (const [service, account, usual] of series) lines.push({ day, service, account, billed: PLANTED[service][i] ?? usual });
  });
  for (const [day, end] of [['2026-03-01', '2026-04-01'], ['2026-04-01', '2026-05-01']]) {
    lines.push({ day, service: 'AWS Support (Business)', account: A111, billed: 300, periodEnd: `${end} 00:00:00`, category: 'Purchase', frequency: 'Recurring' });
  }
  return lines;
}

/** The rule's k × MAD as its text prints it: rounded to 6 decimals, without trailing zeros (`6`, `127.5`; the minimum, a config figure, is money: `10.00`). */
const f = (n: number) => n.toFixed(6).replace(/\.?0+$/, '');
/** Money of this fixture (whole cents) as the exact decimal the store sums to (10 decimals), worked in cents. */
const exact = (cents: number) => `${cents < 0 ? '-' : ''}${Math.trunc(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}00000000`;
const inCents = (n: number) => Math.round(n * 100);
const rule = (k: number, mad: number, min = 10) => `|actual − median| > ${k} × MAD = ${f(k * mad)} and > ${min.toFixed(2)}; median and MAD of the trailing 28 days`;

/** The row `costlens anomalies --format json` prints for a judged day: actual, median, MAD, range and delta exact (10 decimals), k × MAD to 6, provisional a boolean. */
function judged(day: string, dimension: string, value: string, actual: number, expected: number, mad: number, extra: { status?: string; provisional?: boolean; min?: number } = {}) {
  const delta = inCents(actual) - inCents(expected);
  return {
    day, dimension, value, name: dimension === 'account' ? `Account ${value}` : null, status: extra.status ?? 'anomaly',
    actual: exact(inCents(actual)), expected: exact(inCents(expected)), mad: exact(inCents(mad)),
    low: exact(inCents(expected) - 3 * inCents(mad)), high: exact(inCents(expected) + 3 * inCents(mad)), delta: exact(delta),
    direction: delta > 0 ? 'spike' : delta < 0 ? 'drop' : 'none', provisional: extra.provisional ?? false, rule: rule(3, mad, extra.min),
  };
}

const EXPECTED_ANOMALIES = [
  judged('2026-03-31', 'service', 'Amazon Elastic Compute Cloud', 180, 100, 2),
  judged('2026-03-31', 'service', 'Amazon DynamoDB', 1060.01, 1000, 20),
  judged('2026-03-31', 'service', 'AmazonCloudWatch', 20, 50, 0),
  judged('2026-03-31', 'account', A111, 2319.01, 2110, 42.5),
  judged('2026-03-31', 'account', A222, 20, 50, 0),
  judged('2026-04-03', 'service', 'Amazon Elastic Compute Cloud', 150, 100, 2, { provisional: true }),
];

describe('costlens anomalies: daily BilledCost against the trailing 28-day median ± 3 × MAD, over $10', () => {
  const { dir, db } = tempStore();
  const json = async (...args: string[]) => {
    const run = await costlens(db, 'anomalies', '--format', 'json', '--by-day', ...args);
    expect(run.code, run.stderr).toBe(0);
    return { rows: JSON.parse(run.stdout) as Record<string, string | boolean | null>[], stderr: run.stderr };
  };

  beforeAll(async () => {
    const run = await costlens(db, 'ingest', writeFocusCsv(dir, 'focus.csv', fixtureLines()));
    expect(run.code, run.stderr).toBe(0);
  });

  it('flags the planted spikes and drops, per service and per account, with the exact median, MAD, range and delta', async () => {
    const { rows } = await json('--as-of', '2026-04-04', '--days', '7', '--include-provisional');
    expect(rows).toEqual(EXPECTED_ANOMALIES);
  });

  it('leaves the provisional days (the last 3 complete days) out unless asked, and says so', async () => {
    const { rows, stderr } = await json('--as-of', '2026-04-04', '--days', '7');
    expect(rows).toEqual(EXPECTED_ANOMALIES.slice(0, 5));
    expect(stderr).toContain('Not examined: 2–4 Apr 2026, treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays); --include-provisional examines them.');
  });

  it('uses the last complete day as as-of and examines 14 days by default', async () => {
    const { rows, stderr } = await json();
    expect(rows).toEqual(EXPECTED_ANOMALIES.slice(0, 5));
    expect(stderr).toContain('Not judged: 22–28 Mar 2026 (fewer than 28 trailing days of billing data).');
  });

  it('groups flagged days into events, one per service or account, with the exact dollar impact (actual − expected) and the noise floor', async () => {
    const run = await costlens(db, 'anomalies', '--format', 'json', '--as-of', '2026-04-04', '--days', '7', '--include-provisional', '--by', 'service');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { events: Record<string, unknown>[]; belowNoiseFloor: number; flaggedDays: number };
    expect(out.events.map((e) => [e.start, e.end, e.days, e.value, e.direction, e.impact, e.provisional, e.noiseFloor])).toEqual([
      ['2026-03-31', '2026-03-31', 1, 'Amazon Elastic Compute Cloud', 'spike', '80.0000000000', false, '25.0000000000'],
      ['2026-03-31', '2026-03-31', 1, 'AmazonCloudWatch', 'drop', '-30.0000000000', false, '25.0000000000'],
      ['2026-04-03', '2026-04-03', 1, 'Amazon Elastic Compute Cloud', 'spike', '50.0000000000', true, '25.0000000000'],
    ]);
    // DynamoDB's +60.01 is under its floor: 0.1 × its average daily spend (1000) × 1 day = 100.
    expect([out.flaggedDays, out.belowNoiseFloor]).toEqual([4, 1]);
  });

  it('does not flag a departure over k × MAD that is under the dollar minimum (S3: +9 against a range of ±1.5)', async () => {
    const { rows } = await json('--as-of', '2026-03-31', '--days', '1', '--all', '--by', 'service');
    expect(rows.find((r) => r.value === 'Amazon Simple Storage Service')).toEqual(
      judged('2026-03-31', 'service', 'Amazon Simple Storage Service', 19, 10, 0.5, { status: 'normal' }));
  });

  it('does not flag a day exactly on the edge of the range (RDS 1060 = 1000 + 3 × 20), and flags one a cent past it', async () => {
    const { rows } = await json('--as-of', '2026-03-31', '--days', '1', '--all', '--by', 'service');
    expect(rows.find((r) => r.value === 'Amazon Relational Database Service')).toEqual(
      judged('2026-03-31', 'service', 'Amazon Relational Database Service', 1060, 1000, 20, { status: 'normal' }));
    expect(rows.find((r) => r.value === 'Amazon DynamoDB')?.status).toBe('anomaly');
  });

  it('does not judge a day with fewer than 28 trailing days of history, however large its spike (Lambda 500 on day 25)', async () => {
    const { rows, stderr } = await json('--as-of', '2026-03-26', '--days', '1', '--all');
    expect(rows.filter((r) => r.value === 'AWS Lambda' || r.value === '333333333333')).toEqual(
      ['service', 'account'].map((dimension) => ({
        day: '2026-03-26', dimension, value: dimension === 'service' ? 'AWS Lambda' : '333333333333',
        name: dimension === 'service' ? null : 'Account 333333333333', status: 'not judged', actual: '500.0000000000',
        expected: null, mad: null, low: null, high: null, delta: null, direction: null, provisional: false,
        rule: 'not judged: 25 of the 28 trailing days have billing data',
      })));
    expect(rows.every((r) => r.status === 'not judged')).toBe(true);
    expect(stderr).toContain('Not judged: 26 Mar 2026 (fewer than 28 trailing days of billing data).');
    // The first judged day has exactly 28 days of history before it.
    const first = await json('--as-of', '2026-03-29', '--days', '1', '--all', '--by', 'service');
    expect(first.rows.find((r) => r.value === 'Amazon Elastic Compute Cloud')).toEqual(
      judged('2026-03-29', 'service', 'Amazon Elastic Compute Cloud', EC2[28 % 7], 100, 2, { status: 'normal' }));
  });

  it('labels the last 3 days of billing data provisional', async () => {
    const { rows, stderr } = await json('--all', '--days', '4', '--by', 'account', '--include-provisional');
    expect(rows.map((r) => [r.day, r.value, r.provisional])).toEqual([
      ['2026-04-01', A111, false], ['2026-04-01', A222, false], ['2026-04-01', '333333333333', false],
      ['2026-04-02', A111, true], ['2026-04-02', A222, true], ['2026-04-02', '333333333333', true],
      ['2026-04-03', A111, true], ['2026-04-03', A222, true], ['2026-04-03', '333333333333', true],
      ['2026-04-04', A111, true], ['2026-04-04', A222, true], ['2026-04-04', '333333333333', true],
    ]);
    expect(stderr).toContain('Examined with --include-provisional: 2–4 Apr 2026, treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).');
  });

  it('leaves monthly fees out by default; with charges: all and minDollars: 5 from the config it judges them and the S3 spike', async () => {
    const config = join(dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ anomalies: { charges: 'all', minDollars: 5 } }));
    const { rows } = await json('--as-of', '2026-04-04', '--days', '7', '--config', config, '--include-provisional');
    const s3 = judged('2026-03-31', 'service', 'Amazon Simple Storage Service', 19, 10, 0.5, { min: 5 });
    const withMin5 = (r: ReturnType<typeof judged>) => ({ ...r, rule: r.rule.replace('and > 10.00;', 'and > 5.00;') });
    expect(rows).toEqual([
      ...EXPECTED_ANOMALIES.slice(0, 3).map(withMin5), s3, ...EXPECTED_ANOMALIES.slice(3, 5).map(withMin5),
      // 04-01: the Support fee against a median of 0; account 111 = 2195 + 300 against 2110 ± 127.5.
      judged('2026-04-01', 'service', 'AWS Support (Business)', 300, 0, 0, { min: 5 }),
      judged('2026-04-01', 'account', A111, 2495, 2110, 42.5, { min: 5 }),
      withMin5(EXPECTED_ANOMALIES[5]),
    ]);
  });

  it('the notes write k and the noise floor\'s minimum as the config does: "2 × MAD", "$0.005" (before "$0.01")', async () => {
    const config = join(dir, 'written.config.json');
    writeFileSync(config, JSON.stringify({ anomalies: { madMultiplier: 2, noiseFloor: { share: 0.1, minDollars: 0.005 } } }));
    const run = await costlens(db, 'anomalies', '--as-of', '2026-04-04', '--days', '7', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const notes = run.stdout.split('\n').filter((l) => l.startsWith('Noise floor:') || l.startsWith('Rule:'));
    // With k = 2, RDS (+60 against 2 × MAD = 40) is flagged too: 6 events on 03-31, of which 3 are under 0.1 × their
    // average daily spend (RDS +60 and DynamoDB +60.01 under 100; account 111 +209.01 under 211, its average 14,770 / 7 = 2,110).
    expect(notes).toEqual([
      'Noise floor: 3 events below it left out (|impact| under max($0.005, 0.1 × the average daily spend of its trailing 28 days × its days); anomalies.noiseFloor in the config).',
      'Rule: |actual − median| > 2 × MAD and > $10.00; median and MAD (raw MAD, unscaled) of the trailing 28 days; range = median ± 2 × MAD.',
    ]);
    const json = await costlens(db, 'anomalies', '--as-of', '2026-04-04', '--days', '7', '--config', config, '--format', 'json');
    expect(JSON.parse(json.stdout).noiseFloor).toEqual({ share: 0.1, minDollars: '0.005' }); // was "0.01"
  });

  it('prints a table with the rule and the notes, and CSV with a header and nothing else on stdout', async () => {
    const table = await costlens(db, 'anomalies', '--as-of', '2026-04-04', '--days', '7');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Spend anomalies 29 Mar – 1 Apr 2026: 3 events at or above the noise floor (2 below it), from 5 flagged days');
    expect(table.stdout).toContain('Rule: |actual − median| > 3 × MAD and > $10.00; median and MAD (raw MAD, unscaled) of the trailing 28 days');
    expect(table.stdout).toContain('Spend: daily BilledCost of usage (the usage charge class; recurring fees, one-time charges, tax and credits left out)');
    const csv = await costlens(db, 'anomalies', '--as-of', '2026-04-04', '--days', '7', '--format', 'csv', '--by', 'account', '--by-day');
    expect(csv.stdout.split('\r\n')).toEqual([
      'day,dimension,value,name,status,actual,expected,mad,low,high,delta,direction,provisional,rule',
      `2026-03-31,account,${A111},Account ${A111},anomaly,2319.0100000000,2110.0000000000,42.5000000000,1982.5000000000,2237.5000000000,209.0100000000,spike,false,${rule(3, 42.5)}`,
      `2026-03-31,account,${A222},Account ${A222},anomaly,20.0000000000,50.0000000000,0.0000000000,50.0000000000,50.0000000000,-30.0000000000,drop,false,${rule(3, 0)}`,
      '',
    ]);
  });

  it('--by-day writes provisional as the events do: a JSON boolean and true/false in CSV (before "no"/"yes" and no/yes); yes/no in a terminal', async () => {
    const args = ['--as-of', '2026-04-04', '--days', '7', '--include-provisional', '--by', 'service'];
    const runs = await Promise.all([['--format', 'json'], ['--format', 'json', '--by-day'], ['--format', 'csv'], ['--format', 'csv', '--by-day'], ['--by-day', '--wide']]
      .map((more) => costlens(db, 'anomalies', ...args, ...more)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const [eventsJson, daysJson, eventsCsv, daysCsv, table] = runs.map((r) => r.stdout);
    // EC2 on 03-31 (not provisional) and on 04-03 (provisional): one-day events, so each event is its day's row.
    const events = (JSON.parse(eventsJson) as { events: { value: string; start: string; provisional: unknown }[] }).events.filter((e) => e.value === 'Amazon Elastic Compute Cloud');
    const days = (JSON.parse(daysJson) as Record<string, unknown>[]).filter((r) => r.value === 'Amazon Elastic Compute Cloud');
    expect(events.map((e) => [e.start, e.provisional])).toEqual([['2026-03-31', false], ['2026-04-03', true]]);
    expect(days.map((r) => [r.day, r.provisional])).toEqual([['2026-03-31', false], ['2026-04-03', true]]);
    const csvCells = (csv: string, key: string) => csv.split('\r\n').filter((l) => l.includes('Amazon Elastic Compute Cloud')).map((l) => {
      const cells = l.split(',');
      const columns = csv.split('\r\n')[0].split(',');
      return [cells[columns.indexOf(key)], cells[columns.indexOf('provisional')]];
    });
    expect(csvCells(eventsCsv, 'start')).toEqual([['2026-03-31', 'false'], ['2026-04-03', 'true']]);
    expect(csvCells(daysCsv, 'day')).toEqual([['2026-03-31', 'false'], ['2026-04-03', 'true']]);
    expect(table.split('\n').filter((l) => l.includes('Amazon Elastic Compute Cloud')).map((l) => [l.slice(0, 10), l.trimEnd().split(/\s+/).at(-1)]))
      .toEqual([['2026-03-31', 'no'], ['2026-04-03', 'yes']]);
  });

  it('says the dollar minimum as money, exactly as the config writes it (before 10.000000, and 0.000000 for 0.0000001)', () => {
    expect([10, 5, 10.5, 0, 0.005, 1e-7, 1234.5].map((n) => configMoneyText(n))).toEqual(['10.00', '5.00', '10.50', '0.00', '0.005', '0.0000001', '1234.50']);
    expect([10, 0.005, 1234.5].map((n) => configMoneyText(n, 'usd'))).toEqual(['$10.00', '$0.005', '$1,234.50']);
  });

  it('--all lists day rows, so it implies --by-day: both together print what --all prints, and the help says so', async () => {
    const args = ['--as-of', '2026-03-31', '--days', '1', '--by', 'service', '--format', 'json'];
    const [all, both, help] = await Promise.all([costlens(db, 'anomalies', ...args, '--all'), costlens(db, 'anomalies', ...args, '--all', '--by-day'), costlens(db, 'anomalies', '--help')]);
    expect([all.code, both.code, help.code]).toEqual([0, 0, 0]);
    expect(both.stdout).toBe(all.stdout);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(6);
    expect(help.stdout).toContain('[--detail] [--top N] [--by-day] [--all] [--include-provisional]');
    expect(help.stdout).toContain('  --all     every examined day and value with its verdict, not only the flagged ones (day rows; implies --by-day)\n');
    // --as-of ends the range, not what is examined: its provisional days are left out (before "--as-of   the last day examined").
    expect(help.stdout).toContain('  --as-of   the last day of the range (default: the last complete day in the store)\n'
      + '  --days    how many days the range holds, ending at --as-of (default 14); its provisional days are not examined (below)\n');
  });

  it('--detail and --top describe events: with --by-day or --all they are a usage error naming both sides (they were ignored)', async () => {
    const [detail, both] = await Promise.all([costlens(db, 'anomalies', '--by-day', '--detail'), costlens(db, 'anomalies', '--all', '--detail', '--top', '2')]);
    expect([detail.code, detail.stdout, detail.stderr]).toEqual([2, '', 'costlens: anomalies: --detail describes events, not the day rows of --by-day\n  hint: drop --by-day and --all to list events with their drivers, or drop --detail\n']);
    expect([both.code, both.stderr.split('\n')[0]]).toEqual([2, 'costlens: anomalies: --detail and --top describe events, not the day rows of --all']);
  });

  it('refuses an as-of outside the billing data, and a store without billing data', async () => {
    const late = await costlens(db, 'anomalies', '--as-of', '2026-04-05');
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('--as-of 2026-04-05 is outside the billing data in the store (1 Mar – 4 Apr 2026)');
    const bad = await costlens(db, 'anomalies', '--by', 'region');
    expect(bad.code).toBe(2);
    // The hint names the default, both (before "e.g. --by service (the default)", though --help says both).
    expect(bad.stderr).toBe('costlens: --by must be one of service, account; got "region"\n  hint: e.g. --by service, or leave --by out to judge both (the default)\n');
    const empty = tempStore();
    expect((await costlens(empty.db, 'ingest', writeBusinessMetrics(empty.dir, [['2026-03-01', 'orders', 5]]))).code).toBe(0);
    const none = await costlens(empty.db, 'anomalies');
    expect(none.code).toBe(5);
    expect(none.stderr).toBe('costlens: the store holds no billing data\n  hint: ingest a CUR, CUR 2.0 or FOCUS export first: costlens ingest PATH\n');
  });
});
