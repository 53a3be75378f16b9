/** The demo organisation: accounts, resources with tags and planted facts, commitments. */
import { ACCOUNTS, INSTANCE_TYPES, PAYER_NAME, PRICES, RDS_PRICES, REGIONS, RI_TERMS, SP_DISCOUNT, type RegionInfo } from './catalog.ts';
import {
  pickTeam, pickType, plantTagVariants, round10,
  type Account, type Organisation, type ReservedInstance, type Resource, type ResourceKind, type SavingsPlan,
} from './model.ts';
import { Prng } from './prng.ts';
import { addHours, buildWindow, isoSeconds } from './time.ts';
import { tagResource } from './tags.ts';

export type { Account, Organisation, ReservedInstance, Resource, ResourceKind, SavingsPlan } from './model.ts';
export { round10 } from './model.ts';

const regionOf = (code: string): RegionInfo => REGIONS.find((r) => r.code === code)!;

/** Builds the organisation deterministically from seed, scale and the window. */
export function buildOrganisation(seed: number, scale: number, asOf: Date, months: number): Organisation {
  const window = buildWindow(asOf, months);
  const p = new Prng(seed, 'org');
  const used = new Set<string>();
  const accountId = () => {
    let id = p.digits(12);
    while (used.has(id)) id = p.digits(12);
    used.add(id);
    return id;
  };
  const payer: Account = { id: accountId(), name: PAYER_NAME, profile: null };
  const accounts = ACCOUNTS.map((profile) => ({ id: accountId(), name: profile.name, profile }));
  const byKey = (key: string) => accounts.find((a) => a.profile!.key === key)!;
  const resources: Resource[] = [];
  const H = window.hours;
  const n = (base: number) => Math.max(1, Math.round(base * scale));

  const base = (kind: ResourceKind, acct: Account, regionCode: string, id: string, name: string, team: string, opts: { tagged?: boolean; untagged?: boolean } = {}): Resource => {
    const region = regionOf(regionCode);
    const profile = acct.profile;
    const untaggedProb = opts.tagged ? 0 : opts.untagged ? 1 : profile ? profile.untagged : 1;
    const tags = tagResource(p, team, profile?.environment ?? 'prod', untaggedProb);
    return {
      id, kind, name, account_id: acct.id, account_name: acct.name, region: region.code, prefix: region.prefix,
      location: region.location, az: null, itype: null, family: null, vcpu: null, memory: null, norm: null,
      size_gb: 0, rate: 0, rate2: 0, load: 0, start_h: 0, end_h: H, sched: false, role: '', idle: false,
      oversized: false, busy: false, ri: false, sp: false, sp_rate: 0, attached_to: null, cpu_avg: 0, cpu_max: 0,
      mem: false, ...tags, canonical_team: tags.tag_team_lc ?? tags.tag_team_tc ?? tags.tag_team_uc ? team : null,
      business_unit: profile?.businessUnit ?? 'Management', surge_from_h: null, price_from_h: null, price_before: null,
    };
  };
  const lifetime = (r: Resource) => {
    const roll = p.next();
    if (roll < 0.08) r.start_h = p.int(0, Math.floor(H * 0.7));
    else if (roll < 0.15) r.end_h = p.int(Math.floor(H * 0.3), H - 1);
  };
  const tier = (code: string) => regionOf(code).priceTier;

  const addEc2 = (acct: Account, regionCode: string, type: string, o: Partial<Resource> & { tagged?: boolean; team?: string; keepLifetime?: boolean } = {}) => {
    const it = INSTANCE_TYPES[type];
    const team = o.team ?? pickTeam(p, acct);
    const idx = resources.filter((r) => r.kind === 'ec2' && r.account_id === acct.id).length + 1;
    const role = o.role ?? p.weighted([['web', 3], ['app', 4], ['batch', 1.5], ['worker', 1.5]] as const);
    const r = base('ec2', acct, regionCode, `i-0${p.hex(16)}`, `${acct.profile!.key}-${role}-${idx}`, team, { tagged: o.tagged });
    const cpuAvg = p.float(12, 55, 2);
    Object.assign(r, {
      az: p.pick(regionOf(regionCode).azs), itype: type, family: it.family, vcpu: it.vcpu, memory: it.memory, norm: it.norm,
      rate: it.price[tier(regionCode)], role, cpu_avg: cpuAvg, cpu_max: Math.min(100, Math.round(cpuAvg * p.float(1.5, 2.2) * 100) / 100),
      mem: p.chance(0.5), load: role === 'web' ? p.float(5, 120, 3) : p.float(0.5, 10, 3),
      sched: !o.tagged && p.chance(acct.profile!.scheduled),
    });
    const { tagged: _t, team: _team, keepLifetime, ...rest } = o;
    Object.assign(r, rest);
    if (!keepLifetime && !r.sched) lifetime(r);
    resources.push(r);
    // Root volume, sometimes with its own (messier) tags, and sometimes a data volume.
    const root = base('ebs', acct, regionCode, `vol-0${p.hex(16)}`, `${r.name}-root`, team, { untagged: p.chance(0.1) && !o.tagged, tagged: o.tagged });
    Object.assign(root, volume('gp3', p.int(20, 100), regionCode), { az: r.az, attached_to: r.id, start_h: r.start_h, end_h: r.end_h, role: 'root', busy: r.busy });
    resources.push(root);
    if (p.chance(0.3) || r.busy) {
      const vt = p.chance(0.5) ? 'gp2' : 'gp3';
      const data = base('ebs', acct, regionCode, `vol-0${p.hex(16)}`, `${r.name}-data`, team, { tagged: o.tagged });
      Object.assign(data, volume(vt, p.int(10, 100) * 10, regionCode), { az: r.az, attached_to: r.id, start_h: r.start_h, end_h: r.end_h, role: 'data', busy: r.busy });
      resources.push(data);
    }
    return r;
  };
  const volume = (vt: string, size: number, regionCode: string) => ({ itype: vt, size_gb: size, rate: PRICES.ebs[vt][tier(regionCode)] });

  // --- Planted commitments: RI fleet in payments-prod, SP-covered compute fleets.
  const pay = byKey('payments-prod');
  const riCount = n(3);
  for (let i = 0; i < riCount; i++) addEc2(pay, 'us-east-1', RI_TERMS.instanceType, { ri: true, role: 'app', tagged: true, team: 'payments', keepLifetime: true });

  // --- Regular fleets.
  for (const acct of accounts) {
    const prof = acct.profile!;
    const count = n(prof.ec2);
    for (let i = 0; i < count; i++) {
      const region = p.chance(0.75) ? prof.primaryRegion : p.pick(REGIONS).code;
      addEc2(acct, region, pickType(p, prof.key));
    }
  }

  // --- Savings Plan coverage: steady compute/memory instances in three accounts.
  const spTarget = n(15);
  const spCandidates = resources.filter((r) => r.kind === 'ec2' && !r.ri && !r.sched && r.start_h === 0 && r.end_h === H
    && ['checkout-prod', 'search-prod', 'data-platform'].includes(accounts.find((a) => a.id === r.account_id)!.profile!.key)
    && r.family !== 'General purpose');
  for (const r of spCandidates.slice(0, spTarget)) {
    r.sp = true;
    r.sp_rate = round10(r.rate * SP_DISCOUNT);
  }

  // --- Planted rightsizing candidates and busy resources (fixed, whatever the scale).
  const search = byKey('search-prod');
  const dp = byKey('data-platform');
  const checkout = byKey('checkout-prod');
  const ml = byKey('ml-research');
  const sandbox = byKey('sandbox-dev');
  const marketing = byKey('marketing-web');
  const staging = byKey('payments-staging');
  const oversized = (acct: Account, region: string, type: string, avg: number, max: number) =>
    addEc2(acct, region, type, { oversized: true, cpu_avg: avg, cpu_max: max, tagged: true, team: acct.profile!.team, role: 'app', keepLifetime: true, mem: true });
  oversized(pay, 'us-east-1', 'm5.4xlarge', 4.2, 17.5);
  oversized(dp, 'eu-west-1', 'r5.2xlarge', 6.8, 21.0);
  oversized(search, 'us-west-2', 'c5.2xlarge', 3.1, 12.4);
  oversized(checkout, 'us-east-1', 'm5.2xlarge', 7.5, 24.0);
  const busy = (acct: Account, region: string, type: string, avg: number) =>
    addEc2(acct, region, type, { busy: true, cpu_avg: avg, cpu_max: 99.5, tagged: true, team: acct.profile!.team, role: 'web', keepLifetime: true, mem: true, load: 400 });
  busy(search, 'us-west-2', 'c5.2xlarge', 78.4);
  busy(pay, 'us-east-1', 'm5.2xlarge', 72.1);
  busy(dp, 'eu-west-1', 'r5.xlarge', 81.3);

  // --- Unattached EBS volumes (idle).
  const idleVolume = (acct: Account, region: string, vt: string, size: number, untagged: boolean) => {
    const v = base('ebs', acct, region, `vol-0${p.hex(16)}`, `${acct.profile!.key}-orphan-${size}`, acct.profile!.team, untagged ? { untagged: true } : { tagged: true });
    Object.assign(v, volume(vt, size, region), { az: p.pick(regionOf(region).azs), idle: true, role: 'orphan' });
    resources.push(v);
  };
  idleVolume(staging, 'us-east-1', 'gp2', 500, false);
  idleVolume(ml, 'us-west-2', 'gp3', 1000, false);
  idleVolume(sandbox, 'us-east-1', 'gp2', 200, true);

  // --- Elastic IPs: some attached to web instances, two idle.
  const webs = resources.filter((r) => r.kind === 'ec2' && r.role === 'web' && r.start_h === 0 && r.end_h === H);
  for (const w of webs.slice(0, n(4))) {
    const acct = accounts.find((a) => a.id === w.account_id)!;
    const e = base('eip', acct, w.region, `eipalloc-0${p.hex(16)}`, `${w.name}-eip`, w.canonical_team ?? acct.profile!.team);
    Object.assign(e, { attached_to: w.id, rate: PRICES.eipIdleHour, role: 'attached' });
    resources.push(e);
  }
  for (const [acct, region] of [[sandbox, 'us-east-1'], [marketing, 'eu-west-1']] as const) {
    const e = base('eip', acct, region, `eipalloc-0${p.hex(16)}`, `${acct.profile!.key}-spare-eip`, acct.profile!.team, { untagged: acct === sandbox, tagged: acct !== sandbox });
    Object.assign(e, { rate: PRICES.eipIdleHour, idle: true, role: 'idle' });
    resources.push(e);
  }

  // --- RDS.
  const addRds = (acct: Account, region: string, cls: string, name: string, o: Partial<Resource> = {}) => {
    const r = base('rds', acct, region, `arn:aws:rds:${region}:${acct.id}:db:${name}`, name, acct.profile!.team, { tagged: o.idle || o.busy });
    const c = RDS_PRICES[cls];
    Object.assign(r, {
      az: p.pick(regionOf(region).azs), itype: cls, vcpu: c.vcpu, memory: c.memory, rate: c.price[tier(region)],
      rate2: PRICES.rdsStorageGp2[tier(region)], size_gb: p.int(10, 100) * 10, cpu_avg: p.float(15, 50, 2), load: p.float(20, 90, 1),
      role: 'db',
    }, o);
    r.cpu_max = Math.min(100, Math.round(r.cpu_avg * 1.8 * 100) / 100);
    resources.push(r);
  };
  const rdsAccounts = [checkout, byKey('identity-prod'), dp, byKey('logistics-prod')];
  for (let i = 0; i < n(4); i++) {
    const acct = rdsAccounts[i % rdsAccounts.length];
    addRds(acct, acct.profile!.primaryRegion, p.pick(['db.m5.large', 'db.r5.large']), `${acct.profile!.key}-db-${i + 1}`);
  }
  addRds(pay, 'us-east-1', 'db.r5.xlarge', 'payments-ledger', { busy: true, cpu_avg: 74.5, load: 180 });
  addRds(ml, 'us-west-2', 'db.m5.large', 'experiments-db', { idle: true, cpu_avg: 1.8, load: 0 });

  // --- Application load balancers.
  const addAlb = (acct: Account, region: string, name: string, o: Partial<Resource> = {}) => {
    const id = `arn:aws:elasticloadbalancing:${region}:${acct.id}:loadbalancer/app/${name}/${p.hex(16)}`;
    const r = base('alb', acct, region, id, name, acct.profile!.team, { tagged: o.idle || o.busy });
    Object.assign(r, { rate: PRICES.albHour[tier(region)], rate2: PRICES.albLcu[tier(region)], load: p.float(0.5, 4, 3), role: 'lb' }, o);
    resources.push(r);
  };
  const albAccounts = [pay, search, byKey('identity-prod'), byKey('logistics-prod')];
  for (let i = 0; i < n(4); i++) {
    const acct = albAccounts[i % albAccounts.length];
    addAlb(acct, acct.profile!.primaryRegion, `${acct.profile!.key}-alb-${i + 1}`);
  }
  addAlb(checkout, 'us-east-1', 'checkout-public', { busy: true, load: 9.5 });
  addAlb(marketing, 'eu-west-1', 'promo-2025-alb', { idle: true, load: 0 });

  // --- NAT gateways.
  const addNat = (acct: Account, region: string, o: Partial<Resource> = {}) => {
    const natId = `nat-0${p.hex(16)}`;
    const r = base('nat', acct, region, `arn:aws:ec2:${region}:${acct.id}:natgateway/${natId}`, `${acct.profile!.key}-${natId}`, acct.profile!.team, { tagged: o.idle || o.busy });
    Object.assign(r, { az: p.pick(regionOf(region).azs), rate: PRICES.natHour[tier(region)], rate2: PRICES.natGb[tier(region)], load: p.float(1, 15, 3), role: 'nat' }, o);
    resources.push(r);
  };
  const natAccounts = [dp, byKey('shared-services'), search];
  for (let i = 0; i < n(3); i++) addNat(natAccounts[i % natAccounts.length], natAccounts[i % natAccounts.length].profile!.primaryRegion);
  addNat(pay, 'us-east-1', { busy: true, load: 42 });
  addNat(ml, 'us-west-2', { idle: true, load: 0 });

  // --- S3 buckets, Lambda functions, CloudWatch.
  for (let i = 0; i < n(24); i++) {
    const acct = accounts[i % accounts.length];
    const purpose = p.pick(['assets', 'logs', 'backups', 'exports', 'artifacts', 'datalake']);
    const region = p.chance(0.8) ? acct.profile!.primaryRegion : p.pick(REGIONS).code;
    const r = base('s3', acct, region, `${acct.profile!.key}-${purpose}-${p.hex(6)}`, purpose, pickTeam(p, acct));
    Object.assign(r, { size_gb: Math.round(Math.exp(p.float(Math.log(50), Math.log(30000)))), rate: PRICES.s3StandardGbMo[tier(region)], rate2: PRICES.s3Tier1, load: Math.round(Math.exp(p.float(Math.log(1e4), Math.log(5e6)))), role: purpose });
    resources.push(r);
  }
  for (let i = 0; i < n(10); i++) {
    const acct = accounts[(i * 5) % accounts.length];
    const region = acct.profile!.primaryRegion;
    const name = `${acct.profile!.key}-fn-${i + 1}`;
    const r = base('lambda', acct, region, `arn:aws:lambda:${region}:${acct.id}:function:${name}`, name, pickTeam(p, acct));
    Object.assign(r, { rate: PRICES.lambdaGbSecond, rate2: PRICES.lambdaRequest, load: Math.round(Math.exp(p.float(Math.log(1e3), Math.log(4e5)))), role: 'function' });
    resources.push(r);
  }
  for (const acct of accounts) {
    const region = acct.profile!.primaryRegion;
    const r = base('cw', acct, region, `arn:aws:logs:${region}:${acct.id}:log-group:/app/${acct.profile!.key}`, 'cloudwatch', acct.profile!.team, { untagged: true });
    Object.assign(r, { size_gb: p.int(40, 250) * scale, rate: PRICES.cwMetricMonth, rate2: PRICES.cwLogsGb[tier(region)], load: p.float(0.2, 4, 3) * scale, role: 'logs' });
    resources.push(r);
  }
  const curBucket = base('s3', payer, 'us-east-1', `acme-billing-reports-${payer.id}`, 'billing', 'platform', { untagged: true });
  Object.assign(curBucket, { size_gb: 120, rate: PRICES.s3StandardGbMo[0], rate2: PRICES.s3Tier1, load: 2e4, role: 'billing' });
  resources.push(curBucket);

  plantTagVariants(resources);

  // --- Commitment records.
  const riStart = window.start;
  const ri: ReservedInstance = {
    accountId: pay.id, region: 'us-east-1', instanceType: RI_TERMS.instanceType, count: riCount + 1,
    arn: `arn:aws:ec2:us-east-1:${pay.id}:reserved-instances/${p.uuid()}`, subscriptionId: p.digits(10),
    start: isoSeconds(riStart), end: isoSeconds(addHours(riStart, RI_TERMS.termHours)),
    upfrontPerInstance: RI_TERMS.upfrontPerInstance, recurringHourly: RI_TERMS.recurringHourly,
    amortizedHourly: round10(RI_TERMS.upfrontPerInstance / RI_TERMS.termHours),
  };
  const spHourly = resources.filter((r) => r.sp).reduce((s, r) => s + r.sp_rate, 0);
  const spStart = addHours(window.start, -24 * 45);
  const sp: SavingsPlan = {
    accountId: dp.id, arn: `arn:aws:savingsplans::${dp.id}:savingsplan/${p.uuid()}`,
    commitmentHourly: Math.round(spHourly * 1.12 * 1000) / 1000, start: isoSeconds(spStart), end: isoSeconds(addHours(spStart, 8760)),
  };
  return { seed, scale, window, payer, accounts, resources, ri, sp };
}
