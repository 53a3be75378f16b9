import { z } from 'zod';

/** How one tag key is recognised: the canonical key and the raw spellings that mean it. */
const tagKeySchema = z.object({
  aliases: z.array(z.string().min(1)).default([]),
  /** Canonical value → raw values that mean it (after case folding when foldValueCase). */
  values: z.record(z.string(), z.array(z.string())).default({}),
  foldValueCase: z.boolean().default(true),
  /** Account id → value for that account's spend that carries no value for this key. */
  accountDefaults: z.record(z.string().regex(/^\d{12}$/, 'an account id is 12 digits'), z.string().min(1)).default({}),
});

const matchSchema = z.object({
  chargeCategory: z.array(z.string()).optional(),
  serviceName: z.array(z.string()).optional(),
  productCode: z.array(z.string()).optional(),
  accountId: z.array(z.string()).optional(),
  tag: z.record(z.string(), z.array(z.string())).optional(),
}).strict();

const sharedCostSchema = z.object({
  name: z.string().min(1),
  match: matchSchema,
  split: z.enum(['proportional', 'even', 'fixed']).default('proportional'),
  /** For split: fixed — value → percentage; must sum to 100. */
  percentages: z.record(z.string(), z.number().nonnegative()).optional(),
});

/** `attribution:` in costlens.config.* — tag normalisation and shared-cost rules. */
export const attributionConfigSchema = z.object({
  /** Fold case and separators (`Cost-Center`, `cost_center`, `costcenter`) when matching keys. */
  foldKeys: z.boolean().default(true),
  tags: z.record(z.string(), tagKeySchema).default({}),
  sharedCosts: z.array(sharedCostSchema).default([]),
});

export type AttributionConfig = z.infer<typeof attributionConfigSchema>;
