/**
 * The network rules of `costlens modernise`, from the bill alone:
 * - `nat-low-processing`: a NAT gateway billed every day of the window whose data processing
 *   (NatGateway-Bytes) costs at most `modernise.network.natMaxProcessingPercent` % of its hours
 *   (NatGateway-Hours): it is paid for mostly to exist. Sharing one NAT gateway per VPC or AZ, or
 *   VPC gateway endpoints (S3, DynamoDB, free), removes its hours; the saving is its hours' cost.
 *   (A gateway with no traffic at all is `costlens idle`'s.)
 * - `inter-az-hotspot`: a resource whose inter-AZ transfer (DataTransfer-Regional-Bytes, charged on
 *   both sides) costs at least `modernise.network.interAzMinMonthlyCost` a month: keeping the
 *   traffic in one Availability Zone saves up to all of it (an upper bound: the bill does not name
 *   the peer).
 */
import { z } from 'zod';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { divideRounded, fromUnits, numberOfUnits } from '../../lib/money.ts';
import { exactText, monthlyCost, type RuleFinding } from './findings.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';
import { monthlyOf } from './s3.ts';

/** `modernise.network:` in costlens.config.*. */
export const networkConfigSchema = z.object({
  // costlens default: processing that costs at most a tenth of the gateway's hours (AWS list: $0.045 an hour and $0.045 a
  // GB in us-east-1, so under ~72 GB a month) means the gateway is paid for mostly to exist.
  natMaxProcessingPercent: z.number().positive().max(100).default(10),
  // costlens default: inter-AZ transfer of $10 a month or more on one resource (~500 GB at $0.01 a GB each way) is worth a look.
  interAzMinMonthlyCost: z.number().nonnegative().default(10),
}).strict().default({});

export type NetworkConfig = z.infer<typeof networkConfigSchema>;

/** A row of queries/modernise/network_processing.sql (typed cells). */
type Row = QueryRowTypes['modernise/network_processing'];

/** Cost per unit of quantity, to 6 decimals (a float for the evidence); null without quantity. */
const rate = (cost: bigint | null, quantity: number) => (quantity > 0 ? Math.round((numberOfUnits(cost) / quantity) * 1e6) / 1e6 : null);

/** A row of queries/modernise/network_processing.sql as a finding, or null when no rule fires. */
export function networkFinding(row: Row, config: NetworkConfig, days: number): RuleFinding | null {
  const hoursInWindow = days * 24;
  const gb = row.gb ?? 0;
  const gbCost = row.gb_cost ?? 0n;
  const gbCostText = exactText(row.gb_cost);
  const base = {
    resourceId: row.resource_id!, accountId: row.account_id, region: row.region, platformChange: false, alternatives: [],
    priceSource: 'the bill: the resource\'s own EffectiveCost over the window', day: row.window_end!,
    costWindow: { start: row.window_start!, end: row.window_end! },
  };
  if (row.kind === 'nat') {
    const hours = row.hours ?? 0;
    const hoursCost = row.hours_cost ?? 0n;
    const hoursCostText = exactText(row.hours_cost);
    if ((row.billed_days ?? 0) < days || gb <= 0 || hoursCost <= 0n) return null;
    const share = Number(divideRounded(gbCost * 10_000n, hoursCost)) / 100;
    if (share > config.natMaxProcessingPercent) return null;
    const hourlyRate = fromUnits(divideRounded(hoursCost + gbCost, BigInt(hoursInWindow)));
    return {
      ...base,
      rule: 'nat-low-processing', kind: 'nat-gateway', current: 'NAT gateway', target: 'a shared NAT gateway or VPC endpoints',
      evidence: {
        hoursUsageType: 'NatGateway-Hours', hours, hoursCost: hoursCostText, ratePerHour: rate(row.hours_cost, hours),
        bytesUsageType: row.usage_type, gbProcessed: gb, processingCost: gbCostText, ratePerGb: rate(row.gb_cost, gb), processingPercentOfHours: share,
      },
      hourlyRate, monthlyCost: monthlyCost(hourlyRate, HOURS_PER_MONTH), windowCost: fromUnits(hoursCost + gbCost),
      monthlySaving: monthlyOf(hoursCost, hoursInWindow), listMonthlySaving: null, confidence: 'low',
      thresholds: { 'modernise.network.natMaxProcessingPercent': config.natMaxProcessingPercent },
      explanation: `billed ${hours} NAT gateway hours (${hoursCostText}) and ${gb} GB processed (${gbCostText}) from ${row.window_start}: processing is ${share} % of the hours' cost (≤ ${config.natMaxProcessingPercent} %)`,
      action: 'route this subnet through a NAT gateway the VPC already has, or through VPC gateway endpoints (S3, DynamoDB) and interface endpoints; then delete this one (its processing moves at the same rate per GB)',
    };
  }
  const monthly = monthlyOf(gbCost, hoursInWindow);
  if (gb <= 0 || Number(monthly) < config.interAzMinMonthlyCost) return null;
  const hourlyRate = fromUnits(divideRounded(gbCost, BigInt(hoursInWindow)));
  return {
    ...base,
    rule: 'inter-az-hotspot', kind: 'inter-az-source', current: 'traffic across Availability Zones', target: 'traffic within one Availability Zone',
    evidence: { usageType: row.usage_type, gb, cost: gbCostText, ratePerGb: rate(row.gb_cost, gb), billedDays: row.billed_days ?? 0 },
    hourlyRate, monthlyCost: monthlyCost(hourlyRate, HOURS_PER_MONTH), windowCost: fromUnits(gbCost),
    monthlySaving: monthly, listMonthlySaving: null, confidence: 'low',
    thresholds: { 'modernise.network.interAzMinMonthlyCost': config.interAzMinMonthlyCost },
    explanation: `${gb} GB across Availability Zones (${row.usage_type}) cost ${gbCostText} from ${row.window_start} to before ${row.window_end}, ${monthly} a month (≥ ${config.interAzMinMonthlyCost}); the saving is an upper bound`,
    action: 'find its peers (VPC flow logs) and keep the chatty traffic in one AZ: AZ-aware routing, a replica per AZ, or the client in the same AZ',
  };
}
