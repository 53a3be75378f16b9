/**
 * Money axes (src/lib/money-axis.ts): the dashboards' and the e-mail's charts, drawn by vega on the
 * server (src/lib/chart-svg.ts), label money in as many decimals as the tick step needs, never two ticks
 * alike, and drop labels that would overlap evenly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/lib/chart-svg.ts';
import { MONEY_AXIS_LABEL, MONEY_X_TICK_COUNT, withMoneyAxes } from '../../src/lib/money-axis.ts';
import { REPORT_CHARTS_DIR } from '../../src/report/charts.ts';
import { DASHBOARDS_DIR } from '../../src/server/charts.ts';
import { labelAmounts, moneyAxisLabels } from '../server/axis-labels.ts';

describe('money axes (src/lib/money-axis.ts): as many decimals as the tick step needs, labels dropped evenly', () => {
  type Spec = Record<string, unknown>;
  /** Horizontal bars of `amounts`, with the page's axis config (app.js: greedy overlap, 6 px apart). */
  const bars = (amounts: number[], width: number): Spec => ({
    width, data: { values: amounts.map((amount, i) => ({ name: `s${i}`, amount })) }, mark: 'bar',
    encoding: { y: { field: 'name', type: 'nominal' }, x: { field: 'amount', type: 'quantitative', axis: { format: '$,.0f' } } },
    config: { axis: { labelOverlap: 'greedy', labelSeparation: 6 } },
  });
  /** Columns of `amounts` stacked on three days, 260 px high (`tickCount`: as a spec may state, the e-mail's 3 and 4). */
  const columns = (amounts: number[], tickCount?: number): Spec => ({
    width: 300, height: 260, data: { values: amounts.map((amount, i) => ({ day: `2024-09-0${1 + (i % 3)}`, name: `s${i}`, amount })) }, mark: 'bar',
    encoding: { x: { field: 'day', type: 'ordinal' }, y: { aggregate: 'sum', field: 'amount', type: 'quantitative', axis: { format: '$,.0f', ...(tickCount ? { tickCount } : {}) } }, color: { field: 'name', type: 'nominal' } },
  });
  const labels = async (spec: Spec) => moneyAxisLabels(await renderSvg(spec))[0];

  it('cents when the range is small, whole dollars with thousands separators when it is large: never two ticks alike', async () => {
    // Whole dollars alone drew "$0 $0 $0 …" on a store of cents (the legacy CUR, the FOCUS sample, 2018's data transfer).
    expect(await labels(bars([0.3, 0.05], 400))).toEqual(Array(14).fill('$0'));
    expect(await labels(columns([0.2, 0.1, 0.05, 0.12]))).toEqual(Array(8).fill('$0'));
    expect(await labels(withMoneyAxes(bars([0.3, 0.05], 400)))).toEqual(['$0.00', '$0.05', '$0.10', '$0.15', '$0.20', '$0.25', '$0.30']);
    expect(await labels(withMoneyAxes(bars([2.4, 1.7], 400)))).toEqual(['$0.00', '$0.50', '$1.00', '$1.50', '$2.00']);
    expect(await labels(withMoneyAxes(bars([16.1, -0.3], 900)))).toEqual(['−$2', '$0', '$2', '$4', '$6', '$8', '$10', '$12', '$14', '$16', '$18']);
    expect(await labels(withMoneyAxes(columns([0.2, 0.1, 0.05, 0.12])))).toEqual(['$0.00', '$0.05', '$0.10', '$0.15', '$0.20', '$0.25', '$0.30', '$0.35']);
    expect(await labels(withMoneyAxes(columns([1200, 300, 5, 800])))).toEqual(['$0', '$200', '$400', '$600', '$800', '$1,000', '$1,200', '$1,400', '$1,600', '$1,800', '$2,000']);
  });

  it('an axis below a cent: distinct ticks of one precision, the zero tick $0.00', async () => {
    // Before: `$0.00000 $0.00001 … $0.00007`, and ticks $0.0001 apart printed with a fifth decimal (`$0.00010`).
    const subCent = (labels: string[]) => expect(new Set(labels).size).toBe(labels.length);
    const columnsBelowCent = await labels(withMoneyAxes(columns([0.00007, 0.00002])));
    expect(columnsBelowCent).toEqual(['$0.00', '$0.00001', '$0.00002', '$0.00003', '$0.00004', '$0.00005', '$0.00006', '$0.00007']);
    subCent(columnsBelowCent);
    expect(await labels(withMoneyAxes(bars([0.0003, 0.00001], 400)))).toEqual(['$0.00', '$0.00010', '$0.00020', '$0.00030']);
    // Past the zero tick an axis keeps one precision: never `$0.008 $0.01 $0.012`.
    expect(await labels(withMoneyAxes(columns([0.014, 0.0003])))).toEqual(['$0.00', '$0.002', '$0.004', '$0.006', '$0.008', '$0.010', '$0.012', '$0.014']);
    expect(await labels(withMoneyAxes(bars([0.00007, -0.00002], 400)))).toEqual(['−$0.00002', '$0.00002', '$0.00006']);
    // Cents and whole dollars keep their decimals: `$0.50`, `$1.00`, never `$0.5` or `$1`.
    expect(await labels(withMoneyAxes(bars([2.4, 1.7], 400)))).toEqual(['$0.00', '$0.50', '$1.00', '$1.50', '$2.00']);
  });

  it('labels that would overlap are dropped every other one, and a narrow chart asks for fewer ticks: the shown labels step evenly', async () => {
    const steps = (shown: string[]) => new Set(labelAmounts(shown).slice(1).map((amount, i) => amount - labelAmounts(shown)[i]));
    // The page's greedy overlap kept $0, $5,000, $15,000 and $25,000 at 300 px (Explore's "Spend in the range" on a phone).
    expect(await labels(bars([25000, 3000], 300))).toEqual(['$0', '$5,000', '$15,000', '$25,000']);
    expect(await labels(withMoneyAxes(bars([25000, 3000], 300)))).toEqual(['$0', '$10,000', '$20,000']);
    for (const width of [300, 600, 1000]) {
      const shown = await labels(withMoneyAxes(bars([25000, 3000], width)));
      expect(steps(shown).size, `${width} px: ${shown.join(' ')}`).toBe(1);
    }
  });

  it('every money axis of the dashboards\' and the e-mail\'s specs is drawn by the rule, and no other format is left on one', () => {
    const axes: string[] = [];
    for (const dir of [DASHBOARDS_DIR, REPORT_CHARTS_DIR]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.vl.json')).sort()) {
        const spec = JSON.parse(readFileSync(join(dir, file), 'utf8'));
        const drawn = withMoneyAxes(spec) as { encoding?: Record<string, { axis?: Record<string, unknown> }> };
        for (const channel of ['x', 'y']) {
          const before = spec.encoding?.[channel]?.axis;
          if (typeof before?.format !== 'string' || !before.format.startsWith('$')) continue;
          expect(before.format, `${file} ${channel}`).toBe('$,f');
          expect(drawn.encoding![channel].axis, `${file} ${channel}`).toEqual({
            ...before, format: '$,f', labelExpr: MONEY_AXIS_LABEL, labelOverlap: 'parity',
            ...(channel === 'x' && before.tickCount === undefined ? { tickCount: MONEY_X_TICK_COUNT } : {}),
          });
          axes.push(`${file.replace('.vl.json', '')}.${channel}`);
        }
      }
    }
    expect(axes).toEqual([
      'attribution_by_value.x', 'attribution_shared.x', 'commitments_unused.x', 'daily_spend_by_service.y', 'data_transfer_by_type.y',
      'explore_daily.y', 'explore_monthly.y', 'explore_totals.x', 'month_by_service.x', 'month_to_date_by_service.x', 'optimisation_savings.x',
      'resource_daily_cost.y', 'storage_cost_by_class.y', 'daily.y', 'services.x', 'trend.y',
    ]);
  });
});
