import { describe, expect, it } from 'vitest';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines, writeLegacyReport } from '../helpers/fixtures.ts';

describe('a legacy CUR report folder counts only the files of each period\'s current manifest', () => {
  const lines = realLegacyLines();
  const [header, ...body] = lines;
  const half = Math.floor(body.length / 2);
  const part1 = [header, ...body.slice(0, half)].join('\n') + '\n';
  const part2 = [header, ...body.slice(half)].join('\n') + '\n';
  const staleCopy = [header, ...body.slice(0, 100)].join('\n') + '\n';

  it('loads the current assembly\'s two parts and ignores the stale assembly', async () => {
    const { dir, db } = tempStore();
    const reportRoot = writeLegacyReport(dir, { current: [part1, part2], stale: [staleCopy] });
    const run = await costlens(db, 'ingest', reportRoot, '--json');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.periods).toHaveLength(1);
    expect(summary.periods[0]).toMatchObject({ billingPeriod: '2023-11', rows: 1281, billedCost: '1.6823086974', format: 'cur' });
    expect(summary.ignoredFiles.filter((f: string) => f.includes('0a0a0a0a-stale'))).toHaveLength(2);
    const [row] = await sqlRows(db, `SELECT count(*) AS n, count(DISTINCT x_SourceFile) AS files FROM line_items`);
    expect(row).toEqual({ n: '1281', files: '2' });
  });

  it('re-ingesting the folder, or a later delivery of the same period, replaces it without double counting', async () => {
    const { dir, db } = tempStore();
    const reportRoot = writeLegacyReport(dir, { current: [part1, part2] });
    expect((await costlens(db, 'ingest', reportRoot)).code).toBe(0);
    const second = await costlens(db, 'ingest', reportRoot, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).periods[0]).toMatchObject({ rows: 1281, replacedRows: 1281, billedCost: '1.6823086974' });
    const [row] = await sqlRows(db, `SELECT count(*) AS n, sum(BilledCost) AS billed, count(DISTINCT x_IngestId) AS ingests FROM line_items`);
    expect(row).toEqual({ n: '1281', billed: '1.6823086974', ingests: '1' });

    const restated = writeLegacyReport(dir, { current: [part1] });
    const third = await costlens(db, 'ingest', restated, '--json');
    expect(JSON.parse(third.stdout).periods[0]).toMatchObject({ rows: half, replacedRows: 1281 });
    const [after] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(after.n).toBe(String(half));
    const audit = await sqlRows(db, `SELECT rows FROM ingests ORDER BY finished_at`);
    expect(audit.map((r) => r.rows)).toEqual(['1281', '1281', String(half)]);
  });

  it('the same file as .csv, .csv.gz and .zip gives the same totals', async () => {
    const { gzipSync } = await import('node:zlib');
    const { zipSync, strToU8 } = await import('fflate');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { dir } = tempStore();
    const text = lines.join('\n') + '\n';
    writeFileSync(join(dir, 'cur.csv.gz'), gzipSync(text));
    writeFileSync(join(dir, 'cur.zip'), zipSync({ 'cur-2023-11.csv': strToU8(text) }));
    for (const name of ['cur.csv.gz', 'cur.zip']) {
      const db = join(dir, `${name}.duckdb`);
      const run = await costlens(db, 'ingest', join(dir, name), '--json');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).periods[0]).toMatchObject({ rows: 1281, billedCost: '1.6823086974' });
    }
  });
});
