/**
 * explore/spend_by and explore/daily_spend_by leave out the lines of the sources `exclude_sources` names
 * (Explore compares usage without a delivery that has ended), their Athena forms alike: run through DuckDB on the
 * store of the real 2018 CUR cut after 13 Nov beside the FOCUS sample moved to Nov 2018, leaving the CUR out of
 * 12–18 Nov gives the FOCUS data's usage alone, $6.94 where the whole store holds $314.95 (DuckDB on the files).
 * The demo the twin cases run on holds one source, so leaving it out leaves no row to compare there.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listParam, runNamedQuery, type RawParams } from '../../src/engine/duckdb.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { type CursBesideFocus, curCutBesideFocus2018, usageBilled } from '../helpers/ended-delivery-files.ts';

const CUR = 'aws/836060457634';
const WEEK = { start: '2018-11-12', end: '2018-11-19', charge_classes: listParam(['usage']) };

describe('exclude_sources on Explore\'s queries and their Athena forms, beside the CUR cut after 13 Nov 2018', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let files: CursBesideFocus;
  beforeAll(async () => {
    const { cut, focus } = await curCutBesideFocus2018();
    files = { curs: [REAL_OCT_2018, cut], focus };
    instance = await createDuckDB(await cachedStore([[REAL_OCT_2018, cut, focus]]), readerSettings());
    connection = await instance.connect();
  }, 300_000);
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  const run = async (name: string, params: RawParams, athena: boolean) => {
    const query = athena ? athenaTwinOnDuckDB(name)! : queryRegistry().queries.find((q) => q.name === name)!;
    const reader = await runNamedQuery(connection, query, params);
    return reader.getRows().map((row) => row.map((value) => (value === null ? 'NULL' : String(value))));
  };
  const costSum = (rows: string[][], column: number) => fromUnits(rows.reduce((sum, row) => sum + toUnits(row[column]), 0n));

  for (const [name, costColumn] of [['explore/spend_by', 2], ['explore/daily_spend_by', 2]] as const) {
    it(`${name}: without the CUR's lines, the FOCUS data's usage alone ($6.94 of $314.95), the Athena form alike`, async () => {
      const [focusNow, curNow] = [await usageBilled(files, '2018-11-12', '2018-11-18', 'focus'), await usageBilled(files, '2018-11-12', '2018-11-18', 'cur')];
      const params = { ...WEEK, dimension: 'service', exclude_sources: listParam([CUR]) };
      const [portable, twin, whole] = [await run(name, params, false), await run(name, params, true), await run(name, { ...WEEK, dimension: 'service' }, false)];
      expect(portable.length).toBeGreaterThan(0);
      expect(twin).toEqual(portable);
      expect(costSum(portable, costColumn)).toBe(focusNow);
      expect(costSum(portable, costColumn)).toBe('6.9355468347');
      expect(costSum(whole, costColumn)).toBe(fromUnits(toUnits(focusNow) + toUnits(curNow)));
    });
  }
});
