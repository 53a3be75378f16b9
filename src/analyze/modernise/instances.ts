/**
 * Instance rules of `costlens modernise`: EC2 instances of an older generation whose newer
 * same-size equivalent is cheaper, current-generation x86 instances with a cheaper Graviton twin
 * (a platform change), and RDS DB instances of a previous-generation class.
 */
import { REGIONS, type InstanceCatalogue, type InstanceType } from '../../catalogue/ec2.ts';
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { numberOfUnits } from '../../lib/money.ts';
import { listSaving } from '../findings-money.ts';
import { num } from '../findings.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';
import { billSaving, exactOrZero, exactText, monthlyCost, type RuleAlternative, type RuleFinding, type Skipped } from './findings.ts';

/** A row of queries/modernise/instance_types.sql (typed cells). */
type Row = QueryRowTypes['modernise/instance_types'];

/** Where a finding says its EC2 prices come from. */
export const EC2_PRICE_SOURCE = 'data/ec2/instance-types.csv (AWS EC2 Linux on-demand list prices, see data/ec2/README.md)';

/** The operation of Linux instance hours in the CUR; other platforms (Windows, RHEL, SUSE …) add a licence the catalogue does not price. */
const LINUX_OPERATION = 'RunInstances';

/**
 * RDS classes of a previous generation (AWS RDS "previous generation DB instance classes") and the
 * current class family to move to, with the Graviton family where there is one.
 */
export const RDS_PREVIOUS_GENERATION: Record<string, { newer: string; graviton: string | null }> = {
  'db.t1': { newer: 'db.t3', graviton: 'db.t4g' },
  'db.t2': { newer: 'db.t3', graviton: 'db.t4g' },
  'db.m1': { newer: 'db.m6i', graviton: 'db.m6g' },
  'db.m2': { newer: 'db.r6i', graviton: 'db.r6g' },
  'db.m3': { newer: 'db.m6i', graviton: 'db.m6g' },
  'db.m4': { newer: 'db.m6i', graviton: 'db.m6g' },
  'db.r3': { newer: 'db.r6i', graviton: 'db.r6g' },
  'db.r4': { newer: 'db.r6i', graviton: 'db.r6g' },
};

/** A move from `from` to `to` in `region`, priced at the catalogue and scaled to the instance's own rate. */
function priced(row: Row, from: InstanceType, to: InstanceType, region: string, note: string): (RuleAlternative & { price: number }) | null {
  const oldPrice = from.prices[region as (typeof REGIONS)[number]];
  const newPrice = to.prices[region as (typeof REGIONS)[number]];
  if (oldPrice === null || newPrice === null || newPrice >= oldPrice) return null;
  return {
    target: to.instanceType,
    platformChange: to.architecture !== from.architecture,
    monthlySaving: billSaving(exactOrZero(row.hourly_rate), HOURS_PER_MONTH, oldPrice, newPrice),
    listMonthlySaving: listSaving(oldPrice, newPrice, HOURS_PER_MONTH),
    note,
    price: newPrice,
  };
}

/** An alternative as a finding lists it (the catalogue price stays in the evidence). */
function withoutPrice(move: RuleAlternative & { price: number }): RuleAlternative {
  const { price: _price, ...alternative } = move;
  return alternative;
}

function sameSize(catalogue: InstanceCatalogue, family: string | null, size: string): InstanceType | undefined {
  return family ? catalogue.lookup(`${family}.${size}`) : undefined;
}

function common(row: Row, kind: 'ec2-instance' | 'rds-instance'): Pick<RuleFinding, 'kind' | 'resourceId' | 'accountId' | 'region'
  | 'current' | 'hourlyRate' | 'monthlyCost' | 'windowCost' | 'thresholds' | 'day' | 'costWindow'> {
  const rate = exactOrZero(row.hourly_rate);
  return {
    kind,
    resourceId: row.resource_id!,
    accountId: row.account_id,
    region: row.region,
    current: row.instance_type ?? '',
    hourlyRate: rate,
    monthlyCost: monthlyCost(rate, HOURS_PER_MONTH),
    windowCost: exactOrZero(row.window_cost),
    thresholds: {},
    day: row.day_start!,
    costWindow: { start: row.cost_start!, end: row.cost_end! },
  };
}

function evidence(row: Row): Record<string, number | string | null> {
  return {
    usageType: row.usage_type,
    operation: row.operation,
    hoursOnDay: Number((row.day_hours ?? 0).toFixed(6)),
    hoursCovered: row.covered_hours ?? 0,
    billedRatePerHour: exactText(row.hourly_rate),
    listRatePerHour: exactText(row.list_unit_price),
  };
}

/** An EC2 instance: older generation → newer same-size family (same vendor first), else x86 → Graviton twin. */
export function ec2Finding(row: Row, catalogue: InstanceCatalogue, gravitonEnabled: boolean): RuleFinding | Skipped | null {
  const skip = (reason: string): Skipped => ({ resourceId: row.resource_id!, current: row.instance_type ?? '', region: row.region, reason });
  const type = catalogue.lookup(row.instance_type ?? '');
  if (!type) return skip(`instance type ${row.instance_type} is not in the EC2 catalogue`);
  const region = row.region ?? '';
  if (!(REGIONS as readonly string[]).includes(region)) return skip(`region ${region} is not in the EC2 catalogue`);
  const newer = sameSize(catalogue, type.newerFamily, type.size);
  const amd = type.newerFamily && type.processor === 'intel' ? sameSize(catalogue, `${type.newerFamily.replace(/i$/, '')}a`, type.size) : undefined;
  const graviton = sameSize(catalogue, type.gravitonFamily, type.size);
  const nitro = 'a current-generation (Nitro) type: the AMI needs the ENA and NVMe drivers';
  const newerMove = newer ? priced(row, type, newer, region, `same vendor (${newer.processor}), ${newer.vcpu} vCPU, ${newer.memoryGib} GiB; ${nitro}`) : null;
  const gravitonMove = graviton && gravitonEnabled
    ? priced(row, type, graviton, region, `platform change to arm64 (AWS Graviton): the software and AMI must run on arm64; ${graviton.vcpu} vCPU, ${graviton.memoryGib} GiB`)
    : null;
  if (!newerMove && !gravitonMove) return null;
  if (row.operation !== LINUX_OPERATION) {
    return skip(`operation ${row.operation ?? 'unknown'} is not Linux (RunInstances): the catalogue prices Linux only, and licences priced per vCPU may cost more on the newer type`);
  }
  const amdMove = amd ? priced(row, type, amd, region, `AMD variant of ${type.newerFamily}, ${amd.vcpu} vCPU, ${amd.memoryGib} GiB; ${nitro}`) : null;
  const [best, ...alternatives] = newerMove ? [newerMove, amdMove, gravitonMove] : [gravitonMove, null, null];
  const rule = newerMove ? 'ec2-older-generation' : 'ec2-graviton-twin';
  const { price, ...chosen } = best!;
  const oldPrice = type.prices[region as (typeof REGIONS)[number]]!;
  return {
    ...common(row, 'ec2-instance'),
    rule,
    target: chosen.target,
    platformChange: chosen.platformChange,
    evidence: { ...evidence(row), catalogueRatePerHour: oldPrice, targetCatalogueRatePerHour: price },
    monthlySaving: chosen.monthlySaving,
    listMonthlySaving: chosen.listMonthlySaving,
    priceSource: EC2_PRICE_SOURCE,
    confidence: rule === 'ec2-older-generation' ? 'medium' : 'low',
    explanation: `billed ${dayRate(row)}`
      + ` (${row.operation}); ${chosen.target} lists at ${price} an hour against ${type.instanceType}'s ${oldPrice} in ${region}`
      + (rule === 'ec2-older-generation' ? ` (${type.family} is an older generation; ${chosen.note})` : ` (${chosen.note})`),
    action: rule === 'ec2-older-generation'
      ? `stop the instance, change its type to ${chosen.target}, start it (check the AMI's drivers first)`
      : `rebuild for arm64 and move to ${chosen.target} (test the workload on Graviton first)`,
    alternatives: alternatives.flatMap((a) => (a ? [withoutPrice(a)] : [])),
  };
}

/**
 * "24 h of BoxUsage:m4.large on 2026-11-14 at 0.1 an hour", or, for an instance that ran part of
 * the day, its cost over the day's 24 h: "8 h of … on … (2.4, 0.1 an hour over the day's 24 h)".
 */
function dayRate(row: Row): string {
  const rate = num(numberOfUnits(row.hourly_rate), 6);
  const head = `${num(row.day_hours ?? 0)} h of ${row.usage_type} on ${row.day_start}`;
  return (row.covered_hours ?? 0) >= 24 ? `${head} at ${rate} an hour` : `${head} (${num(numberOfUnits(row.day_cost), 6)}, ${rate} an hour over the day's 24 h)`;
}

/** An RDS DB instance of a previous-generation class: flagged with its monthly cost (no RDS price catalogue ships). */
export function rdsFinding(row: Row): RuleFinding | null {
  const type = row.instance_type ?? '';
  const [prefix, family, size] = type.split('.');
  const move = RDS_PREVIOUS_GENERATION[`${prefix}.${family}`];
  if (!move || !size) return null;
  const target = `${move.newer}.${size}`;
  return {
    ...common(row, 'rds-instance'),
    rule: 'rds-previous-generation',
    target,
    platformChange: false,
    evidence: evidence(row),
    monthlySaving: null,
    listMonthlySaving: null,
    priceSource: 'not priced: costlens ships no RDS price catalogue (see https://aws.amazon.com/rds/pricing/ for the target class)',
    confidence: 'medium',
    explanation: `billed ${dayRate(row)};`
      + ` ${prefix}.${family} is a previous-generation DB instance class`,
    action: `modify the DB instance class to ${target}${move.graviton ? ` (or ${move.graviton}.${size} on Graviton)` : ''} in a maintenance window; check that the engine version supports it`,
    alternatives: move.graviton
      ? [{ target: `${move.graviton}.${size}`, platformChange: false, monthlySaving: null, listMonthlySaving: null, note: 'Graviton class: managed engine, no software change' }]
      : [],
  };
}
