import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, tempStore } from '../helpers/cli.ts';
import { ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, attributeJson, cents, ingest, writeConfig, writeFocusCsv, type FixtureLine } from './fixtures.ts';

/**
 * March 2025, 11 line items with the tag mess of a real organisation. Billed = effective except
 * L1 (effective 8.00). Expected attribution by team under CONFIG, worked out by hand:
 *   payments       L1 10.00 (tag) + L2 5.00 + L3 2.50 + L4 1.25 (alias)      = 18.75
 *   platform       L7 6.00 (account default of account C)                     =  6.00
 *   checkout       L5 4.00 (tag: `team` wins over `Team` on the same line)    =  4.00
 *   search         L6 3.00 (alias: `Owner_Team` is read before `TEAM`)        =  3.00
 *   data-platform  L9 1.10 + L10 0.90 (value aliases)                         =  2.00
 *   (untagged)     L8 0.70 + L11 0.05 (blank value)                           =  0.75
 *   total                                                                      = 34.50
 */
const LINES: FixtureLine[] = [
  { account: ACCOUNT_A, billed: '10.00', effective: '8.00', tags: { team: 'payments', 'Cost-Center': 'CC-1' } }, // L1
  { account: ACCOUNT_A, billed: '5.00', tags: { Team: 'Payments', cost_center: 'cc-1' } }, // L2
  { account: ACCOUNT_A, billed: '2.50', tags: { TEAM: 'payments ' }, serviceName: 'Amazon Simple Storage Service', productCode: 'AmazonS3' }, // L3
  { account: ACCOUNT_B, billed: '1.25', tags: { 'owner-team': 'paymnets' } }, // L4
  { account: ACCOUNT_B, billed: '4.00', tags: { team: 'checkout', Team: 'search', CostCenter: 'cc-2' }, serviceName: 'Amazon Relational Database Service', productCode: 'AmazonRDS' }, // L5
  { account: ACCOUNT_B, billed: '3.00', tags: { Owner_Team: 'search', TEAM: 'checkout' }, serviceName: 'Amazon Relational Database Service', productCode: 'AmazonRDS' }, // L6
  { account: ACCOUNT_C, billed: '6.00' }, // L7
  { account: ACCOUNT_A, billed: '0.70' }, // L8
  { account: ACCOUNT_C, billed: '1.10', tags: { team: 'data_platform' } }, // L9
  { account: ACCOUNT_A, billed: '0.90', tags: { team: 'DataPlatform' } }, // L10
  { account: ACCOUNT_B, billed: '0.05', tags: { team: '  ' } }, // L11
];

const CONFIG = `attribution:
  tags:
    team:
      aliases: [owner-team]
      values:
        payments: [paymnets]
        data-platform: [data_platform, DataPlatform]
      accountDefaults:
        "${ACCOUNT_C}": platform
`;

const pick = (rows: Record<string, string | number | null>[], ...columns: string[]) => rows.map((r) => columns.map((c) => r[c]));

describe('tag normalisation as config: key aliases, key folding, value aliases, account defaults', () => {
  const { dir, db } = tempStore();
  let config: string;

  beforeAll(async () => {
    await ingest(db, writeFocusCsv(dir, 'march.csv', LINES));
    config = writeConfig(dir, 'costlens.config.yaml', CONFIG);
  });

  it('attributes every line once, says how, and adds up to 34.50 billed and 32.50 effective', async () => {
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config);
    expect(pick(rows, 'tagValue', 'attributedBy', 'billedCost', 'effectiveCost', 'billedSharedByBilled')).toEqual([
      ['payments', 'tag+alias', '18.75', '16.75', '0.00'],
      ['platform', 'account-default', '6.00', '6.00', '0.00'],
      ['checkout', 'tag', '4.00', '4.00', '0.00'],
      ['search', 'alias', '3.00', '3.00', '0.00'],
      ['data-platform', 'alias', '2.00', '2.00', '0.00'],
      ['(untagged)', 'untagged', '0.75', '0.75', '0.00'],
    ]);
    // 18.75/34.50 = 54.3478…%, 6/34.50 = 17.3913…%, … rounded by largest remainder to sum to 100.00.
    expect(rows.map((r) => r.billedSharePct)).toEqual([54.35, 17.39, 11.59, 8.7, 5.8, 2.17]);
    const sum = (column: string) => rows.reduce((s, r) => s + cents(r[column] as string), 0n);
    expect([sum('billedCost'), sum('effectiveCost')]).toEqual([3450n, 3250n]);
    expect(rows.reduce((s, r) => s + Math.round((r.billedSharePct as number) * 100), 0)).toBe(10_000);
  });

  it('--detail shows each value\'s money per method', async () => {
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config, '--detail');
    expect(pick(rows, 'tagValue', 'method', 'billedCost')).toEqual([
      ['payments', 'tag', '10.00'], ['payments', 'alias', '8.75'],
      ['platform', 'account-default', '6.00'],
      ['checkout', 'tag', '4.00'],
      ['search', 'alias', '3.00'],
      ['data-platform', 'alias', '2.00'],
      ['(untagged)', 'untagged', '0.75'],
    ]);
  });

  it('folds case and separators of keys without any config: Cost-Center, cost_center and CostCenter are one key', async () => {
    const rows = await attributeJson(db, '--tag', 'cost-center', '--period', '2025-03');
    // CC-1 and cc-1 fold together (one line each: the label is the first in code-point order, CC-1).
    expect(pick(rows, 'tagValue', 'attributedBy', 'billedCost')).toEqual([
      ['CC-1', 'alias', '15.00'],
      ['cc-2', 'alias', '4.00'],
      ['(untagged)', 'untagged', '15.50'],
    ]);
  });

  it('a key spelled as AWS spells a user-defined tag (user:team, resourceTags/user:team, resource_tags_user_team) reads the stored key and its config', async () => {
    const asStored = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config);
    for (const spelling of ['user:team', 'resourceTags/user:team', 'resource_tags_user_team']) {
      const rows = await attributeJson(db, '--tag', spelling, '--period', '2025-03', '--config', config);
      expect(pick(rows, 'tagValue', 'attributedBy', 'billedCost', 'effectiveCost'), spelling).toEqual(pick(asStored, 'tagValue', 'attributedBy', 'billedCost', 'effectiveCost'));
    }
    // L1's Cost-Center is the key as stored (tag), L2's cost_center folds to it (alias).
    const unconfigured = await attributeJson(db, '--tag', 'user:Cost-Center', '--period', '2025-03');
    expect(pick(unconfigured, 'tagValue', 'attributedBy', 'billedCost')).toEqual([
      ['CC-1', 'tag+alias', '15.00'],
      ['cc-2', 'alias', '4.00'],
      ['(untagged)', 'untagged', '15.50'],
    ]);
  });

  it('with foldKeys: false only the key and its aliases, as spelled, are read', async () => {
    const strict = writeConfig(dir, 'strict.yaml', CONFIG.replace('attribution:\n', 'attribution:\n  foldKeys: false\n'));
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', strict);
    expect(pick(rows, 'tagValue', 'billedCost')).toEqual([
      ['payments', '11.25'], ['platform', '6.00'], ['checkout', '4.00'], ['data-platform', '2.00'], ['(untagged)', '11.25'],
    ]);
  });

  it('--by breaks each value down by a second key', async () => {
    const rows = await attributeJson(db, '--tag', 'team', '--by', 'cost-center', '--period', '2025-03', '--config', config);
    expect(pick(rows, 'tagValue', 'byTagValue', 'billedCost')).toEqual([
      ['payments', 'CC-1', '15.00'], ['payments', '(untagged)', '3.75'],
      ['platform', '(untagged)', '6.00'],
      ['checkout', 'cc-2', '4.00'],
      ['search', '(untagged)', '3.00'],
      ['data-platform', '(untagged)', '2.00'],
      ['(untagged)', '(untagged)', '0.75'],
    ]);
  });

  it('coverage by account: tagged, account-default and untagged money, and tagged ÷ total', async () => {
    const rows = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config, '--coverage', 'account');
    expect(pick(rows, 'accountId', 'billedTagged', 'billedAccountDefault', 'billedUntagged', 'billedTotal', 'coveragePct')).toEqual([
      [ACCOUNT_A, '18.40', '0.00', '0.70', '19.10', 96.34], // 18.40 / 19.10 = 96.335…%
      [ACCOUNT_B, '8.25', '0.00', '0.05', '8.30', 99.4], // 8.25 / 8.30 = 99.397…%
      [ACCOUNT_C, '1.10', '6.00', '0.00', '7.10', 15.49], // 1.10 / 7.10 = 15.492…%
    ]);
  });

  it('coverage by service and by period', async () => {
    const byService = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config, '--coverage', 'service');
    expect(pick(byService, 'serviceName', 'billedTagged', 'billedAccountDefault', 'billedUntagged', 'billedTotal', 'coveragePct')).toEqual([
      ['Amazon Elastic Compute Cloud', '18.25', '6.00', '0.75', '25.00', 73],
      ['Amazon Relational Database Service', '7.00', '0.00', '0.00', '7.00', 100],
      ['Amazon Simple Storage Service', '2.50', '0.00', '0.00', '2.50', 100],
    ]);
    const [byPeriod] = await attributeJson(db, '--tag', 'team', '--period', '2025-03', '--config', config, '--coverage', 'period');
    expect(byPeriod).toEqual({
      period: '2025-03', billedTagged: '27.75', billedShared: '0.00', billedAccountDefault: '6.00', billedUntagged: '0.75', billedTotal: '34.50', coveragePct: 80.43,
      from: '2025-03-02', to: '2025-03-31', covers: '2–31 Mar 2025, after the data horizon (1 Mar 2025): no day of it is complete',
    });
  });

  it('the table says which raw keys were read, in the order a line\'s value is picked, and the totals', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03', '--config', config);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('raw keys read for team, in pick order: team, owner-team, Owner_Team, TEAM, Team\n');
    expect(run.stdout).toContain('2025-03: 11 line items, BilledCost 34.50 (34.5000000000), EffectiveCost 32.50 (32.5000000000); the rows add up to both to the cent\n');
  });

  it('usage errors are one line with a hint, before the store is read', async () => {
    const missing = await costlens(db, 'attribute', '--period', '2025-03');
    expect([missing.code, missing.stderr]).toEqual([2, 'costlens: attribute: give the tag key to attribute by with --tag KEY\n  hint: e.g. costlens attribute --tag team --period 2026-10\n']);
    const period = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-3', '--db', '/nonexistent/store.duckdb');
    expect([period.code, period.stderr]).toEqual([2, 'costlens: --period must be YYYY-MM; got "2025-3"\n'
      + '  hint: a billing period is a year and a month 01 to 12, e.g. --period 2026-10; `costlens status` lists the periods in the store\n']);
    const both = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03', '--from', '2025-03-01');
    expect([both.code, both.stderr]).toEqual([2, 'costlens: attribute: give --period or --from/--to, not both\n  hint: run `costlens attribute --help` for its options\n']);
  });

  it('--from/--to selects charges in a half-open range', async () => {
    const rows = await attributeJson(db, '--tag', 'team', '--from', '2025-03-02', '--to', '2025-03-03', '--config', config);
    expect(rows.map((r) => r.billedCost)).toEqual(['18.75', '6.00', '4.00', '3.00', '2.00', '0.75']);
    // A range that holds no day of the data (the store's one day is 2 Mar) is refused rather than answered with no rows.
    const none = await costlens(db, 'attribute', '--tag', 'team', '--from', '2025-03-01', '--to', '2025-03-02', '--format', 'json', '--config', config);
    expect([none.code, none.stdout, none.stderr.split('\n')[0]]).toEqual([2, '', 'costlens: --from 2025-03-01 --to 2025-03-02 (1 Mar 2025) is outside the billing data in the store (2 Mar 2025)']);
  });

  it('a tag key no line carries leaves every line (untagged), and stderr names the key meant, or the keys there', async () => {
    // The store's one day, 2 Mar, holds no complete day (its lines end before midnight): the data horizon is 1 Mar, and stderr says so of 2025-03 first,
    // as invoice says it (it said "…, not the month's whole bill" of the bill of the days the store holds).
    // The store's lines are charged on 2 Mar 2025 alone (one hour: the data horizon is 1 Mar): its days begin there, not on the 1st (it said "1 Mar 2025", a day it does not hold).
    const march = '2025-03: the rows cover 2–31 Mar 2025, after the data horizon (1 Mar 2025): no day of it is complete\n';
    const misspelt = await costlens(db, 'attribute', '--tag', 'taem', '--period', '2025-03', '--format', 'csv');
    expect(misspelt.code).toBe(0);
    expect(misspelt.stdout.split('\r\n')[1]).toBe('2025-03,(untagged),untagged,34.50,0.00,34.50,32.50,0.00,32.50,100.00,100.00');
    expect(misspelt.stderr).toBe(march + 'attribute: no line item in 2025-03 carries the tag key "taem" under any spelling\n  hint: did you mean --tag team?\n');
    const unlike = await costlens(db, 'attribute', '--tag', 'team', '--by', 'project', '--period', '2025-03', '--format', 'json');
    expect(unlike.code).toBe(0);
    expect(unlike.stderr).toBe(march + 'attribute: no line item in 2025-03 carries the tag key "project" under any spelling\n'
      // The most used first, by hand from LINES: team on 5 lines (L1, L5, L9, L10, L11's blank value), TEAM and Team on 2, the rest on 1 (it listed them in code-point order).
      + '  hint: tag keys in 2025-03, the most used first: team, TEAM, Team, Cost-Center, CostCenter, Owner_Team, cost_center, owner-team\n');
    const found = await costlens(db, 'attribute', '--tag', 'Cost_Center', '--period', '2025-03', '--format', 'csv');
    expect([found.code, found.stderr]).toEqual([0, march]);
    // Without key folding the key's own spellings are read as given, and the range's keys are read to tell.
    const exact = writeConfig(dir, 'no-folding.yaml', 'attribution:\n  foldKeys: false\n');
    const unfolded = await costlens(db, 'attribute', '--tag', 'taem', '--period', '2025-03', '--format', 'csv', '--config', exact);
    expect([unfolded.code, unfolded.stderr]).toEqual([0, march + 'attribute: no line item in 2025-03 carries the tag key "taem" under any spelling\n  hint: did you mean --tag team?\n']);
    const carried = await costlens(db, 'attribute', '--tag', 'Team', '--period', '2025-03', '--format', 'csv', '--config', exact);
    expect([carried.code, carried.stderr]).toEqual([0, march]);
    // A period outside the data is refused (exit 2) before any key is looked for.
    const empty = await costlens(db, 'attribute', '--tag', 'taem', '--period', '2024-01', '--format', 'csv');
    expect([empty.code, empty.stdout, empty.stderr.split('\n')[0]]).toEqual([2, '', 'costlens: --period 2024-01 (1–31 Jan 2024) is outside the billing data in the store (2 Mar 2025)']);
  });

  it('a misspelt config key is an error naming it', async () => {
    const typo = writeConfig(dir, 'typo.yaml', 'attribution:\n  tags:\n    team:\n      alias: [owner-team]\n');
    const run = await costlens(db, 'attribute', '--tag', 'team', '--config', typo);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toBe(`costlens: ${typo}: attribution.tags.team: unknown key "alias"`);
  });

  it('a value listed under two canonical values is a config error naming the file and the key, before any output', async () => {
    const bad = writeConfig(dir, 'bad-values.yaml', 'attribution:\n  tags:\n    team:\n      values:\n        payments: [pay]\n        checkout: [Pay]\n');
    // Without --period: the default period's line ("period 2025-03, …") came first, and the error named no file.
    const run = await costlens(db, 'attribute', '--tag', 'team', '--config', bad);
    expect([run.code, run.stdout, run.stderr]).toEqual([3, '', `costlens: ${bad}: attribution.tags.team.values: "Pay" means both "payments" and "checkout"\n  hint: list each spelling under one canonical value\n`]);
  });
});
