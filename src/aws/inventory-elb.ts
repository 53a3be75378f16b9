/**
 * ELBv2 inventory of one account-region: load balancers (with tags) and their target groups,
 * each target group a row whose state sums up its targets' health: `healthy` when at least one
 * target is healthy, `unhealthy` when it has targets and none is, `empty` when it has none.
 */
import type { ElasticLoadBalancingV2Client, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InventoryRow, InventoryScope } from './inventory-row.ts';
import { tagMap } from './inventory-row.ts';
import { awsSdk } from '../aws-client/sdk.ts';
import { paginate } from '../aws-client/paginate.ts';

/** DescribeTags takes at most 20 ARNs a call. */
const TAG_BATCH = 20;

async function tagsOf(elb: ElasticLoadBalancingV2Client, arns: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let at = 0; at < arns.length; at += TAG_BATCH) {
    const page = await elb.send(new (awsSdk.elbv2().DescribeTagsCommand)({ ResourceArns: arns.slice(at, at + TAG_BATCH) }));
    for (const d of page.TagDescriptions ?? []) if (d.ResourceArn) out.set(d.ResourceArn, tagMap((d.Tags ?? []).map((t) => [t.Key, t.Value])));
  }
  return out;
}

/** Lists load balancers, their tags, target groups and target health. */
export async function elbInventory(elb: ElasticLoadBalancingV2Client, scope: InventoryScope): Promise<InventoryRow[]> {
  const balancers: LoadBalancer[] = [];
  const nextMarker = (page: { NextMarker?: string }) => page.NextMarker;
  const pages = paginate('elbv2 DescribeLoadBalancers', (marker) => elb.send(new (awsSdk.elbv2().DescribeLoadBalancersCommand)({ Marker: marker, PageSize: 400 })), nextMarker);
  for await (const page of pages) {
    balancers.push(...(page.LoadBalancers ?? []));
  }
  const arns = balancers.map((b) => b.LoadBalancerArn).filter((a): a is string => Boolean(a));
  const tags = await tagsOf(elb, arns);
  const base = { account_id: scope.account, region: scope.region, service: 'AWSELB', observed_at: scope.observedAt };
  const rows: InventoryRow[] = [];
  for (const balancer of balancers) {
    const arn = balancer.LoadBalancerArn;
    if (!arn) continue;
    rows.push({ ...base, resource_id: arn, resource_type: 'loadbalancer', instance_type: '', state: balancer.State?.Code ?? '', attached_to: '', tags: tags.get(arn) ?? {} });
    const groups = paginate(`elbv2 DescribeTargetGroups (load balancer ${arn})`, (marker) => elb.send(new (awsSdk.elbv2().DescribeTargetGroupsCommand)({ LoadBalancerArn: arn, Marker: marker })), nextMarker);
    for await (const page of groups) {
      for (const group of page.TargetGroups ?? []) {
        if (!group.TargetGroupArn) continue;
        const health = await elb.send(new (awsSdk.elbv2().DescribeTargetHealthCommand)({ TargetGroupArn: group.TargetGroupArn }));
        const states = (health.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State);
        const state = states.length === 0 ? 'empty' : states.includes('healthy') ? 'healthy' : 'unhealthy';
        rows.push({ ...base, resource_id: group.TargetGroupArn, resource_type: 'targetgroup', instance_type: '', state, attached_to: arn, tags: {} });
      }
    }
  }
  return rows;
}
