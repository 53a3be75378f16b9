/**
 * The analysis sections of costlens.config.* (attribution, idle, rightsizing, modernise, anomalies,
 * forecast, commitments, kpi): what the analysers and the pages that show them read. `src/config.ts`
 * adds the other sections (aws, report, server, ingest) to make the whole file's schema.
 */
import { z } from 'zod';
import { attributionConfigSchema } from './attribution/index.ts';
import { budgetsConfigSchema } from './budgets/index.ts';
import { MIN_FIT_DAYS } from './forecast/index.ts';
import { commitmentsConfigSchema } from './commitments/index.ts';
import { kpiConfigSchema } from './kpi/index.ts';
import { moderniseConfigSchema } from './modernise/index.ts';
import { idleConfigSchema, rightsizingConfigSchema } from './optimisation-config.ts';
import { anomaliesConfigSchema, forecastConfigSchema } from './trends-config.ts';

/** Every analysis section; each is optional in the file and has defaults. */
export const analysisConfigSchema = z.object({
  attribution: attributionConfigSchema.default({}),
  idle: idleConfigSchema,
  rightsizing: rightsizingConfigSchema,
  modernise: moderniseConfigSchema,
  anomalies: anomaliesConfigSchema,
  forecast: forecastConfigSchema.superRefine((forecast, ctx) => {
    if (forecast.fitDays >= MIN_FIT_DAYS) return;
    ctx.addIssue({
      code: z.ZodIssueCode.custom, path: ['fitDays'],
      message: `must be at least ${MIN_FIT_DAYS}, the fewest fitted days a forecast is made on (with ${forecast.fitDays} every forecast is refused)`,
      params: { hint: `set forecast.fitDays to ${MIN_FIT_DAYS} or more (the default is 28), or leave it out` },
    });
  }),
  commitments: commitmentsConfigSchema,
  kpi: kpiConfigSchema,
  budgets: budgetsConfigSchema,
});

/** The analysis sections as loaded (a whole CostlensConfig is one). */
export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;
