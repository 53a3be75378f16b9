import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore, storeCopy } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * One billing currency per store (src/ingest/currency.ts): costlens adds money without converting
 * it, so an ingest that would leave two currencies in the store is refused, exit 4, nothing written.
 * The files are the real FOCUS 1.0 sample (1,000 lines, all USD: 942 AWS, 51 Microsoft, 7 Oracle)
 * rewritten by DuckDB with some of its BillingCurrency changed.
 */

/** The real FOCUS sample with BillingCurrency set by `currency` (SQL over its columns and rn, the line's number within its provider), to `path`. */
async function focusVariant(path: string, currency: string): Promise<string> {
  await duckdbRows(`COPY (
      SELECT * EXCLUDE (rn) REPLACE (${currency} AS BillingCurrency)
        FROM (SELECT *, row_number() OVER (PARTITION BY ProviderName) AS rn FROM read_csv($src, all_varchar = true))
    ) TO '${path}' (HEADER, DELIMITER ',')`, { src: REAL_FOCUS });
  return path;
}

/** Everything a refused ingest must leave untouched (as `costlens sql` reads it). */
function fingerprint(db: string) {
  return sqlRows(db, `SELECT (SELECT count(*) FROM line_items) AS lines, (SELECT sum(BilledCost) FROM line_items) AS billed,
    (SELECT sum(EffectiveCost) FROM line_items) AS effective, (SELECT count(*) FROM ingests) AS ingests,
    (SELECT string_agg(DISTINCT BillingCurrency, ',' ORDER BY BillingCurrency) FROM line_items) AS currencies`);
}

async function expectRefused(db: string, file: string) {
  const before = existsSync(db) ? await fingerprint(db) : undefined;
  const run = await costlens(db, 'ingest', file);
  expect(run.code).toBe(4);
  expect(run.stdout).toBe('');
  const [first, ...rest] = run.stderr.trimEnd().split('\n');
  expect(rest).toEqual(['  hint: costlens adds money without converting currencies, so a store holds one billing currency: ingest lines of another currency into a store of their own (--db)']);
  if (before) expect(await fingerprint(db)).toEqual(before);
  else expect(existsSync(db)).toBe(false);
  return first;
}

describe('a store holds one billing currency', () => {
  const dir = scratchDir();
  /** A private copy of the store of the real legacy CUR (USD), ingested once per machine (tests/helpers/cached-stores.ts): the refused ingests try to write to it. */
  let usdStore: string;
  let mixed: string;
  let eurOnly: string;

  beforeAll(async () => {
    mixed = await focusVariant(join(dir, 'focus-eur.csv'), `CASE WHEN ProviderName = 'AWS' AND rn <= 400 THEN 'EUR' ELSE BillingCurrency END`);
    // EUR throughout, except 30 lines with no currency at all (as a CUR's tax or credit line may have).
    eurOnly = await focusVariant(join(dir, 'focus-eur-only.csv'), `CASE WHEN ProviderName = 'AWS' AND rn <= 30 THEN NULL ELSE 'EUR' END`);
    const [counts] = await duckdbRows(`SELECT count(*) FILTER (BillingCurrency = 'EUR') AS eur, count(*) FILTER (BillingCurrency = 'USD') AS usd,
      count(*) FILTER (BillingCurrency IS NULL) AS blank FROM read_csv($mixed, all_varchar = true)`, { mixed });
    expect(counts).toEqual({ eur: '400', usd: '600', blank: '0' });
    ({ db: usdStore } = await storeCopy([[REAL_LEGACY_CSV]]));
    expect(await fingerprint(usdStore)).toEqual([{ lines: '1281', billed: expect.any(String), effective: expect.any(String), ingests: '1', currencies: 'USD' }]);
  });

  it('refuses a file whose lines carry two currencies, naming the file, the currencies and their lines; the store is unchanged', async () => {
    expect(await expectRefused(usdStore, mixed)).toBe(`costlens: ${mixed}: lines in 2 billing currencies: USD (600 lines), EUR (400 lines)`);
  });

  it('refuses the same file into a new store, which is not written', async () => {
    const { db } = tempStore();
    expect(await expectRefused(db, mixed)).toBe(`costlens: ${mixed}: lines in 2 billing currencies: USD (600 lines), EUR (400 lines)`);
  });

  it('refuses a EUR file after a USD store, naming both currencies', async () => {
    expect(await expectRefused(usdStore, eurOnly)).toBe(`costlens: ${eurOnly}: lines in EUR, but the store holds lines in USD (1,281 lines)`);
  });

  it('refuses two files of one ingest in different currencies', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'ingest', REAL_LEGACY_CSV, eurOnly);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toMatch(/: lines in (EUR|USD), but .* \(in the same ingest\) is in (USD|EUR)$/);
    expect(existsSync(db)).toBe(false);
  });

  describe('a EUR store', () => {
    const { db } = tempStore();

    beforeAll(async () => {
      const run = await costlens(db, 'ingest', eurOnly);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });

    it('loads a EUR file into an empty store; lines without a currency are no other currency', async () => {
      expect(await sqlRows(db, `SELECT BillingCurrency AS currency, count(*) AS n FROM line_items GROUP BY ALL ORDER BY ALL`))
        .toEqual([{ currency: 'EUR', n: '970' }, { currency: null, n: '30' }]);
    });

    it('refuses a USD file into it', async () => {
      expect(await expectRefused(db, REAL_LEGACY_CSV)).toBe(`costlens: ${REAL_LEGACY_CSV}: lines in USD, but the store holds lines in EUR (970 lines)`);
    });

    it('takes a file of another currency that replaces every (source, period) the store holds: the store stays one currency', async () => {
      const { db: copy } = tempStore();
      expect((await costlens(copy, 'ingest', eurOnly)).code).toBe(0);
      expect((await costlens(copy, 'ingest', REAL_FOCUS)).code).toBe(0);
      expect(await sqlRows(copy, `SELECT BillingCurrency AS currency, count(*) AS n FROM line_items GROUP BY ALL`)).toEqual([{ currency: 'USD', n: '1000' }]);
    });

    it('`costlens status` names the store\'s billing currency above its table (a USD store says nothing more)', async () => {
      const eur = await costlens(db, 'status');
      expect(eur.stdout.split('\n')[0]).toBe('Billing data (billing currency EUR: amounts shown with $ are EUR)');
      const usd = await cachedStore([[REAL_LEGACY_CSV]]);
      expect((await costlens(usd, 'status')).stdout.split('\n')[0]).toBe('Billing data');
    });
  });
});
