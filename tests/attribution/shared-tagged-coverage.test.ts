/**
 * Tag coverage and attribution count a line that a shared-cost rule takes the same way: shared,
 * even when it carries the tag. Coverage answers "how much of the spend does tagging attribute
 * directly?", and a shared line's tag attributes nothing: the rule splits it. Before, coverage took
 * the tag first: on the shared demo (CUR 2.0, October 2026) with a `storage` rule on AmazonS3 beside
 * tax and support, the 3,459.29 of S3 that carries a team tag was `tagged` in `--coverage`
 * (26,762.15 tagged, 4,755.99 shared, 76.06 %) while the allocation put it in the storage pool
 * (its shared columns 8,215.27). Now coverage reads 23,302.87 tagged and 8,215.27 shared (66.23 %),
 * the allocation's cents class by class. Figures by SQL on line_items.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { writeConfig } from './fixtures.ts';

const PAYMENTS_PROD = '730604943011';
const RULES = `attribution:
  tags:
    team:
      accountDefaults: { "${PAYMENTS_PROD}": payments }
  sharedCosts:
    - name: tax
      match: { chargeCategory: [Tax] }
      split: proportional
    - name: support
      match: { productCode: [AWSSupportBusiness] }
      split: proportional
    - name: storage
      match: { productCode: [AmazonS3] }
      split: proportional
`;

/** Each class of October 2026 by SQL: a rule's lines shared first, then lines carrying the team tag, then the account default. */
const CLASSES_SQL = `SELECT CASE
    WHEN ChargeCategory = 'Tax' OR x_ProductCode IN ('AWSSupportBusiness', 'AmazonS3') THEN 'shared'
    WHEN trim(coalesce(Tags['team'], '')) <> '' THEN 'tagged'
    WHEN SubAccountId = '${PAYMENTS_PROD}' THEN 'accountDefault'
    ELSE 'untagged' END AS class,
  CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' GROUP BY 1 ORDER BY 1`;

interface CoverageJson { billedTagged: string; billedShared: string; billedAccountDefault: string; billedUntagged: string; billedTotal: string; coveragePct: number }
interface EffectiveCoverageJson { effectiveTagged: string; effectiveShared: string; effectiveAccountDefault: string; effectiveUntagged: string; effectiveTotal: string }

const cents = (text: string) => BigInt(text.replace('.', ''));
/** Exact units of 1e-10 of a decimal text with 10 decimals. */
const units = (text: string) => BigInt(text.replace('.', ''));

describe('coverage counts a shared line that carries the tag as shared, as attribution does', () => {
  let db: string;
  let config: string;
  let coverage: CoverageJson;
  let effective: EffectiveCoverageJson;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    config = writeConfig(tempStore().dir, 'costlens.config.yaml', RULES);
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2026-10', '--config', config, '--coverage', 'period', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    [coverage] = JSON.parse(run.stdout) as CoverageJson[];
    const byEffective = await costlens(db, 'attribute', '--tag', 'team', '--period', '2026-10', '--config', config, '--coverage', 'period', '--cost', 'effective', '--format', 'json');
    expect(byEffective.code, byEffective.stderr).toBe(0);
    [effective] = JSON.parse(byEffective.stdout) as EffectiveCoverageJson[];
  }, 300_000);

  it('October 2026: 23,302.87 tagged and 8,215.27 shared, each class the sum of its lines by SQL', async () => {
    const byClass = Object.fromEntries((await sqlRows(db, CLASSES_SQL)).map((r) => [r.class, r]));
    expect([coverage.billedTagged, coverage.billedShared, coverage.billedAccountDefault, coverage.billedUntagged])
      .toEqual([byClass.tagged.billed, byClass.shared.billed, byClass.accountDefault.billed, byClass.untagged.billed]);
    // EffectiveCost: each class is the floor or the ceiling of its exact sum (controlled rounding to the period's 35,272.81).
    for (const [cls, shown] of [['tagged', effective.effectiveTagged], ['shared', effective.effectiveShared], ['accountDefault', effective.effectiveAccountDefault], ['untagged', effective.effectiveUntagged]]) {
      const exact = units(byClass[cls].effective!);
      expect(cents(shown) * 100_000_000n - exact, cls).toBeGreaterThan(-100_000_000n);
      expect(cents(shown) * 100_000_000n - exact, cls).toBeLessThan(100_000_000n);
    }
    expect([effective.effectiveTagged, effective.effectiveShared, effective.effectiveTotal]).toEqual(['24776.90', '8215.27', '35272.81']);
    expect([coverage.billedTagged, coverage.billedShared, coverage.billedTotal, coverage.coveragePct]).toEqual(['23302.87', '8215.27', '35187.20', 66.23]);
    // The S3 lines that carry a team tag: in the storage pool, not tagged.
    const [s3] = await sqlRows(db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items
      WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' AND x_ProductCode = 'AmazonS3' AND ChargeCategory <> 'Tax' AND trim(coalesce(Tags['team'], '')) <> ''`);
    expect(s3.billed).toBe('3459.2869886017');
  });

  it('the classes are the allocation\'s methods grouped: tag + alias = tagged, the rules\' pools = shared, in both measures', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2026-10', '--config', config, '--detail', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const detail = JSON.parse(run.stdout) as { method: string; billedCost: string; effectiveCost: string }[];
    const total = (measure: 'billedCost' | 'effectiveCost', of: (method: string) => boolean) =>
      detail.filter((r) => of(r.method)).reduce((sum, r) => sum + cents(r[measure]), 0n);
    const tagged = (m: string) => m === 'tag' || m === 'alias';
    const shared = (m: string) => m.startsWith('shared:');
    expect([total('billedCost', tagged), total('billedCost', shared)]).toEqual([cents(coverage.billedTagged), cents(coverage.billedShared)]);
    expect([total('effectiveCost', tagged), total('effectiveCost', shared)]).toEqual([cents(effective.effectiveTagged), cents(effective.effectiveShared)]);
  });
});
