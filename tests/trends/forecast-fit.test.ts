/**
 * The forecast's run-rate fit, by hand: its band always contains the projection, and a level shift
 * the fit does not follow is said, with the month at the recent rate as a second figure, the
 * forecast's own figures unchanged. A stub engine serves the daily usage, so the figures are the
 * test's own; every expected figure is worked out in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { bandOffsets, findLevelShift, findRecentRate, fitRunRate, forecastMonthEnd, levelShiftMonth, project, trendCaveat } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { forecastNotes, forecastTable } from '../../src/cli/forecast.ts';
import { fitJson } from '../../src/cli/forecast-fit-notes.ts';
import { dayRange } from '../../src/lib/calendar.ts';
import { toUnits } from '../../src/lib/money.ts';
import { inRange, stubEngine, type StubRow } from '../helpers/stub-engine.ts';

const u = toUnits;

describe('the band contains the projection', () => {
  it('19 days at 100 and one at 0: the residuals\' 10th percentile is +5, above the trend; the low edge stays at the trend (was 100 a day above the projection\'s 95)', () => {
    // Mean 1,900 / 20 = 95; residuals +5 (19 days) and −95. Type-7 quantiles of the sorted residuals (−95, 5, 5, …):
    // 10th at h = 19 × 0.1 = 1.9, between the 2nd and 3rd, both 5: +5; 90th at h = 17.1: +5.
    const xs = dayRange('2026-06-01', '2026-06-20').map((_, i) => i);
    const fit = fitRunRate(xs, xs.map((x) => (x === 0 ? 0 : 100)), 'mean');
    expect([fit.intercept, fit.slope]).toEqual([95, 0]);
    // The low edge would be 95 + 5 = 100 a day, above the projection: kept at the trend (+0); the high edge 95 + 5 = 100.
    expect(bandOffsets(fit, 0.1, 0.9)).toEqual({ below: 0, above: 5 });
    // Ten days: point 10 × 95 = 950, low 950 (was 1,000), high 1,000.
    expect(project(fit, xs.map((x) => x + 20).slice(0, 10), 0.1, 0.9)).toEqual({ point: 950, low: 950, high: 1000 });
  });
});

describe('a level shift the fit does not follow', () => {
  /*
   * June 2026 to the 17th, no day provisional, the mean as the run-rate (so that every figure is worked by hand): 1–10 June
   * 99 and 101 by turns (mean 100), 11–13 June 60 a day, 14–17 June 30 a day: 1,000 + 180 + 120 = 1,300 so far.
   */
  const usage = (day: string) => {
    const d = Number(day.slice(8));
    return d <= 10 ? (d % 2 === 1 ? '99' : '101') : d <= 13 ? '60' : '30';
  };
  const days = dayRange('2026-06-01', '2026-06-17').map((day): StubRow => ({
    day, lines: '1', billed_cost: usage(day), effective_cost: usage(day), usage_billed_cost: usage(day), usage_effective_cost: usage(day),
  }));
  const engine = stubEngine({
    'calendar/data_horizon': () => [{ first_day: '2026-06-01', horizon: '2026-06-17', last_charge_day: '2026-06-17', last_usage_period: '2026-06' }],
    'trends/daily_spend': (params) => inRange(days, params),
    'trends/spend_by_class_and_service': () => [],
  });
  const config = forecastConfigSchema.parse({ provisionalDays: 0, method: 'mean' });

  it('finds it: the last 7 fitted days all below the band of the 10 before them; usage at 30 a day since 14 June; the month at that rate 1,690, the forecast unchanged', async () => {
    const f = await forecastMonthEnd(engine, config);
    const b = f.billed;
    // The forecast keeps its mean of all 17 days: 1,300 / 17 = 76.470588… × the 13 days left = 994.117647; forecast 2,294.117647.
    expect([b.mtdActual, b.projectedUsage, b.forecast]).toEqual([u('1300'), u('994.117647'), u('2294.117647')]);
    // Its band: residuals of the 17 days −46.47 (4 days at 30), −16.47 (3), +22.53 (5), +24.53 (5); the 10th percentile (h = 1.6) is −46.47,
    // the 90th (h = 14.4) +24.53: 30 and 101 a day, 1,300 + 13 × 30 = 1,690 and 1,300 + 13 × 101 = 2,613. The band reaches 30 a day,
    // but only the level shift says usage is there now.
    expect([b.low, b.high]).toEqual([u('1690'), u('2613')]);
    // The reference: 1–10 June, mean 100, residuals ±1: band edges 99 and 101 a day (the 10th and 90th percentiles −1 and +1).
    // 11–17 June (60, 60, 60, 30, 30, 30, 30) all below 99: by 39 (60) to 69 (30). Back from the 17th each day sits 0 from the
    // mean of the days after it, within −1 to +1, to the 14th; the 13th sits 60 − 30 = +30 from it: the level is 14–17 June,
    // 120 / 4 = 30 a day. 13 days × 30 = 390: the month at that rate 1,300 + 390 = 1,690 (no fee or tax to expect).
    expect(b.levelShift).toEqual({
      direction: 'down', judgedFrom: '2026-06-11', judgedTo: '2026-06-17', referenceFrom: '2026-06-01', referenceTo: '2026-06-10', referenceDays: 10,
      edgeLeast: u('99'), edgeMost: u('99'), beyondLeast: u('39'), beyondMost: u('69'), spreadBelow: u('-1'), spreadAbove: u('1'),
      from: '2026-06-14', to: '2026-06-17', days: 4, dailyMean: u('30'), changedAfter: { day: '2026-06-13', gap: u('30') },
      estimatedDays: 13, projectedUsage: u('390'), monthAtThatRate: u('1690'),
    });
    expect(fitJson(b)).toEqual({
      projectedUsageLow: '390.000000', projectedUsageHigh: '1313.000000',
      levelShift: {
        direction: 'down', judgedFrom: '2026-06-11', judgedTo: '2026-06-17', referenceFrom: '2026-06-01', referenceTo: '2026-06-10',
        from: '2026-06-14', to: '2026-06-17', days: 4, dailyMean: '30.000000', estimatedDays: 13, projectedUsage: '390.000000', monthAtThatRate: '1690.000000',
      },
      // The level shift gives the month at the recent rate: the recent-rate check is not made.
      recentRate: null,
    });
    // The evidence per measure (the same on EffectiveCost here), then the rule once: the month at that rate is the 1,300 it holds + 390, no fee or tax to expect.
    const notes = forecastNotes(f);
    const billedNote = 'Level shift (BilledCost): the last 7 fitted days (11–17 Jun 2026) sat below the band of the mean of the 10 fitted days before them (1–10 Jun 2026), '
      + 'low edge $99.00 a day, by $39.00 to $69.00. Since 14 Jun 2026 usage ran at $30.00 a day (4 fitted days, each within -$1.00 to +$1.00 of the mean of the days after it; '
      + '13 Jun 2026 sat +$30.00 from it). At that rate the 13 days still to estimate come to 13 × $30.00 = $390.00 of usage and the month to $1,690.00 '
      + '($1,300.00 it holds, no other charge expected); the forecast, $2,294.117647 (projected_usage $994.117647), keeps the mean.';
    expect(notes.filter((n) => n.startsWith('Level shift'))).toEqual([
      billedNote, billedNote.replace('(BilledCost)', '(EffectiveCost)'),
      'Level shift, the rule: the last 7 fitted days all below the low edge (or all above the high edge) of the band of the mean of the fitted days before them, at least 7 '
      + '(the 10th and 90th percentile of its residuals, as the forecast\'s band), are a step the forecast\'s mean does not follow; the forecast\'s own fit is no judge of days it was fitted on. '
      + 'The recent rate: back from the last fitted day, the days that sit from the mean of the days after them no further than the reference days sat from their mean; '
      + 'their usage ÷ their number, to the micro-dollar.',
    ]);
    // The weekly e-mail's one line under its month-end forecast (src/analyze/forecast/trend-caveat.ts): the day the level changed, its rate, the month at it, in cents.
    expect(trendCaveat(b)).toBe('BilledCost: usage stepped down on 14 Jun 2026, and the forecast\'s mean does not follow it: at the rate since then ($30.00 a day) '
      + 'the month would be $1,690.00. costlens forecast gives the rule and its evidence.');
    // A level that runs back to the first fitted day has no day of change: the line names the judged days and the level's days instead (wording only).
    expect(trendCaveat({ ...b, cost: 'effective', levelShift: { ...b.levelShift!, changedAfter: null } }, { command: 'costlens forecast --as-of 2026-06-17' }))
      .toBe('EffectiveCost: usage stepped down in its last 7 fitted days (11–17 Jun 2026), and the forecast\'s mean does not follow it: at the rate of 14–17 Jun 2026 ($30.00 a day) '
        + 'the month would be $1,690.00. costlens forecast --as-of 2026-06-17 gives the rule and its evidence.');
  });

  it('judges nothing on fewer than 14 fitted days, and says so', async () => {
    // As of 10 June: 10 fitted days, 7 to judge and 7 before them needed.
    const f = await forecastMonthEnd(engine, config, { asOf: '2026-06-10' });
    expect([f.fitDays, f.billed.levelShift, f.effective.levelShift]).toEqual([10, null, null]);
    expect(forecastNotes(f)).toContain('Level shift: not judged, the fit has 10 days and the check needs 14 (the last 7 against at least 7 before them).');
    expect(forecastNotes(f).filter((n) => n.startsWith('Level shift'))).toHaveLength(1);
  });

  it('finds none where the trend goes on (a rising line with noise), and a shift up with the day before it', () => {
    const fitted = (values: number[]) => {
      const all = dayRange('2026-06-01', '2026-06-30').slice(0, values.length);
      return { days: all, xs: all.map((_, i) => i), units: values.map((v) => u(String(v))) };
    };
    const linear = { ...config, method: 'linear' as const };
    // 100 + 2x, ±1 by turns: the trend of the first 13 days carries on through the last 7, every one inside its band.
    const rising = Array.from({ length: 20 }, (_, x) => 100 + 2 * x + (x % 2 === 0 ? 1 : -1));
    expect(findLevelShift(fitted(rising), linear)).toBeNull();
    // 10 days of 99 and 101 by turns, then 150 a day for 7: all above 101. The level runs back to 11 June; the 10th sat 101 − 150 = −49 from it.
    const stepUp = [...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 99 : 101)), ...Array(7).fill(150)];
    expect(findLevelShift(fitted(stepUp), config)).toMatchObject({
      direction: 'up', judgedFrom: '2026-06-11', from: '2026-06-11', days: 7, dailyMean: u('150'), edgeLeast: u('101'), beyondLeast: u('49'),
      changedAfter: { day: '2026-06-10', gap: u('-49') },
    });
  });
});

describe('a trend projected far from the recent rate (no level shift)', () => {
  const fitted = (values: string[]) => ({ days: dayRange('2026-06-01', '2026-06-30').slice(0, values.length), units: values.map(u) });
  // 3 days, then 10, 11, 12, 13, 14, 15 and 17: the last 7 sum to 92, 92 / 7 = 13.142857142… → 13.142857 a day.
  const ten = fitted(['40', '41', '42', '10', '11', '12', '13', '14', '15', '17']);
  // 20 days to estimate: 20 × 13.142857 = 262.85714 of usage; with 500 held (and nothing expected) the month at that rate is 762.85714.
  const monthEndWith = (usage: bigint) => u('500') + usage;
  const trend = (low: string, high: string, forecast = '1100') => ({ estimatedDays: 20, projectedUsage: u('600'), forecast: u(forecast), low: u(low), high: u(high) });
  const found = (outside: 'below' | 'above') => ({
    from: '2026-06-04', to: '2026-06-10', days: 7, dailyMean: u('13.142857'), estimatedDays: 20,
    // The trend's 600 over 20 days: 30 a day on average.
    trendDailyMean: u('30'), projectedUsage: u('262.85714'), monthAtThatRate: u('762.85714'), outside,
  });

  it('fires below the band\'s low edge and above its high edge, not inside it (an edge itself is inside)', () => {
    expect(findRecentRate(ten, trend('762.857141', '1200'), null, monthEndWith)).toEqual(found('below'));
    expect(findRecentRate(ten, trend('500', '762.857139', '600'), null, monthEndWith)).toEqual(found('above'));
    expect(findRecentRate(ten, trend('762.85714', '762.85714'), null, monthEndWith)).toBeNull();
    expect(findRecentRate(ten, trend('700', '800'), null, monthEndWith)).toBeNull();
  });

  it('needs the month at that rate 10 % or more from the forecast, besides outside the band: a narrow band around a steady ramp is no news', () => {
    // 762.85714 against a forecast of 847: 84.14286 off, 9.93 % of it; of 848, 85.14286 off, 10.04 %.
    expect(findRecentRate(ten, trend('800', '900', '847'), null, monthEndWith)).toBeNull();
    expect(findRecentRate(ten, trend('800', '900', '848'), null, monthEndWith)).toEqual(found('below'));
  });

  it('is not judged on fewer than 7 fitted days, nor with no day to estimate', () => {
    // 6 days of 10 against a band of 1,000 to 1,200 a month: 500 + 20 × 10 = 700 would lie below it.
    expect(findRecentRate(fitted(Array(6).fill('10')), trend('1000', '1200'), null, monthEndWith)).toBeNull();
    expect(findRecentRate(fitted(Array(7).fill('10')), trend('1000', '1200'), null, monthEndWith)).toMatchObject({ dailyMean: u('10'), monthAtThatRate: u('700'), outside: 'below' });
    expect(findRecentRate(ten, { ...trend('1000', '1200'), estimatedDays: 0 }, null, monthEndWith)).toBeNull();
  });

  it('is not given when a level shift is found: its note gives the month at the recent rate', () => {
    // 10 days of 99 and 101 by turns, then 150 a day for 7: a shift up (above), whose month at 13 × 150 = 1,950 lies above a band to 1,500.
    const stepUp = [...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? '99' : '101')), ...Array(7).fill('150')];
    const days = { ...fitted(stepUp), xs: stepUp.map((_, i) => i) };
    const shift = levelShiftMonth(findLevelShift(days, forecastConfigSchema.parse({ method: 'mean' })), 13, (usage) => usage);
    const band = { estimatedDays: 13, projectedUsage: u('1400'), forecast: u('1400'), low: u('1300'), high: u('1500') };
    expect(shift).toMatchObject({ direction: 'up', dailyMean: u('150'), monthAtThatRate: u('1950') });
    expect(findRecentRate(days, band, shift, (usage) => usage)).toBeNull();
    expect(findRecentRate(days, band, null, (usage) => usage)).toMatchObject({ from: '2026-06-11', dailyMean: u('150'), monthAtThatRate: u('1950'), outside: 'above' });
  });

  it('says so under the table and in the JSON: a falling line, 200 − 5x on 1–20 June, whose last 7 days ran above what it projects', async () => {
    // Σ(200 − 5x), x = 0..19 = 3,050 held; the line projects 21–30 June (x = 20..29) at 100 down to 55: 775, 77.50 a day; no residual, so
    // the band is the forecast, 3,825. 14–20 June (x = 13..19) ran at 120 a day: 10 × 120 = 1,200, the month 4,250, above it.
    const falling = dayRange('2026-06-01', '2026-06-20').map((day, x): StubRow => {
      const y = String(200 - 5 * x);
      return { day, lines: '1', billed_cost: y, effective_cost: y, usage_billed_cost: y, usage_effective_cost: y };
    });
    const engine = stubEngine({
      'calendar/data_horizon': () => [{ first_day: '2026-06-01', horizon: '2026-06-20', last_charge_day: '2026-06-20', last_usage_period: '2026-06' }],
      'trends/daily_spend': (params) => inRange(falling, params),
      'trends/spend_by_class_and_service': () => [],
    });
    const f = await forecastMonthEnd(engine, forecastConfigSchema.parse({ provisionalDays: 0 }));
    expect([f.billed.levelShift, f.billed.forecast, f.billed.low, f.billed.high]).toEqual([null, u('3825'), u('3825'), u('3825')]);
    expect(fitJson(f.billed).recentRate).toEqual({
      from: '2026-06-14', to: '2026-06-20', days: 7, dailyMean: '120.000000', estimatedDays: 10, trendDailyMean: '77.500000',
      projectedUsage: '1200.000000', monthAtThatRate: '4250.000000', outside: 'above',
    });
    // 3,050 held and no other charge: the month at that rate 3,050 + 1,200 = 4,250.
    expect(forecastNotes(f)).toContain('Recent rate (BilledCost): the last 7 fitted days (14–20 Jun 2026) ran at $120.00 a day, the trend at $77.50 a day on average over the 10 days still to estimate. '
      + 'At the recent rate those come to 10 × $120.00 = $1,200.00 of usage and the month to $4,250.00 ($3,050.00 it holds, no other charge expected), above the band\'s high edge of $3,825.00; '
      + 'the forecast, $3,825.00, keeps the trend.');
    // Both measures' notes, then the rule once.
    expect(forecastNotes(f).filter((n) => n.startsWith('Recent rate'))).toHaveLength(3);
    // The weekly e-mail's one line under its month-end forecast: the trend runs below the last 7 days' $120.00 a day; the month at that rate, in cents.
    expect(trendCaveat(f.billed)).toBe('BilledCost: the forecast\'s trend runs below the rate of its last 7 fitted days (14–20 Jun 2026, $120.00 a day): '
      + 'at that rate the month would be $4,250.00. costlens forecast gives the rule and its evidence.');
    // Neither finding: no line.
    expect(trendCaveat({ ...f.billed, recentRate: null })).toBeNull();
  });
});

describe('the provisional days left out of the fit', () => {
  // 1 June to 1 July 2026 at 10 a day, the data horizon 1 July: the last 3 complete days (29 June – 1 July) are provisional, and the
  // forecast of July as of the 1st fits 1–28 June (fitDays 28). It said "Excluded from the fit: 2026-07-01", provisionalDays 1, leaving 29–30 June unsaid.
  const days = dayRange('2026-06-01', '2026-07-01').map((day): StubRow => ({ day, lines: '1', billed_cost: '10', effective_cost: '10', usage_billed_cost: '10', usage_effective_cost: '10' }));
  const engine = stubEngine({
    'calendar/data_horizon': () => [{ first_day: '2026-06-01', horizon: '2026-07-01', last_charge_day: '2026-07-01', last_usage_period: '2026-07' }],
    'trends/daily_spend': (params) => inRange(days, params),
    'trends/spend_by_class_and_service': () => [],
    'trends/recurring_fees_by_commitment_term': () => [],
  });

  it('names them all, those of the month counted in usage_actual, those of the month before in no column, and counts them', async () => {
    const f = await forecastMonthEnd(engine, forecastConfigSchema.parse({ provisionalDays: 3 }));
    expect([f.month, f.fitFrom, f.fitTo, f.provisionalDays, f.unfittedDays]).toEqual(['2026-07', '2026-06-01', '2026-06-28', ['2026-07-01'], ['2026-06-29', '2026-06-30', '2026-07-01']]);
    // provisional_days counts the month's own (1 July); unfitted_days every day left out of the fit (3).
    const table = forecastTable(f);
    expect([table.rows[0][table.columns.indexOf('provisional_days')], table.rows[0][table.columns.indexOf('unfitted_days')]]).toEqual(['1', '3']);
    expect(forecastNotes(f)).toContain('Excluded from the fit: 29 Jun – 1 Jul 2026 (1 Jul 2026 counted in usage_actual; 29–30 Jun 2026 in 2026-06, before the month forecast), '
      + 'treated as provisional: costlens counts them back from the data horizon (forecast.provisionalDays).');
  });
});
