/**
 * The weekly report on the real FOCUS sample (data to 30 Sep 2024): 2024-W39's month section is
 * September whole, the KPI line leaves the saving at targets not classified as `costlens kpi` does,
 * the savings section says idle and rightsizing judged nothing (the AWS usage lines carry no usage
 * type) where it said "No idle resource or rightsizing finding", and the anomaly section names the
 * days not judged. Then the e-mail's anomaly and savings sentences when only some of what they cover
 * was judged. On the real legacy CUR: real-files.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOCUS, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { anomaliesLayoutSection } from '../../src/report/anomalies-section.ts';
import { savingsLayout } from '../../src/report/layout-savings.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import type { Saving, WithoutUsageType } from '../../src/report/savings.ts';
import { forecastRow, reportCli } from './helpers.ts';
import { sectionText, textRow } from './text-tables.ts';

/** AWS usage lines charged from `from` up to `to`, their EffectiveCost and their first and last charge day, by DuckDB on the FOCUS CSV: it has no x_UsageType, so none carries a usage type. */
const AWS_USAGE_LINES_ON_FOCUS = `SELECT CAST(count(*) AS VARCHAR) AS lines, CAST(round(sum(CAST(EffectiveCost AS DECIMAL(38,10))), 2) AS VARCHAR) AS effective,
    CAST(CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS first, CAST(CAST(max(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS last
  FROM read_csv($file, all_varchar = true)
  WHERE ProviderName = 'AWS' AND ChargeCategory = 'Usage'
    AND CAST(ChargePeriodStart AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST(ChargePeriodStart AS TIMESTAMP) < CAST($to AS TIMESTAMP)`;

describe('costlens report weekly on the real FOCUS 1.0 sample (September 2024, data to 30 Sep): 2024-W39 (23–29 Sep)', () => {
  let finance: string;
  let engineering: string;
  let db: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_FOCUS]]));
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--audience', 'all', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    finance = (await simpleParser(readFileSync(join(out, '2024-W39-finance.eml')))).text!;
    engineering = (await simpleParser(readFileSync(join(out, '2024-W39-engineering.eml')))).text!;
  });

  it('the month section is as of the week\'s Sunday, 29 Sep (DuckDB on the CSV), its forecast costlens forecast --as-of 2024-09-29\'s; the KPI line leaves the saving at targets not classified, with costlens kpi\'s note, never a partial sum ($3.09 as of 29 Sep)', async () => {
    const [file] = await duckdbRows(`SELECT CAST(round(sum(CAST(BilledCost AS DECIMAL(38,10))), 2) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
      WHERE CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-09-30'`, { file: REAL_FOCUS });
    const month = sectionText(finance, 'Month to date: 2024-09')!;
    const printed = forecastRow((await costlens(db, 'forecast', '--as-of', '2024-09-29')).stdout, 'BilledCost');
    expect(textRow(month, 'BilledCost')!.filter((_, i) => i !== 2)).toEqual(['BilledCost', `$${file.billed}`, printed.forecast, `${printed.low} – ${printed.high}`]);
    expect(month.replace(/\s+/g, ' ')).toContain('The days counted: 1–29 Sep 2024');
    // As of 29 Sep the month at the last 7 fitted days' rate lies inside the band: no caveat line (tests/trends/finished-month-real.test.ts).
    expect(month).not.toContain('fitted days');
    const cli = await costlens(db, 'kpi', '--months', '1', '--as-of', '2024-09-29');
    const note = cli.stdout.split('\n').find((l) => l.startsWith('Not classified: '))!;
    expect(note).toMatch(/^Not classified: \d+ AWS usage lines charged on 1–29 Sep 2024 /);
    expect(cli.stdout).toMatch(/saving_at_targets is left blank where a saving it adds up is not classified/);
    const kpi = sectionText(engineering, 'Efficiency KPIs')!.replace(/\s+/g, ' ');
    expect(kpi).toContain('2024-09 so far (1–29 Sep 2024): Spot not classified (target ≥ 10%);');
    // Every percentage with its `%` straight after it, as the rest of the e-mail writes them (it read `0.86 %` and `(target ≥ 10 %)`).
    expect(kpi).not.toMatch(/\d %/);
    expect(kpi).toContain('Reaching every target: the saving in these days\' bill is not classified (the notes below).');
    expect(kpi).not.toMatch(/would have saved|\$3\.(09|24)/);
    expect(kpi).toContain(note);
    expect(kpi).toContain('Saving at targets reads "not classified" where a saving it adds up is not classified (Spot, Graviton, current generation, gp3, S3 Standard)');
  });

  it('the savings section says idle and rightsizing judged nothing, 903 and 500 AWS usage lines without a usage type (DuckDB on the CSV), in costlens idle and rightsize\'s words, never "No idle resource or rightsizing finding"', async () => {
    // Savings are as of 30 Sep: idle's cost window is the 30 days before (31 Aug – 29 Sep), rightsizing's look-back the 14 days before (16–29 Sep).
    // The file's lines begin on 1 Sep: the note names the days the lines are charged, never the window's first day, 31 Aug, which holds no billing data.
    const [idleLines] = await duckdbRows(AWS_USAGE_LINES_ON_FOCUS, { file: REAL_FOCUS, from: '2024-08-31', to: '2024-09-30' });
    const [rightsizingLines] = await duckdbRows(AWS_USAGE_LINES_ON_FOCUS, { file: REAL_FOCUS, from: '2024-09-16', to: '2024-09-30' });
    expect([idleLines, rightsizingLines]).toEqual([
      { lines: '903', effective: '15.00', first: '2024-09-01', last: '2024-09-29' }, { lines: '500', effective: '12.00', first: '2024-09-16', last: '2024-09-29' },
    ]);
    const idle = (await costlens(db, 'idle', '--as-of', '2024-09-30')).stdout.split('\n');
    const rightsize = (await costlens(db, 'rightsize', '--as-of', '2024-09-30')).stdout.split('\n');
    expect(idle[0]).toMatch(/: not judged \(.*\): 903 AWS usage lines without a usage type, and no metrics or inventory to read \(below\)$/);
    expect(rightsize[0]).toMatch(/: not judged: 500 AWS usage lines without a usage type \(below\)$/);
    const notes = [idle, rightsize].map((lines) => lines.find((l) => l.startsWith('Not judged: '))!);
    // It read "charged from 2024-08-31", a day the store holds no billing data of (the idle heading says so).
    expect(notes[0]).toMatch(/^Not judged: 903 AWS usage lines charged on 1–29 Sep 2024 \(EffectiveCost \$15\.00, /);
    expect(notes[1]).toMatch(/^Not judged: 500 AWS usage lines charged on 16–29 Sep 2024 \(EffectiveCost \$12\.00, /);
    for (const text of [finance, engineering]) {
      const savings = sectionText(text, 'Savings waiting')!.replace(/\s+/g, ' ');
      // It said "No idle resource or rightsizing finding." as if every resource had been judged.
      expect(savings).not.toContain('No idle resource');
      expect(savings).toMatch(/^Idle resources not judged: 903 AWS usage lines without a usage type, and no metrics or inventory to read;/);
      expect(savings).toContain('; rightsizing not judged: 500 AWS usage lines without a usage type (the notes below). As of 30 Sep 2024');
      for (const note of notes) expect(savings).toContain(note);
    }
  });

  it('the anomaly section names the days not judged and why, as costlens anomalies does', async () => {
    const cli = await costlens(db, 'anomalies', '--as-of', '2024-09-29');
    expect(cli.stdout).toContain('Not judged: 16–27 Sep 2024 (fewer than 28 trailing days of billing data).');
    const flat = sectionText(finance, 'New anomalies')!.replace(/\s+/g, ' ');
    expect(flat).toContain('No day of 2024-W39 was judged for anomalies. Not judged: 23–27 Sep 2024 (fewer than 28 trailing days of billing data).'
      + ' 28–29 Sep 2024 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).');
  });
});

describe('the e-mail\'s anomaly sentence when some of the week\'s days were judged and others not', () => {
  it('"no anomaly event" of the judged days alone, then the days not judged and why', () => {
    const model = {
      events: [], belowFloor: 0, lastJudged: '2026-11-06', noDayExamined: null, baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 }, starts: '',
      notJudged: 'Not judged: 2 Nov 2026 (no billing data that day). 7–8 Nov 2026 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).',
      judged: { days: 4, first: '2026-11-03', last: '2026-11-06' },
    };
    // It said "No anomaly event in 2026-W45 at or above the noise floor." of the whole week.
    expect(anomaliesLayoutSection(model, '2026-W45').paragraphs[0]).toBe('No anomaly event at or above the noise floor on the 4 days of 2026-W45 judged, 3–6 Nov 2026.'
      + ' Not judged: 2 Nov 2026 (no billing data that day). 7–8 Nov 2026 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).');
    expect(anomaliesLayoutSection({ ...model, judged: { days: 1, first: '2026-11-06', last: '2026-11-06' } }, '2026-W45').paragraphs[0])
      .toMatch(/^No anomaly event at or above the noise floor on 6 Nov 2026, the one day of 2026-W45 judged\. Not judged: /);
  });
});

describe('the e-mail\'s savings section when one of idle and rightsizing judged nothing', () => {
  const RIGHTSIZING_NOT_JUDGED: WithoutUsageType = {
    idle: null,
    rightsizing: {
      from: '2024-09-16', to: '2024-09-30', firstDay: '2024-09-16', lastDay: '2024-09-29', lines: 500, effectiveCost: '12.0000000000', billedCost: '14.6100000000',
      services: [{ serviceName: 'Amazon Elastic Compute Cloud', lines: 500, resources: 3, effectiveCost: '12.0000000000', billedCost: '14.6100000000' }],
    },
    notJudged: { idle: false, rightsizing: true },
  };
  const saving: Saving = {
    source: 'idle', rule: 'ec2-low-cpu', resource: 'i-0abc', accountId: '111111111111', region: 'us-east-1', action: 'stop', evidence: 'CPU under 2%',
    monthlySaving: 1_000n, monthlySavingCommitment: 0n, owner: 'payments', costCentre: null,
  };
  const reportWith = (listed: Saving[]) => ({
    audience: { kind: 'engineering' }, ownerTagKey: 'team', costCentreTagKey: 'cost-center',
    savings: {
      asOf: '2024-09-30', listed, count: listed.length, total: listed.reduce((t, s) => t + s.monthlySaving, 0n), byOwner: [], byCostCentre: [],
      commitment: { listed: [], count: 0, total: 0n }, withoutUsageType: RIGHTSIZING_NOT_JUDGED,
    },
  }) as unknown as WeeklyReport;

  it('no finding: "No idle resource finding." of idle, which judged, and rightsizing not judged with its lines; its note under the section', () => {
    const section = savingsLayout(reportWith([]));
    expect(section.paragraphs).toEqual(['No idle resource finding.', 'Rightsizing not judged: 500 AWS usage lines without a usage type (the notes below).']);
    expect(section.notes.at(-1)).toBe('Not judged: 500 AWS usage lines charged on 16–29 Sep 2024 (EffectiveCost $12.00, billed $14.61, all Amazon Elastic Compute Cloud)'
      + ' carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so rightsizing cannot find their instances and hours and judged none of them.');
  });

  it('a finding: what was not judged first, then the summary that leads into the worklist', () => {
    expect(savingsLayout(reportWith([saving])).paragraphs)
      .toEqual(['Rightsizing not judged: 500 AWS usage lines without a usage type (the notes below).', '1 finding worth $10.00 a month.']);
  });
});
