/**
 * The tax a quarterly or annual budget's forecast expects is the tax of the charges still to come
 * (budgets/forecast.ts): the current month's shortfall, as `costlens forecast` takes it
 * (src/analyze/forecast/expected.ts), plus the reference month's ratio of tax to the other
 * charges times each later month's projected usage and fees. A credit in a month already over —
 * whose tax, as billed, is that month's business — must not change what the remaining months are
 * expected to cost.
 *
 * The fixture (FOCUS, one account, 1 Jan – 14 Jun 2026, data horizon 14 Jun):
 * - usage 1,000 a day every day (EC2), so the run-rate fitted on 15 May – 11 Jun (28 days ending
 *   before the 3 provisional days 12–14 Jun) is 1,000 a day;
 * - AWS Support 300 on the 1st of every month (charge period the month: it posts once a month);
 * - tax on the 1st of every month at 4 % of that month's usage and Support: Jan 1,252, Feb 1,132,
 *   Mar 1,252, Apr 1,212, May 1,252, and for June so far 4 % × (14,000 + 300) = 572;
 * - in the variants, a credit of −20,000 or −250,000 on 15 Apr, on which no tax posted (April's
 *   tax is 4 % of its usage and Support, as billed).
 *
 * By hand, as of 14 Jun (May is the reference month: tax 1,252 ÷ other charges 31,300 = 4 %):
 * - year 2026: actual 165 days × 1,000 + 6 × 300 + 6,672 of tax + credit = 173,472 + credit.
 *   Still to come: usage 200 days (15 Jun – 31 Dec) × 1,000 = 200,000; Support 0 more in June
 *   (300 posted), 300 in each of Jul–Dec = 1,800; tax: June 4 % × (14,300 so far + 16,000 + 0)
 *   − 572 = 640, Jul–Dec 4 % × (184,000 + 1,800) = 7,432, together 8,072. Forecast
 *   383,344 + credit; what remains, 209,872, whatever the credit.
 *   The rule before (4 % × (period's non-tax charges so far + projected + fees) − period's tax
 *   posted, floored at 0) expected 8,072 + 4 % × credit of tax: 7,272 with the −20,000 credit
 *   ($800 less), 0 with −250,000.
 * - 2026-Q2: actual 78,936 + credit; still to come 16,000 + 0 + 640 = 16,640. (Before: with the
 *   −20,000 credit, max(0, 640 − 800) = 0 of tax.)
 * - June: 14,872 + 16,640 = 31,512 — the month-end forecast's BilledCost figure (`costlens forecast`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { days, focusCsvText, type FixtureLine } from '../trends/fixtures.ts';

const EC2 = 'Amazon Elastic Compute Cloud';
const SUPPORT = 'AWS Support (Business)';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const TAX: Record<string, number> = { '2026-01': 1252, '2026-02': 1132, '2026-03': 1252, '2026-04': 1212, '2026-05': 1252, '2026-06': 572 };

function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)} 00:00:00`;
}

/** The fixture's lines, with a credit of `credit` on 15 Apr 2026 (none when 0). */
function fixture(credit: number): FixtureLine[] {
  const lines: FixtureLine[] = days('2026-01-01', '2026-06-14').map((day) => ({ day, service: EC2, account: '111', billed: 1000 }));
  for (const month of MONTHS) {
    const periodEnd = nextMonthStart(month);
    lines.push({ day: `${month}-01`, service: SUPPORT, account: '111', billed: 300, periodEnd, category: 'Purchase', frequency: 'Recurring' });
    lines.push({ day: `${month}-01`, service: EC2, account: '111', billed: TAX[month], periodEnd, category: 'Tax', frequency: 'One-Time' });
  }
  if (credit !== 0) lines.push({ day: '2026-04-15', service: EC2, account: '111', billed: credit, category: 'Credit', frequency: 'One-Time' });
  return lines;
}

/** The charge class costlens gives a fixture line (src/store/charge-class.ts), for forecastPeriodEnd's rows. */
const classOf = (l: FixtureLine) => (l.category === 'Tax' ? 'tax' : l.category === 'Credit' ? 'credit' : l.frequency === 'Recurring' ? 'recurring' : 'usage');
/** Whether a fixture line is posted (a charge period longer than its day), as budgets/scope_daily_spend reads it. */
const postedOf = (l: FixtureLine) => l.periodEnd !== undefined;

const BUDGETS = [
  { name: 'year', amount: 400000, period: 'annual', thresholds: [{ percent: 90, basis: 'forecast' }] },
  { name: 'q2', amount: 100000, period: 'quarterly', thresholds: [{ percent: 90, basis: 'forecast' }] },
  { name: 'june', amount: 40000, thresholds: [{ percent: 75, basis: 'forecast' }] },
];

interface BudgetJson { name: string; asOf: string; judged: boolean; actual: string; forecast: string | null; forecastBasis: string; thresholds: { id: string; crossed: boolean | null; since: string | null }[] }

const CREDITS = [0, -20000, -250000];
/** Whole dollars in units, as forecastPeriodEnd gives its figures. */
const u = (dollars: number) => toUnits(String(dollars));

describe('the tax a quarterly or annual forecast expects is the tax of the months still to come (FOCUS fixture, 1 Jan – 14 Jun 2026)', () => {
  const stores = new Map<number, string>();
  const budgets = new Map<number, Map<string, BudgetJson>>();

  beforeAll(async () => {
    for (const credit of CREDITS) {
      // The fixture's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
      const store = { dir: scratchDir(), db: (await cachedStoreOf([{ name: 'focus.csv', text: focusCsvText(fixture(credit)) }])).db };
      const config = join(store.dir, 'costlens.config.json');
      writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
      const run = await costlens(store.db, 'budgets', '--config', config, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      stores.set(credit, store.db);
      budgets.set(credit, new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b])));
    }
  }, 300_000);

  it('the store holds what the fixture says: 4 % tax in May (the reference month), 1,000 a day fitted, the credit untaxed in April', async () => {
    for (const credit of CREDITS) {
      const db = stores.get(credit)!;
      const [may] = await sqlRows(db, `SELECT sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax') AS tax, sum(BilledCost) FILTER (WHERE x_ChargeClass <> 'tax') AS other,
          sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax') / sum(BilledCost) FILTER (WHERE x_ChargeClass <> 'tax') AS ratio
        FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-05-01' AND ChargePeriodStart < TIMESTAMP '2026-06-01'`);
      expect([Number(may.tax), Number(may.other), Number(may.ratio)]).toEqual([1252, 31300, 0.04]);
      const [fit] = await sqlRows(db, `SELECT count(*) AS n, min(cost) AS lo, max(cost) AS hi FROM (SELECT CAST(ChargePeriodStart AS DATE) AS d, sum(BilledCost) AS cost
        FROM line_items WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2026-05-15' AND ChargePeriodStart < TIMESTAMP '2026-06-12' GROUP BY 1)`);
      expect([Number(fit.n), Number(fit.lo), Number(fit.hi)]).toEqual([28, 1000, 1000]);
      const [april] = await sqlRows(db, `SELECT sum(BilledCost) FILTER (WHERE x_ChargeClass = 'credit') AS credit, sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax') AS tax
        FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-04-01' AND ChargePeriodStart < TIMESTAMP '2026-05-01'`);
      expect([april.credit === null ? 0 : Number(april.credit), Number(april.tax)]).toEqual([credit, 1212]);
    }
  });

  it('the year: forecast 383,344 + the credit (actual 173,472 + credit, plus 209,872 still to come, whatever the credit)', async () => {
    for (const credit of CREDITS) {
      const year = budgets.get(credit)!.get('year')!;
      const [sum] = await sqlRows(stores.get(credit)!, `SELECT sum(BilledCost) AS total FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-01-01' AND ChargePeriodStart < TIMESTAMP '2026-06-15'`);
      expect([year.asOf, year.judged, Number(year.actual)]).toEqual(['2026-06-14', true, Number(sum.total)]);
      expect(Number(year.actual)).toBe(173472 + credit);
      expect(year.forecast).toBe((383344 + credit).toFixed(2));
      expect(Number(year.forecast) - Number(year.actual)).toBe(209872);
    }
    // 90 % of 400,000 is 360,000: reached by the forecast without a credit and with the −20,000 one, not with −250,000.
    expect(CREDITS.map((c) => budgets.get(c)!.get('year')!.thresholds[0].crossed)).toEqual([true, true, false]);
  });

  it('2026-Q2: forecast 95,576 + the credit (actual 78,936 + credit, plus 16,640 still to come)', async () => {
    for (const credit of CREDITS) {
      const q2 = budgets.get(credit)!.get('q2')!;
      const [sum] = await sqlRows(stores.get(credit)!, `SELECT sum(BilledCost) AS total FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-04-01' AND ChargePeriodStart < TIMESTAMP '2026-06-15'`);
      expect(Number(q2.actual)).toBe(Number(sum.total));
      expect(Number(q2.actual)).toBe(78936 + credit);
      expect(q2.forecast).toBe((95576 + credit).toFixed(2));
      expect(q2.forecastBasis).toBe('the actual to 2026-06-14, plus the usage run-rate (linear, fitted on 28 days) over the 16 remaining days, plus the recurring fees and tax expected from the month before');
    }
  });

  it('June: 31,512 whatever the credit, `costlens forecast`\'s BilledCost month-end forecast to the cent', async () => {
    for (const credit of CREDITS) {
      const june = budgets.get(credit)!.get('june')!;
      expect([june.actual, june.forecast]).toEqual(['14872.0000000000', '31512.00']);
      const run = await costlens(stores.get(credit)!, 'forecast', '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const billed = (JSON.parse(run.stdout) as { cost: string; forecast: string }[]).find((r) => r.cost === 'BilledCost')!;
      expect(billed.forecast).toBe('31512.000000');
    }
  });

  it('the parts, from forecastPeriodEnd on the fixture\'s lines: 200,000 of usage, 1,800 of fees and 8,072 of tax still to come in the year', () => {
    const config = parseConfig({}).forecast;
    for (const credit of CREDITS) {
      const rows: ScopeDay[] = fixture(credit).map((l) => ({ day: l.day, chargeClass: classOf(l), service: l.service, cost: Number(l.billed), posted: postedOf(l) }));
      const inputs = { rows, firstDataDay: '2026-01-01', horizon: '2026-06-14', provisionalFrom: '2026-06-12', config };
      const year = forecastPeriodEnd(periodContaining('annual', '2026-06-14'), '2026-06-14', inputs) as PeriodForecast;
      expect(year).toEqual({ asOf: '2026-06-14', actual: u(173472 + credit), projectedUsage: u(200000), expectedFees: u(1800), expectedTax: u(8072), expectedCharges: u(9872), forecast: u(383344 + credit), fitDays: 28, endedCommitments: [], endedTerms: [] });
      const q2 = forecastPeriodEnd(periodContaining('quarterly', '2026-06-14'), '2026-06-14', inputs) as PeriodForecast;
      expect([q2.projectedUsage, q2.expectedFees, q2.expectedTax, q2.forecast]).toEqual([16000, 0, 640, 95576 + credit].map(u));
    }
  });

  it('as of 31 May the month is over: a tax short in May is not expected to post later (as `costlens forecast` leaves a month with no day left)', () => {
    // May's tax posted as 1,000 here (not 1,252). The reference month is April: 1,212 ÷ 30,300 = 4 %.
    // Actual Jan–May: 151 days × 1,000 + 5 × 300 + (1,252 + 1,132 + 1,252 + 1,212 + 1,000) of tax = 158,348.
    // Still to come: Jun–Dec 214 days × 1,000 = 214,000; Support 7 × 300 = 2,100; tax 4 % × 216,100 = 8,644, none for May.
    // Forecast 158,348 + 214,000 + 2,100 + 8,644 = 383,092. (The rule before expected May's 252 too: 8,896 of tax.)
    const config = parseConfig({}).forecast;
    const rows: ScopeDay[] = fixture(0).filter((l) => l.day <= '2026-05-31')
      .map((l) => ({ day: l.day, chargeClass: classOf(l), service: l.service, cost: l.category === 'Tax' && l.day === '2026-05-01' ? 1000 : Number(l.billed), posted: postedOf(l) }));
    const inputs = { rows, firstDataDay: '2026-01-01', horizon: '2026-05-31', provisionalFrom: '2026-05-29', config };
    const year = forecastPeriodEnd(periodContaining('annual', '2026-05-31'), '2026-05-31', inputs) as PeriodForecast;
    expect(year).toEqual({ asOf: '2026-05-31', actual: u(158348), projectedUsage: u(214000), expectedFees: u(2100), expectedTax: u(8644), expectedCharges: u(10744), forecast: u(383092), fitDays: 28, endedCommitments: [], endedTerms: [] });
  });
});

describe('a scope whose usage is on provisional days only has nothing to fit: no forecast, its forecast threshold not judged', () => {
  it('Amazon Bedrock used on 13 and 14 Jun only (provisional from 12 Jun): forecast null, forecast:100 crossed null, not false', async () => {
    const lines: FixtureLine[] = [
      ...days('2026-05-01', '2026-06-14').map((day): FixtureLine => ({ day, service: EC2, account: '111', billed: 1000 })),
      ...['2026-06-13', '2026-06-14'].map((day): FixtureLine => ({ day, service: 'Amazon Bedrock', account: '222', billed: 50 })),
    ];
    const store = { dir: scratchDir(), db: (await cachedStoreOf([{ name: 'focus.csv', text: focusCsvText(lines) }])).db };
    const config = join(store.dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'bedrock', amount: 80, scope: { services: ['Amazon Bedrock'] } }] }));
    const run = await costlens(store.db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [b] = JSON.parse(run.stdout).budgets as BudgetJson[];
    expect([b.judged, b.actual, b.forecast]).toEqual([true, '100.0000000000', null]);
    expect(b.forecastBasis).toBe('no forecast: usage in scope only on provisional days (from 2026-06-13), none on a non-provisional day of the 28 days of its fit window (15 May – 11 Jun 2026) to fit a run-rate on');
    // 100 of actual is over 80: the actual thresholds are judged; the forecast one cannot be.
    expect(b.thresholds.map((t) => [t.id, t.crossed, t.since])).toEqual([
      ['actual:50', true, '2026-06-13'], ['actual:80', true, '2026-06-14'], ['actual:100', true, '2026-06-14'], ['forecast:100', null, null],
    ]);
    const table = await costlens(store.db, 'budgets', '--config', config, '--wide');
    expect(table.stdout).toContain('actual:50 since 2026-06-13; actual:80 since 2026-06-14; actual:100 since 2026-06-14; forecast:100 not judged');
    expect(table.stdout).toContain(`bedrock: ${b.forecastBasis}; forecast:100 is not judged.`);
  });
});
