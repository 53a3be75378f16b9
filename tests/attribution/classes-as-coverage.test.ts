/**
 * The chargeback's methods, grouped as tag coverage's classes, are the cents `--coverage period`
 * shows, also when the values' own largest-remainder cents would have them another cent apart; and
 * so are `--coverage account`'s classes. The real October 2018 CUR's EffectiveCost by cost_center
 * was one: its values rounded alone give (untagged) 3,609.28 where coverage's untagged is 3,609.29
 * (the chargeback moved a cent to Cost006). Exact amounts by DuckDB on the source files; the cents
 * by hand from them, the working beside each.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_OCT_2018, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, attributeJson, ingest, parseCsv, writeFocusCsv, type AttributionJsonRow } from './fixtures.ts';

/** The standard amortisation formula (as tests/ingest/real-files.test.ts writes it), per line cast to DECIMAL(38,10). */
const EFFECTIVE_ON_FILE = `sum(CAST(CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END AS DECIMAL(38,10)))`;

const pick = (rows: AttributionJsonRow[], ...columns: string[]) => rows.map((r) => columns.map((c) => r[c]));

describe('the real October 2018 CUR, EffectiveCost by cost_center: the chargeback\'s (untagged) is coverage\'s 3,609.29', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore([[REAL_OCT_2018]]); }, 180_000);

  it('the exact amounts, by DuckDB on the Parquet file', async () => {
    const rows = await duckdbRows(`SELECT coalesce(NULLIF(resource_tags_user_cost_center, ''), '(untagged)') AS value, CAST(${EFFECTIVE_ON_FILE} AS VARCHAR) AS effective
      FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file: REAL_OCT_2018 });
    expect(rows.map((r) => [r.value, r.effective])).toEqual([
      ['(untagged)', '3609.2868135319'], ['Cost001', '262.6189025659'], ['Cost002', '261.1572608014'], ['Cost004', '9.2075521884'],
      ['Cost005', '14.1495820005'], ['Cost006', '39.5369982298'],
    ]);
  });

  it('coverage\'s classes, and the chargeback\'s rows (its CSV, --detail) that add up to them: Cost006 39.53, (untagged) 3,609.29', async () => {
    // Classes: tagged 586.6702958 (262.6189025659 + 261.1572608014 + 9.2075521884 + 14.1495820005 + 39.5369982298) and untagged
    // 3,609.2868135319 of 4,195.9571093179 → 4,195.96: floors 586.67 + 3,609.28 leave a cent, to the larger remainder (.68135 > .02958):
    // untagged 3,609.29, tagged 586.67. The values alone: floors 262.61 + 261.15 + 9.20 + 14.14 + 39.53 + 3,609.28 leave 5 cents,
    // to the remainders .958 (Cost005), .890 (Cost001), .755 (Cost004), .726 (Cost002), .69998 (Cost006) before (untagged)'s .68135:
    // tagged 586.68, untagged 3,609.28. Untagged is one row, so coverage's cents hold only if a tagged value gives a cent back: the
    // one of least remainder among those rounded up, Cost006 (39.5369982298 → 39.53).
    const [coverage] = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10', '--coverage', 'period', '--cost', 'effective');
    expect(pick([coverage], 'effectiveTagged', 'effectiveUntagged', 'effectiveTotal')).toEqual([['586.67', '3609.29', '4195.96']]);

    const csv = await costlens(db, 'attribute', '--tag', 'cost_center', '--period', '2018-10', '--format', 'csv');
    expect(csv.stderr).toBe('');
    const { header, rows } = parseCsv(csv.stdout);
    const column = (name: string) => rows.map((r) => [r[1], r[header.indexOf(name)]]);
    expect(column('effective_cost')).toEqual([
      ['Cost001', '262.62'], ['Cost002', '261.16'], ['Cost006', '39.53'], ['Cost005', '14.15'], ['Cost004', '9.21'], ['(untagged)', '3609.29'],
    ]);
    // BilledCost's values alone already give coverage's classes (tagged 381.51, untagged 3,682.97): unchanged.
    expect(column('billed_cost')).toEqual([
      ['Cost001', '174.80'], ['Cost002', '149.39'], ['Cost006', '37.24'], ['Cost005', '14.15'], ['Cost004', '5.93'], ['(untagged)', '3682.97'],
    ]);
    const detail = await attributeJson(db, '--tag', 'cost_center', '--period', '2018-10', '--detail');
    expect(pick(detail.filter((r) => r.method === 'untagged'), 'effectiveCost')).toEqual([['3609.29']]);
  });
});

describe('the real FOCUS 1.0 sample, BilledCost by environment: the chargeback\'s (untagged) is coverage\'s 0.27', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore([[REAL_FOCUS]]); }, 180_000);

  it('tagged 20.01 and untagged 0.27 of 20.28 in 2024-09, in --coverage period and the chargeback alike (the chargeback gave 20.00 and 0.28)', async () => {
    const [onFile] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE json_extract_string(Tags, '$.environment') <> '') AS VARCHAR) AS tagged,
        CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) FILTER (WHERE coalesce(json_extract_string(Tags, '$.environment'), '') = '') AS VARCHAR) AS untagged
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE BillingPeriodStart LIKE '2024-09-01%'`, { file: REAL_FOCUS });
    // 20.0060622423 + 0.2741644866 = 20.2802267289 → 20.28: floors 20.00 + 0.27 leave a cent, to the larger remainder, tagged's .606
    // (untagged's is .416). The values alone gave (untagged) its cent (0.2741644866 → 0.28) and the tagged values 20.00.
    expect(onFile).toEqual({ tagged: '20.0060622423', untagged: '0.2741644866' });
    const [coverage] = await attributeJson(db, '--tag', 'environment', '--period', '2024-09', '--coverage', 'period');
    expect(pick([coverage], 'billedTagged', 'billedUntagged', 'billedTotal')).toEqual([['20.01', '0.27', '20.28']]);
    const rows = await attributeJson(db, '--tag', 'environment', '--period', '2024-09');
    const sum = (of: AttributionJsonRow[]) => of.reduce((s, r) => s + BigInt((r.billedCost as string).replace('.', '')), 0n);
    expect([sum(rows.filter((r) => r.tagValue !== '(untagged)')), sum(rows.filter((r) => r.tagValue === '(untagged)'))]).toEqual([2001n, 27n]);
  });
});

describe('--coverage account keeps --coverage period\'s classes when the accounts\' own cents would not', () => {
  const { dir, db } = tempStore();
  beforeAll(async () => {
    await ingest(db, writeFocusCsv(dir, 'accounts.csv', [
      { account: ACCOUNT_A, billed: '0.0090', tags: { team: 'checkout' } },
      { account: ACCOUNT_B, billed: '0.0075', tags: { team: 'payments' } },
      { account: ACCOUNT_C, billed: '0.0070' },
    ]));
  });

  it('tagged 1¢ and untagged 1¢ of 2¢ (the accounts alone gave A and B a cent each, tagged 2¢ and untagged 0¢)', async () => {
    // Classes: tagged 0.9 + 0.75 = 1.65¢ and untagged 0.7¢ of 2.35¢ → 2¢: floors 1 + 0 leave a cent, to untagged (.7 > .65).
    // Accounts alone: 0.9, 0.75, 0.7 → the 2 cents to A and B, leaving C (all untagged) none. Coverage's classes hold when B, the
    // tagged account of lesser remainder, gives its cent to C.
    const [period] = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--coverage', 'period');
    expect(pick([period], 'billedTagged', 'billedUntagged', 'billedTotal')).toEqual([['0.01', '0.01', '0.02']]);
    const accounts = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--coverage', 'account');
    expect(pick(accounts, 'accountId', 'billedTagged', 'billedUntagged', 'billedTotal')).toEqual([
      [ACCOUNT_C, '0.00', '0.01', '0.01'], [ACCOUNT_A, '0.01', '0.00', '0.01'], [ACCOUNT_B, '0.00', '0.00', '0.00'],
    ]);
    // The chargeback: checkout 0.9¢ → 1¢, payments 0.75¢ → 0¢, (untagged) 0.7¢ → 1¢, as coverage's classes.
    expect(pick(await attributeJson(db, '--tag', 'team', '--period', '2025-03'), 'tagValue', 'billedCost')).toEqual([
      ['checkout', '0.01'], ['payments', '0.00'], ['(untagged)', '0.01'],
    ]);
  });
});
