/**
 * EBS volume-type rules of `costlens modernise`: gp2 → gp3 and io1 → gp3 or io2, per volume, from
 * the size and provisioned IOPS the bill shows, priced at the shipped EBS catalogue.
 */
import { GP3_INCLUDED_IOPS, GP3_INCLUDED_THROUGHPUT, GP3_MAX_IOPS, VOLUME_PRICE_SOURCE, type VolumeCatalogue, type VolumeType } from '../../catalogue/ebs.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { num } from '../findings.ts';
import { billSaving, exactOrZero, listDifference, monthlyCost, type RuleAlternative, type RuleFinding, type Skipped } from './findings.ts';

/** A row of queries/modernise/ebs_volume_types.sql (typed cells). */
type Row = QueryRowTypes['modernise/ebs_volume_types'];

/** gp2 volumes above this size get up to 250 MiB/s from gp2 (AWS EBS volume types); gp3 includes 125. */
export const GP2_HIGH_THROUGHPUT_FROM_GB = 170;
/** gp2 throughput for larger volumes, matched on gp3 by provisioning it. */
export const GP2_MAX_THROUGHPUT = 250;
/** gp3 provisions at most 500 IOPS per GB (AWS EBS volume types). */
export const GP3_MAX_IOPS_PER_GB = 500;

/** The volume type a storage usage type names (…VolumeUsage.gp2 → gp2, .piops → io1; no suffix → standard). */
export function volumeTypeOf(usageType: string): VolumeType | 'standard' | 'other' {
  const suffix = /EBS:VolumeUsage(?:\.([a-z0-9]+))?$/.exec(usageType)?.[1];
  if (suffix === undefined) return /EBS:VolumeUsage$/.test(usageType) ? 'standard' : 'other';
  if (suffix === 'piops') return 'io1';
  return (['gp2', 'gp3', 'io2', 'st1', 'sc1'] as const).find((t) => t === suffix) ?? 'other';
}

/** Size in GB (2 decimals) or IOPS (whole) from the quantity billed over the day's covered hours. */
function perMonth(row: Row, column: 'day_gb_months' | 'day_iops_months', places: number): number {
  const f = 10 ** places;
  return Math.round(((row[column] ?? 0) * (row.hours_in_month ?? 0) / (row.covered_hours ?? 0)) * f) / f;
}

/**
 * The hours of the calendar month of the volume's last day: AWS prices EBS storage, IOPS and throughput
 * by the GB-month (IOPS-, MiB/s-month) spread over that month's hours, so the rate × them is the month's price.
 */
function hoursInMonth(row: Row): number {
  return row.hours_in_month ?? 0;
}

function common(row: Row, volumeType: string): Pick<RuleFinding, 'kind' | 'resourceId' | 'accountId' | 'region' | 'current' | 'hourlyRate'
  | 'monthlyCost' | 'windowCost' | 'priceSource' | 'thresholds' | 'day' | 'costWindow'> {
  const rate = exactOrZero(row.hourly_rate);
  return {
    kind: 'ebs-volume',
    resourceId: row.resource_id!,
    accountId: row.account_id,
    region: row.region,
    current: volumeType,
    hourlyRate: rate,
    monthlyCost: monthlyCost(rate, hoursInMonth(row)),
    windowCost: exactOrZero(row.window_cost),
    priceSource: VOLUME_PRICE_SOURCE,
    thresholds: {},
    day: row.day_start!,
    costWindow: { start: row.cost_start!, end: row.cost_end! },
  };
}

function evidence(row: Row, gb: number, iops: number | null): Record<string, number | string | null> {
  return {
    usageType: row.usage_type,
    gbMonthsOnDay: Number((row.day_gb_months ?? 0).toFixed(10)),
    iopsUsageType: row.iops_usage_type,
    iopsMonthsOnDay: row.iops_usage_type ? Number((row.day_iops_months ?? 0).toFixed(10)) : null,
    hoursCovered: row.covered_hours ?? 0,
    hoursInMonth: row.hours_in_month ?? 0,
    sizeGb: gb,
    provisionedIops: iops,
    billedRatePerGbMonth: row.billed_gb_rate,
  };
}

/** gp2 → gp3 at gp2's performance: baseline IOPS 3 per GB (≥ 100, ≤ 16,000) and 250 MiB/s above 170 GB. */
function gp2ToGp3(row: Row, catalogue: VolumeCatalogue): RuleFinding | Skipped | null {
  const region = row.region ?? '';
  const gb = perMonth(row, 'day_gb_months', 2);
  const gp2Iops = Math.min(GP3_MAX_IOPS, Math.max(100, 3 * gb));
  const iops = Math.max(GP3_INCLUDED_IOPS, Math.ceil(gp2Iops));
  const throughput = gb > GP2_HIGH_THROUGHPUT_FROM_GB ? GP2_MAX_THROUGHPUT : GP3_INCLUDED_THROUGHPUT;
  const oldCost = catalogue.monthlyCost(region, 'gp2', gb);
  const newCost = catalogue.monthlyCost(region, 'gp3', gb, iops, throughput);
  if (oldCost === null || newCost === null || oldCost <= 0) {
    return { resourceId: row.resource_id!, current: 'gp2', region: row.region, reason: `region ${region} has no gp2/gp3 price in ${VOLUME_PRICE_SOURCE}` };
  }
  if (newCost >= oldCost) return null;
  const gp2 = catalogue.price(region, 'gp2')!;
  const gp3 = catalogue.price(region, 'gp3')!;
  const extras = [iops > GP3_INCLUDED_IOPS ? `${iops} IOPS` : null, throughput > GP3_INCLUDED_THROUGHPUT ? `${throughput} MiB/s` : null].filter(Boolean);
  return {
    ...common(row, 'gp2'),
    rule: 'ebs-gp2-to-gp3',
    target: 'gp3',
    platformChange: false,
    evidence: { ...evidence(row, gb, null), gp2PricePerGbMonth: gp2.gbMonth, gp3PricePerGbMonth: gp3.gbMonth, gp3Iops: iops, gp3ThroughputMiBps: throughput },
    monthlySaving: billSaving(exactOrZero(row.hourly_rate), hoursInMonth(row), oldCost, newCost),
    listMonthlySaving: listDifference(oldCost, newCost),
    confidence: gb > GP2_HIGH_THROUGHPUT_FROM_GB ? 'medium' : 'high',
    explanation: `billed ${num(row.day_gb_months ?? 0, 6)} GB-months (${row.usage_type}) over ${num(row.covered_hours ?? 0)} h on ${row.day_start}`
      + ` = ${num(gb)} GB gp2 at ${row.billed_gb_rate ?? 'n/a'} a GB-month; gp3 lists at ${gp3.gbMonth} a GB-month against gp2's ${gp2.gbMonth} in ${region}`
      + (extras.length ? `, with ${extras.join(' and ')} provisioned to match gp2's performance` : ' and includes 3,000 IOPS and 125 MiB/s (at least gp2\'s baseline at this size)'),
    action: 'modify the volume type to gp3 in place (Elastic Volumes, no downtime)'
      + (extras.length ? `; gp2 at this size may burst higher than the gp3 baseline: check VolumeReadBytes/VolumeWriteBytes and provision ${extras.join(' and ')} only if needed` : ''),
    alternatives: [],
  };
}

/** io1 → io2 (same performance, more durable; cheaper above 32,000 IOPS) or gp3 (where its 16,000 IOPS and 500 per GB allow). */
function io1Moves(row: Row, catalogue: VolumeCatalogue): RuleFinding | Skipped | null {
  const region = row.region ?? '';
  const gb = perMonth(row, 'day_gb_months', 2);
  const iops = row.iops_usage_type ? perMonth(row, 'day_iops_months', 0) : 0;
  const oldCost = catalogue.monthlyCost(region, 'io1', gb, iops);
  if (oldCost === null || oldCost <= 0) {
    return { resourceId: row.resource_id!, current: 'io1', region: row.region, reason: `region ${region} has no io1 price in ${VOLUME_PRICE_SOURCE}` };
  }
  const rate = exactOrZero(row.hourly_rate);
  const options: (RuleAlternative & { cost: number })[] = [];
  const io2 = catalogue.monthlyCost(region, 'io2', gb, iops);
  if (io2 !== null && io2 < oldCost) {
    options.push({ target: 'io2', platformChange: false, cost: io2, monthlySaving: billSaving(rate, hoursInMonth(row), oldCost, io2), listMonthlySaving: listDifference(oldCost, io2),
      note: 'same IOPS, 99.999 % durability; io2 IOPS above 32,000 cost less' });
  }
  const gp3Allowed = iops <= GP3_MAX_IOPS && iops <= GP3_MAX_IOPS_PER_GB * gb;
  const gp3 = gp3Allowed ? catalogue.monthlyCost(region, 'gp3', gb, iops, GP3_INCLUDED_THROUGHPUT) : null;
  if (gp3 !== null && gp3 < oldCost) {
    options.push({ target: 'gp3', platformChange: false, cost: gp3, monthlySaving: billSaving(rate, hoursInMonth(row), oldCost, gp3), listMonthlySaving: listDifference(oldCost, gp3),
      note: `${Math.max(iops, GP3_INCLUDED_IOPS)} IOPS and 125 MiB/s on gp3; io1's throughput is not in the bill` });
  }
  if (options.length === 0) return null;
  options.sort((a, b) => a.cost - b.cost);
  const [best, ...rest] = options;
  const io1 = catalogue.price(region, 'io1')!;
  return {
    ...common(row, 'io1'),
    rule: best.target === 'gp3' ? 'ebs-io1-to-gp3' : 'ebs-io1-to-io2',
    target: best.target,
    platformChange: false,
    evidence: { ...evidence(row, gb, iops), io1PricePerGbMonth: io1.gbMonth, io1PricePerIopsMonth: io1.iopsMonth, targetMonthlyListCost: Number(best.cost.toFixed(4)) },
    monthlySaving: best.monthlySaving,
    listMonthlySaving: best.listMonthlySaving,
    confidence: best.target === 'io2' ? 'high' : 'medium',
    explanation: `billed ${num(row.day_gb_months ?? 0, 6)} GB-months and ${num(row.day_iops_months ?? 0, 6)} IOPS-months of io1 over ${num(row.covered_hours ?? 0)} h`
      + ` on ${row.day_start} = ${num(gb)} GB with ${iops} provisioned IOPS; at list prices in ${region} io1 costs ${num(oldCost, 4)} a month, ${best.target} ${num(best.cost, 4)}`
      + ` (${best.note})`,
    action: best.target === 'gp3'
      ? 'modify the volume type to gp3 in place (Elastic Volumes); check the volume\'s throughput (VolumeReadBytes/VolumeWriteBytes) first and provision more than 125 MiB/s if needed'
      : 'modify the volume type to io2 in place (Elastic Volumes, same IOPS)',
    alternatives: rest.map(({ cost: _cost, ...a }) => a),
  };
}

/** The findings (or skips) of the EBS volume-type rules for one volume row. */
export function volumeFinding(row: Row, catalogue: VolumeCatalogue): RuleFinding | Skipped | null {
  const type = volumeTypeOf(row.usage_type ?? '');
  if (type === 'gp2') return gp2ToGp3(row, catalogue);
  if (type === 'io1') return io1Moves(row, catalogue);
  return null;
}
