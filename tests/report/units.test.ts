/** The report's building blocks: ISO weeks, money rounding and formatting, the config section, the schedule. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/calendar.ts';
import { chartData, chartSvg, labelLines, svgToPng } from '../../src/report/charts.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderText } from '../../src/report/text.ts';
import type { ReportLayout } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { CostlensError } from '../../src/errors.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { formatUsd } from '../../src/lib/money.ts';
import { centsOfDecimal, centsOfNumber, changeTenths, formatChangePercent, formatSignedUsd } from '../../src/report/money.ts';
import { scheduleWeeklyReport } from '../../src/report/schedule.ts';
import { lastCompleteWeek, parseIsoWeek, shiftWeek, weekOf, weekSpan } from '../../src/report/week.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { moneyAxisLabels } from '../server/axis-labels.ts';

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
    const tenths = (current: bigint, previous: bigint) => changeTenths(previous, { current, previous });
    expect([tenths(10005n, 10000n), tenths(9995n, 10000n), tenths(10004n, 10000n), tenths(5n, 0n)]).toEqual([1n, -1n, 0n, null]);
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

describe('the HTML part keeps every amount whole', () => {
  it('an amount never breaks inside, in a paragraph, a note, a driver line, a cell, the headline, an alert or the footer: each sits in one nowrap span, its sign with it', () => {
    // The anomaly drivers' line that broke at 390 px as "(gone −" / "$0.88)" (2026-W49, engineering e-mail).
    const driver = 'vol-096a30cf5e59e9588 (EBS:VolumeUsage.gp3) −$0.88 (gone −$0.88); 14 other drivers −$1.71';
    const layout: ReportLayout = {
      subject: 's', heading: 'h', subheading: 'sub',
      headline: 'usage was $6,940.12, −$20.19 (−0.3%) against the same days of the week before',
      alerts: ['! Provisional: $12.00 may change.'],
      sections: [{
        id: 'anomalies', title: 'New anomalies', paragraphs: [`Drivers: ${driver}`],
        tables: [{ columns: ['Service', 'Impact', 'Change', 'Drivers'], numeric: [false, true, true, false], rows: [['AWS Lambda', '+$416.15', '−$20.19 (−0.3%)', driver]], detail: 3 }],
        notes: ['Noise floor: max($25.00, 0.1 × its average daily spend × its days).'],
      }],
      footer: ['Rounded once to the cent; $1,234,567.89 reads so.'],
    };
    const html = renderHtml(layout, [], () => '');
    const amounts = ['$6,940.12', '−$20.19', '$12.00', '−$0.88', '−$1.71', '+$416.15', '$25.00', '$1,234,567.89'];
    for (const amount of amounts) expect(html, amount).toContain(`<span style="white-space:nowrap;">${amount}</span>`);
    // Nothing left over: with the kept amounts taken out, no `$` remains in the body.
    const rest = html.slice(html.indexOf('<body')).replaceAll(/<span style="white-space:nowrap;">[−+]?\$[\d,]+\.\d\d<\/span>/g, '');
    expect(rest).not.toContain('$');
    // The driver line under its row holds −$0.88 twice and −$1.71 once, each kept whole.
    expect(html.match(/<span style="white-space:nowrap;">−\$0\.88<\/span>/g)?.length).toBe(2 * 2);
  });

  it('a percentage never breaks before its % (`88.05` / `%` at 390 px): each sits in one nowrap span, in a cell, a paragraph, a note or the headline; the text part keeps plain spaces', () => {
    const layout: ReportLayout = {
      subject: 's', heading: 'h', subheading: 'sub',
      headline: 'tag coverage 88.05 % of spend, −$20.19 (−0.3%) against the week before',
      alerts: [],
      sections: [{
        id: 'kpis', title: 'Efficiency', paragraphs: ['Reserved Instances used 75.00 % of their cost; Spot 7.99 % (target ≥ 10 %).'],
        tables: [{ columns: ['KPI', 'Now', 'Target'], numeric: [false, true, true], rows: [['S3 Standard share', '61.5 %', '≤ 1,000.25 %']] }],
        notes: ['gp2 volumes: 100 % of EBS spend.'],
      }],
      footer: ['Rounded once.'],
    };
    const html = renderHtml(layout, [], () => '');
    const kept = (text: string) => `<span style="white-space:nowrap;">${text}</span>`;
    for (const percent of ['88.05 %', '−0.3%', '75.00 %', '7.99 %', '10 %', '61.5 %', '1,000.25 %', '100 %']) expect(html, percent).toContain(kept(percent));
    // Nothing left over: with the kept figures taken out, no % remains in the body's text; S3 and gp2 are not numbers.
    const body = html.slice(html.indexOf('<body'));
    expect(body.replaceAll(/<span style="white-space:nowrap;">[^<]*<\/span>/g, '').replaceAll(/<[^>]*>/g, '')).not.toContain('%');
    expect(body).toContain('S3 Standard share');
    expect(body).toContain('gp2 volumes');
    // The plain-text part: the same figures with a plain space, no U+00A0.
    const text = renderText(layout);
    for (const percent of ['88.05 %', '75.00 %', '7.99 %', '≥ 10 %', '100 %']) expect(text, percent).toContain(percent);
    expect(text).not.toContain('\u00a0');
  });
});

describe('the e-mail charts read on a phone', () => {
  it('each chart is drawn about 380 px wide with text of 13 px or more, so shown 366 px wide (a 390 px phone) its smallest text is 12 px; drawn 620 px wide with 10 px labels it was 5.9 px; money axes by the dashboards\' rule (cents on a small week)', async () => {
    const week = parseIsoWeek('2026-W49');
    const cut = (value: string, current: bigint, previous: bigint) => ({ value, name: null, current, previous, change: current - previous, tenths: null, effective: current, shareTenths: null });
    const services = [cut('Amazon Elastic Compute Cloud', 500410n, 499371n), cut('Amazon Relational Database Service', 36087n, 36338n), cut('AmazonCloudWatch', 18311n, 18822n)];
    const report = {
      week, status: { comparedDays: 7 },
      daily: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].flatMap((weekday, i) => [
        { day: `2026-11-${23 + i}`, series: 'last week' as const, weekday, billed: 99431n, provisional: false },
        { day: addDays('2026-11-30', i), series: 'this week' as const, weekday, billed: 99145n, provisional: i > 3 },
      ]),
      coverage: { key: 'cost_center', points: [45, 46, 47, 48, 49].map((n) => ({ week: parseIsoWeek(`2026-W${n}`), total: 694012n, tagged: 568817n, shared: 0n, accountDefault: 0n, untagged: 125195n, coverageTenths: 820n })) },
      split: { dimension: 'cost_center', rows: [] },
      movers: [{ dimension: 'service', rows: services }],
    } as unknown as WeeklyReport;
    const charts = chartData(report);
    expect(charts.map((c) => c.name)).toEqual(['daily', 'trend', 'movers']);
    const fonts = reportConfigSchema.parse({}).charts;
    const axes: Record<string, string[][]> = {};
    for (const chart of charts) {
      const svg = await chartSvg(chart, fonts);
      axes[chart.name] = moneyAxisLabels(svg);
      const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
      const smallest = Math.min(...[...svg.matchAll(/font-size: ([\d.]+)px/g)].map((m) => Number(m[1])));
      expect(width, chart.name).toBeLessThanOrEqual(400);
      expect(smallest, chart.name).toBeGreaterThanOrEqual(13);
      expect((smallest * 366) / width, `${chart.name}: its smallest text shown 366 px wide`).toBeGreaterThanOrEqual(11.9);
      // The PNG is that SVG at twice its size.
      expect(svgToPng(svg, fonts).width, chart.name).toBe(Math.round(width));
    }
    // Their money axes follow the dashboards' rule (src/lib/money-axis.ts): whole dollars on a week of hundreds ($991.45 a day), as before it;
    // a week of cents (12¢ and 9¢ a day) in cents, where whole dollars drew "$0" seven times.
    expect(axes).toEqual({ daily: [['$0', '$200', '$400', '$600', '$800', '$1,000']], trend: [['$0', '$2,000', '$4,000', '$6,000']], movers: [['−$10', '$0', '$10']] });
    // The two weeks are named with their days (the subtitle, where it read "This week beside last week" over a legend of "last week" and "this week").
    const texts = async (chart: (typeof charts)[number]) => [...(await chartSvg(chart, fonts)).matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]);
    const subtitled = async (chart: (typeof charts)[number]) => (await texts(chart)).filter((t) => /week|^Usage per day$/.test(t));
    expect(await subtitled(charts[0])).toEqual(['last week', 'this week', 'Usage per day', 'This week: 30 Nov – 6 Dec 2026', 'last week: 23–29 Nov 2026']);
    // Top movers draws each service's change as the table lists it (it drew both weeks' totals at a $5,000 scale, where a change of $10.39 did not show).
    expect(await subtitled(charts[2])).toEqual(['Services: change from last week', 'This week: 30 Nov – 6 Dec 2026', 'last week: 23–29 Nov 2026']);
    expect(charts[2].rows.map((r) => [r.service, r.change, r.label, r.direction, r.rank])).toEqual([
      ['Amazon Elastic\nCompute Cloud', 10.39, '+$10.39', 'up', 0], ['Amazon Relational\nDatabase Service', -2.51, '−$2.51', 'down', 1], ['AmazonCloudWatch', -5.11, '−$5.11', 'down', 2],
    ]);
    // A week across two years names the longest days and stays as wide: 29 Dec 2025 – 4 Jan 2026 against 22–28 Dec 2025.
    for (const chart of chartData({ ...report, week: parseIsoWeek('2026-W01') } as WeeklyReport)) {
      expect(chart.subtitle ?? [], chart.name).toEqual(chart.name === 'trend' ? [] : ['This week: 29 Dec 2025 – 4 Jan 2026', 'last week: 22–28 Dec 2025']);
      expect(Number(/<svg[^>]* width="([\d.]+)"/.exec(await chartSvg(chart, fonts))![1]), chart.name).toBeLessThanOrEqual(400);
    }
    // A team's e-mail draws its services this week and last, named alike.
    const team = chartData({ ...report, daily: [], coverage: null, split: { dimension: 'service', rows: services } } as unknown as WeeklyReport);
    expect(team.map((c) => [c.name, c.subtitle])).toEqual([['services', ['This week: 30 Nov – 6 Dec 2026', 'last week: 23–29 Nov 2026']]]);
    const small = chartData({ ...report, daily: report.daily.map((d) => ({ ...d, billed: d.series === 'last week' ? 12n : 9n })) } as WeeklyReport)[0];
    expect(moneyAxisLabels(await chartSvg(small, fonts))).toEqual([['$0.00', '$0.02', '$0.04', '$0.06', '$0.08', '$0.10', '$0.12']]);
    // A long service name takes short lines rather than half the chart.
    expect(labelLines('Amazon Relational Database Service')).toBe('Amazon Relational\nDatabase Service');
    expect(labelLines('Amazon Elastic Container Service for Kubernetes')).toBe('Amazon Elastic\nContainer Service\nfor Kubernetes');
    expect(labelLines('AmazonCloudWatch')).toBe('AmazonCloudWatch');
  });
});
