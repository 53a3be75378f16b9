/**
 * `costlens budgets --as-of DAY` (src/cli/budgets.ts): each budget over its own period holding that day, up to it, as the
 * Overview's `?as_of=` shows it; before, README's "as of 10 Nov" budget examples could only be seen on the Overview or in an
 * e-mail (`--as-of` was an unknown option). On the real Oct 2018 CUR (aws/836060457634, data to 31 Oct 2018) beside the FOCUS
 * sample moved to Nov 2018, as of 10 Nov 2018: the command's figures are the card's, to the unit; the actuals are DuckDB's sums
 * on the files; a day outside the data or past its horizon is refused in `costlens forecast`'s words, exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { billedOf, focusMovedBack } from '../helpers/ended-delivery-files.ts';
import { cents } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from '../server/helpers.ts';

const BUDGETS = [
  { name: 'all', amount: 3000 },
  { name: 'ec2', amount: 50, scope: { services: ['Amazon Elastic Compute Cloud'] } },
  { name: 'quarter', amount: 9000, period: 'quarterly' },
];
const YAML = 'budgets:\n  - name: all\n    amount: 3000\n  - name: ec2\n    amount: 50\n    scope:\n      services: [Amazon Elastic Compute Cloud]\n'
  + '  - name: quarter\n    amount: 9000\n    period: quarterly\n';

interface JsonBudget { name: string; asOf: string; actual: string; forecast: string | null; sharePercent: number }

describe('budgets --as-of 2018-11-10 on the Oct 2018 CUR beside the FOCUS sample moved to Nov 2018: the Overview\'s figures of that day', () => {
  let db: string;
  let focus: string;
  let config: string;
  let app: CostlensApp;
  beforeAll(async () => {
    focus = await focusMovedBack(70);
    db = await cachedStore([[REAL_OCT_2018, focus]]);
    config = join(mkdtempSync(join(tmpdir(), 'costlens-budgets-as-of-')), 'costlens.config.yaml');
    writeFileSync(config, YAML);
    app = appOn(db, { config: analysisConfigSchema.parse({ budgets: BUDGETS }) });
  }, 300_000);
  afterAll(() => app?.close());

  it('the actuals are DuckDB\'s sums on the files, and each figure is the card\'s at ?as_of=2018-11-10, to the unit', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--as-of', '2018-11-10', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { asOf: string; asOfReason: string; budgets: JsonBudget[] };
    expect([report.asOf, report.asOfReason]).toEqual(['2018-11-10', 'the day given (--as-of)']);
    const files = { curs: [REAL_OCT_2018], focus };
    // Every charge of 1–10 Nov (the FOCUS file's alone: the CUR ends on 31 Oct), EC2's, and every charge of 1 Oct – 10 Nov for the quarter.
    const sums = {
      all: await billedOf(files, '2018-11-01', '2018-11-10', { charges: 'all' }),
      ec2: (await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($focus)
        WHERE ServiceName = 'Amazon Elastic Compute Cloud' AND CAST(ChargePeriodStart AS DATE) BETWEEN DATE '2018-11-01' AND DATE '2018-11-10'`, { focus }))[0].billed!,
      quarter: await billedOf(files, '2018-10-01', '2018-11-10', { charges: 'all' }),
    };
    expect(sums).toEqual({ all: '1.3949617118', ec2: '0.3245327062', quarter: '4065.8780932497' });
    const byName = new Map(report.budgets.map((b) => [b.name, b]));
    expect(report.budgets.map((b) => b.actual)).toEqual([sums.all, sums.ec2, sums.quarter]);
    // The whole bill's forecast is `costlens forecast`'s BilledCost as of that day, to the cent.
    const forecast = await costlens(db, 'forecast', '--as-of', '2018-11-10', '--format', 'json');
    expect(forecast.code, forecast.stderr).toBe(0);
    const billed = (JSON.parse(forecast.stdout) as { cost: string; forecast: string }[]).find((r) => r.cost === 'BilledCost')!;
    expect(cents(byName.get('all')!.forecast!)).toBe(cents(billed.forecast));
    expect(report.budgets.map((b) => [b.name, b.forecast])).toEqual([['all', '10.80'], ['ec2', '0.63'], ['quarter', '4107.29']]);

    const card = /id="budget-status">([^]*?)<\/section>/.exec(await (await page(app, '/?as_of=2018-11-10')).text())![1];
    for (const b of report.budgets) {
      const row = /<tr data-budget="[^"]*"[^]*?<\/tr>/g;
      const own = [...card.matchAll(row)].map((m) => m[0]).find((r) => r.startsWith(`<tr data-budget="${b.name}"`))!;
      const values = [...own.matchAll(/<td data-value="([^"]*)"/g)].map((m) => m[1]);
      // Actual (exact), amount, share, forecast (cents).
      expect([values[0], values[2], values[3]]).toEqual([b.actual, String(b.sharePercent), b.forecast]);
    }
    const table = await costlens(db, 'budgets', '--config', config, '--as-of', '2018-11-10');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('Budgets as of 10 Nov 2018, the day given (--as-of)');
    // The delivery's one note, on the card as under the table.
    const note = table.stdout.split('\n').find((line) => line.startsWith('Delivery ended'))!;
    expect(card.split('Delivery ended').length).toBe(2);
    expect(card).toContain(note.replaceAll("'", '&#39;'));
  }, 300_000);

  it('a day outside the data, past its horizon or not a date is refused as `costlens forecast --as-of` refuses it (exit 2); with --period too', async () => {
    for (const day of ['2018-09-30', '2018-12-01', '2018-11-31']) {
      const [budgets, forecast] = [await costlens(db, 'budgets', '--config', config, '--as-of', day), await costlens(db, 'forecast', '--as-of', day)];
      expect([budgets.code, budgets.stderr, budgets.stdout]).toEqual([2, forecast.stderr, '']);
      expect(forecast.code).toBe(2);
    }
    const both = await costlens(db, 'budgets', '--config', config, '--as-of', '2018-11-10', '--period', '2018-11');
    expect([both.code, both.stderr.split('\n')[0]]).toEqual([2, 'costlens: budgets: --as-of cannot be combined with --period']);
  }, 300_000);
});
