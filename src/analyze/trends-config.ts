import { z } from 'zod';

/** `anomalies:` and `forecast:` in costlens.config.*. */
export const anomaliesConfigSchema = z.object({
  trailingDays: z.number().int().positive().default(28),
  madMultiplier: z.number().positive().default(3),
  minDollars: z.number().nonnegative().default(10),
}).default({});

export const forecastConfigSchema = z.object({
  /** The last days of CUR data are provisional (AWS restates them): excluded from the fit. */
  provisionalDays: z.number().int().min(0).default(3),
}).default({});

export type AnomaliesConfig = z.infer<typeof anomaliesConfigSchema>;
export type ForecastConfig = z.infer<typeof forecastConfigSchema>;
