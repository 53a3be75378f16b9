/** Types of the demo organisation and small helpers shared by its builder. */
import { TEAMS, type AccountProfile } from './catalog.ts';
import type { Prng } from './prng.ts';
import type { TagSet } from './tags.ts';
import type { Window } from './time.ts';

export type ResourceKind = 'ec2' | 'ebs' | 'eip' | 'rds' | 'alb' | 'nat' | 's3' | 'lambda' | 'cw' | 'snapshot';

/** One billable resource; field names match the columns of the `res` table in DuckDB. */
export interface Resource extends TagSet {
  id: string;
  kind: ResourceKind;
  name: string;
  account_id: string;
  account_name: string;
  region: string;
  prefix: string;
  location: string;
  az: string | null;
  itype: string | null;
  family: string | null;
  vcpu: number | null;
  memory: string | null;
  norm: number | null;
  size_gb: number;
  rate: number;
  rate2: number;
  /** Activity level: GB/h (NAT), LCU/h (ALB), GB/day (EC2 egress), requests/day (S3), GB-s/day (Lambda)… */
  load: number;
  start_h: number;
  end_h: number;
  sched: boolean;
  role: string;
  idle: boolean;
  oversized: boolean;
  busy: boolean;
  ri: boolean;
  sp: boolean;
  sp_rate: number;
  attached_to: string | null;
  cpu_avg: number;
  cpu_max: number;
  mem: boolean;
  canonical_team: string | null;
  business_unit: string;
  /** Planted data-transfer surge (src/demo/plants.ts): the hour from which egress doubles, else null. */
  surge_from_h: number | null;
  /** Planted price change: the hour from which `rate2` applies, `price_before` until then; else null. */
  price_from_h: number | null;
  price_before: number | null;
}

export interface Account {
  id: string;
  name: string;
  profile: AccountProfile | null;
}

/** The Reserved Instance subscription planted in the organisation. */
export interface ReservedInstance {
  accountId: string;
  region: string;
  instanceType: string;
  count: number;
  arn: string;
  subscriptionId: string;
  start: string;
  end: string;
  upfrontPerInstance: number;
  recurringHourly: number;
  amortizedHourly: number;
}

/** The Compute Savings Plan planted in the organisation. */
export interface SavingsPlan {
  accountId: string;
  arn: string;
  commitmentHourly: number;
  start: string;
  end: string;
}

export interface Organisation {
  seed: number;
  scale: number;
  window: Window;
  payer: Account;
  accounts: Account[];
  resources: Resource[];
  ri: ReservedInstance;
  sp: SavingsPlan;
}

/**
 * Makes sure every planted spelling shows up whatever the scale: the first team-tagged
 * instances of each team get each value variant in turn, and the first three instances
 * overall get the three key variants (`team`, `Team`, `TEAM`).
 */
export function plantTagVariants(resources: Resource[]): void {
  const teamValue = (r: Resource) => r.tag_team_lc ?? r.tag_team_tc ?? r.tag_team_uc;
  const setTeam = (r: Resource, key: 'tag_team_lc' | 'tag_team_tc' | 'tag_team_uc', value: string) => {
    r.tag_team_lc = null;
    r.tag_team_tc = null;
    r.tag_team_uc = null;
    r[key] = value;
  };
  const tagged = resources.filter((r) => r.kind === 'ec2' && r.canonical_team !== null && teamValue(r) !== null);
  for (const team of Object.values(TEAMS)) {
    const mine = tagged.filter((r) => r.canonical_team === team.name);
    team.variants.forEach(([value], i) => {
      const r = mine[i];
      if (!r) return;
      const key = r.tag_team_lc !== null ? 'tag_team_lc' : r.tag_team_tc !== null ? 'tag_team_tc' : 'tag_team_uc';
      setTeam(r, key, value);
    });
  }
  (['tag_team_lc', 'tag_team_tc', 'tag_team_uc'] as const).forEach((key, i) => {
    const r = tagged[tagged.length - 1 - i];
    if (r) setTeam(r, key, teamValue(r)!);
  });
}

/** The owning team of a new resource: mostly the account's team, sometimes another one. */
export function pickTeam(p: Prng, acct: Account): string {
  const own = acct.profile?.team ?? 'platform';
  return p.chance(0.08) ? p.pick(Object.keys(TEAMS)) : own;
}

/** An instance type fitting the account's workload. */
export function pickType(p: Prng, accountKey: string): string {
  if (['checkout-prod', 'search-prod', 'data-platform'].includes(accountKey)) {
    return p.weighted([['c5.xlarge', 3], ['c5.2xlarge', 1], ['r5.large', 2], ['r5.xlarge', 2], ['m5.large', 1], ['m5.xlarge', 1]] as const);
  }
  if (['sandbox-dev', 'payments-staging', 'ml-research'].includes(accountKey)) {
    return p.weighted([['t3.medium', 3], ['t3.large', 3], ['m5.large', 2], ['r5.large', 1]] as const);
  }
  return p.weighted([['m5.large', 3], ['m5.xlarge', 2], ['t3.large', 2], ['c5.xlarge', 1], ['r5.large', 1], ['m5.2xlarge', 1]] as const);
}

/** Rounds to 10 decimal places (the money precision of the demo). */
export function round10(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}
