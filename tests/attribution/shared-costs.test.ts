import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, tempStore } from '../helpers/cli.ts';
import { ACCOUNT_A, ACCOUNT_B, attributeJson, cents, ingest, parseCsv, writeConfig, writeFocusCsv, type FixtureLine } from './fixtures.ts';

const TAX = { chargeCategory: 'Tax', serviceName: 'Tax', productCode: 'AWSTax' };
const BUSINESS_SUPPORT = { chargeCategory: 'Purchase', serviceName: 'AWS Support (Business)', productCode: 'AWSSupportBusiness' };
const ENTERPRISE_SUPPORT = { chargeCategory: 'Purchase', serviceName: 'AWS Support (Enterprise)', productCode: 'AWSSupportEnterprise' };

/** Three teams spending 60 / 30 / 10, plus shared lines; one billing period per scenario. */
const LINES: FixtureLine[] = [
  ...['2025-04', '2025-05'].flatMap((period) => [
    { period, account: ACCOUNT_A, billed: '60.00', tags: { team: 'payments' } },
    { period, account: ACCOUNT_A, billed: '30.00', tags: { team: 'checkout' } },
    { period, account: ACCOUNT_B, billed: '10.00', tags: { team: 'search' } },
    { period, account: ACCOUNT_A, billed: '10.00', ...TAX },
  ]),
  { period: '2025-04', account: ACCOUNT_B, billed: '1.00', ...BUSINESS_SUPPORT },
  { period: '2025-05', account: ACCOUNT_B, billed: '0.05', ...ENTERPRISE_SUPPORT },
  // 2025-07: billed and effective spend in other proportions (60:30:10 billed, 1:1:1 effective), and tax.
  { period: '2025-07', account: ACCOUNT_A, billed: '60.00', effective: '20.00', tags: { team: 'payments' } },
  { period: '2025-07', account: ACCOUNT_A, billed: '30.00', effective: '20.00', tags: { team: 'checkout' } },
  { period: '2025-07', account: ACCOUNT_B, billed: '10.00', effective: '20.00', tags: { team: 'search' } },
  { period: '2025-07', account: ACCOUNT_A, billed: '1.00', ...TAX },
  // 2025-06: one team, untagged spend, and tax.
  { period: '2025-06', account: ACCOUNT_A, billed: '3.00', tags: { team: 'payments' } },
  { period: '2025-06', account: ACCOUNT_B, billed: '1.00' },
  { period: '2025-06', account: ACCOUNT_A, billed: '1.00', ...TAX },
];

const RULES = `attribution:
  tags:
    team:
      values:
        payments: [paymnets]
  sharedCosts:
    - name: tax
      match: { chargeCategory: [Tax] }
      split: proportional
    - name: support
      match: { productCode: [AWSSupportBusiness] }
      split: even
    - name: enterprise-support
      match: { serviceName: [AWS Support (Enterprise)] }
      split: fixed
      percentages: { paymnets: 50, checkout: 25, platform: 25 }
`;

const pick = (rows: Record<string, string | number | null>[], ...columns: string[]) => rows.map((r) => columns.map((c) => r[c]));
/** Hundredths of a money string (JSON and CSV) or of a share (a number in JSON, a string in CSV). */
const hundredths = (v: string | number | null) => (typeof v === 'number' ? BigInt(Math.round(v * 100)) : cents(v!));
const sum = (rows: Record<string, string | number | null>[], column: string) => rows.reduce((s, r) => s + hundredths(r[column]), 0n);

describe('shared-cost rules: lines taken out of the direct figures and split into a visible shared amount', () => {
  const { dir, db } = tempStore();
  let config: string;

  beforeAll(async () => {
    await ingest(db, writeFocusCsv(dir, 'shared.csv', LINES));
    config = writeConfig(dir, 'costlens.config.yaml', RULES);
  });

  it('proportional tax and an even split of support, with the tie of 1.00 / 3 going to the first value in code-point order', async () => {
    // Tax 10.00 by spend 60:30:10 → 6.00, 3.00, 1.00. Support 1.00 evenly → 0.3333… each.
    // Rows 66.3333…, 33.3333…, 11.3333… floor to 110.99 of 111.00: the last cent's remainders tie (⅓ each),
    // so it goes to checkout, the first value in code-point order; within checkout it goes to shared:support.
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-04', '--config', config);
    expect(pick(rows, 'tagValue', 'attributedBy', 'billedDirect', 'billedSharedByBilled', 'billedCost', 'billedSharePct')).toEqual([
      ['payments', 'tag+shared:tax+shared:support', '60.00', '6.33', '66.33', 59.76],
      ['checkout', 'tag+shared:tax+shared:support', '30.00', '3.34', '33.34', 30.03],
      ['search', 'tag+shared:tax+shared:support', '10.00', '1.33', '11.33', 10.21],
    ]);
    expect([sum(rows, 'billedCost'), sum(rows, 'effectiveCost'), sum(rows, 'billedSharePct')]).toEqual([11_100n, 11_100n, 10_000n]);
    const detail = await attributeJson(db, '--tag', 'team', '--period', '2025-04', '--config', config, '--detail');
    expect(pick(detail, 'tagValue', 'method', 'billedCost')).toEqual([
      ['payments', 'tag', '60.00'], ['payments', 'shared:tax', '6.00'], ['payments', 'shared:support', '0.33'],
      ['checkout', 'tag', '30.00'], ['checkout', 'shared:tax', '3.00'], ['checkout', 'shared:support', '0.34'],
      ['search', 'tag', '10.00'], ['search', 'shared:tax', '1.00'], ['search', 'shared:support', '0.33'],
    ]);
  });

  it('fixed percentages, resolved like tag values (paymnets → payments), reach values with no spend of their own', async () => {
    // Enterprise support 0.05 at 50/25/25 → 0.025, 0.0125, 0.0125; tax as before.
    // Rows 66.025, 33.0125, 11.00, 0.0125 floor to 110.04 of 110.05: the cent goes to the largest
    // remainder (payments, ½ cent), and within payments to its support share (0.025 → 0.03).
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-05', '--config', config, '--detail');
    expect(pick(rows, 'tagValue', 'method', 'billedCost')).toEqual([
      ['payments', 'tag', '60.00'], ['payments', 'shared:tax', '6.00'], ['payments', 'shared:enterprise-support', '0.03'],
      ['checkout', 'tag', '30.00'], ['checkout', 'shared:tax', '3.00'], ['checkout', 'shared:enterprise-support', '0.01'],
      ['search', 'tag', '10.00'], ['search', 'shared:tax', '1.00'],
      ['platform', 'shared:enterprise-support', '0.01'],
    ]);
    expect(sum(rows, 'billedCost')).toBe(11_005n);
  });

  it('the CSV export of a period with shared costs adds up to the period total exactly', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-05', '--config', config, '--format', 'csv');
    const { header, rows } = parseCsv(run.stdout);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column('team')).toEqual(['payments', 'checkout', 'search', 'platform']);
    expect(column('billed_shared_by_billed')).toEqual(['6.03', '3.01', '1.00', '0.01']);
    expect(column('billed_cost').reduce((s, c) => s + cents(c), 0n)).toBe(11_005n);
  });

  it('(untagged) spend takes its part of a proportional split unless the rule sets includeUntagged: false', async () => {
    // Tax 1.00 by spend 3:1 → payments 0.75, (untagged) 0.25; without (untagged) all of it to payments.
    const included = await attributeJson(db, '--tag', 'team', '--period', '2025-06', '--config', config);
    expect(pick(included, 'tagValue', 'billedDirect', 'billedSharedByBilled', 'billedCost')).toEqual([
      ['payments', '3.00', '0.75', '3.75'], ['(untagged)', '1.00', '0.25', '1.25'],
    ]);
    const excluding = writeConfig(dir, 'exclude.yaml', RULES.replace('split: proportional\n', 'split: proportional\n      includeUntagged: false\n'));
    const excluded = await attributeJson(db, '--tag', 'team', '--period', '2025-06', '--config', excluding);
    expect(pick(excluded, 'tagValue', 'billedDirect', 'billedSharedByBilled', 'billedCost')).toEqual([
      ['payments', '3.00', '1.00', '4.00'], ['(untagged)', '1.00', '0.00', '1.00'],
    ]);
  });

  it('billed_* columns are split by billed spend and effective_* by effective spend, whatever --cost orders the rows by', async () => {
    // Tax 1.00: billed by 60:30:10 → 0.60, 0.30, 0.10; effective by 20:20:20 → ⅓ each, rows 20.3333… floor to
    // 60.99 of 61.00 and the cent goes to checkout (equal remainders: first in code-point order). Shares likewise.
    const csv = async (cost: string) => {
      const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-07', '--config', config, '--cost', cost, '--format', 'csv');
      expect(run.code, run.stderr).toBe(0);
      const { header, rows } = parseCsv(run.stdout);
      return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    };
    const columns = ['team', 'billed_direct', 'billed_shared_by_billed', 'billed_cost', 'effective_direct', 'effective_shared_by_effective', 'effective_cost', 'billed_share_pct', 'effective_share_pct'];
    const expected = {
      payments: ['payments', '60.00', '0.60', '60.60', '20.00', '0.33', '20.33', '60.00', '33.33'],
      checkout: ['checkout', '30.00', '0.30', '30.30', '20.00', '0.34', '20.34', '30.00', '33.34'],
      search: ['search', '10.00', '0.10', '10.10', '20.00', '0.33', '20.33', '10.00', '33.33'],
    };
    const byBilled = await csv('billed');
    const byEffective = await csv('effective');
    expect(pick(byBilled, ...columns)).toEqual([expected.payments, expected.checkout, expected.search]);
    expect(pick(byEffective, ...columns)).toEqual([expected.checkout, expected.payments, expected.search]);
    for (const rows of [byBilled, byEffective]) {
      expect(['billed_cost', 'effective_cost', 'billed_share_pct', 'effective_share_pct'].map((c) => sum(rows, c))).toEqual([10_100n, 6_100n, 10_000n, 10_000n]);
      expect(['billed_shared_by_billed', 'effective_shared_by_effective'].map((c) => sum(rows, c))).toEqual([100n, 100n]);
    }
  });

  it('coverage shows the shared money apart from tagged and untagged', async () => {
    const [row] = await attributeJson(db, '--tag', 'team', '--period', '2025-04', '--config', config, '--coverage', 'period');
    expect(row).toEqual({
      period: '2025-04', billedTagged: '100.00', billedShared: '11.00', billedAccountDefault: '0.00', billedUntagged: '0.00', billedTotal: '111.00', coveragePct: 90.09,
      from: '2025-04-02', to: '2025-04-30', covers: '2 Apr 2025',
    });
    // The fixture's lines are charged on the 2nd of their month only: the store begins on 2 Apr 2025 (April's days begin there, where
    // it said 1–30 Apr), and holds that one day of each month, the others a gap inside its billing period (README, "Days in the store").
    const [may] = await attributeJson(db, '--tag', 'team', '--period', '2025-05', '--config', config, '--coverage', 'period');
    expect([may.from, may.to, may.covers]).toEqual(['2025-05-02', '2025-05-31', '2 May 2025']);
  });

  it('fixed percentages that do not sum to 100 are a config error naming the key', async () => {
    const bad = writeConfig(dir, 'bad.yaml', RULES.replace('platform: 25 }', 'platform: 15 }'));
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-05', '--config', bad);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`costlens: ${bad}: attribution.sharedCosts[2].percentages: percentages must sum to 100; they sum to 90\n`
      + '  hint: see "Configuration" in README.md for every key and its default\n');
  });

  it('a fixed split without percentages, and percentages on another split, are config errors too', async () => {
    const missing = writeConfig(dir, 'missing.yaml', 'attribution:\n  sharedCosts:\n    - name: tax\n      match: { chargeCategory: [Tax] }\n      split: fixed\n');
    const run = await costlens(db, 'attribute', '--tag', 'team', '--config', missing);
    expect(run.stderr).toMatch(/attribution\.sharedCosts\[0\]\.percentages: split: fixed needs percentages/);
    const stray = writeConfig(dir, 'stray.yaml', 'attribution:\n  sharedCosts:\n    - name: tax\n      match: { chargeCategory: [Tax] }\n      percentages: { a: 100 }\n');
    expect((await costlens(db, 'attribute', '--tag', 'team', '--config', stray)).stderr).toMatch(/attribution\.sharedCosts\[0\]\.percentages: percentages apply only to split: fixed/);
  });
});
