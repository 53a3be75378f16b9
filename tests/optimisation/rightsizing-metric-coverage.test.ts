import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { days, series, storeWith, type MetricPoint } from './fixtures.ts';

/**
 * Metrics that exist but that no rule can use make `rightsize` say why, with counts, instead of a
 * bare "0 recommendations". Look-back: the 14 days before 2026-03-15.
 */
const LOOKBACK = days('2026-03-01', '2026-03-15');
const cpu = (id: string, statistic: string, dayList: string[], periodS = 86400): MetricPoint[] =>
  series(id, 'AWS/EC2', 'CPUUtilization', statistic, dayList, (_, i) => 10 + i).map((p) => ({ ...p, periodS }));

const FEW_DAYS = ['i-0few1', 'i-0few2', 'i-0few3'].flatMap((id) => [...cpu(id, 'Maximum', LOOKBACK.slice(9)), ...cpu(id, 'Average', LOOKBACK.slice(9))]);
const ONLY_P50 = ['i-0p50a', 'i-0p50b'].flatMap((id) => cpu(id, 'p50', LOOKBACK));
// 120 s is not a CloudWatch export period the rules read (60, 300, 3600, 86400).
const ODD_PERIOD = cpu('i-0odd', 'Maximum', LOOKBACK, 120);
const TOO_OLD = cpu('i-0old', 'Maximum', days('2026-01-01', '2026-01-15'));
const METRICS = [...FEW_DAYS, ...ONLY_P50, ...ODD_PERIOD, ...TOO_OLD];

describe('rightsize and idle say why the metrics in the store were not usable', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeWith({ metrics: METRICS });
  });

  it('table: no recommendation, and a line with the rows, the instances and each reason counted', async () => {
    const run = await costlens(db, 'rightsize', '--as-of', '2026-03-15');
    expect(run.code, run.stderr).toBe(0);
    // 3 × 2 × 5 + 2 × 14 + 14 + 14 = 86 rows.
    expect(METRICS.length).toBe(86);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 0 recommendations, $0.00 a month saved on the bill (EffectiveCost 13 Feb – 14 Mar 2026: the store holds no billing data)',
      'Metrics: 86 CPU metric rows for 7 instances, none usable: 3 instances have < 14 days, 2 have only statistic p50 (read: p99.5 or Maximum),'
        + ' 1 has no CPU rows in the 14-day look-back, 1 has only period 120 s (read: 60, 300, 3600, 86400 s).',
    ]);
  });

  it('JSON: the recommendations on stdout, the same line on stderr', async () => {
    const run = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toContain('costlens: metrics: 86 CPU metric rows for 7 instances, none usable: 3 instances have < 14 days,');
  });

  it('idle: the same rows judged by its EC2 rule (daily Average on ≥ 4 of 14 days): the 5-day instances are usable, the others are not', async () => {
    const run = await costlens(db, 'idle', '--as-of', '2026-03-15');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('Metrics: 86 EC2 CPU metric rows for 7 instances, 3 usable: 2 instances have only statistic p50 (read: Average),'
      + ' 1 has no EC2 CPU rows in the 14-day look-back, 1 has only period 120 s (read: 60, 300, 3600, 86400 s).');
    const json = await costlens(db, 'idle', '--as-of', '2026-03-15', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toBe('costlens: metrics: 86 EC2 CPU metric rows for 7 instances, 3 usable: 2 instances have only statistic p50 (read: Average),'
      + ' 1 has no EC2 CPU rows in the 14-day look-back, 1 has only period 120 s (read: 60, 300, 3600, 86400 s)\n');
  });
});
