/**
 * `costlens explain` on stores that hold part of a month, cut from the real 2018 Parquet files
 * by usage start: a month is a full bill only when every day of it is in the store, and the
 * defaults fall back to month to date against the same days of the month before when the last
 * complete month cannot be compared with the one before it (said in the output), else refuse
 * with why and spans that work. Figures are DuckDB's sums on the cut Parquet files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { exactOf, roundCents } from '../helpers/shown-cents-rule.ts';

/**
 * The lines of a CUR (for Athena) Parquet file whose usage starts in [from, to), as cutCurParquet
 * (tests/helpers/cli.ts) cuts a bill, written once per machine (tests/helpers/derived-files.ts).
 */
async function cut(source: string, name: string, from: string, to: string): Promise<string> {
  return (await derivedFiles([{
    name,
    sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
    params: { source, from, to },
  }]))[name];
}

/**
 * The store of the given files in one `costlens ingest` into an empty store, after checking that the
 * ingest succeeded: built once per machine (tests/helpers/cached-stores.ts); the tests only read it.
 */
async function storeOf(...files: string[]): Promise<string> {
  const ingests = [files];
  for (const run of await cachedIngestRuns(ingests)) expect(run.code, run.stderr).toBe(0);
  return cachedStore(ingests);
}

describe('a store of October from the 15th only, and all of November', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeOf(await cut(REAL_OCT_2018, 'oct-from-15.parquet', '2018-10-15', '2018-11-01'), REAL_NOV_2018);
  }, 300_000);

  it('explain --from 2018-10 --to 2018-11 refuses October as a full bill, naming the 14 days missing (it compared 2251.50 → 3505.33)', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('costlens: --from Oct 2018 (full bill, 31 days) starts before the billing data in the store (from 2018-10-15): 1–14 Oct 2018 are not in it\n'
      + '  hint: a month compares its full bill, so all of its days must be in the store: pick days from 2018-10-15 to 2018-11-30 '
      + '(e.g. the last 23 days against the 23 before them: --from 2018-10-16..2018-11-07 --to 2018-11-08..2018-11-30), or ingest the earlier billing files\n');
  });

  it('explain with no flags: neither default is in the store, so it refuses, saying why each fails; the spans its hint gives run', async () => {
    const run = await costlens(db, 'explain');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // One line: why, then each candidate, its spans named once (1–30 Nov 2018 was named twice).
    expect(run.stderr).toBe('costlens: --from and --to left out: no default comparison can be made, as the store\'s billing data begins on 15 Oct 2018: '
      + 'the last complete month against the month before, Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): 1–14 Oct 2018 are not in the store; '
      + 'the latest month\'s days (the data ends on 30 Nov 2018, the data horizon) against the same days of the month before, 1–30 Oct 2018 (30 days) → 1–30 Nov 2018 (30 days): 1–14 Oct 2018 are not in the store\n'
      + '  hint: give --from and --to: days from 2018-10-15 to 2018-11-30 (e.g. the last 23 days against the 23 before them: --from 2018-10-16..2018-11-07 --to 2018-11-08..2018-11-30), or ingest the missing billing files\n');
    const followed = await costlens(db, 'explain', '--from', '2018-10-16..2018-11-07', '--to', '2018-11-08..2018-11-30', '--top', '1');
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout.split('\n')[0]).toBe('BilledCost, 16 Oct – 7 Nov 2018 (23 days) → 8–30 Nov 2018 (23 days): 23 days each, data through 30 Nov 2018');
  });
});

describe('a store of all of October and November up to the 19th', () => {
  let db: string;
  let nov: string;
  beforeAll(async () => {
    nov = await cut(REAL_NOV_2018, 'nov-to-19.parquet', '2018-11-01', '2018-11-20');
    db = await storeOf(REAL_OCT_2018, nov);
  }, 300_000);

  it('explain with no flags: September is not in the store, so 1–19 Nov against 1–19 Oct in usage, said so; the RI fees of the 1sts listed apart', async () => {
    // Usage and RI fees charged 1–19 Oct and 1–19 Nov, as DuckDB sums the Parquet files.
    const sums = await duckdbRows(`SELECT CASE WHEN line_item_usage_start_date < TIMESTAMP '2018-11-01' THEN 'old' ELSE 'new' END AS span, line_item_line_item_type = 'RIFee' AS fee,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS cost
      FROM (SELECT * FROM read_parquet($oct) UNION ALL BY NAME SELECT * FROM read_parquet($nov))
      WHERE line_item_usage_start_date < TIMESTAMP '2018-10-20' OR line_item_usage_start_date >= TIMESTAMP '2018-11-01' GROUP BY 1, 2 ORDER BY 1 DESC, 2`, { oct: REAL_OCT_2018, nov });
    const cents = Object.fromEntries(sums.map((r) => [`${r.span} ${r.fee === 'true' ? 'fees' : 'usage'}`, roundCents(exactOf(r.cost!))]));
    expect(cents).toEqual({ 'old usage': 229390n, 'old fees': 14978n, 'new usage': 295525n, 'new fees': 14738n });

    const run = await costlens(db, 'explain', '--top', '1');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'BilledCost, 1–19 Oct 2018 (19 days) → 1–19 Nov 2018 (19 days): 19 days each, data through 19 Nov 2018',
      '--from and --to left out: Oct 2018 (full bill, 31 days) cannot be compared with the month before, as 1–30 Sep 2018 are not in the store (the store\'s billing data begins on 1 Oct 2018); '
        + 'compared instead: 1–19 Nov 2018 (the data ends on 19 Nov 2018, the data horizon) against the same days of the month before',
      'Usage compared: fees, tax and credits are posted once a month, not spent by the day, so day spans list those posted in them apart, not compared',
    ]);
    expect(lines[3]).toMatch(/^\$2,293\.90 → \$2,955\.25: change \$661\.35 \(exact /);
    expect(lines.find((l) => l.startsWith('recurring'))).toMatch(/^recurring\s+\$149\.78\s+\$147\.38$/);

    const json = JSON.parse((await costlens(db, 'explain', '--format', 'json', '--top', '1')).stdout);
    expect([json.from.first, json.from.last, json.to.first, json.to.last, json.compared]).toEqual(['2018-10-01', '2018-10-19', '2018-11-01', '2018-11-19', 'usage']);
    expect(json.fallback).toBe(lines[1]);
  });

  it('explain --to 2018-10 with --from left out names --from as left out when September is not in the store', async () => {
    const run = await costlens(db, 'explain', '--to', '2018-10');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('costlens: --from left out: the span before --to, Sep 2018 (full bill, 30 days), starts before the billing data in the store (from 2018-10-01)');
  });
});
