import { z } from 'zod';

const share = z.number().min(0).max(100);

/**
 * `kpi:` in costlens.config.* — the targets of the efficiency KPIs (`costlens kpi`, the KPI page,
 * the engineering e-mail's KPI line), each a percentage, and the one assumption a saving to target
 * needs that neither the bill nor a shipped catalogue gives. Defaults are costlens's own starting
 * points (CUDOS's KPI dashboard lets each organisation set its own): set yours.
 */
export const kpiConfigSchema = z.object({
  targets: z.object({
    /** Share of EC2 instance hours on Spot to reach (at least). */
    spot: share.default(10),
    /** Share of EC2 instance hours on Graviton (arm64) to reach. */
    graviton: share.default(30),
    /** Share of EC2 instance hours on the current generation to reach. */
    currentGeneration: share.default(90),
    /** Share of EBS volume GB-months on gp3 to reach. */
    gp3: share.default(90),
    /** Share of commitment-eligible on-demand-equivalent cost covered by a commitment to reach. */
    commitmentCoverage: share.default(70),
    /** Share of S3 storage GB-months in S3 Standard not to exceed (the rest can tier down). */
    s3Standard: share.default(50),
  }).strict().default({}),
  /**
   * What an hour on Spot saves against on demand, in percent: an estimate (AWS states "up to 90 %";
   * the bill's own Spot rates are per type and zone and rarely cover the types on demand).
   */
  spotDiscountPercent: z.number().gt(0).lt(100).default(60),
}).strict().default({});

export type KpiConfig = z.infer<typeof kpiConfigSchema>;
