import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvLine } from '../../src/lib/csv.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { realLegacyLines } from '../helpers/fixtures.ts';
import { explainStagingFailure, type StagingStatement } from '../../src/ingest/stage-file.ts';
import type { TextValueColumn } from '../../src/ingest/parquet-values.ts';
import { explainReadFailure } from '../../src/ingest/readers.ts';

/**
 * A bad value deep in a billing file is refused naming the file, the line (the file's own, as an
 * editor shows it) or Parquet row, and the column, saying what is wrong, and the store keeps what
 * it held: malformed JSON in FOCUS `Tags` or CUR 2.0 `resource_tags` (which DuckDB reports with
 * neither), a tag key twice, a required column left empty, a line after a quoted field that spans
 * lines, a number or time that a Parquet file stores as text and that is not one. Files: the real
 * FOCUS sample's first lines, the real October 2018 CUR as CUR 2.0, and the real November 2018
 * CUR for Athena's first rows.
 */

const csvField = (field: string) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
const csvText = (header: string[], rows: Record<string, string>[]) => [header, ...rows.map((r) => header.map((h) => r[h]))].map((f) => f.map(csvField).join(',')).join('\n') + '\n';

const FIX = 'fix or re-export the file; nothing was written to the store';
const JSON_HINT = `  hint: Tags holds a JSON object of keys and values, e.g. {"team":"web"}: ${FIX}`;
const FOCUS_EMPTY_HINT = '  hint: read as FOCUS (CSV), BilledCost, BillingAccountId, BillingPeriodStart and ProviderName may be empty on no line: '
  + "a line's cost, billing period and source come from them; fix or re-export the file; nothing was loaded";

/** Everything a refused ingest must leave untouched. */
const fingerprint = (db: string) => sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT sum(BilledCost) FROM line_items) AS billed,
  (SELECT count(*) FROM ingests) AS ingests, (SELECT count(*) FROM tag_sets) AS tag_sets`);

describe('a bad value is refused naming the file, the line or row, and the column; the store keeps what it held', () => {
  const { dir, db } = tempStore();
  const focus = readFileSync(REAL_FOCUS, 'utf8').split('\n').filter((l) => l.length > 0);
  const focusHeader = parseCsvLine(focus[0]);
  let before: Awaited<ReturnType<typeof fingerprint>>;
  let cur2Header: string[];
  let cur2Rows: Record<string, string>[];

  /** The FOCUS sample's header and first six lines (lines 2–7), changed by `edit`, at `name`. */
  function focusFile(name: string, edit: (rows: Record<string, string>[]) => void): string {
    const rows = focus.slice(1, 7).map((line) => Object.fromEntries(parseCsvLine(line).map((v, i) => [focusHeader[i], v])));
    edit(rows);
    const path = join(dir, name);
    writeFileSync(path, csvText(focusHeader, rows));
    return path;
  }

  /** Six lines of the real CUR as CUR 2.0 CSV (lines 2–7), with `resource_tags` JSON set by `edit`, at `name`. */
  function cur2File(name: string, edit: (rows: Record<string, string>[]) => void): string {
    const rows = cur2Rows.map((r) => ({ ...r }));
    edit(rows);
    const path = join(dir, name);
    writeFileSync(path, csvText(cur2Header, rows));
    return path;
  }

  beforeAll(async () => {
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    before = await fingerprint(db);
    expect(before[0].lines).toBe('1281');
    const cur2 = join(dir, 'cur2-source.csv');
    await duckdbRows(`COPY (SELECT bill_payer_account_id, bill_billing_period_start_date, line_item_line_item_type, line_item_unblended_cost,
        line_item_usage_start_date, line_item_currency_code, '{"user_team":"web"}' AS resource_tags
      FROM read_parquet($file) ORDER BY identity_line_item_id LIMIT 6) TO '${cur2}' (HEADER)`, { file: REAL_OCT_2018 });
    const lines = readFileSync(cur2, 'utf8').trimEnd().split('\n');
    cur2Header = parseCsvLine(lines[0]);
    cur2Rows = lines.slice(1).map((line) => Object.fromEntries(parseCsvLine(line).map((v, i) => [cur2Header[i], v])));
  });

  /** Ingests `path`: exit 4, nothing on stdout, `first` and then `hint` on stderr, the store as it was. */
  async function refused(path: string, first: string, hint?: string): Promise<void> {
    const run = await costlens(db, 'ingest', path);
    const [line, ...rest] = run.stderr.trimEnd().split('\n');
    expect(line).toBe(`costlens: ${first}`);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(rest).toHaveLength(1);
    if (hint) expect(rest[0]).toBe(hint);
    expect(await fingerprint(db)).toEqual(before);
  }

  it('FOCUS CSV: malformed JSON in Tags on line 4 names the line, the column, the value and the fault (was DuckDB\'s "Malformed JSON at byte 16 of input")', async () => {
    const path = focusFile('focus-bad-tags.csv', (rows) => (rows[2].Tags = '{"team": "web", oops}'));
    await refused(path, `${path}:4: column "Tags": {"team": "web", oops} is not valid JSON (unexpected character at position 17)`, JSON_HINT);
  });

  it('FOCUS CSV: Tags holding a JSON array rather than an object', async () => {
    const path = focusFile('focus-array-tags.csv', (rows) => (rows[4].Tags = '["team", "web"]'));
    await refused(path, `${path}:6: column "Tags": ["team", "web"] is a JSON array, not an object`, JSON_HINT);
  });

  it('FOCUS Parquet with Tags as JSON text: the row, from 1', async () => {
    const csv = focusFile('focus-bad-tags-for-parquet.csv', (rows) => (rows[3].Tags = '{"team": "web"'));
    const path = join(dir, 'focus-bad-tags.parquet');
    await duckdbRows(`COPY (SELECT * FROM read_csv($csv, nullstr = 'NULL')) TO '${path}' (FORMAT parquet)`, { csv });
    await refused(path, `${path}: row 4: column "Tags": {"team": "web" is not valid JSON (unexpected end of data at position 15)`, JSON_HINT);
  });

  it('CUR 2.0 CSV, plain and .gz (read through a pipe): malformed resource_tags on line 5', async () => {
    const text = (path: string) => cur2File(path, (rows) => (rows[3].resource_tags = '{"user_team":"web",,}'));
    const plain = text('cur2-bad-tags.csv');
    const hint = `  hint: resource_tags holds a JSON object of keys and values, e.g. {"team":"web"}: ${FIX}`;
    await refused(plain, `${plain}:5: column "resource_tags": {"user_team":"web",,} is not valid JSON (unexpected character at position 20)`, hint);
    const gz = join(dir, 'cur2-bad-tags.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    await refused(gz, `${gz}:5: column "resource_tags": {"user_team":"web",,} is not valid JSON (unexpected character at position 20)`, hint);
  });

  it('a tag key twice is refused, naming it (was DuckDB\'s "Map keys must be unique.")', async () => {
    const path = focusFile('focus-key-twice.csv', (rows) => (rows[1].Tags = '{"team": "web", "env": "prod", "team": "api"}'));
    await refused(path, `${path}:3: column "Tags": the key "team" appears twice`,
      `  hint: a key may appear once in Tags, as FOCUS's key-value format and AWS tags require (tag keys compared as the store holds them, without their user prefix): ${FIX}`);
  });

  it('two keys that name one tag once the prefix is removed: FOCUS "user:team" and "team", CUR 2.0 "user_team" and "user:team"', async () => {
    const path = focusFile('focus-prefix-twice.csv', (rows) => (rows[0].Tags = '{"user:team": "web", "team": "api"}'));
    await refused(path, `${path}:2: column "Tags": the keys "user:team" and "team" both name the tag "team"`);
    const cur2 = cur2File('cur2-prefix-twice.csv', (rows) => (rows[5].resource_tags = '{"user_team":"web","user:team":"api"}'));
    await refused(cur2, `${cur2}:7: column "resource_tags": the keys "user_team" and "user:team" both name the tag "team"`);
  });

  it('CUR 2.0 Parquet, whose resource_tags is a map: "user_team" and "team" on row 3', async () => {
    const csv = cur2File('cur2-map-source.csv', (rows) => (rows[2].resource_tags = '{"user_team":"web","team":"api"}'));
    const path = join(dir, 'cur2-prefix-twice.parquet');
    await duckdbRows(`COPY (SELECT * REPLACE (CAST(json(resource_tags) AS MAP(VARCHAR, VARCHAR)) AS resource_tags) FROM read_csv($csv))
      TO '${path}' (FORMAT parquet)`, { csv });
    await refused(path, `${path}: row 3: column "resource_tags": the keys "user_team" and "team" both name the tag "team"`);
  });

  it('a key twice where one value is empty is the one tag (an empty value is an absent key): it loads', async () => {
    const { db: fresh } = tempStore();
    const path = focusFile('focus-key-twice-once-empty.csv', (rows) => (rows[0].Tags = '{"team": "web", "team": ""}'));
    const run = await costlens(fresh, 'ingest', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await sqlRows(fresh, `SELECT CAST(Tags AS VARCHAR) AS tags FROM line_items WHERE Tags['team'] IS NOT NULL`)).toEqual([{ tags: '{team=web}' }]);
  });

  it('FOCUS BillingPeriodStart empty on line 5, or NULL on line 6: that line, not "no BillingPeriodStart column"', async () => {
    const empty = focusFile('focus-period-empty.csv', (rows) => (rows[3].BillingPeriodStart = ''));
    await refused(empty, `${empty}:5: column "BillingPeriodStart" is empty`, FOCUS_EMPTY_HINT);
    const literal = focusFile('focus-period-null.csv', (rows) => (rows[4].BillingPeriodStart = 'NULL'));
    await refused(literal, `${literal}:6: column "BillingPeriodStart" is empty`, FOCUS_EMPTY_HINT);
  });

  it('a required column blank on every line is refused, not loaded under aws/unknown: FOCUS BillingAccountId, legacy CUR bill/PayerAccountId', async () => {
    const focusPath = focusFile('focus-no-account.csv', (rows) => rows.forEach((r) => (r.BillingAccountId = '')));
    await refused(focusPath, `${focusPath}:2: column "BillingAccountId" is empty on every line (6 lines)`, FOCUS_EMPTY_HINT);
    const legacy = realLegacyLines();
    const payer = parseCsvLine(legacy[0]).indexOf('bill/PayerAccountId');
    const path = join(dir, 'legacy-no-payer.csv');
    writeFileSync(path, legacy.map((line, i) => (i === 0 ? line : parseCsvLine(line).map((f, j) => csvField(j === payer ? '' : f)).join(','))).join('\n') + '\n');
    await refused(path, `${path}:2: column "bill/PayerAccountId" is empty on every line (1,281 lines)`,
      '  hint: read as legacy CUR CSV, bill/PayerAccountId, bill/BillingPeriodStartDate, lineItem/LineItemType and lineItem/UnblendedCost may be empty on no line: '
      + "a line's cost, billing period and source come from them; fix or re-export the file; nothing was loaded");
  });

  it('ChargePeriodStart may be empty on some lines (tests/ingest/rollups.test.ts), not on every line', async () => {
    const path = focusFile('focus-no-charge-start.csv', (rows) => rows.forEach((r) => (r.ChargePeriodStart = 'NULL')));
    await refused(path, `${path}:2: column "ChargePeriodStart" is empty on every line (6 lines)`,
      '  hint: read as FOCUS (CSV), ChargePeriodStart may be empty on some lines (they are kept, outside every charge day), not on every line; '
      + 'fix or re-export the file; nothing was loaded');
  });

  it('CUR 2.0 Parquet with no unblended cost on row 4 (and row 6): the first row, and how many more', async () => {
    const csv = cur2File('cur2-no-cost-source.csv', (rows) => {
      rows[3].line_item_unblended_cost = '';
      rows[5].line_item_unblended_cost = '';
    });
    const path = join(dir, 'cur2-no-cost.parquet');
    await duckdbRows(`COPY (SELECT * REPLACE (CAST(json(resource_tags) AS MAP(VARCHAR, VARCHAR)) AS resource_tags) FROM read_csv($csv))
      TO '${path}' (FORMAT parquet)`, { csv });
    await refused(path, `${path}: row 4: column "line_item_unblended_cost" is empty (and on 1 more row)`);
  });

  /** The hint for a Parquet text column that must hold values of `kind` (e.g. `example`). */
  const textHint = (column: string, kind: string, example: string) =>
    `  hint: this file stores ${column} as text, which costlens reads as a ${kind}: each value must be one (e.g. ${example}) or null; ${FIX}`;

  it('CUR for Athena Parquet storing its cost as text: "12.3x" on row 42 (and "N/A" on row 150) names the first, its column and value (was DuckDB\'s "Could not convert string" without a row)', async () => {
    const path = join(dir, 'cur-athena-text-cost.parquet');
    await duckdbRows(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE file_row_number WHEN 41 THEN '12.3x' WHEN 149 THEN 'N/A'
        ELSE CAST(line_item_unblended_cost AS VARCHAR) END AS line_item_unblended_cost)
      FROM read_parquet($file, file_row_number = true) WHERE file_row_number < 200 ORDER BY file_row_number) TO '${path}' (FORMAT parquet)`, { file: REAL_NOV_2018 });
    await refused(path, `${path}: row 42: column "line_item_unblended_cost": "12.3x" is not a valid number`, textHint('line_item_unblended_cost', 'number', '12.34'));
  });

  it('CUR 2.0 Parquet storing cost and usage start as text: "N/A" cost on row 5, a usage start of "yesterday" on row 3', async () => {
    const parquet = async (name: string, edit: (rows: Record<string, string>[]) => void) => {
      const csv = cur2File(`${name}.csv`, edit);
      const path = join(dir, `${name}.parquet`);
      await duckdbRows(`COPY (SELECT * REPLACE (CAST(json(resource_tags) AS MAP(VARCHAR, VARCHAR)) AS resource_tags)
        FROM read_csv($csv, types = {'line_item_unblended_cost': 'VARCHAR', 'line_item_usage_start_date': 'VARCHAR'})) TO '${path}' (FORMAT parquet)`, { csv });
      return path;
    };
    const cost = await parquet('cur2-text-cost', (rows) => (rows[4].line_item_unblended_cost = 'N/A'));
    await refused(cost, `${cost}: row 5: column "line_item_unblended_cost": "N/A" is not a valid number`, textHint('line_item_unblended_cost', 'number', '12.34'));
    const start = await parquet('cur2-text-start', (rows) => (rows[2].line_item_usage_start_date = 'yesterday'));
    await refused(start, `${start}: row 3: column "line_item_usage_start_date": "yesterday" is not a valid timestamp`,
      textHint('line_item_usage_start_date', 'timestamp', '2024-09-01T00:00:00Z'));
  });

  it('after a quoted field that spans three lines, a bad value is named by its line in the file (7), not its record (5)', async () => {
    const path = focusFile('focus-multiline.csv', (rows) => {
      rows[0].ChargeDescription = 'first line\nsecond line\nthird line';
      rows[3].BilledCost = 'twelve';
    });
    await refused(path, `${path}:7: column "BilledCost": "twelve" is not a valid number`, `  hint: ${FIX}`);
    const tags = focusFile('focus-multiline-tags.csv', (rows) => {
      rows[1].ChargeDescription = 'two\nlines';
      rows[2].Tags = '{"team"}';
    });
    await refused(tags, `${tags}:5: column "Tags": {"team"} is not valid JSON (unexpected character at position 8)`, JSON_HINT);
  });

  it('a ragged row after a multi-line field: its line in the file', async () => {
    const path = focusFile('focus-multiline-ragged.csv', (rows) => (rows[0].ChargeDescription = 'a\nb'));
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[5] += ',extra';
    writeFileSync(path, lines.join('\n'));
    await refused(path, `${path}:6: expected ${focusHeader.length} fields as in the header, found ${focusHeader.length + 1}`);
  });
});

describe('a staging failure whose explainer fails itself', () => {
  it('gives DuckDB\'s error in the read\'s words, with it as cause, not the explainer\'s (it replaced it, without cause)', async () => {
    const failure = new Error('Conversion Error: Could not convert string "n/a" to \'DOUBLE\'');
    const statement: StagingStatement = { copyTo: () => '', target: 'staged', params: {}, values: { required: [], maps: [], formatName: 'CUR for Athena', textValues: [{ column: 'cost', type: 'DOUBLE' } satisfies TextValueColumn] } };
    const explainers = { map: async () => undefined, textValue: async () => { throw new Error('the scratch DuckDB could not be created'); }, read: explainReadFailure };
    const error = await explainStagingFailure('bill.parquet', '/nowhere/bill.parquet', true, statement, failure, explainers);
    expect([error.code, error.message, error.cause]).toEqual(['input', 'bill.parquet: Could not convert string "n/a" to \'DOUBLE\'', failure]);
    // A map explainer that fails falls back the same way, on a CSV file too.
    const csv = await explainStagingFailure('bill.csv', '/nowhere/bill.parquet', false, statement, failure, { ...explainers, map: explainers.textValue });
    expect([csv.message, csv.cause]).toEqual(['bill.csv: Could not convert string "n/a" to \'DOUBLE\'', failure]);
  });
});
