/**
 * A finding's evidence figures as the pages show them (the "Why" of the Optimisation page's worklist,
 * its modernisation table and the resource view): each figure under a label in words, with its unit,
 * while the JSON keys of the CLI and the API stay as they are (each label carries its key in
 * `data-key`). One mapping for idle, rightsizing and modernise.
 */
import { html } from 'hono/html';
import type { Html } from '../../html/index.ts';

/** The words for each evidence key the analysers write (src/analyze/idle, rightsizing, modernise). */
export const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  // idle: metrics and inventory
  instanceType: 'Instance type',
  lowDays: 'Days under both thresholds',
  daysObserved: 'Days with data',
  maxCpuAverageOnLowDays: 'Highest daily CPU average on those days, %',
  maxNetworkBytesOnLowDays: 'Most network bytes in one of those days',
  maxCpuAverage: 'Highest daily CPU average, %',
  volumeType: 'Volume type',
  state: 'State (inventory)',
  attachedTo: 'Attached to',
  observedAt: 'Inventory taken at',
  maxDailyOps: 'Most read+write operations in a day',
  totalOps: 'Read+write operations in all',
  idleHours: 'Idle-address hours billed',
  hoursSpanned: 'Hours spanned',
  addressCount: 'Addresses',
  idleHoursPerAddress: 'Idle hours per address',
  idleDays: 'Days billed as idle',
  firstIdle: 'First idle hour',
  lastIdle: 'Last idle hour',
  maxDailyRequests: 'Most requests in a day',
  totalRequests: 'Requests in all',
  daysWithHostCount: 'Days with a healthy-host count',
  maxHealthyHosts: 'Most healthy hosts',
  instanceClass: 'DB instance class',
  maxDailyConnections: 'Most connections in a day',
  maxCpu: 'Highest CPU, %',
  maxDailyBytesOut: 'Most bytes sent in a day',
  totalBytesOut: 'Bytes sent in all',
  lastChargedOn: 'Last charged on',
  // idle: the bill alone
  usageType: 'Usage type',
  billedDays: 'Days billed',
  billedGbMonths: 'GB-months billed',
  instanceHoursInAccountRegion: 'EC2 instance hours in its account and region',
  billedHours: 'Hours billed',
  trafficQuantity: 'Traffic billed (GB or capacity units)',
  // rightsizing: EC2 and RDS
  cpuStatistic: 'CPU statistic',
  cpuPercentile: 'CPU at that statistic, %',
  cpuMaximum: 'Highest CPU (daily Maximum), %',
  cpuAverage: 'Average CPU, %',
  memoryPercentile: 'Memory used, %',
  memoryStatistic: 'Memory statistic',
  vcpu: 'vCPUs',
  memoryGib: 'Memory, GiB',
  typeSource: 'Instance type read from',
  finestPeriodS: 'Finest metric period, seconds',
  coarsestPeriodS: 'Coarsest metric period, seconds',
  daysPercentileCloudwatchDaily: "Days with CloudWatch's daily percentile",
  daysPercentileExact: 'Days with an exact percentile of raw samples',
  daysPercentileUpperBound: 'Days with an upper bound (max of finer percentiles)',
  costDaysInStore: 'Days of the cost window in the store',
  recommendedVcpu: 'vCPUs after the move',
  recommendedMemoryGib: 'Memory after the move, GiB',
  projectedCpuPercent: 'CPU after the move, %',
  projectedMemoryPercent: 'Memory after the move, %',
  recommendedBurstableBaselinePercent: "New type's burstable baseline, % per vCPU",
  // rightsizing: the burstable move
  burstableBaselinePercentPerVcpu: 'Burstable baseline, % per vCPU',
  allowedAverageCpuPercent: 'Average CPU allowed, %',
  averageCpuSource: 'Average CPU read from',
  cpuAverageBusiestDay: 'Average CPU on the busiest day, %',
  projectedAverageCpuPercent: 'Average CPU after the move, %',
  projectedBusiestDayCpuPercent: 'Busiest day after the move, %',
  projectedMaximumCpuPercent: 'Highest CPU after the move, %',
  creditsEarnedPerHour: 'CPU credits earned an hour',
  creditsSpentPerHourAtAverage: 'CPU credits spent an hour at the average',
  creditReasoning: 'CPU credits',
  processorChange: 'Processor change',
  // rightsizing: Lambda
  invocations: 'Invocations',
  durationAverageMs: 'Average duration, ms',
  durationP99Ms: 'p99 duration, ms',
  durationMaximumMs: 'Longest duration, ms',
  memoryMb: 'Memory size, MB',
  architecture: 'Architecture',
  runtime: 'Runtime',
  timeoutS: 'Timeout, seconds',
  memoryDays: 'Days with memory measured',
  memoryUsedMaxMb: 'Most memory used, MB',
  memorySizeBySize: 'Memory size the memory used needs, MB',
  memorySizeByTimeout: 'Memory size the timeout needs, MB',
  projectedTailDurationMs: 'p99 duration after the move, ms',
  timeoutBudgetMs: 'Duration allowed by the timeout, ms',
  gbSecondsLookbackFromMetrics: 'GB-seconds in the look-back (metrics)',
  gbSecondsBilledInCostWindow: 'GB-seconds billed in the cost window',
  assumption: 'Assumption',
  // modernise
  operation: 'Operation',
  hoursOnDay: 'Hours billed on the day',
  hoursCovered: 'Hours its lines cover on the day',
  billedRatePerHour: 'Billed rate, $ an hour',
  listRatePerHour: 'List rate, $ an hour',
  catalogueRatePerHour: 'Catalogue rate, $ an hour',
  targetCatalogueRatePerHour: "Target's catalogue rate, $ an hour",
  daysInStandard: 'Days in S3 Standard',
  gbMonths: 'GB-months',
  sizeGb: 'Size, GB',
  storageCost: 'Storage cost, $',
  billedRatePerGbMonth: 'Billed rate, $ a GB-month',
  tier1Requests: 'Tier 1 requests (PUT, COPY, POST, LIST)',
  tier1Cost: 'Tier 1 requests cost, $',
  tier2Requests: 'Tier 2 requests (GET and others)',
  tier2Cost: 'Tier 2 requests cost, $',
  requestsPerGbMonth: 'Requests per GB-month',
  breakEvenRetrievalGbPerMonth: 'Break-even retrieval, GB a month',
  gbMonthsOnDay: 'GB-months billed on the day',
  iopsUsageType: 'IOPS usage type',
  iopsMonthsOnDay: 'IOPS-months billed on the day',
  hoursInMonth: 'Hours in the month',
  provisionedIops: 'Provisioned IOPS',
  gp2PricePerGbMonth: 'gp2 price, $ a GB-month',
  gp3PricePerGbMonth: 'gp3 price, $ a GB-month',
  gp3Iops: 'gp3 IOPS',
  gp3ThroughputMiBps: 'gp3 throughput, MiB/s',
  io1PricePerGbMonth: 'io1 price, $ a GB-month',
  io1PricePerIopsMonth: 'io1 price, $ an IOPS-month',
  targetMonthlyListCost: "Target's monthly list cost, $",
  firstBilledDay: 'First billed day',
  ageDays: 'Age, days',
  hoursUsageType: 'Hours usage type',
  hours: 'NAT gateway hours billed',
  hoursCost: 'Hours cost, $',
  ratePerHour: 'Rate, $ an hour',
  bytesUsageType: 'Processing usage type',
  gbProcessed: 'GB processed',
  processingCost: 'Processing cost, $',
  ratePerGb: 'Rate, $ a GB',
  processingPercentOfHours: "Processing, % of the hours' cost",
  gb: 'GB',
  cost: 'Cost, $',
};

/**
 * The words for an evidence key: its label, or for a key without one (an analyser added it since)
 * the key's words (`finestPeriodS` → `Finest period s`), never a camelCase key.
 */
export function evidenceLabel(key: string): string {
  const label = EVIDENCE_LABELS[key];
  if (label !== undefined) return label;
  const words = key.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Text figures this long read as a sentence (left-aligned, the label's full width) rather than as a figure beside its label. */
const SENTENCE_LENGTH = 24;

/**
 * The evidence as a list of figures, each under its label in words (`data-key`: the JSON key), `n/a`
 * for a figure not measured. app.css lays each out on one line, the figure beside its label, and a
 * text figure as long as a sentence under it.
 */
export function evidenceFigures(evidence: Readonly<Record<string, number | string | null>>): Html {
  return html`<dl class="evidence-figures">${Object.entries(evidence).map(([key, value]) => {
    const shown = value === null ? 'n/a' : String(value);
    const sentence = typeof value === 'string' && value.length > SENTENCE_LENGTH;
    return html`<div><dt data-key="${key}">${evidenceLabel(key)}</dt><dd${sentence ? html` class="sentence"` : ''}>${shown}</dd></div>`;
  })}</dl>`;
}
