/**
 * Explore's presets and compared spans as calendar arithmetic (src/server/features/explore/range.ts), and
 * the series colours every chart shares (src/lib/series-colours.ts).
 */
import { describe, expect, it } from 'vitest';
import { FIRST_TEN, NO_VALUE_COLOUR, OTHER_COLOUR, preferredSlot, SERIES_PALETTE, seriesColour, seriesColours } from '../../src/lib/series-colours.ts';
import { contextFor } from '../../src/server/context.ts';
import { comparisonRange, offeredPresets, PRESET_NAMES, presetChoice, presetLabel, presetOf, presetRange, presetShown } from '../../src/server/features/explore/range.ts';

/** The presets' horizon at `day` in a store of one delivery: the last complete month by the calendar (contextFor). */
const at = (day: string) => contextFor(day, { lines: 0 }, day);

describe('presets end at the data horizon', () => {
  it('mid-month horizon (14 Nov 2026): days up to it; whole months up to the last complete one (October)', () => {
    expect(Object.fromEntries(PRESET_NAMES.map((p) => [p, presetRange(p, at('2026-11-14'))]))).toEqual({
      last_7_days: { start: '2026-11-08', end: '2026-11-15' },
      last_30_days: { start: '2026-10-16', end: '2026-11-15' },
      month_to_date: { start: '2026-11-01', end: '2026-11-15' },
      last_month: { start: '2026-10-01', end: '2026-11-01' },
      last_3_months: { start: '2026-08-01', end: '2026-11-01' },
      last_6_months: { start: '2026-05-01', end: '2026-11-01' },
      last_12_months: { start: '2025-11-01', end: '2026-11-01' },
    });
  });

  it('a horizon on the last day of its month (30 Nov): that month is complete, so it is "last month"; a year boundary and a leap day hold', () => {
    expect(presetRange('last_month', at('2026-11-30'))).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(presetRange('month_to_date', at('2026-11-30'))).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(presetRange('last_3_months', at('2027-01-10'))).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(presetRange('last_7_days', at('2028-03-02'))).toEqual({ start: '2028-02-25', end: '2028-03-03' });
    expect(presetOf({ start: '2026-10-01', end: '2026-11-01' }, at('2026-11-14'))).toBe('last_month');
    expect(presetOf({ start: '2026-10-02', end: '2026-11-01' }, at('2026-11-14'))).toBeUndefined();
  });

  it('a month a delivery of fees only keeps open (its bill not invoiced: the last complete month before the horizon\'s) ends the whole-month presets; month to date over it is named by the month, not Last month', () => {
    const open = { as_of: '2018-11-30', last_complete_month: '2018-10' };
    expect([presetRange('last_month', open), presetRange('last_12_months', open), presetRange('month_to_date', open)])
      .toEqual([{ start: '2018-10-01', end: '2018-11-01' }, { start: '2017-11-01', end: '2018-11-01' }, { start: '2018-11-01', end: '2018-12-01' }]);
    expect([presetLabel('month_to_date', presetRange('month_to_date', open), open), presetOf({ start: '2018-10-01', end: '2018-11-01' }, open)]).toEqual(['Nov 2018', 'last_month']);
    // The Range field names the month Last month is when a later whole month is passed over, and month to date, that whole month passed over,
    // by its month, as the page does (it offered it as "Month to date" while the summary said "Nov 2018"); else, and for the other presets, their labels.
    expect([presetChoice('last_month', open), presetChoice('last_3_months', open), presetChoice('month_to_date', open)]).toEqual(['Oct 2018 (last complete month)', 'Last 3 months', 'Nov 2018']);
    expect([presetChoice('month_to_date', at('2018-11-30')), presetChoice('month_to_date', at('2018-11-29'))]).toEqual(['Month to date', 'Month to date']);
    // Chosen, month to date over the whole last complete month shows as Last month, its days' name on the page; passed over, or not over, as itself.
    expect([presetShown('month_to_date', at('2018-11-30')), presetShown('month_to_date', open), presetShown('month_to_date', at('2018-11-29')), presetShown('last_7_days', at('2018-11-30'))])
      .toEqual(['last_month', 'month_to_date', 'month_to_date', 'last_7_days']);
    // The Range field offers those days once: month to date over the whole last complete month is not offered beside Last month
    // (both were, 1–30 Nov 2018 each), nor the last 30 days, the same days in a month of 30 (all three were); passed over (Nov 2018,
    // beside Last month's Oct 2018), month to date is, the last 30 days (its days) not; not over, both are.
    const every = ['last_7_days', 'last_30_days', 'month_to_date', 'last_month', 'last_3_months', 'last_6_months', 'last_12_months'];
    expect([offeredPresets(at('2018-11-30')), offeredPresets(open), offeredPresets(at('2018-11-29'))])
      .toEqual([every.filter((p) => p !== 'month_to_date' && p !== 'last_30_days'), every.filter((p) => p !== 'last_30_days'), every]);
    expect([presetChoice('last_month', at('2018-11-30')), presetChoice('last_month', at('2018-11-29')), presetChoice('last_month', { as_of: '2018-12-15', last_complete_month: '2018-10' })])
      .toEqual(['Last month', 'Last month', 'Oct 2018 (last complete month)']);
    // A whole month of 31 days still open is month to date (it was no preset: month to date over a whole month was always Last month's).
    expect(presetOf({ start: '2018-12-01', end: '2019-01-01' }, { as_of: '2018-12-31', last_complete_month: '2018-11' })).toBe('month_to_date');
  });

  it('the last 30 days that are Last month\'s days (as of 30 Nov, Sep, Jun, Apr: a month of 30) or month to date\'s (as of the 30th of a month of 31) are named, shown and offered as those', () => {
    for (const day of ['2018-11-30', '2024-09-30', '2026-06-30', '2026-04-30']) {
      const horizon = at(day);
      const days = presetRange('last_30_days', horizon);
      expect(days, day).toEqual(presetRange('last_month', horizon));
      // Chosen, the field shows Last month and the note names it so (it showed "Last 30 days" beside "Last month" offered with the same days).
      expect([presetShown('last_30_days', horizon), presetLabel('last_30_days', days, horizon), presetOf(days, horizon)], day).toEqual(['last_month', 'Last month', 'last_month']);
      expect(offeredPresets(horizon), day).not.toContain('last_30_days');
    }
    // As of 30 Oct (a month of 31), the last 30 days are 1–30 Oct, month to date's days: shown and named as month to date.
    const october = at('2026-10-30');
    expect([presetRange('last_30_days', october), presetRange('month_to_date', october)]).toEqual([{ start: '2026-10-01', end: '2026-10-31' }, { start: '2026-10-01', end: '2026-10-31' }]);
    expect([presetShown('last_30_days', october), presetLabel('last_30_days', presetRange('last_30_days', october), october), offeredPresets(october).includes('last_30_days')])
      .toEqual(['month_to_date', 'Month to date', false]);
    // Any other day, the last 30 days are their own choice: 31 Oct (a month of 31: 2–31 Oct), 29 Nov, 28 Feb (a month of 28: 30 Jan – 28 Feb).
    for (const day of ['2026-10-31', '2018-11-29', '2026-02-28']) {
      expect([presetShown('last_30_days', at(day)), presetLabel('last_30_days', presetRange('last_30_days', at(day)), at(day)), offeredPresets(at(day)).includes('last_30_days')], day)
        .toEqual(['last_30_days', 'Last 30 days', true]);
    }
  });
});

describe('compared spans', () => {
  it('previous: as many days, ending the day before', () => {
    expect(comparisonRange('previous', { start: '2026-11-08', end: '2026-11-15' })).toEqual({ start: '2026-11-01', end: '2026-11-08' });
    expect(comparisonRange('previous', { start: '2026-10-01', end: '2026-11-01' })).toEqual({ start: '2026-08-31', end: '2026-10-01' });
  });

  it('same days last month: 1–14 Nov against 1–14 Oct; whole months against the whole month before; a missing 31st becomes the 30th', () => {
    expect(comparisonRange('last_month', { start: '2026-11-01', end: '2026-11-15' })).toEqual({ start: '2026-10-01', end: '2026-10-15' });
    expect(comparisonRange('last_month', { start: '2026-08-01', end: '2026-11-01' })).toEqual({ start: '2026-07-01', end: '2026-10-01' });
    expect(comparisonRange('last_month', { start: '2026-03-01', end: '2026-04-01' })).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(comparisonRange('last_month', { start: '2026-10-15', end: '2026-11-01' })).toEqual({ start: '2026-09-15', end: '2026-10-01' });
    expect(comparisonRange('last_month', { start: '2026-03-10', end: '2026-03-31' })).toEqual({ start: '2026-02-10', end: '2026-03-01' });
  });
});

// sRGB → linear → XYZ (D65) → CIELAB, and WCAG relative luminance, written here apart from src.
const linear = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
const lab = (hex: string) => {
  const [r, g, b] = linear(hex);
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883].map(f);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
};
const difference = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

describe('series colours', () => {
  it('a name has the same colour alone and in any chart it does not share a colour slot in; accounts match by id', () => {
    const names = ['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service', 'AWS Lambda'];
    const colours = seriesColours(names);
    expect(new Set(colours).size).toBe(3);
    expect(seriesColours([...names].reverse())).toEqual([...colours].reverse());
    expect(seriesColour('123456789012')).toBe(seriesColour('payments-prod (123456789012)'));
    expect(SERIES_PALETTE).toContain(seriesColour('AWS Lambda'));
  });

  it('names claim colours largest first, so a name\'s colour depends only on the larger names of its chart: the FOCUS sample\'s 8 largest services keep theirs among its 12 largest', () => {
    // Its services of Sep 2024 by billed cost, largest first (Explore's "Daily spend" names 8, "Spend in the range" 12).
    const top12 = ['Amazon Elastic Compute Cloud', 'Azure Kubernetes Service', 'Amazon Relational Database Service', 'COMPUTE', 'Azure DB for MySQL', 'Red Hat OpenShift Service on AWS',
      'Elastic Load Balancing', 'AmazonCloudWatch', 'Virtual Machines', 'Amazon Virtual Private Cloud', 'Amazon Elastic Container Service for Kubernetes', 'Amazon Elastic Container Service'];
    const colours = (names: string[]) => new Map(names.map((name, i) => [name, seriesColours(names)[i]]));
    const [eight, twelve] = [colours(top12.slice(0, 8)), colours(top12)];
    // COMPUTE prefers EC2's slot of the first ten and moves on to the next, which Azure DB for MySQL prefers: it moves on too.
    expect([preferredSlot('COMPUTE'), preferredSlot('Azure DB for MySQL')]).toEqual([preferredSlot('Amazon Elastic Compute Cloud'), preferredSlot('Amazon Elastic Compute Cloud') + 1]);
    for (const [name, colour] of eight) expect(twelve.get(name), name).toBe(colour);
    expect([eight.get('Amazon Elastic Compute Cloud'), eight.get('Azure Kubernetes Service')]).toEqual([seriesColour('Amazon Elastic Compute Cloud'), seriesColour('Azure Kubernetes Service')]);
    expect(new Set(twelve.values()).size).toBe(12);
    // The ten largest are drawn in the palette's first ten hues, the 11th and 12th in the others.
    expect([...twelve.values()].slice(0, 10).every((c) => SERIES_PALETTE.slice(0, FIRST_TEN).includes(c as never))).toBe(true);
    expect([...twelve.values()].slice(10).every((c) => SERIES_PALETTE.slice(FIRST_TEN).includes(c as never))).toBe(true);
  });

  it('the series a reader has to tell apart are of hues far apart: the FOCUS Overview\'s services, EC2 blue and COMPUTE brown; the Commitments measures', () => {
    const top8 = ['Amazon Elastic Compute Cloud', 'Azure Kubernetes Service', 'Amazon Relational Database Service', 'COMPUTE', 'Azure DB for MySQL', 'Red Hat OpenShift Service on AWS',
      'Elastic Load Balancing', 'AmazonCloudWatch'];
    // COMPUTE and Azure Kubernetes Service were two orange-browns (#a53c00, #874b2d: ΔE 29), EC2 and Azure DB for MySQL two purples (#7869e1, #873ca5);
    // Commitments' utilisation a dark red and its coverage (hours) a salmon (#a53c00, #f06969).
    expect(seriesColours(top8)).toEqual(['#0f78b3', '#958400', '#df6a92', '#844224', '#5853c8', '#348222', '#e22d46', '#e0730f']);
    expect(seriesColours(['utilisation', 'coverage (hours)', 'coverage (cost)'])).toEqual(['#e0730f', '#01857f', '#e22d46']);
    for (const chart of [top8, ['utilisation', 'coverage (hours)', 'coverage (cost)']]) {
      const colours = seriesColours(chart);
      expect(Math.min(...colours.flatMap((a, i) => colours.slice(i + 1).map((b) => difference(a, b))))).toBeGreaterThanOrEqual(35);
    }
  });

  it('Other and no value are greys; as many names as the palette has colours never share one', () => {
    expect(seriesColours(['Other', 'Other (12 more)', '(untagged)', '(none)'])).toEqual([OTHER_COLOUR, OTHER_COLOUR, NO_VALUE_COLOUR, NO_VALUE_COLOUR]);
    const many = Array.from({ length: SERIES_PALETTE.length }, (_, i) => `service-${i}`);
    expect(new Set(seriesColours(many)).size).toBe(SERIES_PALETTE.length);
  });

  it('no two colours a chart can show look alike: every two of the palette, Other\'s grey and no value\'s, differ by at least ΔE 23 (CIE76), and each has 3:1 contrast against white', () => {
    // The old palette's greens #1b9e77 and #11a579 were 4.3 apart: one colour to a reader.
    expect(difference('#1b9e77', '#11a579')).toBeCloseTo(4.3, 1);
    const colours = [...SERIES_PALETTE, OTHER_COLOUR];
    const gaps = colours.flatMap((a, i) => colours.slice(i + 1).map((b) => difference(a, b)));
    expect(new Set(SERIES_PALETTE).size).toBe(24);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(23);
    expect(Math.min(...SERIES_PALETTE.map((c) => difference(c, NO_VALUE_COLOUR)))).toBeGreaterThanOrEqual(23);
    const luminance = (hex: string) => { const [r, g, b] = linear(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    expect(Math.min(...SERIES_PALETTE.map((c) => 1.05 / (luminance(c) + 0.05)))).toBeGreaterThanOrEqual(3);
    // The first ten, which a chart's ten largest names take, at least 35 apart.
    const firstTen = SERIES_PALETTE.slice(0, FIRST_TEN);
    expect(Math.min(...firstTen.flatMap((a, i) => firstTen.slice(i + 1).map((b) => difference(a, b))))).toBeGreaterThanOrEqual(35);
  });
});
