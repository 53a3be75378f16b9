import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommitmentTruth } from '../../src/demo/truth-commitments.ts';
import { costlens } from '../helpers/cli.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';

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
      expect(p.commitments.coverage.coveragePercent).toBeGreaterThan(0);
    }
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

  it('purchase advice prices the 1-year plan at the bill\'s own Savings Plan rate (28 % off) and the 3-year plan at the labelled estimate', () => {
    const recs = reports['2026-11'].recommendations as { term: string; rateSource: string; discountPercent: number; expectedUtilisationPercent: number }[];
    const byTerm = Object.fromEntries(recs.map((r) => [r.term, r]));
    expect(byTerm['1yr']).toMatchObject({ rateSource: 'bill', discountPercent: 28 });
    expect(byTerm['3yr']).toMatchObject({ rateSource: 'estimated', discountPercent: 48 });
    for (const r of recs) expect(r.expectedUtilisationPercent).toBeGreaterThanOrEqual(95);
  });
});
