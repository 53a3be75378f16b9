/**
 * The purchase advice on the demo store (`costlens commitments --format json`, fields of
 * `recommendations` and `advice`), against figures computed without costlens: the look-back's hourly
 * eligible on-demand spend by SQL on the store (EC2 instance hours billed on demand, no commitment
 * applied: the demo has no Fargate), the 1-year price from the bill's own Savings Plan lines, and
 * each plan's saving, utilisation and coverage by hand from those hours. Before, the search took each
 * hour's breakpoint rounded down, in doubles: $8.541 and $6.326 an hour, where $8.542 and $6.327
 * save more (2,424.96 against 2,424.70 a month, and 4,179.10 against 4,179.06) at ≥ 95 % utilisation.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';

interface Recommendation {
  term: string; rateSource: string; hourlyCommitment: string; monthlyCommitment: string; monthlySaving: string;
  expectedUtilisationPercent: number; expectedCoveragePercent: number; breakEvenUtilisationPercent: number; discountPercent: number; rateBasis: string;
}

/** Decimal text as units of 1e-10. */
const units = (text: string) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
};
/** Units as decimal text with 10 places. */
const decimal = (u: bigint) => `${u / 10n ** 10n}.${String(u % 10n ** 10n).padStart(10, '0')}`;
/** a ÷ b rounded half away from zero (both positive). */
const rounded = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

/** The hours' spend as groups: `hours` hours each spending `spend` units. */
type Groups = { spend: bigint; hours: bigint }[];

/**
 * A commitment of `c` units an hour at price p ÷ q, replayed by hand: an hour spending S has min(S, c ÷ r)
 * covered. Everything × p to stay in integers: coveredP = Σ hours × min(S × p, c × q).
 */
function replay(groups: Groups, c: bigint, p: bigint, q: bigint) {
  const n = groups.reduce((a, g) => a + g.hours, 0n);
  const total = groups.reduce((a, g) => a + g.hours * g.spend, 0n);
  const coveredP = groups.reduce((a, g) => a + g.hours * (g.spend * p < c * q ? g.spend * p : c * q), 0n);
  const savingP = coveredP - c * n * p;
  return {
    savingP,
    monthlySaving: decimal(rounded(savingP * 730n, p * n)),
    utilisationAtLeast95: coveredP * 100n >= 95n * q * c * n,
    utilisationPercent: Number(rounded(coveredP * 10_000n, q * c * n)) / 100,
    coveragePercent: Number(rounded(coveredP * 10_000n, p * total)) / 100,
  };
}

describe('purchase advice on the demo: the best $0.001 commitment, every figure exact and of that commitment', () => {
  const demo = inject('demoDir');
  let db: string;
  let report: { horizon: string; recommendations: Recommendation[]; advice: Record<string, unknown> };
  let groups: Groups;
  let text: string;

  beforeAll(async () => {
    db = await cachedDemoStore(demo, ['cur2']);
    const run = await costlens(db, 'commitments', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout);
    text = (await costlens(db, 'commitments')).stdout;
    const rows = await sqlRows(db, `
      WITH hourly AS (
        SELECT ChargePeriodStart AS hour, sum(BilledCost) AS spend, max(date_diff('second', ChargePeriodStart, ChargePeriodEnd)) AS longest
        FROM line_items
        WHERE x_LineItemType = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL
          AND (x_ProductCode = 'AmazonEC2' AND x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%Fargate-vCPU-Hours%' OR x_UsageType LIKE '%Fargate-GB-Hours%')
          AND ChargePeriodStart >= TIMESTAMP '2026-10-16 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-11-15 00:00:00'
        GROUP BY ChargePeriodStart)
      SELECT CAST(spend AS VARCHAR) AS spend, count(*) AS hours, max(longest) AS longest FROM hourly GROUP BY spend ORDER BY spend`);
    expect(rows.every((r) => r.longest === '3600')).toBe(true); // hourly lines: no spreading to reproduce
    groups = rows.map((r) => ({ spend: units(r.spend!), hours: BigInt(r.hours!) }));
  });

  it('the look-back: the 30 days to the horizon (14 Nov 2026), 720 hours all with spend, $8,714.022 of eligible on-demand spend as SQL sums it', async () => {
    expect(report.horizon).toBe('2026-11-14');
    expect(groups.map((g) => [decimal(g.spend), Number(g.hours)])).toEqual([
      ['11.8638000000', 222], ['11.9470000000', 46], ['12.0302000000', 41], ['12.1670000000', 120],
      ['12.2002000000', 159], ['12.2502000000', 32], ['12.3334000000', 28], ['12.5034000000', 72],
    ]);
    const [sum] = await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS s FROM line_items
      WHERE x_LineItemType = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL AND x_ProductCode = 'AmazonEC2' AND x_UsageType LIKE '%BoxUsage%'
        AND ChargePeriodStart >= TIMESTAMP '2026-10-16 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-11-15 00:00:00'`);
    expect(sum.s).toBe('8714.0220000000');
    expect(report.advice).toMatchObject({ lookbackFrom: '2026-10-16', lookbackTo: '2026-11-15', hours: 720, hoursWithSpend: 720, eligibleOnDemandCost: sum.s });
  });

  it('1yr at the bill\'s own rate (SavingsPlanEffectiveCost 1,566.0864 of on-demand 2,175.12 = 0.72): $8.542 an hour, saving 2,424.9588814815 a month, 100 % used, 98.03 % coverage', async () => {
    const [bill] = await sqlRows(db, `SELECT CAST(sum(x_SavingsPlanEffectiveCost) AS VARCHAR) AS effective, CAST(sum(ListCost) AS VARCHAR) AS on_demand FROM line_items
      WHERE x_LineItemType = 'SavingsPlanCoveredUsage' AND ChargePeriodStart >= TIMESTAMP '2026-10-16 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-11-15 00:00:00'`);
    expect([bill.effective, bill.on_demand]).toEqual(['1566.0864000000', '2175.1200000000']);
    expect(units(bill.effective!) * 100n).toBe(units(bill.on_demand!) * 72n);
    const oneYear = report.recommendations.find((r) => r.term === '1yr')!;
    // C ÷ 0.72 = 11.86388…: the 222 hours of 11.8638 stay under it, the 498 others are covered to it.
    // Over the 720 hours: 222 × 11.8638 + 498 × 8.542 ÷ 0.72 − 720 × 8.542 = 2,633.7636 + 5,908.21666… − 6,150.24 = 2,391.74026666…,
    // × 730 ÷ 720 = 2,424.958881481481… → 2424.9588814815. $8.541 (C ÷ 0.72 = 11.8625, every hour covered to it) saves
    // 8.541 × 720 × 0.28 ÷ 0.72 = 2,391.48 (2,424.695 a month). Used (222 × 11.8638 × 0.72 + 498 × 8.542) ÷ (720 × 8.542)
    // = 6,150.225792 ÷ 6,150.24 = 99.9998 % → 100; coverage (2,633.7636 + 5,908.21666…) ÷ 8,714.022 = 98.0257 % → 98.03.
    expect(oneYear).toMatchObject({
      rateSource: 'bill', hourlyCommitment: '8.5420000000', monthlyCommitment: '6235.6600000000', monthlySaving: '2424.9588814815',
      expectedUtilisationPercent: 100, expectedCoveragePercent: 98.03, breakEvenUtilisationPercent: 72, discountPercent: 28,
    });
    expectBestOnGrid(oneYear, 72n, 100n);
  });

  it('3yr at the estimated 48 % off (price 0.52): $6.327 an hour, saving 4,179.0982598291 a month, 99.05 % used, 99.58 % coverage', () => {
    const threeYear = report.recommendations.find((r) => r.term === '3yr')!;
    // C ÷ 0.52 = 12.16730…: the 429 hours of 11.8638, 11.947, 12.0302 and 12.167 (5,136.6038) stay under it, 291 are covered to it:
    // 5,136.6038 + 291 × 6.327 ÷ 0.52 − 720 × 6.327 = 5,136.6038 + 3,540.68653846… − 4,555.44 = 4,121.85033846…,
    // × 730 ÷ 720 = 4,179.09825982905… → 4179.0982598291; used 99.0506 %, coverage 8,677.29033846… ÷ 8,714.022 = 99.5785 %.
    expect(threeYear).toMatchObject({
      rateSource: 'estimated', hourlyCommitment: '6.3270000000', monthlyCommitment: '4618.7100000000', monthlySaving: '4179.0982598291',
      expectedUtilisationPercent: 99.05, expectedCoveragePercent: 99.58, breakEvenUtilisationPercent: 52, discountPercent: 48,
    });
    expectBestOnGrid(threeYear, 52n, 100n);
  });

  it('the table output names the look-back by the days it covers, both included, as the summary line names its days, with its hours', () => {
    // lookbackFrom 2026-10-16 up to, not including, lookbackTo 2026-11-15: 16 Oct – 14 Nov 2026, 30 days of 24 hours
    // (it printed "look-back 2026-10-16 to 2026-11-15", an exclusive end beside the summary's inclusive "1–31 Oct 2026").
    expect(text).toContain('Commitments 2026-10 (1–31 Oct 2026, complete;');
    expect(text).toContain('\nPurchase advice (look-back 16 Oct – 14 Nov 2026, 720 hours; hourly on-demand EC2 instance and Fargate lines of the bill;');
  });

  it('the table output states the same figures, every percentage with two decimals and money as the table writes them', () => {
    // 99.9998 % used → 100.00, break-even at the price 0.72 → 72.00, 28.00 % off (it printed "100 %", "72 %" and "28 %" beside "98.03 %");
    // the hourly commitments to the $0.001 step, the savings 2,424.9588814815 and 4,179.0982598291 to the cent (it printed "8.542 USD/hour"
    // and "2424.96 USD" above a table writing "$1,753.92").
    expect(text).toContain('1yr No Upfront Compute Savings Plan: $8.542/hour → 100.00 % utilisation, 98.03 % coverage, saves $2,424.96 a month (break-even at 72.00 % utilisation); '
      + 'rate 28.00 % off on-demand, the bill\'s 1yr No Upfront Compute Savings Plan (savingsplan/');
    // The plan named as the table names it, without its arn:aws:savingsplans::ACCOUNT: prefix (the whole ARN is --wide's, and the JSON's rateBasis).
    const plan = /\((arn:aws:savingsplans::\d{12}:savingsplan\/[0-9a-f-]+)\): SavingsPlanEffectiveCost/.exec(report.recommendations[0].rateBasis)![1];
    expect(text).toContain(`(${plan.replace(/^arn:aws:savingsplans::\d{12}:/, '')}): SavingsPlanEffectiveCost`);
    expect(text).not.toContain(plan);
    expect(text).toContain('3yr No Upfront Compute Savings Plan: $6.327/hour → 99.05 % utilisation, 99.58 % coverage, saves $4,179.10 a month (break-even at 52.00 % utilisation); '
      + 'rate 48.00 % off on-demand, estimated: commitments.estimatedDiscountPercent.3yr = 48 % (');
  });

  /**
   * The recommendation is the replay of its own commitment, and that commitment is the best on the
   * $0.001 grid: the saving is concave in C, so beating both neighbours (the one above, when it is
   * used at least 95 %) is beating every commitment.
   */
  function expectBestOnGrid(r: Recommendation, p: bigint, q: bigint) {
    const step = units('0.001');
    const c = units(r.hourlyCommitment);
    expect(units(r.monthlyCommitment)).toBe(c * 730n);
    const own = replay(groups, c, p, q);
    expect([own.monthlySaving, own.utilisationPercent, own.coveragePercent, own.utilisationAtLeast95])
      .toEqual([r.monthlySaving, r.expectedUtilisationPercent, r.expectedCoveragePercent, true]);
    expect(replay(groups, c - step, p, q).savingP).toBeLessThan(own.savingP);
    const above = replay(groups, c + step, p, q);
    expect(!above.utilisationAtLeast95 || above.savingP < own.savingP).toBe(true);
  }
});
