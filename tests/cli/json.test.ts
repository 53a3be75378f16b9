import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedIngestRuns } from '../helpers/cached-stores.ts';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';

const DEMO_FILES = ['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'];

/**
 * The JSON of every analysis command, in the one style of issue #14: keys in camelCase, counts,
 * days, shares and percentages as JSON numbers, money as exact decimal strings, timestamps ISO 8601.
 */
const COMMANDS: string[][] = [
  ['status'],
  ['anomalies'],
  ['anomalies', '--detail'],
  ['anomalies', '--by-day'],
  ['attribute', '--tag', 'team'],
  ['attribute', '--tag', 'team', '--by', 'env'],
  ['attribute', '--tag', 'team', '--detail'],
  ['attribute', '--tag', 'team', '--coverage', 'account'],
  ['attribute', '--tag', 'team', '--suggest-aliases'],
  ['invoice'],
  ['invoice', '--detail'],
  ['commitments'],
  ['commitments', '--by', 'account'],
  ['explain'],
  ['forecast'],
  ['forecast', '--daily'],
  ['idle'],
  ['rightsize'],
  ['modernise'],
  ['kpi'],
  ['unit-cost', '--metric', 'orders'],
  ['unit-cost', '--metric', 'orders', '--grain', 'week'],
];

/** The fields that hold money: exact decimal strings, never numbers. */
const MONEY = new Set([
  // status, attribute, invoice, query
  'billedCost', 'effectiveCost', 'billedDirect', 'billedSharedByBilled', 'effectiveDirect', 'effectiveSharedByEffective', 'billedExact', 'effectiveExact', 'postedFeesBilled', 'postedFeesEffective',
  'billedTagged', 'billedShared', 'billedAccountDefault', 'billedUntagged', 'billedTotal', 'billedCents', 'effectiveCents',
  'amortisedCost', 'netAmortisedCost', 'netUnblendedCost', 'billed', 'amortised', 'netAmortised', 'netUnblended',
  // anomalies (events and their noise floor)
  'actual', 'expected', 'impact', 'noiseFloor', 'minDollars', 'mad', 'low', 'high', 'delta',
  // kpi (storage and targets)
  's3StandardCost', 'saving', 'totalSaving',
  // commitments (purchased/used/unused are money for a Savings Plan, hours — numbers — for a Reserved Instance)
  'unusedCost', 'onDemandEquivalent', 'savings', 'commitment', 'usedCommitment', 'unusedCommitment', 'eligibleOnDemandCost', 'coveredOnDemandCost',
  'onDemandCost', 'purchased', 'used', 'unused', 'hourlyCommitment', 'monthlyValue', 'usedCost', 'netSavings', 'recurringFee', 'amortisedUpfrontFee',
  'unusedRecurringFee', 'unusedUpfrontFee', 'monthlyCommitment', 'monthlySaving', 'onDemandIfNotRenewed',
  // explain
  'oldCost', 'newCost', 'change', 'volume', 'rate', 'new', 'gone', 'other',
  // forecast and unit-cost
  'usageActual', 'postedOther', 'mtdActual', 'mtdProvisional', 'projectedUsage', 'expectedOther', 'projectedRemaining', 'forecast', 'low', 'high',
  'nextDayRunRate', 'billedLow', 'billedHigh', 'effectiveLow', 'effectiveHigh', 'unitCost', 'atMonthEnd', 'stillToPost', 'posted',
  'projectedUsageLow', 'projectedUsageHigh', 'dailyMean', 'trendDailyMean', 'monthAtThatRate',
  // idle, rightsize, modernise, kpi
  'windowCost', 'hourlyRate', 'runRateMonthly', 'currentHourlyPrice', 'recommendedHourlyPrice', 'hourlyPrice', 'monthlySavingBill', 'monthlySavingCommitment', 'monthlySavingDeferred', 'totalMonthlySavingDeferred',
  'listSavingPer730h', 'listSavingForHoursRun', 'coveredCost', 'unusedInWindow', 'monthlyCost', 'billedRatePerHour', 'listRatePerHour',
  'catalogueRatePerHour', 'targetCatalogueRatePerHour', 'billedRatePerGbMonth', 'gp2PricePerGbMonth', 'gp3PricePerGbMonth', 'io1PricePerGbMonth',
  'io1PricePerIopsMonth', 'targetMonthlyListCost', 'listMonthlySaving', 'totalMonthlyCost', 'totalMonthlySaving', 'totalMonthlySavingCommitment', 'totalListMonthlySaving',
  'ec2Cost', 'ebsCost', 'cost',
  // modernise's s3-standard-cold evidence (the demo's planted cold bucket: src/demo/plants-modernise.ts)
  'storageCost', 'tier1Cost', 'tier2Cost',
]);

/** Fields that hold an identifier or a data value, which may be all digits and stay strings. */
const IDS = new Set(['accountId', 'key', 'tagValue', 'byTagValue', 'value', 'canonical', 'alias']);

/** Objects whose keys are data, not field names: config key paths (`idle.rds.days`) and rule ids (`ebs-gp2-to-gp3`). */
const DATA_KEYED: Record<string, RegExp> = {
  thresholds: /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/,
  countsByRule: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  ignoredColumns: /^[a-z0-9-]+$/,
};

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** Every place the JSON breaks the style, as `path: problem` (empty when it keeps it). */
function styleProblems(value: unknown, path = '$', keyPattern = CAMEL): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => styleProblems(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = `${path}.${key}`;
    const problems: string[] = [];
    if (!keyPattern.test(key)) problems.push(`${at}: key not camelCase`);
    if (typeof v === 'string' && NUMBER_TEXT.test(v) && !MONEY.has(key) && !IDS.has(key)) problems.push(`${at}: number as a string (${v})`);
    if (typeof v === 'number' && MONEY.has(key) && !['purchased', 'used', 'unused'].includes(key)) problems.push(`${at}: money as a number (${v})`);
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:/.test(v)) problems.push(`${at}: timestamp not ISO 8601 (${v})`);
    return [...problems, ...styleProblems(v, at, DATA_KEYED[key] ?? CAMEL)];
  });
}

/** Exact decimal text as an integer of 1e-10 units, parsed here apart from src/lib/money.ts. */
function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return negative ? -value : value;
}

/** Cents of a two-decimal money string. */
function cents(text: string): bigint {
  expect(text).toMatch(/^-?\d+\.\d\d$/);
  return units(text) / 10n ** 8n;
}

/** Cents that add up to `totalCents`: each amount's floor in cents, the cents still missing one each to the largest remainders (equal ones: the earlier amount). */
function largestRemainder(amounts: bigint[], totalCents: bigint): bigint[] {
  const cent = 10n ** 8n;
  const floors = amounts.map((a) => (a >= 0n ? a / cent : -((-a + cent - 1n) / cent)));
  const order = amounts.map((a, i) => ({ i, rest: a - floors[i] * cent })).sort((x, y) => (x.rest > y.rest ? -1 : x.rest < y.rest ? 1 : x.i - y.i));
  let missing = totalCents - floors.reduce((s, f) => s + f, 0n);
  for (const { i } of order) {
    if (missing <= 0n) break;
    floors[i] += 1n;
    missing -= 1n;
  }
  return floors;
}

/** Cents as two-decimal text (`-0.05`), as DuckDB prints a DECIMAL(38,2). */
function twoDecimals(c: bigint): string {
  const abs = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Each command's parsed JSON, by its arguments: a command is run once for the file. */
const parsed = new Map<string, Promise<unknown>>();

/**
 * `costlens ARGS --format json` on the store, parsed; exit 0 checked. A command several tests read
 * (status, forecast and unit-cost by week: the style check and the tests of their figures) runs once,
 * and they read the same output.
 */
function json(db: string, ...args: string[]): Promise<unknown> {
  const key = [db, ...args].join('\u0000');
  if (!parsed.has(key)) {
    parsed.set(key, costlens(db, ...args, '--format', 'json').then((run) => {
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      return JSON.parse(run.stdout) as unknown;
    }));
  }
  return parsed.get(key)!;
}

type Row = Record<string, string | number | null>;

describe('costlens --format json: camelCase keys, counts as numbers, money as exact decimal strings, across every command', () => {
  let db: string;
  let periods: { period: string; billed: string; effective: string; billed_cents: string; lines: string }[];
  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), DEMO_FILES);
    periods = await sqlRows(db, `SELECT x_BillingPeriod AS period, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
        CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed_cents, count(*) AS lines FROM line_items GROUP BY 1 ORDER BY 1`) as typeof periods;
  }, 600_000);

  it('every command keeps the style: no snake_case key, no count as a string, no money as a number, no SQL-style timestamp', async () => {
    for (const args of COMMANDS) expect(styleProblems(await json(db, ...args)), args.join(' ')).toEqual([]);
  }, 600_000);

  it('status: rows are numbers, the periods\' BilledCost and EffectiveCost are DuckDB\'s exact sums, the last ingest is ISO 8601', async () => {
    const rows = await json(db, 'status') as Row[];
    expect(rows.map((r) => [r.billingPeriod, r.rows, r.billedCost, r.effectiveCost]))
      .toEqual(periods.map((p) => [p.period, Number(p.lines), p.billed, p.effective]));
    for (const r of rows) expect(r.lastIngest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('attribute: per period the rows\' exact amounts add up to the store exactly, their cents to its cents; shares are numbers adding up to 100', async () => {
    for (const args of [[], ['--by', 'env'], ['--detail']]) {
      for (const p of periods) {
        const rows = await json(db, 'attribute', '--tag', 'team', '--period', p.period, ...args) as Row[];
        expect(rows.length, `${p.period} ${args.join(' ')}`).toBeGreaterThan(3);
        expect(rows.reduce((s, r) => s + cents(r.billedCost as string), 0n), `${p.period} ${args.join(' ')}`).toBe(cents(p.billed_cents));
        if (args[0] === '--detail') continue;
        expect(rows.reduce((s, r) => s + units(r.billedExact as string), 0n)).toBe(units(p.billed));
        expect(rows.reduce((s, r) => s + units(r.effectiveExact as string), 0n)).toBe(units(p.effective));
        expect(rows.every((r) => typeof r.billedSharePct === 'number' && typeof r.tagValue === 'string')).toBe(true);
        expect(Math.round(rows.reduce((s, r) => s + (r.billedSharePct as number) * 100, 0))).toBe(10_000);
      }
    }
  }, 300_000);

  it('attribute --coverage: per account, tagged + shared + account default + untagged = total, and the totals add up to the period\'s cents (largest remainder)', async () => {
    for (const p of periods) {
      const rows = await json(db, 'attribute', '--tag', 'team', '--period', p.period, '--coverage', 'account') as Row[];
      for (const r of rows) {
        const parts = ['billedTagged', 'billedShared', 'billedAccountDefault', 'billedUntagged'].reduce((s, k) => s + cents(r[k] as string), 0n);
        expect(parts, `${p.period} ${r.accountId}`).toBe(cents(r.billedTotal as string));
        expect(typeof r.coveragePct).toBe('number');
      }
      // The accounts split the period's total: their cents are the largest-remainder rounding of their exact sums to the period's cents.
      const byAccount = await sqlRows(db, `SELECT SubAccountId AS account, sum(BilledCost) AS billed
        FROM line_items WHERE x_BillingPeriod = '${p.period}' GROUP BY 1 ORDER BY 1`);
      const shares = largestRemainder(byAccount.map((a) => units(a.billed!)), cents(p.billed_cents));
      expect(rows.map((r) => [r.accountId, r.billedTotal]).sort()).toEqual(byAccount.map((a, i) => [a.account, twoDecimals(shares[i])]));
      expect(rows.reduce((s, r) => s + cents(r.billedTotal as string), 0n)).toBe(cents(p.billed_cents));
    }
  });

  it('invoice: the charge classes add up to the period total, which is DuckDB\'s exact sum', async () => {
    const invoices: { period: string; total: Row; classes: Row[] }[] = [];
    for (const p of periods) invoices.push(...await json(db, 'invoice', '--period', p.period) as typeof invoices);
    expect(invoices.map((i) => [i.period, i.total.billedCost, i.total.lines])).toEqual(periods.map((p) => [p.period, p.billed, Number(p.lines)]));
    for (const i of invoices) {
      expect(i.classes.reduce((s, c) => s + units(c.billedCost as string), 0n)).toBe(units(i.total.billedCost as string));
      expect(i.classes.reduce((s, c) => s + (c.lines as number), 0)).toBe(i.total.lines);
    }
  });

  it('sql and query keep the SQL\'s column names; counts are numbers, DECIMAL money exact strings, timestamps ISO 8601', async () => {
    const [p] = periods;
    const [row] = await json(db, 'sql', `SELECT count(*) AS line_count, sum(BilledCost) AS billed_cost, min(ChargePeriodStart) AS first_charge,
      CAST(min(ChargePeriodStart) AS DATE) AS first_day, avg(ConsumedQuantity) > 0 AS has_usage FROM line_items WHERE x_BillingPeriod = '${p.period}'`) as Row[];
    expect(row).toEqual({ line_count: Number(p.lines), billed_cost: p.billed, first_charge: `${p.period}-01T00:00:00Z`, first_day: `${p.period}-01`, has_usage: true });
    const services = await json(db, 'query', 'store/spend_by_service', '--param', `period=${p.period}`) as Row[];
    expect(Object.keys(services[0])).toEqual(['ServiceName', 'rows', 'billed_cost', 'effective_cost', 'list_cost']);
    expect(services.reduce((s, r) => s + units(r.billed_cost as string), 0n)).toBe(units(p.billed));
    expect(services.reduce((s, r) => s + (r.rows as number), 0)).toBe(Number(p.lines));
  });

  it('the Optimisation page\'s JSON downloads are the bytes of `costlens idle|rightsize --format json`', async () => {
    const app = createApp({ storePath: db, clock: () => new Date('2026-11-15T09:00:00Z'), log: () => undefined });
    try {
      for (const command of ['idle', 'rightsize']) {
        const run = await costlens(db, command, '--as-of', '2026-11-15', '--format', 'json');
        expect((JSON.parse(run.stdout) as unknown[]).length, command).toBe(command === 'idle' ? 8 : 23); // 8 idle resources, 23 recommendations
        expect(await (await app.request(`/optimisation/${command}.json?as_of=2026-11-15`)).text(), command).toBe(run.stdout);
      }
    } finally {
      app.close();
    }
  });

  it('ingest --json: the same style, and the periods it loaded are the store\'s', async () => {
    // `costlens ingest <cur2> <business-metrics.csv> --json` into an empty store, as the shared cached store was built.
    const [run] = await cachedIngestRuns([[join(inject('demoDir'), 'cur2'), join(inject('demoDir'), 'business-metrics.csv')]]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { periods: Row[]; telemetry: Row[] };
    expect(styleProblems(summary)).toEqual([]);
    expect(summary.periods.map((p) => [p.billingPeriod, p.rows, p.billedCost, p.effectiveCost]))
      .toEqual(periods.map((p) => [p.period, Number(p.lines), p.billed, p.effective]));
    expect(summary.telemetry.map((t) => [t.table, typeof t.rows])).toEqual([['business_metrics', 'number']]);
  }, 600_000);

  it('forecast and unit-cost: counts are numbers and the money strings are the figures the table shows', async () => {
    const [billed] = await json(db, 'forecast') as Row[];
    expect([typeof billed.daysInMonth, typeof billed.daysElapsed, typeof billed.fitDays, billed.daysElapsed as number + (billed.daysRemaining as number)])
      .toEqual(['number', 'number', 'number', billed.daysInMonth]);
    const weeks = await json(db, 'unit-cost', '--metric', 'orders', '--grain', 'week') as Row[];
    expect(weeks.every((w) => typeof w.days === 'number' && typeof w.metricDays === 'number' && (w.units === null || typeof w.units === 'number'))).toBe(true);
    const [orders] = await sqlRows(db, `SELECT CAST(sum(value) AS BIGINT) AS units FROM business_metrics WHERE metric = 'orders'
      AND "date" <= (SELECT max(CAST(ChargePeriodStart AS DATE)) FROM line_items) AND "date" >= (SELECT min(CAST(ChargePeriodStart AS DATE)) FROM line_items)`);
    expect(weeks.reduce((s, w) => s + (w.units as number), 0)).toBe(Number(orders.units));
  });
});
