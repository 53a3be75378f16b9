/**
 * A tag value that starts with U+FEFF (a byte order mark pasted into a tag) is a value of its own,
 * and the driver hands it back as DuckDB holds it: `@duckdb/node-api` decoded strings with a
 * TextDecoder that drops a leading mark, so "\uFEFFpayments" came back as "payments", was listed as
 * a second "payments", and a filter sent back with what the list showed matched the other team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { createDuckDB } from '../../src/store/duckdb-settings.ts';
import { ACCOUNT_A, attributeJson, ingest, writeFocusCsv } from '../attribution/fixtures.ts';
import { costlens } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { apiRows, appOn } from '../server/helpers.ts';

const MARKED = '\uFEFFpayments';
const MARCH = 'start=2025-03-01&end=2025-04-01';

describe('a leading byte order mark', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    const dir = scratchDir();
    db = `${dir}/store.duckdb`;
    await ingest(db, writeFocusCsv(dir, 'bom.csv', [
      { account: ACCOUNT_A, billed: '5.00', tags: { team: MARKED } },
      { account: ACCOUNT_A, billed: '4.00', tags: { team: 'payments' } },
      { account: ACCOUNT_A, billed: '2.00' },
    ]));
    app = appOn(db);
  });
  afterAll(() => app.close());

  it('comes back from every DuckDB instance costlens opens', async () => {
    const instance = await createDuckDB(':memory:', {});
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll("SELECT chr(65279) || 'x' AS v, chr(65279) AS alone")).getRows();
    connection.closeSync();
    instance.closeSync();
    expect(rows).toEqual([['\uFEFFx', '\uFEFF']]);
  });

  it('`costlens sql` and `attribute` keep the marked value apart from the plain one', async () => {
    const sql = await costlens(db, 'sql', "SELECT Tags['team'] AS team, BilledCost FROM line_items WHERE BilledCost = 5", '--format', 'json');
    expect(JSON.parse(sql.stdout)).toEqual([{ team: MARKED, BilledCost: '5.0000000000' }]);
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-03');
    expect(rows.map((r) => [r.tagValue, r.billedCost])).toEqual([[MARKED, '5.00'], ['payments', '4.00'], ['(untagged)', '2.00']]);
  });

  it('the API lists it, and the value it listed filters to its own lines', async () => {
    const listed = await apiRows(await app.request(`/api/queries/explore/spend_by?dimension=tag&tag_key=team&${MARCH}`));
    expect(listed.map((r) => [r.value, r.cost])).toEqual([[MARKED, '5.0000000000'], ['payments', '4.0000000000'], ['(untagged)', '2.0000000000']]);
    const filtered = await apiRows(await app.request(`/api/queries/explore/spend_by?dimension=service&tag_key=team&tag_filter=${encodeURIComponent(JSON.stringify([listed[0].value]))}&${MARCH}`));
    expect(filtered.map((r) => r.cost)).toEqual(['5.0000000000']);
  });
});
