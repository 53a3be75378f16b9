/**
 * The demo's planted modernisation facts, for `costlens modernise` to find: a legacy corner of
 * shared-services (us-east-1, tagged team=platform) with older-generation instances (m4, c4, r4,
 * t2; each has a cheaper current-generation twin of the same size and vendor), their gp2 root
 * volumes and a gp2 data volume, EBS snapshots billed since the start of the data (old) and one
 * taken 10 days before as-of (young, not a finding; after the test demo's planted-movement spans,
 * which end on 2026-10-31, so that explain's figures there stay), and an archive bucket in S3
 * Standard read a few hundred times a day (cold). Prices are the public list prices of data/ec2, data/ebs and
 * data/s3. The instances run all the time at moderate CPU and the volumes are attached, so that
 * neither `costlens idle` nor `costlens rightsize` names any of them.
 * Plants use their own random stream: every other resource of the organisation is as it was.
 */
import { INSTANCE_TYPES, PRICES, REGIONS } from './catalog.ts';
import type { Organisation, Resource } from './model.ts';
import { Prng } from './prng.ts';

/** The planted resources, by what they are planted as. */
export interface ModernisePlants {
  instances: string[];
  gp2Volumes: string[];
  oldSnapshots: string[];
  youngSnapshots: string[];
  coldBuckets: string[];
}

/** Days before as-of that the young snapshot is first billed. */
export const YOUNG_SNAPSHOT_DAYS = 10;

const ACCOUNT = 'shared-services';
const REGION = 'us-east-1';

/** Adds the planted resources to `org` and returns their ids. */
export function plantModernisation(org: Organisation): ModernisePlants {
  const p = new Prng(org.seed, 'plant:modernise');
  const acct = org.accounts.find((a) => a.profile?.key === ACCOUNT)!;
  const region = REGIONS.find((r) => r.code === REGION)!;
  const H = org.window.hours;
  const base = (kind: Resource['kind'], id: string, name: string): Resource => ({
    id, kind, name, account_id: acct.id, account_name: acct.name, region: region.code, prefix: region.prefix, location: region.location,
    az: null, itype: null, family: null, vcpu: null, memory: null, norm: null, size_gb: 0, rate: 0, rate2: 0, load: 0, start_h: 0, end_h: H,
    sched: false, role: '', idle: false, oversized: false, busy: false, ri: false, sp: false, sp_rate: 0, attached_to: null, cpu_avg: 0, cpu_max: 0,
    mem: false, tag_team_lc: 'platform', tag_team_tc: null, tag_team_uc: null, tag_cost_center_kebab: 'CC-3000', tag_cost_center_pascal: null,
    tag_environment: 'prod', tag_aws_created_by: null, canonical_team: 'platform', business_unit: acct.profile!.businessUnit,
    surge_from_h: null, price_from_h: null, price_before: null,
  });
  const plants: ModernisePlants = { instances: [], gp2Volumes: [], oldSnapshots: [], youngSnapshots: [], coldBuckets: [] };
  const gp2 = (name: string, size: number, attachedTo: Resource) => {
    const v = base('ebs', `vol-0${p.hex(16)}`, name);
    Object.assign(v, { itype: 'gp2', size_gb: size, rate: PRICES.ebs.gp2[region.priceTier], az: attachedTo.az, attached_to: attachedTo.id, role: 'root' });
    org.resources.push(v);
    plants.gp2Volumes.push(v.id);
    return v;
  };
  const legacy: [string, string, number, number, number | null][] = [
    // role, type, CPU average, root GB, data GB
    ['ci', 'm4.xlarge', 38.5, 100, 500],
    ['proxy', 'c4.large', 34.2, 30, null],
    ['cache', 'r4.large', 41.7, 40, null],
    ['bastion', 't2.medium', 22.8, 30, null],
  ];
  for (const [role, type, cpu, rootGb, dataGb] of legacy) {
    const it = INSTANCE_TYPES[type];
    const r = base('ec2', `i-0${p.hex(16)}`, `${ACCOUNT}-legacy-${role}`);
    Object.assign(r, {
      az: p.pick(region.azs), itype: type, family: it.family, vcpu: it.vcpu, memory: it.memory, norm: it.norm, rate: it.price[region.priceTier],
      role: 'app', load: p.float(1, 4, 3), cpu_avg: cpu, cpu_max: Math.round(cpu * 1.7 * 100) / 100,
    });
    org.resources.push(r);
    plants.instances.push(r.id);
    gp2(`${r.name}-root`, rootGb, r);
    if (dataGb !== null) Object.assign(gp2(`${r.name}-data`, dataGb, r), { role: 'data' });
  }
  const snapshot = (name: string, size: number, startH: number) => {
    const s = base('snapshot', `arn:aws:ec2:${REGION}:${acct.id}:snapshot/snap-0${p.hex(16)}`, name);
    Object.assign(s, { size_gb: size, rate: PRICES.ebsSnapshotGbMo[region.priceTier], start_h: startH, role: 'snapshot' });
    org.resources.push(s);
    return s.id;
  };
  plants.oldSnapshots.push(snapshot(`${ACCOUNT}-legacy-ci-pre-upgrade`, 500, 0), snapshot(`${ACCOUNT}-legacy-cache-2019`, 120, 0));
  plants.youngSnapshots.push(snapshot(`${ACCOUNT}-legacy-proxy-weekly`, 30, Math.max(0, H - YOUNG_SNAPSHOT_DAYS * 24)));
  const bucket = base('s3', `${ACCOUNT}-archive-${p.hex(6)}`, 'archive');
  Object.assign(bucket, { size_gb: 4000, rate: PRICES.s3StandardGbMo[region.priceTier], rate2: PRICES.s3Tier1, load: 300, role: 'archive' });
  org.resources.push(bucket);
  plants.coldBuckets.push(bucket.id);
  return plants;
}
