/**
 * `budgets:` in costlens.config.*: named amounts a part of the bill should stay within over a
 * month, a quarter or a year, and the thresholds that say when it is getting close. Amounts are
 * exact decimals (cents at most): they are compared with sums of the store's DECIMAL(38,10) money,
 * never with floating point. Every error names the key as written (`budgets[2].thresholds[0].percent`).
 */
import { z } from 'zod';
import { isDecimalText, parseDecimal } from '../../lib/money.ts';

/** The periods a budget can run over. */
export const BUDGET_PERIODS = ['monthly', 'quarterly', 'annual'] as const;
export type BudgetPeriodKind = (typeof BUDGET_PERIODS)[number];

/**
 * The cost a budget measures: billed (BilledCost, the invoice), effective (EffectiveCost, RI and
 * Savings Plan fees amortised over the usage they cover) or net (net amortised: effective after
 * EDP, private-pricing and other discounts, as `costlens invoice` and the Overview's net view define it).
 */
export const BUDGET_COSTS = ['billed', 'effective', 'net'] as const;
export type BudgetCost = (typeof BUDGET_COSTS)[number];

/** What a threshold compares with the amount: the actual to date, or the forecast for the period's end. */
export const THRESHOLD_BASES = ['actual', 'forecast'] as const;
export type ThresholdBasis = (typeof THRESHOLD_BASES)[number];

const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'an account id is 12 digits');

/**
 * An amount in dollars, as a number or a decimal string, positive (more than 0: the thresholds are
 * percentages of it, and any spend at all would be past every one of a budget of 0), to the cent at most.
 */
const amountSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const refuse = (what: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${what}, e.g. 12500 or "12500.00"; got ${JSON.stringify(value)}` });
    return z.NEVER;
  };
  if (!isDecimalText(text)) return refuse('an amount in dollars with at most two decimals');
  // Its sign first: -5 has no decimals to blame.
  if (text.startsWith('-') || !/[1-9]/.test(text)) return refuse('a positive amount in dollars (more than 0)');
  if (!/^\+?\d*(\.\d{0,2})?$/.test(text)) return refuse('an amount in dollars with at most two decimals');
  return parseDecimal(text, 2);
});

const thresholdSchema = z.object({
  /** Percent of the amount (e.g. 80), up to two decimals. */
  percent: z.number().positive().max(1000).refine((p) => Number.isInteger(Math.round(p * 100)) && Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'at most two decimals'),
  /** `actual` (spend to date, default) or `forecast` (the forecast for the period's end). */
  basis: z.enum(THRESHOLD_BASES).default('actual'),
}).strict();

/**
 * Which lines count. Every filter given must match (they narrow together); none given: the whole
 * bill. Values within one filter are alternatives.
 */
const scopeSchema = z.object({
  /** Member (usage) account ids (SubAccountId). */
  accounts: z.array(ACCOUNT_ID).min(1, 'list at least one account id (or leave accounts out)').optional(),
  /** Service names as the bill spells them (ServiceName, e.g. "Amazon Elastic Compute Cloud", or the product code, e.g. AmazonEC2). */
  services: z.array(z.string().min(1)).min(1, 'list at least one service (or leave services out)').optional(),
  /** A tag key and its values, normalised as attribution reads them (aliases, case, spellings). */
  tag: z.object({
    key: z.string().min(1),
    values: z.array(z.string().min(1)).min(1, 'list at least one value'),
  }).strict().optional(),
  /** An AWS cost category and its values (CUR costCategory/…, CUR 2.0 cost_category). */
  costCategory: z.object({
    name: z.string().min(1),
    values: z.array(z.string().min(1)).min(1, 'list at least one value'),
  }).strict().optional(),
}).strict().default({});

/** The thresholds of a budget that gives none: 50, 80 and 100 % of the actual, 100 % of the forecast. */
export const DEFAULT_THRESHOLDS: readonly { percent: number; basis: ThresholdBasis }[] = [
  { percent: 50, basis: 'actual' }, { percent: 80, basis: 'actual' }, { percent: 100, basis: 'actual' }, { percent: 100, basis: 'forecast' },
];

const budgetSchema = z.object({
  /** Names the budget in output, alerts and the alert ledger: keep it once set. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'a budget name is letters, digits, spaces, ".", "_" or "-", starting with a letter or digit').max(80),
  amount: amountSchema,
  period: z.enum(BUDGET_PERIODS).default('monthly'),
  cost: z.enum(BUDGET_COSTS).default('billed'),
  scope: scopeSchema,
  thresholds: z.array(thresholdSchema).min(1, 'list at least one threshold (or leave thresholds out for 50/80/100 % actual and 100 % forecast)').optional()
    .transform((list) => list ?? DEFAULT_THRESHOLDS.map((t) => ({ ...t }))),
}).strict();

/** `budgets:` — a list; names are unique. */
export const budgetsConfigSchema = z.array(budgetSchema).default([]).superRefine((budgets, ctx) => {
  const seen = new Set<string>();
  budgets.forEach((b, i) => {
    const key = b.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'name'], message: `budget name "${b.name}" is used twice` });
    seen.add(key);
    const ids = new Set<string>();
    b.thresholds.forEach((t, j) => {
      const id = thresholdId(t);
      if (ids.has(id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'thresholds', j], message: `threshold ${id} is listed twice` });
      ids.add(id);
    });
  });
});

export type BudgetConfig = z.infer<typeof budgetSchema>;
export type BudgetScope = BudgetConfig['scope'];
export type BudgetThreshold = BudgetConfig['thresholds'][number];

/** A threshold as output and the alert ledger name it: `actual:80`, `forecast:100`. */
export function thresholdId(t: { percent: number; basis: ThresholdBasis }): string {
  return `${t.basis}:${t.percent}`;
}
