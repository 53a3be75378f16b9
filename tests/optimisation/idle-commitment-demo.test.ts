import { beforeAll, describe, expect, it } from 'vitest';
import { findingsTable, findingTotals, type IdleFinding } from '../../src/analyze/findings.ts';
import { costlens } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { COVERED_AS_OF, coveredIdleStore, sqlSplits, type SqlSplit } from './idle-commitment-store.ts';
import { jsonOf } from './fixtures.ts';

/** Exact decimal text → cents (the savings are whole cents). */
const cents = (text: string) => BigInt(text.replace('.', ''));
const text = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/**
 * Every idle finding carries its saving as cash (monthlySaving) and commitment freed
 * (monthlySavingCommitment), adding up to its run-rate; the totals, the table and the CSV add both
 * up from the rows. On the README's covered demo, SQL on the store gives the split of the four
 * instances a commitment with unused hours covered: i-05fa4710bd8270944 (its compute on a Savings
 * Plan, 88.128 of its 303.35 window cost) 185.47 cash + 75.94 commitment of 261.41, and three
 * covered in full that save no cash: 132.45, 66.23 and 42.17 of commitment (316.79 in all).
 */
describe('idle findings carry cash and commitment freed, and their totals add both up (the covered demo)', () => {
  let db: string;
  let configPath: string;
  let findings: IdleFinding[];
  let splits: SqlSplit[];

  beforeAll(async () => {
    ({ db, configPath } = await coveredIdleStore());
    findings = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', COVERED_AS_OF, '--config', configPath);
    splits = await sqlSplits(db, findings.filter((f) => f.kind === 'ec2-instance' || f.kind === 'rds-instance').map((f) => f.resourceId!));
  }, 240_000);

  it('the four covered instances split as SQL on the store splits them; every other finding saves its run-rate in cash', () => {
    expect(splits).toEqual([
      { id: 'i-03a0b3ff9fb0e24a0', runRate: '132.45', commitment: '132.45', cash: '0.00' },
      { id: 'i-053a53266cec1fe4e', runRate: '42.17', commitment: '42.17', cash: '0.00' },
      { id: 'i-05fa4710bd8270944', runRate: '261.41', commitment: '75.94', cash: '185.47' },
      { id: 'i-080458c4e7c89c6de', runRate: '66.23', commitment: '66.23', cash: '0.00' },
    ]);
    const covered = new Map(splits.map((s) => [s.id, s]));
    expect(findings.length).toBe(32);
    for (const f of findings) {
      const s = covered.get(f.resourceId ?? '');
      expect([f.runRateMonthly, f.monthlySaving, f.monthlySavingCommitment], f.resourceId ?? f.usageType!)
        .toEqual(s ? [s.runRate, s.cash, s.commitment] : [f.runRateMonthly, f.runRateMonthly, '0.00']);
      expect(cents(f.monthlySaving) + cents(f.monthlySavingCommitment), f.resourceId!).toBe(cents(f.runRateMonthly));
    }
  });

  it('findingTotals adds cash and commitment apart, from the rows, to the heading\'s 4348.50 and 316.79; together the run-rates', async () => {
    const totals = findingTotals(findings);
    const sum = (pick: (f: IdleFinding) => string) => text(findings.reduce((s, f) => s + cents(pick(f)), 0n));
    expect([totals.totalMonthlySaving, totals.totalMonthlySavingCommitment]).toEqual([sum((f) => f.monthlySaving), sum((f) => f.monthlySavingCommitment)]);
    // 4348.50, not 4287.76: two t3.large instances that run 08:00–20:00 (12 h × 0.0832 = 0.9984 a day) were priced from their
    // daily DataTransfer-Out line alone (the only one reaching midnight); their hours add 0.9984 × 730 / 24 = 30.37 each
    // (tests/optimisation/idle-part-time-demo.test.ts).
    expect([totals.totalMonthlySaving, totals.totalMonthlySavingCommitment]).toEqual(['4348.50', '316.79']);
    expect(cents(totals.totalMonthlySaving) + cents(totals.totalMonthlySavingCommitment)).toBe(cents(sum((f) => f.runRateMonthly)));
    const heading = (await costlens(db, 'idle', '--as-of', COVERED_AS_OF, '--config', configPath)).stdout.split('\n')[0];
    expect(heading).toContain(`32 found, $4,348.50 a month saved at their current hourly rates × 730 h, and $316.79 more frees commitment, not cash (4 covered by a commitment with unused hours)`);
  });

  it('findingsTable (the CSV) has monthly_saving_commitment after monthly_saving; each row adds up to run_rate_monthly and the columns to the totals', async () => {
    const table = findingsTable(findings);
    const at = table.columns.indexOf('monthly_saving');
    expect(table.columns.slice(at - 1, at + 2)).toEqual(['run_rate_monthly', 'monthly_saving', 'monthly_saving_commitment']);
    const csv = parseCsvRecords((await costlens(db, 'idle', '--as-of', COVERED_AS_OF, '--config', configPath, '--format', 'csv')).stdout);
    expect(csv[0]).toEqual(table.columns);
    const rows = csv.slice(1);
    expect(rows).toEqual(table.rows.map((r) => r.map((v) => v ?? '')));
    for (const r of rows) expect(cents(r[at]) + cents(r[at + 1]), r[1]).toBe(cents(r[at - 1]));
    const totals = findingTotals(findings);
    expect(text(rows.reduce((s, r) => s + cents(r[at]), 0n))).toBe(totals.totalMonthlySaving);
    expect(text(rows.reduce((s, r) => s + cents(r[at + 1]), 0n))).toBe(totals.totalMonthlySavingCommitment);
    expect(rows.find((r) => r[1] === 'i-03a0b3ff9fb0e24a0')!.slice(at - 1, at + 2)).toEqual(['132.45', '0.00', '132.45']);
  });
});
