/**
 * `costlens anomalies` does not judge a partial day against full days: the day after the data horizon
 * of a delivery that has ended, its lines stopping inside it (the legacy CUR of Nov 2023, usage to
 * 04:00 on 14 Nov 2023, its horizon 13 Nov). On the store of every real file, where 14 Nov holds the
 * legacy CUR's lines alone, the day is `partial` (it was `history`, "fewer than 28 trailing days", and
 * with enough history it would be judged as a drop); beside the FOCUS sample moved to Nov 2023, the
 * series holding the legacy CUR's lines that day are not judged on it, `partial` in `unjudgedSeries`
 * (they were `ended`), and the other series are judged as before. One wording, `costlens forecast`'s
 * (ended-delivery.ts, partialDayWords).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeWithGaps } from '../helpers/data-gaps-store.ts';
import { focusMovedBack } from '../helpers/ended-delivery-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const LEGACY = 'aws/123412340534';
const PARTIAL = `partial day (the data of ${LEGACY} ends on 13 Nov 2023): not all of its usage is in the store`;
type Row = { day: string; dimension: string; value: string; status: string; actual: string; rule: string };
type Unjudged = { day: string; cause: string; reason: string };
type Series = { dimension: string; value: string; from: string; to: string; days: number; cause: string; reason: string };

/** The legacy CUR's usage BilledCost of 14 Nov 2023 (00:00–04:00) per service (its ProductName) with any, exact, by DuckDB on the CSV, and the whole day's. */
async function legacyPartialDay(): Promise<{ services: [string, string][]; total: string }> {
  const rows = await duckdbRows(`SELECT "product/ProductName" AS service, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
    FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-14'
    GROUP BY 1 HAVING sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) <> 0 ORDER BY 2 DESC`, { file: REAL_LEGACY_CSV });
  const [total] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
    WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-14'`, { file: REAL_LEGACY_CSV });
  return { services: rows.map((r) => [r.service!, r.billed!]), total: total.billed! };
}

const json = async (db: string, ...args: string[]) => {
  const run = await costlens(db, 'anomalies', '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  return { out: JSON.parse(run.stdout), notes: run.stderr.split('\n').filter((line) => line.startsWith('Not ')) };
};

describe('the store of every real file: 14 Nov 2023 holds the legacy CUR\'s lines alone', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeWithGaps();
  }, 300_000);

  it('anomalies --as-of 2023-11-14: 14 Nov is a partial day, not a day of too few trailing days (it read "Not judged: 2023-11-14 (fewer than 28 trailing days of billing data)", cause history)', async () => {
    const { out, notes } = await json(db, '--as-of', '2023-11-14');
    expect((out.unjudgedDays as Unjudged[]).filter((d) => d.day >= '2023-11-13')).toEqual([
      { day: '2023-11-13', cause: 'provisional', reason: `treated as provisional: costlens counts the last 3 complete days back from the data horizon of ${LEGACY}, 13 Nov 2023, where its data ends (anomalies.provisionalDays); --include-provisional examines it` },
      { day: '2023-11-14', cause: 'partial', reason: PARTIAL },
    ]);
    expect(out.unjudgedSeries).toEqual([]);
    expect(notes.slice(1)).toEqual(['Not judged: 1–10 Nov 2023 (fewer than 28 trailing days of billing data).', `Not judged: 14 Nov 2023, a ${PARTIAL}.`]);
  });

  it('--all: every series holding its $0.0090675816 (by DuckDB on the CSV) is not judged on it, for that reason', async () => {
    const { services, total } = await legacyPartialDay();
    expect([services, total]).toEqual([[['Amazon Simple Storage Service', '0.0048919122'], ['AWS Key Management Service', '0.0041666667'], ['Amazon Elastic File System', '0.0000090027']], '0.0090675816']);
    const rows = (await json(db, '--as-of', '2023-11-14', '--days', '1', '--all')).out as Row[];
    const held = rows.filter((r) => r.actual !== '0.0000000000');
    expect(held.map((r) => [r.dimension, r.value, r.actual])).toEqual([...services.map(([service, billed]) => ['service', service, billed]), ['account', '123412340534', total]]);
    expect(new Set(rows.map((r) => `${r.day} ${r.status} ${r.rule}`))).toEqual(new Set([`2023-11-14 not judged not judged: ${PARTIAL}`]));
  });
});

describe('the legacy CUR beside the FOCUS sample moved to Nov 2023, judged on 7 trailing days (anomalies.trailingDays: 7)', () => {
  let db: string;
  let config: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV, await focusMovedBack(10)]]);
    config = join(scratchDir(), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ anomalies: { trailingDays: 7 } }));
  }, 300_000);

  it('anomalies --as-of 2023-11-14: the series holding the legacy CUR\'s lines of 14 Nov are `partial` that day (they were `ended`), the FOCUS export\'s accounts are judged', async () => {
    const { services, total } = await legacyPartialDay();
    const { out, notes } = await json(db, '--as-of', '2023-11-14', '--config', config);
    const partial = (out.unjudgedSeries as Series[]).filter((s) => s.cause === 'partial');
    expect(partial).toEqual([['account', '123412340534'], ...services.map(([service]) => ['service', service])].map(([dimension, value]) => ({
      dimension, value, name: null, from: '2023-11-14', to: '2023-11-14', days: 1, cause: 'partial', reason: PARTIAL,
    })));
    expect(notes).toContain(`Not judged on 14 Nov 2023, a partial day (the data of ${LEGACY} ends on 13 Nov 2023): account 123412340534, service Amazon Simple Storage Service, `
      + 'service AWS Key Management Service and 1 more series (3 services and 1 account in all), which hold its lines that day (not all of its usage is in the store); the other series were judged.');
    const rows = (await json(db, '--as-of', '2023-11-14', '--days', '1', '--all', '--by', 'account', '--config', config)).out as Row[];
    expect(rows.find((r) => r.value === '123412340534')).toMatchObject({ status: 'not judged', actual: total, rule: `not judged: ${PARTIAL}` });
    // An account of the FOCUS export, whose day is whole: judged, its spend that day by DuckDB on the moved file.
    const [focus] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)
      WHERE SubAccountId = '69918885631' AND ChargeCategory = 'Usage' AND CAST(ChargePeriodStart AS DATE) = DATE '2023-11-14'`, { file: await focusMovedBack(10) });
    expect(rows.find((r) => r.value === '69918885631')).toMatchObject({ status: 'normal', actual: focus.billed });
    expect(focus.billed).toBe('0.0021106777');
  });
});
