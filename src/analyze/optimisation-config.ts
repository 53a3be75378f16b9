import { z } from 'zod';

/** `idle:` and `rightsizing:` in costlens.config.* — rule thresholds (defaults documented in README). */
export const idleConfigSchema = z.object({
  lookbackDays: z.number().int().positive().default(14),
  ec2: z.object({
    // AWS Trusted Advisor "Low Utilization Amazon EC2 Instances": daily CPU ≤ 10 % and network ≤ 5 MB on ≥ 4 of the last 14 days.
    cpuMaxPercent: z.number().positive().default(10),
    networkMaxMB: z.number().positive().default(5),
    minDays: z.number().int().positive().default(4),
    lookbackDays: z.number().int().positive().default(14),
  }).default({}),
  ebs: z.object({ maxIopsPerDay: z.number().nonnegative().default(1), days: z.number().int().positive().default(7) }).default({}),
  loadBalancer: z.object({ maxRequestsPerDay: z.number().nonnegative().default(100), days: z.number().int().positive().default(7) }).default({}),
  rds: z.object({ maxConnections: z.number().nonnegative().default(0), days: z.number().int().positive().default(7) }).default({}),
  natGateway: z.object({ maxBytesOut: z.number().nonnegative().default(0), days: z.number().int().positive().default(7) }).default({}),
}).default({});

export const rightsizingConfigSchema = z.object({
  cpuPercentile: z.number().min(50).max(100).default(99.5),
  lookbackDays: z.number().int().positive().default(14),
  headroomPercent: z.number().min(0).max(90).default(20),
  terminateMaxCpuPercent: z.number().min(0).default(1),
}).default({});

export type IdleConfig = z.infer<typeof idleConfigSchema>;
export type RightsizingConfig = z.infer<typeof rightsizingConfigSchema>;
