import { z } from 'zod';
import { trimSpaces } from '../../lib/trim-spaces.ts';

/** Percentages are compared in millionths of a percent, so `33.333333 + 33.333333 + 33.333334` is exactly 100. */
export const PERCENT_SCALE = 1_000_000n;

/** Converts a percentage (a JSON/YAML number) to millionths of a percent, exactly as written up to 6 decimals. */
export function percentToMillionths(percent: number): bigint {
  const [whole, fraction = ''] = percent.toFixed(6).split('.');
  return BigInt(whole) * PERCENT_SCALE + BigInt(fraction.padEnd(6, '0'));
}

/** How one tag key is recognised: the raw spellings that mean it, its value spellings, and account defaults. */
const tagKeySchema = z.object({
  /** Raw keys that mean this key (`Team`, `owner-team`); tried in this order after the key's own spelling. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Canonical value → raw values that mean it (compared without the ASCII spaces at their ends, and case folded when foldValueCase). */
  values: z.record(z.string().min(1), z.array(z.string())).default({}),
  /** Compare values case-insensitively (`Payments` = `payments`). ASCII spaces at a value's ends are always ignored (src/lib/trim-spaces.ts). */
  foldValueCase: z.boolean().default(true),
  /** Account id → value for that account's spend that carries no value for this key. */
  accountDefaults: z.record(z.string().regex(/^\d{12}$/, 'an account id is 12 digits'), z.string().min(1)).default({}),
}).strict().superRefine((settings, ctx) => {
  const { conflict } = configuredValueSpellings(settings);
  if (conflict) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['values'], message: valueConflictMessage(conflict), params: { hint: VALUE_CONFLICT_HINT } });
});

const matchSchema = z.object({
  chargeCategory: z.array(z.string().min(1)).optional(),
  serviceName: z.array(z.string().min(1)).optional(),
  productCode: z.array(z.string().min(1)).optional(),
  accountId: z.array(z.string().regex(/^\d{12}$/, 'an account id is 12 digits')).optional(),
  /** Tag key → values; keys and values are normalised as for attribution. */
  tag: z.record(z.string().min(1), z.array(z.string().min(1))).optional(),
}).strict().refine((m) => Object.values(m).some((v) => v !== undefined), {
  message: 'give at least one of chargeCategory, serviceName, productCode, accountId, tag (an empty match would share every line)',
});

const sharedCostSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a rule name is letters, digits, ".", "_" or "-" (it appears as shared:<name>)'),
  match: matchSchema,
  split: z.enum(['proportional', 'even', 'fixed']).default('proportional'),
  /** For split: fixed — value → percentage; must sum to exactly 100. */
  percentages: z.record(z.string().min(1), z.number().nonnegative()).optional(),
  /** Whether `(untagged)` spend takes part in proportional and even splits (default true). */
  includeUntagged: z.boolean().default(true),
}).strict().superRefine((rule, ctx) => {
  if (rule.split === 'fixed') {
    if (!rule.percentages || Object.keys(rule.percentages).length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['percentages'], message: 'split: fixed needs percentages (value → percent, summing to 100)' });
      return;
    }
    const sum = Object.values(rule.percentages).reduce((s, p) => s + percentToMillionths(p), 0n);
    if (sum !== 100n * PERCENT_SCALE) {
      const shown = `${sum / PERCENT_SCALE}.${(sum % PERCENT_SCALE).toString().padStart(6, '0')}`.replace(/\.?0+$/, '');
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['percentages'], message: `percentages must sum to 100; they sum to ${shown}` });
    }
  } else if (rule.percentages) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['percentages'], message: `percentages apply only to split: fixed (this rule splits ${rule.split})` });
  }
});

/** `attribution:` in costlens.config.* — tag normalisation and shared-cost rules. */
export const attributionConfigSchema = z.object({
  /** Fold case and separators (`Cost-Center`, `cost_center`, `CostCenter`) when matching keys. */
  foldKeys: z.boolean().default(true),
  tags: z.record(z.string().min(1), tagKeySchema).default({}),
  /** Rules in order: a line goes to the first rule that matches it. */
  sharedCosts: z.array(sharedCostSchema).default([]),
}).strict().superRefine((config, ctx) => {
  const seen = new Set<string>();
  config.sharedCosts.forEach((rule, i) => {
    if (seen.has(rule.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sharedCosts', i, 'name'], message: `rule name "${rule.name}" is used twice` });
    seen.add(rule.name);
  });
});

export type AttributionConfig = z.infer<typeof attributionConfigSchema>;
export type TagKeyConfig = z.infer<typeof tagKeySchema>;
export type SharedCostRule = z.infer<typeof sharedCostSchema>;
export type SharedCostMatch = z.infer<typeof matchSchema>;

/** The settings of a key that the config does not mention. */
export const DEFAULT_TAG_KEY_CONFIG: TagKeyConfig = { aliases: [], values: {}, foldValueCase: true, accountDefaults: {} };

/** How a key's values compare: without the ASCII spaces at their ends, and lower-cased with foldValueCase. */
export function valueFold(settings: Pick<TagKeyConfig, 'foldValueCase'>): (value: string) => string {
  return (value) => (settings.foldValueCase ? trimSpaces(value).toLowerCase() : trimSpaces(value));
}

/** A spelling a key's `values` list under two canonical values. */
export interface ValueConflict {
  spelling: string;
  /** The canonical value it was listed under first, and the other one. */
  existing: string;
  canonical: string;
}

/** What to do about a {@link ValueConflict}: the hint of its config error. */
export const VALUE_CONFLICT_HINT = 'list each spelling under one canonical value';

/** `"prod" means both "production" and "prod"`: a {@link ValueConflict} in words, after the key's path. */
export function valueConflictMessage(conflict: ValueConflict): string {
  return `"${conflict.spelling}" means both "${conflict.existing}" and "${conflict.canonical}"`;
}

/**
 * A key's configured value spellings (each canonical value and its aliases, folded as the key
 * compares values; blank ones left out) → the canonical value each means, and the first spelling
 * listed under two canonical values (null when none is). The config schema refuses such a key when
 * the file is read, before any output; the value resolver (keys.ts) refuses it in a config built in code.
 */
export function configuredValueSpellings(settings: Pick<TagKeyConfig, 'values' | 'foldValueCase'>): { spellings: Map<string, string>; conflict: ValueConflict | null } {
  const fold = valueFold(settings);
  const spellings = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(settings.values)) {
    for (const spelling of [canonical, ...aliases]) {
      const folded = fold(spelling);
      if (folded === '') continue;
      const existing = spellings.get(folded);
      if (existing !== undefined && existing !== trimSpaces(canonical)) return { spellings, conflict: { spelling, existing, canonical: trimSpaces(canonical) } };
      spellings.set(folded, trimSpaces(canonical));
    }
  }
  return { spellings, conflict: null };
}
