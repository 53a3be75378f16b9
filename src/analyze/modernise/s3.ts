/**
 * The cold-bucket rule of `costlens modernise`: an S3 bucket whose storage the bill shows in S3
 * Standard on every one of the last `modernise.s3.minDays` days with few requests for what it
 * stores (Tier1 + Tier2 requests per GB-month ≤ `modernise.s3.maxRequestsPerGbMonth`) is a
 * Standard-IA (or Intelligent-Tiering) candidate. The case is priced from the bill: its own storage
 * and request costs, each scaled by the catalogue's ratio of the new class's price to Standard's.
 */
import { z } from 'zod';
import { S3_PRICE_SOURCE, type S3Catalogue } from '../../catalogue/s3.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { divideRounded, fromUnits, numberOfUnits, unitsOfNumber, UNITS_PER_DOLLAR } from '../../lib/money.ts';
import { round2 } from '../../lib/round.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';
import { savingUnitsAtRatio } from '../findings-money.ts';
import { exactText, monthlyCost, type RuleFinding, type Skipped } from './findings.ts';

/** `modernise.s3:` in costlens.config.*. */
export const s3ColdConfigSchema = z.object({
  // S3 Standard-IA and One Zone-IA charge at least 30 days of storage per object (AWS S3 pricing), so a bucket billed in
  // Standard for fewer days is not looked at.
  minDays: z.number().int().min(30).max(90).default(30),
  // costlens default: at most 10 requests (PUT, COPY, POST, LIST, GET …) a month per GB stored. Standard-IA charges 2.5×
  // the GET price and $0.01 per GB read back; below this rate the storage saving dominates for objects of 1 MB or more.
  maxRequestsPerGbMonth: z.number().positive().default(10),
}).strict().default({});

export type S3ColdConfig = z.infer<typeof s3ColdConfigSchema>;

/** A row of queries/modernise/s3_standard_buckets.sql (typed cells). */
type Row = QueryRowTypes['modernise/s3_standard_buckets'];

/** `units × 730 ÷ hours`, to the cent: a window's money as a month. */
export function monthlyOf(units: bigint, hours: number): string {
  return fromUnits(divideRounded(units * BigInt(HOURS_PER_MONTH), BigInt(hours)), 2);
}

/** A row of queries/modernise/s3_standard_buckets.sql as a finding, a skip (region not catalogued), or null (not cold). */
export function s3ColdFinding(row: Row, config: S3ColdConfig, catalogue: S3Catalogue, days: number): RuleFinding | Skipped | null {
  const gbMonths = row.standard_gb_months ?? 0;
  const requests = (row.tier1_requests ?? 0) + (row.tier2_requests ?? 0);
  if ((row.storage_days ?? 0) < config.minDays || gbMonths <= 0) return null;
  const requestsPerGbMonth = round2(requests / gbMonths);
  if (requestsPerGbMonth > config.maxRequestsPerGbMonth) return null;
  const region = row.region ?? '';
  const standard = catalogue.price(region, 'STANDARD');
  const ia = catalogue.price(region, 'STANDARD_IA');
  const tiered = catalogue.price(region, 'INTELLIGENT_TIERING_INFREQUENT');
  if (!standard || !ia || !tiered) {
    return { resourceId: row.resource_id!, current: 'S3 Standard', region: row.region, reason: `region ${region || '(none)'} is not in data/s3/storage-prices.csv` };
  }
  const storage = row.standard_cost ?? 0n;
  const tier1 = row.tier1_cost ?? 0n;
  const tier2 = row.tier2_cost ?? 0n;
  const storageText = exactText(row.standard_cost);
  const hours = days * 24;
  const windowUnits = storage + tier1 + tier2;
  const hourlyRate = fromUnits(divideRounded(windowUnits, BigInt(hours)));
  const iaWindow = savingUnitsAtRatio(storage, standard.gbMonth, ia.gbMonth) + savingUnitsAtRatio(tier1, standard.tier1Per1000, ia.tier1Per1000)
    + savingUnitsAtRatio(tier2, standard.tier2Per1000, ia.tier2Per1000);
  if (iaWindow <= 0n) return null;
  const saving = monthlyOf(iaWindow, hours);
  const tieredSaving = monthlyOf(savingUnitsAtRatio(storage, standard.gbMonth, tiered.gbMonth), hours);
  const sizeGb = round2(gbMonths * (HOURS_PER_MONTH / hours));
  // The list-price saving of the bucket's monthly size, exact from the bill's GB-months: GB-months × 730 ÷ hours × (Standard − Standard-IA).
  // (The DOUBLE to 10 decimals, as every number enters money: unitsOfNumber; never its exponent text.)
  const gbMonthUnits = unitsOfNumber(gbMonths);
  const list = fromUnits(divideRounded(gbMonthUnits * BigInt(HOURS_PER_MONTH) * (unitsOfNumber(standard.gbMonth) - unitsOfNumber(ia.gbMonth)), BigInt(hours) * UNITS_PER_DOLLAR), 2);
  const breakEvenGb = Math.floor(Number(saving) / ia.retrievalPerGb);
  return {
    rule: 's3-standard-cold',
    kind: 's3-bucket',
    resourceId: row.resource_id!,
    accountId: row.account_id,
    region: row.region,
    current: 'S3 Standard',
    target: 'S3 Standard-IA',
    platformChange: false,
    evidence: {
      usageType: row.storage_usage_type,
      daysInStandard: row.storage_days ?? 0,
      gbMonths,
      sizeGb,
      storageCost: storageText,
      billedRatePerGbMonth: Math.round((numberOfUnits(row.standard_cost) / gbMonths) * 1e6) / 1e6,
      tier1Requests: row.tier1_requests ?? 0,
      tier1Cost: exactText(row.tier1_cost),
      tier2Requests: row.tier2_requests ?? 0,
      tier2Cost: exactText(row.tier2_cost),
      requestsPerGbMonth,
      breakEvenRetrievalGbPerMonth: breakEvenGb,
    },
    hourlyRate,
    monthlyCost: monthlyCost(hourlyRate, HOURS_PER_MONTH),
    windowCost: fromUnits(windowUnits),
    monthlySaving: saving,
    listMonthlySaving: list,
    priceSource: S3_PRICE_SOURCE,
    confidence: 'medium',
    thresholds: { 'modernise.s3.minDays': config.minDays, 'modernise.s3.maxRequestsPerGbMonth': config.maxRequestsPerGbMonth },
    explanation: `${sizeGb} GB in S3 Standard on all ${row.storage_days} days from ${row.window_start} (${gbMonths} GB-months costing ${storageText}) with ${requests} requests`
      + ` (${requestsPerGbMonth} a GB-month, ≤ ${config.maxRequestsPerGbMonth}); in Standard-IA the storage costs ${ia.gbMonth} instead of ${standard.gbMonth} a GB-month`
      + ` and requests ${ia.tier1Per1000}/${ia.tier2Per1000} instead of ${standard.tier1Per1000}/${standard.tier2Per1000} per 1,000 (Tier1/Tier2)`,
    action: `add a lifecycle rule moving objects older than 30 days to Standard-IA (the saving holds while less than ${breakEvenGb} GB a month is read back at ${ia.retrievalPerGb} a GB),`
      + ' or to Intelligent-Tiering when reads are unpredictable',
    alternatives: [{
      target: 'S3 Intelligent-Tiering', platformChange: false, monthlySaving: tieredSaving, listMonthlySaving: null,
      note: `objects not read for 30 days move to the infrequent tier (${tiered.gbMonth} a GB-month); no retrieval fee; before the monitoring fee of ${tiered.monitoringPer1000Objects} per 1,000 objects, which the bill does not count`,
    }],
    day: row.last_day!,
    costWindow: { start: row.window_start!, end: row.window_end! },
  };
}
