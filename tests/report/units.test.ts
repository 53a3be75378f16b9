/** The report's building blocks: ISO weeks, money rounding and formatting, the config section, the schedule. */
import { describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { formatUsd } from '../../src/lib/money.ts';
import { centsOfDecimal, centsOfNumber, changeTenths, formatChangePercent, formatSignedUsd } from '../../src/report/money.ts';
import { scheduleWeeklyReport } from '../../src/report/schedule.ts';
import { lastCompleteWeek, parseIsoWeek, shiftWeek, weekOf, weekSpan } from '../../src/report/week.ts';
import { duckdbRows } from '../helpers/cli.ts';

describe('ISO weeks', () => {
  it('weekOf agrees with DuckDB\'s %G-W%V and ISO Monday for every day from 2020-12-20 to 2027-01-10', async () => {
    const rows = await duckdbRows(`SELECT CAST(d AS DATE)::VARCHAR AS day, strftime(d, '%G-W%V') AS week, CAST(date_trunc('week', d) AS DATE)::VARCHAR AS monday
      FROM range(TIMESTAMP '2020-12-20', TIMESTAMP '2027-01-11', INTERVAL 1 DAY) t(d)`);
    expect(rows.length).toBe(2213);
    for (const r of rows) {
      const week = weekOf(r.day!);
      expect([r.day, week.label, week.start], r.day!).toEqual([r.day, r.week, r.monday]);
    }
  });

  it('parses YYYY-Www, including week 53 of the years that have one, and refuses the rest', () => {
    expect(parseIsoWeek('2026-W45')).toEqual({ label: '2026-W45', start: '2026-11-02', last: '2026-11-08', end: '2026-11-09' });
    expect(parseIsoWeek('2020-W53')).toEqual({ label: '2020-W53', start: '2020-12-28', last: '2021-01-03', end: '2021-01-04' });
    expect(parseIsoWeek('2026-W01')).toEqual({ label: '2026-W01', start: '2025-12-29', last: '2026-01-04', end: '2026-01-05' });
    const refused = (text: string) => {
      try {
        parseIsoWeek(text);
      } catch (error) {
        return [(error as CostlensError).code, (error as CostlensError).message];
      }
      return null;
    };
    expect(refused('2021-W53')).toEqual(['usage', '--week 2021-W53: 2021 has no ISO week 53']);
    expect(refused('2026-W00')).toEqual(['usage', '--week 2026-W00: 2026 has no ISO week 0']);
    expect(refused('2026-w45')).toEqual(['usage', '--week must be an ISO week YYYY-Www (e.g. 2026-W45); got "2026-w45"']);
  });

  it('the default week is the last one whose Sunday has billing data', () => {
    expect(lastCompleteWeek('2026-11-14').label).toBe('2026-W45'); // a Saturday: its week is not complete
    expect(lastCompleteWeek('2026-11-15').label).toBe('2026-W46'); // a Sunday completes its week
    expect(lastCompleteWeek('2026-11-16').label).toBe('2026-W46');
    expect(shiftWeek(parseIsoWeek('2026-W01'), -1).label).toBe('2025-W52');
  });

  it('spans read as people write them', () => {
    expect(weekSpan(parseIsoWeek('2026-W45'))).toBe('2–8 Nov 2026');
    expect(weekSpan(parseIsoWeek('2026-W40'))).toBe('28 Sep – 4 Oct 2026');
    expect(weekSpan(parseIsoWeek('2026-W01'))).toBe('29 Dec 2025 – 4 Jan 2026');
  });
});

describe('money', () => {
  it('rounds half away from zero, from decimals and from floating point through 10-decimal text', () => {
    expect([centsOfDecimal('1.0050000000'), centsOfDecimal('-1.005'), centsOfDecimal('2.0049999999'), centsOfDecimal('0.004')]).toEqual([101n, -101n, 200n, 0n]);
    expect((1.005).toFixed(2)).toBe('1.00'); // what the report must not do
    expect([centsOfNumber(1.005), centsOfNumber(-2.675), centsOfNumber(20.421984)]).toEqual([101n, -268n, 2042n]);
  });

  it('prints dollars with thousands separators and a true minus sign', () => {
    expect([formatUsd(672633n), formatUsd(-195599n), formatUsd(5n), formatUsd(123456789012n)]).toEqual(['$6,726.33', '−$1,955.99', '$0.05', '$1,234,567,890.12']);
    expect([formatSignedUsd(3200n), formatSignedUsd(-17n), formatSignedUsd(0n)]).toEqual(['+$32.00', '−$0.17', '$0.00']);
  });

  it('changes in tenths of a percent of the earlier amount, half away from zero; "new" from nothing', () => {
    expect([changeTenths(10005n, 10000n), changeTenths(9995n, 10000n), changeTenths(10004n, 10000n), changeTenths(5n, 0n)]).toEqual([1n, -1n, 0n, null]);
    expect([formatChangePercent(-225n), formatChangePercent(36n), formatChangePercent(0n), formatChangePercent(null)]).toEqual(['−22.5%', '+3.6%', '0.0%', 'new']);
  });
});

describe('report: in the config', () => {
  it('has defaults for every key', () => {
    expect(reportConfigSchema.parse({})).toEqual({
      ownerTagKey: 'team',
      costCentreTagKey: 'cost-center',
      audiences: { finance: [], engineering: [], teams: {} },
      subjectPrefix: '[costlens]',
      topMovers: 5,
      topSavings: 10,
      trendWeeks: 5,
      delivery: { attempts: 3, retryDelaysMs: [2000, 10000] },
      charts: { fontFiles: [], fontFamily: 'DejaVu Sans' },
    });
  });

  it('names the key of a bad address or an empty team', () => {
    const issue = (raw: unknown) => {
      const result = reportConfigSchema.safeParse(raw);
      return result.success ? null : [result.error.issues[0].path.join('.'), result.error.issues[0].message];
    };
    expect(issue({ audiences: { finance: ['finance at acme'] } })).toEqual(['audiences.finance.0', 'an e-mail address like finops@example.com']);
    expect(issue({ audiences: { teams: { payments: [] } } })).toEqual(['audiences.teams.payments', 'list at least one address (or leave the team out)']);
    expect(issue({ audience: {} })).toEqual(['', 'Unrecognized key(s) in object: \'audience\'']);
  });
});

describe('scheduleWeeklyReport', () => {
  it('runs at the cron pattern\'s next time in UTC', () => {
    const schedule = scheduleWeeklyReport('0 8 * * MON', async () => undefined);
    try {
      const now = new Date();
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8));
      while (next.getUTCDay() !== 1 || next <= now) next.setUTCDate(next.getUTCDate() + 1);
      expect(schedule.nextRun()?.toISOString()).toBe(next.toISOString());
    } finally {
      schedule.stop();
    }
  });

  it('never overlaps a run, reports a failed run and keeps going', async () => {
    const errors: string[] = [];
    let running = 0;
    let most = 0;
    let runs = 0;
    const schedule = scheduleWeeklyReport('* * * * * *', async () => {
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1_300));
      running -= 1;
      if (runs === 1) throw new Error('smtp down');
    }, { onError: (e) => errors.push((e as Error).message) });
    await new Promise((r) => setTimeout(r, 4_500));
    schedule.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual(['smtp down']);
  });

  it('refuses a pattern that is not cron, quoting it', () => {
    try {
      scheduleWeeklyReport('every monday', async () => undefined);
      expect.unreachable();
    } catch (error) {
      expect([(error as CostlensError).code, (error as CostlensError).message.split(':')[0]]).toEqual(['usage', '--schedule "every monday" is not a cron pattern']);
    }
  });
});
