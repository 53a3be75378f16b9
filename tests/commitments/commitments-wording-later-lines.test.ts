/**
 * `costlens commitments` on the real legacy CUR of November 2023 (data horizon 13 Nov 2023, lines
 * dated up to 14 Nov 03:00) reads the whole billing period, every line of it, the 14 Nov lines
 * too, as `costlens invoice` does: its days say so ("lines dated up to 14 Nov 2023 are counted
 * too"), where they said only that the data ends on 13 Nov. The lines of 14 Nov: by DuckDB on the file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';

const COUNTED = '1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)';

describe('commitments on the real legacy CUR names the lines dated after the horizon that it counts', () => {
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
  }, 600_000);

  it('the file holds 18 lines of billing period 2023-11 dated 14 Nov 2023, after the horizon', async () => {
    const [late] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS lines, CAST(min("bill/BillingPeriodStartDate") AS VARCHAR) AS period
      FROM read_csv($file, all_varchar = true) WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-14'`, { file: REAL_LEGACY_CSV });
    expect(late).toEqual({ lines: '18', period: '2023-11-01T00:00:00.000Z' });
  });

  it('the default period reads the whole billing period (no charge-day cut), and its summary line and JSON say the 14 Nov lines are counted', async () => {
    const json = await costlens(db, 'commitments', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect([report.period, report.from, report.to, report.days.description]).toEqual(['2023-11', '2023-11-01', '2023-12-01', COUNTED]);
    const table = await costlens(db, 'commitments');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2023-11 (${COUNTED}): 0 Reserved Instances, 0 Savings Plans`);
  });
});
