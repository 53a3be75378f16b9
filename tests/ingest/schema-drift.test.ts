import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines } from '../helpers/fixtures.ts';

describe('files whose columns differ still map to the one table', () => {
  it('a tag column that appears only in a later file just works, keyed without its prefix', async () => {
    const { dir, db } = tempStore();
    const [header, ...body] = realLegacyLines();
    const early = join(dir, 'early.csv');
    const late = join(dir, 'late.csv');
    writeFileSync(early, [header, ...body.slice(0, 600)].join('\n') + '\n');
    const tagged = body.slice(600).map((line, i) => `${line},${i % 3 === 0 ? 'payments' : i % 3 === 1 ? '' : 'search'},${i % 2 ? 'alice' : ''}`);
    writeFileSync(late, [`${header},resourceTags/user:team,resourceTags/aws:createdBy`, ...tagged].join('\n') + '\n');
    const run = await costlens(db, 'ingest', early, late);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = await sqlRows(db, `SELECT Tags['team'] AS team, Tags['aws:createdBy'] AS creator, count(*) AS n FROM line_items
      GROUP BY ALL ORDER BY ALL NULLS FIRST`);
    const expectedCount = (team: string | null, creator: string | null) =>
      tagged.filter((_, i) => (i % 3 === 0 ? 'payments' : i % 3 === 1 ? null : 'search') === team && (i % 2 ? 'alice' : null) === creator).length;
    expect(rows).toEqual([
      { team: null, creator: null, n: String(600 + expectedCount(null, null)) },
      { team: null, creator: 'alice', n: String(expectedCount(null, 'alice')) },
      { team: 'payments', creator: null, n: String(expectedCount('payments', null)) },
      { team: 'payments', creator: 'alice', n: String(expectedCount('payments', 'alice')) },
      { team: 'search', creator: null, n: String(expectedCount('search', null)) },
      { team: 'search', creator: 'alice', n: String(expectedCount('search', 'alice')) },
    ]);
    const [empty] = await sqlRows(db, `SELECT count(*) AS n FROM line_items WHERE list_contains(map_values(Tags), '')`);
    expect(empty.n).toBe('0');
  });

  it('FOCUS as Parquet ingests to the same totals as the FOCUS CSV it came from', async () => {
    const { dir, db } = tempStore();
    const parquet = join(dir, 'focus.parquet');
    await duckdbRows(`COPY (SELECT * FROM read_csv('${REAL_FOCUS}', header = true, nullstr = 'NULL')) TO '${parquet}' (FORMAT parquet)`);
    const run = await costlens(db, 'ingest', parquet, '--json');
    expect(run.code).toBe(0);
    const [row] = await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 4) AS billed, round(sum(EffectiveCost), 4) AS effective,
      count(*) FILTER (WHERE cardinality(Tags) > 0) AS tagged FROM line_items`);
    const [expected] = await duckdbRows(`SELECT count(*) FILTER (WHERE Tags IS NOT NULL AND Tags <> '{}') AS tagged FROM read_csv('${REAL_FOCUS}', header = true, nullstr = 'NULL')`);
    expect(row).toEqual({ n: '1000', billed: '20.5202', effective: '14.9765', tagged: expected.tagged });
  });
});
