import { z } from 'zod';

const percent = z.number().gt(0).lt(100);

/**
 * `commitments:` in costlens.config.*: the expiry windows, and how Compute Savings Plan purchase
 * advice reads the look-back and prices a plan the bill has no rate for.
 */
export const commitmentsConfigSchema = z.object({
  /** Days after the data horizon within which a commitment's end is listed as expiring. */
  expiryWindowsDays: z.array(z.number().int().positive()).min(1).default([30, 60, 90]),
  /** Days of hourly on-demand spend (ending at the data horizon) the advice is fitted on. */
  lookbackDays: z.number().int().min(7).max(90).default(30),
  /** Never advise a commitment that the look-back would have used less than this (percent). */
  minUtilisationPercent: z.number().min(50).max(100).default(95),
  /**
   * Compute Savings Plan No Upfront discount off on-demand, per term, used when the bill has no
   * plan of that term to read the rate from: an estimate, and the advice says so.
   */
  estimatedDiscountPercent: z.object({ '1yr': percent.default(27), '3yr': percent.default(48) }).strict().default({}),
  /** The tag key of the team view (default: report.ownerTagKey, else team). */
  teamTagKey: z.string().min(1).optional(),
}).strict().default({});

export type CommitmentsConfig = z.infer<typeof commitmentsConfigSchema>;
