/**
 * The bill-only storage and network rules of `costlens modernise` on the real October and
 * November 2018 files: with the default thresholds none fires (the S3 storage is billed at $0,
 * free tier, so no move saves anything; the largest inter-AZ source costs half a cent a month),
 * and with `modernise.network.interAzMinMonthlyCost: 0` every resource with inter-AZ transfer in
 * the 30 days before 1 Dec 2018 is named, its window cost exactly the Parquet files' own: listed
 * when its month rounds to a cent or more, else left out as saving nothing on the bill.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import { nothingToSaveCount } from '../../src/analyze/modernise/nothing-to-save.ts';
import { costlens, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { ingestedStore } from '../server/helpers.ts';

async function modernise(db: string, ...args: string[]): Promise<ModerniseReport> {
  const run = await costlens(db, 'modernise', '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('bill-only storage and network rules on the real 2018 files', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    ({ dir, db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018));
  });

  it('none fires at the default thresholds', async () => {
    const report = await modernise(db);
    expect(report.asOf).toBe('2018-12-01');
    expect(report.findings.filter((f) => ['s3-standard-cold', 'nat-low-processing', 'inter-az-hotspot'].includes(f.rule))).toEqual([]);
  });

  it('with no minimum, each inter-AZ source of November, its cost the Parquet files\' own and its month that × 730 ÷ 720; those under half a cent left out', async () => {
    const config = join(dir, 'inter-az.yaml');
    writeFileSync(config, 'modernise:\n  network:\n    interAzMinMonthlyCost: 0\n');
    const report = await modernise(db, '--config', config);
    const found = report.findings.filter((f) => f.rule === 'inter-az-hotspot').map((f) => [f.resourceId, f.windowCost, f.monthlySaving]).sort();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const expected = (await connection.runAndReadAll(`SELECT line_item_resource_id, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR),
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) * 730 / 720, 2) AS VARCHAR)
      FROM read_parquet('${REAL_NOV_2018}') WHERE line_item_usage_type LIKE '%DataTransfer-Regional-Bytes' AND line_item_line_item_type = 'Usage'
        AND line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_usage_start_date < TIMESTAMP '2018-12-01' AND line_item_resource_id <> ''
      GROUP BY 1 ORDER BY 1`)).getRows().map((r) => r.map(String));
    connection.closeSync();
    instance.closeSync();
    // Money from the Parquet files as the store keeps it (each line DECIMAL(38,10)); the month rounded to the cent.
    // A source whose month rounds to 0.00 saves nothing on the bill: it is left out of the findings, and named apart.
    const saving = expected.filter(([, , month]) => Number(month) >= 0.01);
    expect(found).toEqual(saving.map(([id, cost, month]) => [id, cost, Number(month).toFixed(2)]));
    expect(report.nothingToSave.filter((f) => f.rule === 'inter-az-hotspot').map((f) => f.resourceId).sort())
      .toEqual(expected.filter(([, , month]) => Number(month) < 0.01).map(([id]) => id));
    expect(expected).toHaveLength(5);
    // The largest: i-0ed9420a261b3f355, 1.495865 GB for $0.0049618913, half a cent a month; the other four round to 0.00.
    expect(found).toEqual([['i-0ed9420a261b3f355', '0.0049618913', '0.01']]);
    expect(report.nothingToSave.find((f) => f.resourceId === 'i-08607d9bc435cb38f')?.reason)
      .toBe('billed $0.000000008 an hour over 1–30 Nov 2018, a saving under half a cent a month');
    // The Optimisation page's note counts them by what they are before naming each (it said "saves nothing on the bill" twice).
    expect(nothingToSaveCount(report.nothingToSave)).toBe('1 gp2 volume, 4 inter-AZ sources');
  });
});
