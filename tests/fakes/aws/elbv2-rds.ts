/**
 * Fake Elastic Load Balancing v2 and Amazon RDS (awsQuery: form-encoded Action, XML results with
 * `<member>` lists; RDS names its own list members: `<DBInstance>`, `<Tag>`), Marker pagination.
 */
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, XmlList, formList, page, queryResponse } from './wire.ts';

export interface FakeTargetGroup { arn: string; name: string; targets: { id: string; state: 'healthy' | 'unhealthy' | 'unused' | 'initial' | 'draining' }[] }
export interface FakeLoadBalancer { arn: string; name: string; type: 'application' | 'network'; state: string; tags?: Record<string, string>; targetGroups: FakeTargetGroup[] }
export interface FakeDbInstance { id: string; arn: string; instanceClass: string; status: string; engine: string; tags?: Record<string, string> }

const ELB_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const RDS_XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';

/** The ELBv2 fake: load balancers, tags, target groups and target health per account and region. */
export class FakeElbv2 implements FakeService {
  readonly signingName = 'elasticloadbalancing';
  readonly protocol = 'query' as const;
  readonly throttle = { code: 'Throttling', status: 400 };
  /** `account/region` → load balancers */
  readonly balancers = new Map<string, FakeLoadBalancer[]>();
  pageSize = 400;

  add(account: string, region: string, balancer: FakeLoadBalancer): void {
    this.balancers.set(`${account}/${region}`, [...(this.balancers.get(`${account}/${region}`) ?? []), balancer]);
  }

  handle(request: FakeRequest): string {
    const here = this.balancers.get(`${request.account}/${request.region}`) ?? [];
    const f = request.form;
    switch (request.operation) {
      case 'DescribeLoadBalancers': {
        const { items, next } = page(here, f.Marker, Math.min(this.pageSize, Number(f.PageSize ?? 400)));
        return queryResponse('DescribeLoadBalancers', ELB_XMLNS, {
          LoadBalancers: items.map((b) => ({
            LoadBalancerArn: b.arn, LoadBalancerName: b.name, Type: b.type, Scheme: 'internet-facing', State: { Code: b.state },
            DNSName: `${b.name}.elb.amazonaws.com`, VpcId: 'vpc-0fake', CreatedTime: '2026-01-05T10:00:00.000Z',
          })),
          NextMarker: next,
        });
      }
      case 'DescribeTags': {
        const arns = formList(f, 'ResourceArns');
        if (arns.length > 20) throw new FakeAwsError('ValidationError', 'ResourceArns: at most 20');
        return queryResponse('DescribeTags', ELB_XMLNS, {
          TagDescriptions: arns.map((arn) => ({
            ResourceArn: arn,
            Tags: Object.entries(here.find((b) => b.arn === arn)?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          })),
        });
      }
      case 'DescribeTargetGroups': {
        const groups = here.filter((b) => !f.LoadBalancerArn || b.arn === f.LoadBalancerArn).flatMap((b) => b.targetGroups.map((g) => ({ g, b })));
        const { items, next } = page(groups, f.Marker, this.pageSize);
        return queryResponse('DescribeTargetGroups', ELB_XMLNS, {
          TargetGroups: items.map(({ g, b }) => ({ TargetGroupArn: g.arn, TargetGroupName: g.name, Protocol: 'HTTP', Port: 80, TargetType: 'instance', LoadBalancerArns: [b.arn] })),
          NextMarker: next,
        });
      }
      case 'DescribeTargetHealth': {
        const group = here.flatMap((b) => b.targetGroups).find((g) => g.arn === f.TargetGroupArn);
        if (!group) throw new FakeAwsError('TargetGroupNotFound', `Target groups '${f.TargetGroupArn}' not found`);
        return queryResponse('DescribeTargetHealth', ELB_XMLNS, {
          TargetHealthDescriptions: group.targets.map((t) => ({ Target: { Id: t.id, Port: 80 }, HealthCheckPort: '80', TargetHealth: { State: t.state } })),
        });
      }
      default:
        throw new FakeAwsError('InvalidAction', `the fake does not implement ${request.operation}`);
    }
  }
}

/** The RDS fake: DescribeDBInstances per account and region. */
export class FakeRds implements FakeService {
  readonly signingName = 'rds';
  readonly protocol = 'query' as const;
  readonly throttle = { code: 'Throttling', status: 400 };
  /** `account/region` → DB instances */
  readonly instances = new Map<string, FakeDbInstance[]>();
  pageSize = 100;

  add(account: string, region: string, db: FakeDbInstance): void {
    this.instances.set(`${account}/${region}`, [...(this.instances.get(`${account}/${region}`) ?? []), db]);
  }

  handle(request: FakeRequest): string {
    if (request.operation !== 'DescribeDBInstances') throw new FakeAwsError('InvalidAction', `the fake does not implement ${request.operation}`);
    const here = this.instances.get(`${request.account}/${request.region}`) ?? [];
    const { items, next } = page(here, request.form.Marker, Math.min(this.pageSize, Number(request.form.MaxRecords ?? 100)));
    return queryResponse('DescribeDBInstances', RDS_XMLNS, {
      DBInstances: new XmlList('DBInstance', items.map((d) => ({
        DBInstanceIdentifier: d.id, DBInstanceArn: d.arn, DBInstanceClass: d.instanceClass, DBInstanceStatus: d.status, Engine: d.engine,
        TagList: new XmlList('Tag', Object.entries(d.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))),
      }))),
      Marker: next,
    });
  }
}
