import { z } from 'zod';
import { networkConfigSchema } from './network.ts';
import { s3ColdConfigSchema } from './s3.ts';

/**
 * `modernise:` in costlens.config.* — thresholds of `costlens modernise` (findings from the bill
 * alone); every default carries its source.
 */
export const moderniseConfigSchema = z.object({
  snapshots: z.object({
    // costlens default: a snapshot billed for 90 days or more (a quarter) is old enough to question; AWS states no
    // threshold. The age is what the store's bill shows, so it is a lower bound.
    minAgeDays: z.number().int().positive().default(90),
  }).strict().default({}),
  graviton: z.object({
    // costlens: list current-generation x86 instances whose Graviton (arm64) twin of the same size is cheaper, as
    // low-confidence findings (a platform change: the software must run on arm64).
    enabled: z.boolean().default(true),
  }).strict().default({}),
  s3: s3ColdConfigSchema,
  network: networkConfigSchema,
}).strict().default({});

export type ModerniseConfig = z.infer<typeof moderniseConfigSchema>;
