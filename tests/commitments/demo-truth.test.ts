import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommitmentTruth } from '../../src/demo/truth-commitments.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { COVERED, ELIGIBLE, UNCOVERED_ELIGIBLE } from '../helpers/commitment-sql.ts';
import { textTableRows } from '../helpers/text-table-rows.ts';

interface Truth {
  commitments: { reservedInstance: { arn: string; end: string }; savingsPlan: { arn: string; end: string; commitmentHourly: number } };
  periods: Record<string, { commitments: CommitmentTruth }>;
}

describe('the demo\'s Reserved Instance and Compute Savings Plan: costlens commitments equals truth.json', () => {
  const demo = inject('demoDir');
  const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as Truth;
  const reports: Record<string, any> = {};
  let db: string;

  beforeAll(async () => {
    db = await cachedDemoStore(demo, ['cur2']); // the shared store of the demo's CUR 2.0 export: commitments only reads it
    for (const period of Object.keys(truth.periods)) {
      const run = await costlens(db, 'commitments', '--period', period, '--format', 'json');
      expect(run.stderr).toBe('');
      reports[period] = JSON.parse(run.stdout);
    }
  });

  it('truth.json states each period\'s utilisation and coverage (the RI is one reservation in four idle: 75 %)', () => {
    for (const p of Object.values(truth.periods)) {
      expect(p.commitments.reservedInstance.utilisationPercent).toBe(75);
      expect(p.commitments.savingsPlan.utilisationPercent).toBeGreaterThan(80);
    }
    // Covered hours of eligible hours: 12,960 of 67,861 (Sep), 13,392 of 71,844 (Oct), 6,048 of 31,632 (1–14 Nov).
    expect(Object.fromEntries(Object.entries(truth.periods).map(([period, p]) => [period, p.commitments.coverage.coveragePercent])))
      .toEqual({ '2026-09': 19.1, '2026-10': 18.64, '2026-11': 19.12 });
  });

  for (const period of ['2026-09', '2026-10', '2026-11']) {
    it(`${period}: RI hours, normalised units, utilisation and unused cost equal truth`, () => {
      const t = truth.periods[period].commitments.reservedInstance;
      const r = reports[period];
      expect(r.reservedInstances).toMatchObject({
        count: 1, purchasedHours: t.purchasedHours, usedHours: t.usedHours, unusedHours: t.unusedHours, utilisationPercent: t.utilisationPercent,
        purchasedUnits: t.purchasedUnits, unusedUnits: t.unusedUnits, normalisedUtilisationPercent: t.normalisedUtilisationPercent, unusedCost: t.unusedCost,
      });
      const ri = r.commitments.find((c: { type: string }) => c.type === 'Reserved Instance');
      expect(ri).toMatchObject({ arn: truth.commitments.reservedInstance.arn, end: truth.commitments.reservedInstance.end,
        purchased: t.purchasedHours, used: t.usedHours, unused: t.unusedHours, unit: 'Hrs', unusedCost: t.unusedCost, utilisationPercent: t.utilisationPercent });
    });

    it(`${period}: the Compute Savings Plan's commitment, used commitment, utilisation and unused cost equal truth`, () => {
      const t = truth.periods[period].commitments.savingsPlan;
      const r = reports[period];
      expect(r.savingsPlans).toMatchObject({ count: 1, commitment: t.commitment, usedCommitment: t.usedCommitment, unusedCommitment: t.unusedCommitment,
        utilisationPercent: t.utilisationPercent, unusedCost: t.unusedCost });
      const sp = r.commitments.find((c: { type: string }) => c.type === 'Compute Savings Plan');
      expect(sp).toMatchObject({ arn: truth.commitments.savingsPlan.arn, purchased: t.commitment, used: t.usedCommitment, unused: t.unusedCommitment,
        unit: 'USD', unusedCost: t.unusedCost, utilisationPercent: t.utilisationPercent, term: '1yr', paymentOption: 'No Upfront' });
      expect(Number(sp.hourlyCommitment)).toBe(truth.commitments.savingsPlan.commitmentHourly);
    });

    it(`${period}: coverage (hours and on-demand-equivalent cost), unused cost and effective savings rate equal truth`, () => {
      const t = truth.periods[period].commitments;
      const r = reports[period];
      expect(r.coverage).toMatchObject({ eligibleHours: t.coverage.eligibleHours, coveredHours: t.coverage.coveredHours,
        eligibleOnDemandCost: t.coverage.eligibleOnDemandCost, coveredOnDemandCost: t.coverage.coveredOnDemandCost });
      expect(r).toMatchObject({ coveragePercent: t.coverage.coveragePercent, coverageCostPercent: t.coverage.coverageCostPercent,
        unusedCost: t.unusedCost, effectiveSavingsRate: t.effectiveSavingsRate });
    });
  }

  it('coverage per account, service, region, instance family and team (normalised tag): the groups add up to the period\'s eligible and covered hours and cost, and its on-demand spend that could have been covered, exactly', async () => {
    const units = (text: string | null) => {
      const [whole, fraction = ''] = (text ?? '0').replace('-', '').split('.');
      const v = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
      return (text ?? '').startsWith('-') ? -v : v;
    };
    const total = reports['2026-10'].coverage;
    for (const by of ['account', 'service', 'region', 'family', 'team']) {
      const run = await costlens(db, 'commitments', '--period', '2026-10', '--by', by, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const groups = JSON.parse(run.stdout).groups as Record<string, any>[];
      expect(groups.length, by).toBeGreaterThan(1);
      for (const money of ['eligibleOnDemandCost', 'coveredOnDemandCost', 'onDemandCost']) {
        expect(groups.reduce((s, g) => s + units(g[money]), 0n), `${by} ${money}`).toBe(units(total[money]));
      }
      for (const hours of ['eligibleHours', 'coveredHours']) {
        expect(groups.reduce((s, g) => s + (g[hours] ?? 0), 0), `${by} ${hours}`).toBeCloseTo(total[hours], 4);
      }
      if (by === 'team') expect(groups.map((g) => g.key)).toContain('payments');
    }
  });

  it('the terminal table, September 2026: each amount says its unit (RI hours as "720 h", the Savings Plan in dollars to the cent), percentages with two decimals on every row and in the summary lines', async () => {
    const sums = await sqlRows(db, `SELECT x_LineItemType AS type, CAST(sum(x_SavingsPlanTotalCommitmentToDate) AS VARCHAR) AS commitment,
        CAST(sum(x_SavingsPlanUsedCommitment) AS VARCHAR) AS used, CAST(sum(x_UsageAmount) AS VARCHAR) AS hours, CAST(sum(x_ReservationUnusedQuantity) AS VARCHAR) AS unused_hours,
        CAST(sum(x_ReservationUnusedRecurringFee + x_ReservationUnusedAmortizedUpfrontFee) AS VARCHAR) AS unused_cost
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') GROUP BY 1 ORDER BY 1`);
    expect(sums.map((r) => [r.type, r.commitment, r.used, r.hours, r.unused_hours, r.unused_cost])).toEqual([
      ['RIFee', null, null, '2880.0', '720.0', '41.5923287760'],
      ['SavingsPlanRecurringFee', '1753.9200000000', '1566.0864000000', '720.0', null, null],
    ]);
    const run = await costlens(db, 'commitments', '--period', '2026-09', '--wide');
    expect(run.code, run.stderr).toBe(0);
    // The summary lines' percentages have two decimals too (it printed "RIs 75 % of hours, 75 % of normalised units" beside
    // "Savings Plans 89.29 %", and "coverage 19.1 %"): the RI (2,880 − 720) ÷ 2,880 = 75 %; the plan 1,566.0864 ÷ 1,753.92 = 89.2906 %;
    // overall the used cost (the RI's DiscountedUsage EffectiveCost 124.776986328 + the plan's 1,566.0864) over it and the
    // unused 229.425928776: 1,690.863386328 ÷ 1,920.289315104 = 88.0525 %; coverage as truth.json has it.
    const t = truth.periods['2026-09'].commitments;
    expect([t.coverage.coveragePercent, t.coverage.coverageCostPercent, t.effectiveSavingsRate]).toEqual([19.1, 18.74, 3.64]);
    const [riUsed] = await sqlRows(db, `SELECT CAST(sum(EffectiveCost) AS VARCHAR) AS cost FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND x_LineItemType = 'DiscountedUsage'`);
    expect(riUsed.cost).toBe('124.7769863280');
    // Money as the table writes it, rounded once to the cent with thousands separators (it printed "229.43 USD", "10327.99 USD",
    // "12710.47 USD" and "12248.28 USD" above a table writing "$187.84"): the unused 229.425928776; the eligible usage's BilledCost no
    // commitment covered; its on-demand equivalent (covered usage at ListCost, the rest at BilledCost); its EffectiveCost + the unused.
    const [eligible] = await sqlRows(db, `SELECT CAST(sum(BilledCost) FILTER (WHERE ${UNCOVERED_ELIGIBLE}) AS VARCHAR) AS on_demand,
        CAST(sum(CASE WHEN ${COVERED} THEN ListCost ELSE BilledCost END) FILTER (WHERE ${ELIGIBLE}) AS VARCHAR) AS equivalent,
        CAST(sum(EffectiveCost) FILTER (WHERE ${ELIGIBLE}) + 229.4259287760 AS VARCHAR) AS amortised
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01'`);
    expect(eligible).toEqual({ on_demand: '10327.9894935310', equivalent: '12710.4694935310', amortised: '12248.2788086350' });
    const september = reports['2026-09'];
    expect([september.coverage.onDemandCost, september.onDemandEquivalent, september.amortisedCost]).toEqual([eligible.on_demand, eligible.equivalent, eligible.amortised]);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual([
      '  utilisation 88.05 % of commitment cost; RIs 75.00 % of hours, 75.00 % of normalised units; Savings Plans 89.29 % of commitment',
      '  unused commitment cost $229.43; coverage 19.10 % of eligible instance hours, 18.74 % of eligible on-demand-equivalent cost; on-demand spend that could have been covered $10,327.99',
      '  effective savings rate 3.64 % (on-demand equivalent $12,710.47, amortised cost incl. unused commitment $12,248.28)',
    ]);
    const rows = textTableRows(run.stdout, 'arn');
    // Each term's end as its day: both end at midnight UTC, as the bill says (it printed "2027-07-18 00:00:00"); csv keeps the TIMESTAMP.
    const ends = await sqlRows(db, `SELECT CommitmentDiscountId AS arn, strftime(max(coalesce(x_ReservationEndTime, x_SavingsPlanEndTime)), '%Y-%m-%d %H:%M:%S') AS ends
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') GROUP BY 1 ORDER BY 1`);
    expect(ends.map((r) => [r.arn, r.ends])).toEqual([[truth.commitments.reservedInstance.arn, '2027-09-01 00:00:00'], [truth.commitments.savingsPlan.arn, '2027-07-18 00:00:00']]);
    expect(rows.map((r) => [r.arn, r.end])).toEqual([[truth.commitments.savingsPlan.arn, '2027-07-18'], [truth.commitments.reservedInstance.arn, '2027-09-01']]);
    // The cells say their unit, so the table has no unit column (csv and json keep it).
    expect(Object.keys(rows[0])).toEqual(['arn', 'type', 'end', 'purchased', 'used', 'unused', 'utilisation_pct', 'normalised_utilisation_pct', 'unused_cost',
      'account_id', 'instance_type', 'size_flexible']);
    // The Savings Plan: 1,753.92 committed, 1,753.92 − 1,566.0864 = 187.8336 unused (its unused cost), 89.29 % used (1,566.0864 ÷ 1,753.92 = 89.2906 %).
    // The unused costs split the headline's 229.4259287760 (229.43): 187.83 and 41.59 hold 229.42, and the cent left goes to the
    // larger remainder, the plan's 0.36 of a cent against the RI's 0.23; its unused dollars show the same 187.84, its used
    // 1,753.92 − 187.84 = 1,566.08 (within a cent of 1,566.0864). The RI: 2,880 hours, 720 unused, 75 % (it printed 187.8336000000 beside 720, and 75).
    expect(rows.map((r) => [r.type, r.purchased, r.used, r.unused, r.utilisation_pct, r.normalised_utilisation_pct, r.unused_cost])).toEqual([
      ['Compute Savings Plan', '$1,753.92', '$1,566.08', '$187.84', '89.29', '', '$187.84'],
      ['Reserved Instance', '2,880 h', '2,160 h', '720 h', '75.00', '75.00', '$41.59'],
    ]);
    // Amounts are right-aligned, as numbers are: hours end where dollars do.
    const lines = run.stdout.split('\n');
    const end = (line: string | undefined, cell: string) => line!.indexOf(cell) + cell.length;
    const [sp, ri] = [lines.find((l) => l.startsWith('arn:aws:savingsplans:')), lines.find((l) => l.startsWith('arn:aws:ec2:'))];
    expect([end(ri, '2,880 h'), end(ri, '2,160 h'), end(ri, ' 720 h')]).toEqual([end(sp, '$1,753.92'), end(sp, '$1,566.08'), end(sp, '$187.84')]);
    const csv = await costlens(db, 'commitments', '--period', '2026-09', '--format', 'csv');
    expect(csv.stdout.split('\r\n').slice(1, 3).map((l) => l.split(',')[2])).toEqual(['2027-07-18 00:00:00', '2027-09-01 00:00:00']);
    expect(csv.stdout.split('\r\n').slice(1, 3).map((l) => l.split(',').slice(3, 10))).toEqual([
      ['1753.9200000000', '1566.0864000000', '187.8336000000', 'USD', '89.29', '', '187.8336000000'],
      ['2880', '2160', '720', 'Hrs', '75', '75', '41.5923287760'],
    ]);
  });

  it('the terminal table by instance family, October 2026: percentages with two decimals on every row, hours saying their unit', async () => {
    const m5 = await sqlRows(db, `SELECT x_LineItemType AS type, CAST(sum(x_UsageAmount) AS VARCHAR) AS hours, CAST(sum(ListCost) AS VARCHAR) AS on_demand FROM line_items
      WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' AND x_InstanceType LIKE 'm5.%' AND x_UsageType LIKE '%BoxUsage%' GROUP BY 1 ORDER BY 1`);
    expect(m5.map((r) => [r.type, r.hours, r.on_demand])).toEqual([['DiscountedUsage', '2232.0', '214.2720000000'], ['Usage', '25378.0', '4890.4230000000']]);
    const run = await costlens(db, 'commitments', '--period', '2026-10', '--by', 'family', '--wide');
    expect(run.code, run.stderr).toBe(0);
    const rows = textTableRows(run.stdout, 'key');
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    // m5: its RI 75 % used; 2,232 of 2,232 + 25,378 = 27,610 hours covered (8.0840 %), 214.272 of 5,104.695 on-demand equivalent (4.1976 %).
    expect(byKey.m5).toMatchObject({ commitments: '1', utilisation_pct: '75.00', eligible_hours: '27,610 h', covered_hours: '2,232 h', coverage_pct: '8.08', coverage_cost_pct: '4.20' });
    // It printed 60, 0 and 4.2 beside 34.39.
    expect(byKey.r5).toMatchObject({ coverage_pct: '60.00' });
    expect(byKey.c4).toMatchObject({ eligible_hours: '744 h', covered_hours: '0 h', coverage_pct: '0.00', coverage_cost_pct: '0.00', utilisation_pct: '' });
    for (const r of rows) {
      for (const pct of [r.utilisation_pct, r.coverage_pct, r.coverage_cost_pct]) expect(pct, r.key).toMatch(/^(\d+\.\d\d)?$/);
      for (const hours of [r.eligible_hours, r.covered_hours]) expect(hours, r.key).toMatch(/^\d{1,3}(,\d{3})*(\.\d{1,2})? h$/);
    }
  });

  it('purchase advice prices the 1-year plan at the bill\'s own Savings Plan rate (28 % off) and the 3-year plan at the labelled estimate', () => {
    const recs = reports['2026-11'].recommendations as { term: string; rateSource: string; discountPercent: number; expectedUtilisationPercent: number }[];
    const byTerm = Object.fromEntries(recs.map((r) => [r.term, r]));
    expect(byTerm['1yr']).toMatchObject({ rateSource: 'bill', discountPercent: 28 });
    expect(byTerm['3yr']).toMatchObject({ rateSource: 'estimated', discountPercent: 48 });
    for (const r of recs) expect(r.expectedUtilisationPercent).toBeGreaterThanOrEqual(95);
  });
});
