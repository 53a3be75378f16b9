/**
 * The analysis sections of costlens.config.* (attribution, idle, rightsizing, modernise, anomalies,
 * forecast, commitments, kpi): what the analysers and the pages that show them read. `src/config.ts`
 * adds the other sections (aws, report, server, ingest) to make the whole file's schema.
 */
import { z } from 'zod';
import { attributionConfigSchema } from './attribution/index.ts';
import { budgetsConfigSchema } from './budgets/index.ts';
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
  forecast: forecastConfigSchema,
  commitments: commitmentsConfigSchema,
  kpi: kpiConfigSchema,
  budgets: budgetsConfigSchema,
});

/** The analysis sections as loaded (a whole CostlensConfig is one). */
export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;
