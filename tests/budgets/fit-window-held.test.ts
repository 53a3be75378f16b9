/**
 * A budget's fit window is named by the days of it the store holds, as `costlens forecast` names its fitted days
 * (src/analyze/budgets/forecast.ts fitWindowWords): on the real legacy CUR of Nov 2023 alone (data from 1 Nov 2023, its
 * horizon 13 Nov, 11–13 Nov provisional), `budgets` said "no usage in scope in the 28 days of its fit window (14 Oct – 10 Nov
 * 2023)", days the store never held, beside `forecast`'s "over 10 days with data in 1–10 Nov 2023".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitWindowWords } from '../../src/analyze/budgets/index.ts';
import { dayRange } from '../../src/lib/calendar.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';

describe('budgets name the days of the fit window the store holds', () => {
  let db: string;
  let config: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
    config = join(mkdtempSync(join(tmpdir(), 'costlens-fit-window-')), 'costlens.config.yaml');
    writeFileSync(config, 'budgets:\n  - name: ec2\n    amount: 50\n    scope:\n      services: [Amazon Elastic Compute Cloud]\n');
  }, 300_000);

  it('the legacy CUR alone: "the 10 days of its fit window the store holds (1–10 Nov 2023)", the days forecast fits on', async () => {
    // The file's first charge day, and that it bills no EC2 (DuckDB on the CSV).
    const [file] = await duckdbRows(`SELECT CAST(CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS VARCHAR) AS first,
        count(*) FILTER (WHERE "product/ProductName" = 'Amazon Elastic Compute Cloud') AS ec2 FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(file).toEqual({ first: '2023-11-01', ec2: '0' });
    const budgets = await costlens(db, 'budgets', '--config', config);
    expect(budgets.code, budgets.stderr).toBe(0);
    expect(budgets.stdout).toContain('ec2: no forecast: no usage in scope in the 10 days of its fit window the store holds (1–10 Nov 2023) to project, '
      + 'and no recurring fees or tax expected: the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023; forecast:100 is not judged.');
    expect(budgets.stdout).not.toContain('14 Oct');
    const forecast = await costlens(db, 'forecast');
    expect(forecast.code, forecast.stderr).toBe(0);
    expect(forecast.stdout).toContain('over 10 days with data in 1–10 Nov 2023.');
  }, 300_000);

  it('every day held: the window as before; some: their runs, a gap apart; none: said so', () => {
    const window = { fitFrom: '2023-10-14', fitTo: '2023-11-10' };
    expect(fitWindowWords(28, window, dayRange('2023-10-14', '2023-11-10'))).toBe('the 28 days of its fit window (14 Oct – 10 Nov 2023)');
    expect(fitWindowWords(28, window, [...dayRange('2023-10-20', '2023-10-31'), ...dayRange('2023-11-04', '2023-11-10')]))
      .toBe('the 19 days of its fit window the store holds (20–31 Oct 2023 and 4–10 Nov 2023)');
    expect(fitWindowWords(28, window, [])).toBe('the 28 days of its fit window (14 Oct – 10 Nov 2023), none of which the store holds');
  });
});
