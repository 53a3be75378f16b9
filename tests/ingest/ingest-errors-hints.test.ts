import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../helpers/archives.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { writeLegacyReport } from '../helpers/fixtures.ts';

/** Everything a refused ingest must leave as it was. */
async function fingerprint(db: string) {
  return sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT CAST(sum(BilledCost) AS VARCHAR) FROM line_items) AS billed,
    (SELECT count(*) FROM ingests) AS ingests`);
}

/**
 * README: every error gets "a one-line reason on stderr … plus a `hint:` line". A missing input
 * file, an empty one, a truncated Parquet file, an empty archive and an unreadable manifest each
 * gave the reason alone. Each now gives one line naming the file and a hint saying what to do.
 */
describe('every ingest refusal of bad input names the file and carries a hint', () => {
  const { dir } = tempStore();
  let db: string;
  let before: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_LEGACY_CSV]]));
    before = await fingerprint(db);
    expect(before).toEqual([{ lines: '1281', billed: '1.6823086974', ingests: '1' }]);
  });

  it('each case: its exit code, one line naming the file, a hint, and the store unchanged', async () => {
    const at = (name: string) => join(dir, name);
    writeFileSync(at('empty.csv'), '');
    writeFileSync(at('blank.csv'), '\n\n');
    writeFileSync(at('truncated.parquet'), readFileSync(REAL_OCT_2018).subarray(0, 5000));
    writeFileSync(at('empty.csv.gz'), gzipSync(''));
    writeZip(at('no-entries.zip'), []);
    writeZip(at('empty-entry.zip'), [{ name: 'cur.csv', segments: [{ data: Buffer.alloc(0) }] }]);
    const broken = writeLegacyReport(join(dir, 'broken-manifest'), { current: [readFileSync(REAL_LEGACY_CSV, 'utf8')] });
    const brokenManifest = join(broken, '20231101-20231201', 'anon-cur-Manifest.json');
    writeFileSync(brokenManifest, '{"reportKeys": [');
    const keyless = writeLegacyReport(join(dir, 'keyless-manifest'), { current: [readFileSync(REAL_LEGACY_CSV, 'utf8')] });
    const keylessManifest = join(keyless, '20231101-20231201', 'anon-cur-Manifest.json');
    writeFileSync(keylessManifest, JSON.stringify({ account: '123412340534' }));
    const missing = join(dir, 'nowhere', 'cur.csv');

    const emptyHint = /^a billing, metrics or inventory file holds at least its header line .*: download the file again, or leave it out$/;
    const manifestHint = /^the manifest is damaged or not the one AWS wrote: download the period's folder again/;
    const cases: [string, number, string | RegExp, RegExp][] = [
      [missing, 5, `${missing}: no such file or folder`, /^check the path \(a relative one is read from the current folder\)/],
      [at('empty.csv'), 4, `${at('empty.csv')}: the file is empty (0 bytes)`, emptyHint],
      [at('blank.csv'), 4, `${at('blank.csv')}: no header line (its first line is blank)`, emptyHint],
      [at('empty.csv.gz'), 4, `${at('empty.csv.gz')}: no header line (the file is empty once unpacked)`, emptyHint],
      [at('empty-entry.zip'), 4, `${at('empty-entry.zip')} (entry cur.csv): no header line (the file is empty once unpacked)`, emptyHint],
      [at('no-entries.zip'), 4, `${at('no-entries.zip')}: the zip archive holds no files`, /download it again, or leave it out$/],
      [at('truncated.parquet'), 4, new RegExp(`^${escape(at('truncated.parquet'))}: not a readable Parquet file \\(Invalid Input Error: No magic bytes found`), /^the file is truncated or damaged .*: download it again; nothing was written to the store$/],
      [broken, 4, new RegExp(`^${escape(brokenManifest)}: not a readable manifest \\(`), manifestHint],
      [keyless, 4, `${keylessManifest}: "reportKeys" is missing or not a list of S3 keys`, manifestHint],
    ];
    for (const [path, code, reason, hint] of cases) {
      const run = await costlens(db, 'ingest', path);
      expect([path, run.code, run.stdout], run.stderr).toEqual([path, code, '']);
      const [line, hintLine, ...rest] = run.stderr.split('\n');
      expect(rest, run.stderr).toEqual(['']);
      expect(line.replace(/^costlens: /, ''), path).toMatch(typeof reason === 'string' ? new RegExp(`^${escape(reason)}$`) : reason);
      expect(hintLine, path).toMatch(/^ {2}hint: /);
      expect(hintLine.replace(/^ {2}hint: /, ''), path).toMatch(hint);
    }
    expect(await fingerprint(db)).toEqual(before);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
