/**
 * The demo's planted movements: three changes of known cause, each placed in a pair of 7-day
 * spans where it is the largest movement, so that `costlens explain` over the pair names it as
 * the top driver (with its part) and truth.json says what it should find.
 * - a data-transfer surge (volume): DataTransfer-Out-Bytes doubles on the two web instances of
 *   one account whose egress is largest, from the surge day to the end of the window;
 * - a new resource (new): a busy Lambda function deployed on its day;
 * - a price change (rate): the busiest NAT gateway's data-processing rate, a negotiated half of
 *   the list price until its day, goes to the list price; the gigabytes processed do not change.
 * The spans never hold the 1st of a month, where monthly fees and tax are posted (a fee would
 * outweigh any usage movement), and each plant's spans end before the next plant starts.
 * Plants use their own random stream, so every other resource and figure of the organisation
 * is as it was; a window too short for a plant's spans goes without it.
 */
import { PRICES } from './catalog.ts';
import type { Organisation, Resource } from './model.ts';
import { Prng } from './prng.ts';
import { tagResource } from './tags.ts';
import { addHours, isoDate } from './time.ts';
import { codePointOrder } from '../lib/order.ts';

/** The length of each planted span, in days: a whole week, so weekdays and weekends balance. */
export const PLANT_SPAN_DAYS = 7;

/** A planted movement as truth.json records it. */
export interface PlantedMovement {
  kind: 'data-transfer-surge' | 'new-resource' | 'price-change';
  /** The part of explain's decomposition the movement is: volume, new or rate. */
  part: 'volume' | 'new' | 'rate';
  /** First day of the movement (UTC). */
  day: string;
  /** `costlens explain --from` and `--to` for the span pair (days, both included). */
  from: string;
  to: string;
  accountId: string;
  accountName: string;
  /** The resources moved; the first is the one explain ranks first. */
  resourceIds: string[];
  /** The usage type of the moved lines (with its region prefix, as the bill spells it). */
  usageType: string;
  description: string;
}

const HOURS_PER_DAY = 24;

/**
 * Plants the three movements into `org` (sets the surge and price-change hours on resources,
 * adds the new function) and returns them, latest first.
 */
export function plantMovements(org: Organisation): PlantedMovement[] {
  const days = Math.floor(org.window.hours / HOURS_PER_DAY);
  const movements: PlantedMovement[] = [];
  let latest = days - PLANT_SPAN_DAYS;
  const next = (): number | null => {
    const d = latestPlantDay(org.window.start, latest);
    if (d !== null) latest = d - PLANT_SPAN_DAYS;
    return d;
  };
  const surgeDay = next();
  if (surgeDay !== null) movements.push(plantSurge(org, surgeDay));
  const newDay = surgeDay === null ? null : next();
  if (newDay !== null) movements.push(plantNewFunction(org, newDay));
  const priceDay = newDay === null ? null : next();
  if (priceDay !== null) movements.push(plantPriceChange(org, priceDay));
  return movements;
}

/**
 * The latest day index d ≤ `latest` (days from the window start) whose two spans, the 7 days
 * before d and the 7 from d, lie in the window and hold no 1st of a month; null when none does.
 */
function latestPlantDay(windowStart: Date, latest: number): number | null {
  for (let d = latest; d >= PLANT_SPAN_DAYS; d -= 1) {
    let clean = true;
    for (let i = d - PLANT_SPAN_DAYS; i < d + PLANT_SPAN_DAYS && clean; i += 1) {
      if (dayOf(windowStart, i).getUTCDate() === 1) clean = false;
    }
    if (clean) return d;
  }
  return null;
}

function dayOf(windowStart: Date, index: number): Date {
  return addHours(windowStart, index * HOURS_PER_DAY);
}

function spans(org: Organisation, day: number): { day: string; from: string; to: string } {
  const d = (i: number) => isoDate(dayOf(org.window.start, i));
  return {
    day: d(day),
    from: `${d(day - PLANT_SPAN_DAYS)}..${d(day - 1)}`,
    to: `${d(day)}..${d(day + PLANT_SPAN_DAYS - 1)}`,
  };
}

const runsThroughout = (org: Organisation, r: Resource) => r.start_h === 0 && r.end_h === org.window.hours;

/** Doubles the egress of the two web instances of the account whose two largest have the most egress. */
function plantSurge(org: Organisation, day: number): PlantedMovement {
  const webs = org.resources.filter((r) => r.kind === 'ec2' && r.role === 'web' && runsThroughout(org, r));
  const pairs = org.accounts.map((a) => webs.filter((r) => r.account_id === a.id).sort((x, y) => y.load - x.load || codePointOrder(x.id, y.id)).slice(0, 2))
    .filter((pair) => pair.length === 2)
    .sort((x, y) => y[0].load + y[1].load - (x[0].load + x[1].load));
  const pair = pairs[0];
  for (const r of pair) r.surge_from_h = day * HOURS_PER_DAY;
  return {
    kind: 'data-transfer-surge', part: 'volume', ...spans(org, day), accountId: pair[0].account_id, accountName: pair[0].account_name,
    resourceIds: pair.map((r) => r.id), usageType: `${pair[0].prefix}DataTransfer-Out-Bytes`,
    description: 'DataTransfer-Out-Bytes doubles on two web instances of one account, from this day to the end of the data',
  };
}

/** Adds a busy Lambda function to checkout-prod, billed from its first day. */
function plantNewFunction(org: Organisation, day: number): PlantedMovement {
  const acct = org.accounts.find((a) => a.profile?.key === 'checkout-prod')!;
  const region = acct.profile!.primaryRegion;
  const template = org.resources.find((r) => r.kind === 'lambda')!;
  const name = 'checkout-prod-order-events';
  const tags = tagResource(new Prng(org.seed, 'plant:new-function'), acct.profile!.team, acct.profile!.environment, 0);
  const fn: Resource = {
    ...template, ...tags, id: `arn:aws:lambda:${region}:${acct.id}:function:${name}`, name, account_id: acct.id, account_name: acct.name,
    region, prefix: template.region === region ? template.prefix : org.resources.find((r) => r.region === region)!.prefix,
    location: org.resources.find((r) => r.region === region)!.location, az: null,
    rate: PRICES.lambdaGbSecond, rate2: PRICES.lambdaRequest, load: 1_800_000, start_h: day * HOURS_PER_DAY, end_h: org.window.hours,
    role: 'function', canonical_team: acct.profile!.team, business_unit: acct.profile!.businessUnit, surge_from_h: null, price_from_h: null, price_before: null,
  };
  org.resources.push(fn);
  return {
    kind: 'new-resource', part: 'new', ...spans(org, day), accountId: acct.id, accountName: acct.name, resourceIds: [fn.id],
    usageType: `${fn.prefix}Lambda-GB-Second`, description: 'a new Lambda function (about 1.8 million GB-seconds a day) is deployed on this day',
  };
}

/** Bills the busiest NAT gateway's data processing at half the list rate until the day, at list from it. */
function plantPriceChange(org: Organisation, day: number): PlantedMovement {
  const nat = org.resources.filter((r) => r.kind === 'nat' && runsThroughout(org, r)).sort((x, y) => y.load - x.load || codePointOrder(x.id, y.id))[0];
  nat.price_from_h = day * HOURS_PER_DAY;
  nat.price_before = nat.rate2 / 2;
  return {
    kind: 'price-change', part: 'rate', ...spans(org, day), accountId: nat.account_id, accountName: nat.account_name, resourceIds: [nat.id],
    usageType: `${nat.prefix}NatGateway-Bytes`,
    description: `the NAT gateway's data-processing rate goes from a negotiated ${nat.rate2 / 2} to the list ${nat.rate2} per GB on this day; the gigabytes processed do not change`,
  };
}
