import { z } from 'zod';

const days = (fallback: number) => z.number().int().positive().default(fallback);

/**
 * `idle:` in costlens.config.* — one section per rule; every default carries its source.
 * Windows are whole UTC days ending at the start of the --as-of day.
 */
export const idleConfigSchema = z.object({
  ec2: z.object({
    // AWS Trusted Advisor "Low Utilization Amazon EC2 Instances": daily CPU ≤ 10 % and network I/O ≤ 5 MB on ≥ 4 of the last 14 days.
    cpuMaxPercent: z.number().positive().default(10),
    /** Megabytes of NetworkIn + NetworkOut per day; 1 MB = 1,000,000 bytes. */
    networkMaxMB: z.number().positive().default(5),
    minDays: z.number().int().positive().default(4),
    lookbackDays: days(14),
  }).strict().default({}),
  ebs: z.object({
    // AWS Trusted Advisor "Underutilized Amazon EBS Volumes": unattached, or fewer than 1 I/O operation a day for 7 days.
    /** A day is idle when VolumeReadOps + VolumeWriteOps (daily Sum) is below this. */
    maxIopsPerDay: z.number().nonnegative().default(1),
    days: days(7),
  }).strict().default({}),
  elasticIp: z.object({
    // AWS bills an Elastic IP hourly while it is not associated with a running instance (usage type ElasticIP:IdleAddress).
    days: days(7),
    /** At least a day's worth of idle-address hours in the window, so a brief re-association gap is not reported. */
    minIdleHours: z.number().nonnegative().default(24),
  }).strict().default({}),
  loadBalancer: z.object({
    // AWS Trusted Advisor "Idle Load Balancers": fewer than 100 requests a day for 7 days, or no healthy back-end targets.
    maxRequestsPerDay: z.number().nonnegative().default(100),
    days: days(7),
  }).strict().default({}),
  rds: z.object({
    // AWS Trusted Advisor "Amazon RDS Idle DB Instances": no connection for 7 days.
    maxConnections: z.number().nonnegative().default(0),
    days: days(7),
  }).strict().default({}),
  natGateway: z.object({
    // costlens default (issue 3): no bytes sent to destinations (BytesOutToDestination) for 7 days, the same 7-day window as
    // Trusted Advisor's idle load balancer and RDS checks; a NAT gateway bills hours whether or not it carries traffic.
    maxBytesOut: z.number().nonnegative().default(0),
    days: days(7),
  }).strict().default({}),
  billOnly: z.object({
    // costlens: what the bill alone shows for resources without metrics or inventory (lower confidence).
    enabled: z.boolean().default(true),
    days: days(7),
  }).strict().default({}),
}).strict().default({});

/** `rightsizing:` in costlens.config.* — EC2 and RDS size recommendations, and Lambda memory (`rightsizing.lambda`). */
export const rightsizingConfigSchema = z.object({
  // AWS Compute Optimizer looks at the p99.5 of CPU (its default "utilisation preference") over 14 days.
  cpuPercentile: z.number().min(50).max(100).default(99.5),
  lookbackDays: days(14),
  // Compute Optimizer's default headroom is 20 %: projected utilisation must stay at or below 80 %.
  headroomPercent: z.number().min(0).max(90).default(20),
  // AWS Cost Explorer rightsizing: "idle" when maximum CPU is at or below 1 % over the look-back → terminate.
  terminateMaxCpuPercent: z.number().min(0).default(1),
  /** Lambda memory (README "Lambda memory rightsizing"); the look-back and headroom are the keys above. */
  lambda: z.object({
    // AWS Compute Optimizer recommends Lambda memory only for functions invoked at least 50 times in its 14-day look-back
    // and configured with at most 1,792 MB (above it a function has more than one vCPU and its duration depends on memory).
    minInvocations: z.number().int().nonnegative().default(50),
    maxMemoryMb: z.number().int().min(128).max(10240).default(1792),
    // costlens: without a memory measurement (Lambda Insights), only functions configured with at least this much memory
    // get the low-confidence halving; Lambda's smallest size (128 MB) is the floor of every recommendation.
    unmeasuredMinMemoryMb: z.number().int().min(256).max(10240).default(1024),
  }).strict().default({}),
  // Compute Optimizer proposes burstable T types across families when their CPU baseline covers the average (EC2 User Guide,
  // "Key concepts and definitions for burstable performance instances"); costlens moves fixed-performance EC2 instances to them.
  burstable: z.object({
    enabled: z.boolean().default(true),
    /** Burstable families to move to (x86_64; t4g would be a Graviton platform change, left to modernise). */
    families: z.array(z.enum(['t3', 't3a'])).min(1).default(['t3', 't3a']),
    /**
     * The average CPU, on the target's vCPUs, over the look-back and on its busiest day, may use at most this % of the baseline:
     * 80 keeps Compute Optimizer's 20 % headroom on the baseline (100 is the bare "baseline covers the average" rule).
     */
    baselineUsePercent: z.number().positive().max(100).default(80),
    /** The maximum CPU, on the target's vCPUs, must stay at or below this (a burst reaches at most 100 % of the vCPUs). */
    maxPeakPercent: z.number().positive().max(100).default(100),
  }).strict().default({}),
}).strict().default({});

export type IdleConfig = z.infer<typeof idleConfigSchema>;
export type RightsizingConfig = z.infer<typeof rightsizingConfigSchema>;
