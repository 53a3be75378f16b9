import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { days, focusCsvText, type FixtureLine } from './fixtures.ts';

const f = (n: number) => n.toFixed(6);
const EC2 = 'Amazon Elastic Compute Cloud';

/** The store of `lines`, ingested once per machine (tests/helpers/cached-text-store.ts) and only read, and a scratch folder for configs. */
async function storeOf(lines: FixtureLine[]): Promise<{ dir: string; db: string }> {
  const { db } = await cachedStoreOf([{ name: 'focus.csv', text: focusCsvText(lines) }]);
  return { dir: scratchDir(), db };
}

async function forecastJson(db: string, ...args: string[]): Promise<Record<string, string | number | null>[]> {
  const run = await costlens(db, 'forecast', '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** The summary row `costlens forecast --format json` prints for one cost measure. */
function summary(cost: string, month: string, asOf: string, daysIn: number, elapsed: number, provisional: number,
  m: { mtd: number; prov: number; projected: number; posted?: number; low?: number; high?: number; next: number }, fit: { method?: string; from: string; to: string; days: number },
  recentRate: Record<string, string | number> | null = null) {
  return {
    cost, month, asOf, daysInMonth: daysIn, daysElapsed: elapsed, daysRemaining: daysIn - elapsed,
    provisionalDays: provisional, unfittedDays: provisional, usageActual: f(m.mtd - (m.posted ?? 0)), postedOther: f(m.posted ?? 0), mtdActual: f(m.mtd), mtdProvisional: f(m.prov),
    projectedUsage: f(m.projected), expectedOther: f(0), projectedRemaining: f(m.projected),
    forecast: f(m.mtd + m.projected), low: f(m.low ?? m.mtd + m.projected), high: f(m.high ?? m.mtd + m.projected),
    nextDayRunRate: f(m.next), method: fit.method ?? 'linear', fitFrom: fit.from, fitTo: fit.to, fitDays: fit.days,
    expectedCharges: [],
    // The band's projected usage: low and high less what the month holds (nothing else is expected here).
    projectedUsageLow: f((m.low ?? m.mtd + m.projected) - m.mtd), projectedUsageHigh: f((m.high ?? m.mtd + m.projected) - m.mtd),
    // No level shift: a constant or a straight line is what the trend of the days before the last 7 says, and 12 fitted days are too few to judge.
    levelShift: null,
    // The month at the last 7 fitted days' rate, when it lies outside the band (src/analyze/forecast/recent-rate.ts).
    recentRate,
  };
}

describe('costlens forecast: a constant run-rate', () => {
  /*
   * June 2026, data to the 20th: 100 BilledCost (80 EffectiveCost) a day; the provisional 18th–20th
   * arrived incomplete (60, 40, 20 billed; 48, 32, 16 effective). A monthly support fee (300 billed,
   * 0 effective, charge period the month) and a one-time RI purchase (1000 billed, 0 effective) are
   * counted as posted and never projected.
   */
  let db: string;
  beforeAll(async () => {
    const partial: Record<string, number> = { '2026-06-18': 60, '2026-06-19': 40, '2026-06-20': 20 };
    const lines: FixtureLine[] = days('2026-06-01', '2026-06-20').map((day) => ({ day, service: EC2, account: '111', billed: partial[day] ?? 100, effective: (partial[day] ?? 100) * 0.8 }));
    lines.push({ day: '2026-06-01', service: 'AWS Support (Business)', account: '111', billed: 300, effective: 0, periodEnd: '2026-07-01 00:00:00', category: 'Purchase', frequency: 'Recurring' });
    lines.push({ day: '2026-06-05', service: EC2, account: '111', billed: 1000, effective: 0, category: 'Purchase', frequency: 'One-Time' });
    ({ db } = await storeOf(lines));
  });

  it('projects 10 remaining days at 100 (80) a day on top of everything posted, the provisional days excluded from the fit', async () => {
    const fit = { from: '2026-06-01', to: '2026-06-17', days: 17 };
    expect(await forecastJson(db)).toEqual([
      // usage 17 × 100 + (60 + 40 + 20) = 1820, posted 300 (recurring) + 1000 (one-time) = 3120 to date; + 10 × 100.
      // No complete month before June in the store, so no recurring fee or tax is expected.
      summary('BilledCost', '2026-06', '2026-06-20', 30, 20, 3, { mtd: 3120, posted: 1300, prov: 120, projected: 1000, next: 100 }, fit),
      // 17 × 80 + (48 + 32 + 16) = 1456 to date; + 10 × 80.
      summary('EffectiveCost', '2026-06', '2026-06-20', 30, 20, 3, { mtd: 1456, prov: 96, projected: 800, next: 80 }, fit),
    ]);
  });

  it('month-to-date actual reconciles to the line items', async () => {
    const [row] = await sqlRows(db, `SELECT sum(BilledCost) AS billed, sum(EffectiveCost) AS effective FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-06-01' AND ChargePeriodStart < TIMESTAMP '2026-06-21'`);
    expect([Number(row.billed), Number(row.effective)]).toEqual([3120, 1456]);
  });

  it('prints the summary with the method and the provisional days in words', async () => {
    const run = await costlens(db, 'forecast');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Month 2026-06 as of 20 Jun 2026 (the last complete day in the store): 20 of 30 days complete, 10 projected.');
    expect(run.stdout).toContain('over 17 days with data in 1–17 Jun 2026');
    // In the one wording of the CLI, the e-mail and the pages (it said "AWS may restate them"), naming forecast's own key.
    expect(run.stdout).toContain('Excluded from the fit: 18–20 Jun 2026 (counted in usage_actual), treated as provisional: costlens counts them back from the data horizon (forecast.provisionalDays).');
    expect(run.stdout).toContain('Expected charges: none, the month before (May 2026) is not in the store: the store\'s billing data begins on 1 Jun 2026.');
    // usage_actual, posted_other, projected_usage, expected_other, forecast, low, high.
    expect(run.stdout).toMatch(/BilledCost\s+\$1,820\.00\s+\$1,300\.00\s+\$1,000\.00\s+\$0\.00\s+\$4,120\.00\s+\$4,120\.00\s+\$4,120\.00/);
  });
});

describe('costlens forecast: a linear run-rate', () => {
  /*
   * September 2026, data to the 15th: day d costs 100 + 2d billed, 50 + d effective; the
   * provisional 13th–15th arrived at half (63, 64, 65 billed; 31.5, 32, 32.5 effective).
   */
  let dir: string;
  let db: string;
  beforeAll(async () => {
    const lines = days('2026-09-01', '2026-09-15').map((day): FixtureLine => {
      const d = Number(day.slice(8));
      const share = d >= 13 ? 0.5 : 1;
      return { day, service: EC2, account: '111', billed: (100 + 2 * d) * share, effective: (50 + d) * share };
    });
    ({ dir, db } = await storeOf(lines));
  });

  it('extends the trend fitted on the 1st–12th to the 30th: Σ(100 + 2d) for d = 16..30 = 2190', async () => {
    const fit = { from: '2026-09-01', to: '2026-09-12', days: 12 };
    // The line has no residual, so its band is the forecast itself; the last 7 fitted days (6–12 Sep) ran at the line's value on
    // the 9th, 118 (59) a day, against the 146 (73) a day on average the line projects over 16–30 Sep: the month at that rate,
    // 1548 + 15 × 118 = 3318 (774 + 15 × 59 = 1659), lies below the band's low edge, 3738 (1869).
    const recent = (dailyMean: number, trend: number, mtd: number) => ({
      from: '2026-09-06', to: '2026-09-12', days: 7, dailyMean: f(dailyMean), estimatedDays: 15, trendDailyMean: f(trend),
      projectedUsage: f(15 * dailyMean), monthAtThatRate: f(mtd + 15 * dailyMean), outside: 'below',
    });
    expect(await forecastJson(db)).toEqual([
      // Σ(100 + 2d), d = 1..12 = 1356, + 192 provisional = 1548; next day 100 + 2 × 16.
      summary('BilledCost', '2026-09', '2026-09-15', 30, 15, 3, { mtd: 1548, prov: 192, projected: 2190, next: 132 }, fit, recent(118, 146, 1548)),
      // Σ(50 + d), d = 1..12 = 678, + 96 provisional = 774; Σ(50 + d), d = 16..30 = 1095.
      summary('EffectiveCost', '2026-09', '2026-09-15', 30, 15, 3, { mtd: 774, prov: 96, projected: 1095, next: 66 }, fit, recent(59, 73, 774)),
    ]);
  });

  it('as of the 10th (before the provisional days) forecasts the whole line: Σ(100 + 2d), d = 1..30 = 3930', async () => {
    const fit = { from: '2026-09-01', to: '2026-09-10', days: 10 };
    // The last 7 fitted days (4–10 Sep) ran at the line's value on the 7th, 114 (57) a day; the line projects 11–30 Sep at
    // 141 (70.5) a day on average: 1110 + 20 × 114 = 3390 (555 + 20 × 57 = 1695) lies below the band, 3930 (1965).
    const recent = (dailyMean: number, trend: number, mtd: number) => ({
      from: '2026-09-04', to: '2026-09-10', days: 7, dailyMean: f(dailyMean), estimatedDays: 20, trendDailyMean: f(trend),
      projectedUsage: f(20 * dailyMean), monthAtThatRate: f(mtd + 20 * dailyMean), outside: 'below',
    });
    expect(await forecastJson(db, '--as-of', '2026-09-10')).toEqual([
      summary('BilledCost', '2026-09', '2026-09-10', 30, 10, 0, { mtd: 1110, prov: 0, projected: 2820, next: 122 }, fit, recent(114, 141, 1110)),
      summary('EffectiveCost', '2026-09', '2026-09-10', 30, 10, 0, { mtd: 555, prov: 0, projected: 1410, next: 61 }, fit, recent(57, 70.5, 555)),
    ]);
  });

  it('--daily labels actual, provisional and projected days', async () => {
    const rows = await forecastJson(db, '--daily');
    expect(rows.length).toBe(30);
    expect(rows[11]).toEqual({ day: '2026-09-12', status: 'actual', billedCost: f(124), billedLow: null, billedHigh: null, effectiveCost: f(62), effectiveLow: null, effectiveHigh: null });
    expect(rows.slice(12, 15).map((r) => [r.day, r.status, r.billedCost])).toEqual([
      ['2026-09-13', 'provisional', f(63)], ['2026-09-14', 'provisional', f(64)], ['2026-09-15', 'provisional', f(65)],
    ]);
    expect(rows[29]).toEqual({ day: '2026-09-30', status: 'projected', billedCost: f(160), billedLow: f(160), billedHigh: f(160), effectiveCost: f(80), effectiveLow: f(80), effectiveHigh: f(80) });
  });

  it('with method: mean from the config, projects the average and a band from the 10th/90th percentile of the residuals', async () => {
    const config = join(dir, 'costlens.config.yaml');
    writeFileSync(config, 'forecast:\n  method: mean\n');
    const fit = { method: 'mean', from: '2026-09-01', to: '2026-09-12', days: 12 };
    // Billed: mean of 102..124 = 113; residuals −11, −9, …, 11 → type-7 quantiles ∓8.8 → 15 × (113 ∓ 8.8).
    // Effective: mean 56.5; residuals −5.5 … 5.5 → ∓4.4 → 15 × (56.5 ∓ 4.4).
    // The last 7 fitted days ran at 118 (59) a day: 1548 + 15 × 118 = 3318 inside the band 3111 to 3375 (774 + 15 × 59 = 1659
    // inside 1555.5 to 1687.5): no recentRate.
    expect(await forecastJson(db, '--config', config)).toEqual([
      summary('BilledCost', '2026-09', '2026-09-15', 30, 15, 3, { mtd: 1548, prov: 192, projected: 1695, low: 1548 + 15 * 104.2, high: 1548 + 15 * 121.8, next: 113 }, fit),
      summary('EffectiveCost', '2026-09', '2026-09-15', 30, 15, 3, { mtd: 774, prov: 96, projected: 847.5, low: 774 + 15 * 52.1, high: 774 + 15 * 60.9, next: 56.5 }, fit),
    ]);
  });

  it('refuses to forecast when every day before as-of is provisional', async () => {
    const config = join(dir, 'all-provisional.json');
    writeFileSync(config, JSON.stringify({ forecast: { provisionalDays: 15 } }));
    const run = await costlens(db, 'forecast', '--config', config);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('no billing data to fit a run-rate on: no non-provisional day from 2026-08-04 to 2026-08-31');
    const bad = await costlens(db, 'forecast', '--as-of', '2026-9-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of must be a date YYYY-MM-DD; got "2026-9-1"');
  });
});

describe('costlens forecast: fees posted once a month and tax are expected from the previous complete month', () => {
  /*
   * July 2026 complete: 100 a day of usage (3,100), AWS Support posted once (300, charge period
   * the month) and tax at 10 % of the rest (340). August to the 10th: 100 a day, and the first 50
   * of support posted on the 1st (as AWS posts a minimum fee at the start of the month).
   */
  let db: string;
  beforeAll(async () => {
    const support = (day: string, billed: number, periodEnd: string): FixtureLine => ({ day, service: 'AWS Support (Business)', account: '111', billed, periodEnd, category: 'Purchase', frequency: 'Recurring' });
    const lines: FixtureLine[] = [
      ...days('2026-07-01', '2026-07-31').map((day): FixtureLine => ({ day, service: EC2, account: '111', billed: 100 })),
      support('2026-07-01', 300, '2026-08-01 00:00:00'),
      { day: '2026-07-01', service: EC2, account: '111', billed: 340, periodEnd: '2026-08-01 00:00:00', category: 'Tax', frequency: 'One-Time' },
      ...days('2026-08-01', '2026-08-10').map((day): FixtureLine => ({ day, service: EC2, account: '111', billed: 100 })),
      support('2026-08-01', 50, '2026-09-01 00:00:00'),
    ];
    ({ db } = await storeOf(lines));
  });

  it('names each expected charge: support 300 at month end (250 still to post), tax 10 % of the rest (340)', async () => {
    const [billed] = await forecastJson(db);
    // Usage 10 × 100 + posted 50; projected usage 21 × 100 = 2,100; support 300 − 50 = 250 more;
    // tax 340 / 3,400 = 10 % of (1,050 + 2,100 + 250) = 340. Forecast 1,050 + 2,100 + 250 + 340 = 3,740.
    expect([billed.month, billed.asOf, billed.usageActual, billed.postedOther, billed.projectedUsage, billed.expectedOther, billed.forecast])
      .toEqual(['2026-08', '2026-08-10', f(1000), f(50), f(2100), f(590), f(3740)]);
    const run = await costlens(db, 'forecast');
    // The notes write money as the table does, every figure here being whole cents (they wrote 300.000000).
    expect(run.stdout).toContain('posted_other: recurring fees, one-time charges, tax, credits and adjustments posted in 2026-08 so far (BilledCost: recurring $50.00, one-time $0.00, tax $0.00, credits and adjustments $0.00).');
    expect(run.stdout).toContain('a row\'s expected_other is the sum of its measure\'s "still to post" (BilledCost $590.00, EffectiveCost $590.00).');
    expect(run.stdout).toContain('Expected: AWS Support (Business) (recurring): BilledCost $300.00 at month end, $250.00 still to post (posts once a month: $300.00 in 2026-07; $50.00 posted); EffectiveCost ');
    expect(run.stdout).toContain('Expected: Tax (tax): BilledCost $340.00 at month end, $340.00 still to post (10.00 % of the other charges, as in 2026-07; $0.00 posted); EffectiveCost ');
  });

  it('as of the last day of July, July is complete: the forecast is the month as billed, 3,740', async () => {
    const [billed] = await forecastJson(db, '--as-of', '2026-07-31');
    expect([billed.month, billed.usageActual, billed.postedOther, billed.projectedRemaining, billed.forecast]).toEqual(['2026-07', f(3100), f(640), f(0), f(3740)]);
  });
});

describe('costlens forecast: a month with no day left is the charges it holds', () => {
  /*
   * July 2026 as above (usage 3,100, support 300, tax 340). August complete: usage 100 a day
   * (3,100), support 280 and tax 330 posted, both less than July says to expect (300, and 10 % of
   * the other charges = 338). As of 31 August nothing is still to post: the forecast is 3,710, the
   * month as billed, where expecting July's figures would add 20 of support and 8 of tax.
   */
  let db: string;
  beforeAll(async () => {
    const fee = (day: string, billed: number, periodEnd: string): FixtureLine => ({ day, service: 'AWS Support (Business)', account: '111', billed, periodEnd, category: 'Purchase', frequency: 'Recurring' });
    const tax = (day: string, billed: number, periodEnd: string): FixtureLine => ({ day, service: EC2, account: '111', billed, periodEnd, category: 'Tax', frequency: 'One-Time' });
    ({ db } = await storeOf([
      ...days('2026-07-01', '2026-08-31').map((day): FixtureLine => ({ day, service: EC2, account: '111', billed: 100 })),
      fee('2026-07-01', 300, '2026-08-01 00:00:00'), tax('2026-07-01', 340, '2026-08-01 00:00:00'),
      fee('2026-08-01', 280, '2026-09-01 00:00:00'), tax('2026-08-01', 330, '2026-09-01 00:00:00'),
    ]));
  });

  it('as of 31 August: forecast 3,710 = 3,100 of usage + 280 + 330 posted, nothing expected on top', async () => {
    const [billed] = await forecastJson(db, '--as-of', '2026-08-31');
    expect([billed.month, billed.daysRemaining, billed.usageActual, billed.postedOther, billed.expectedOther, billed.projectedRemaining, billed.forecast, billed.low, billed.high])
      .toEqual(['2026-08', 0, f(3100), f(610), f(0), f(0), f(3710), f(3710), f(3710)]);
    const run = await costlens(db, 'forecast', '--as-of', '2026-08-31');
    expect(run.stdout).toContain('The month is over: the forecast is the charges it holds, with nothing more expected; fees or tax AWS posts to 2026-08 later arrive with a new delivery and change its actual.');
    expect(run.stdout).toContain('Expected: AWS Support (Business) (recurring): BilledCost $300.00 at month end, $0.00 still to post (posts once a month: $300.00 in 2026-07; $280.00 posted); EffectiveCost ');
  });

  it('as of 30 August, one day left: the fee and tax short of July still count as to come (20 and 8.1)', async () => {
    const [billed] = await forecastJson(db, '--as-of', '2026-08-30');
    // Usage 3,000 + 610 posted; one day projected at 100; support 300 − 280 = 20 more; tax
    // 10 % × (3,000 + 280 + 100 + 20) = 340 less 330 posted = 10 more. 3,610 + 100 + 20 + 10 = 3,740.
    expect([billed.daysRemaining, billed.projectedUsage, billed.expectedOther, billed.forecast]).toEqual([1, f(100), f(30), f(3740)]);
  });
});
