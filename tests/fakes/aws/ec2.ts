/**
 * Fake Amazon EC2 (ec2Query: form-encoded Action, XML with `<item>` lists): DescribeInstances,
 * DescribeVolumes, DescribeNatGateways (MaxResults/NextToken) and DescribeAddresses, per account
 * and region.
 */
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, ec2Response, page, type XmlValue } from './wire.ts';

export interface FakeInstance { id: string; type: string; state: string; tags?: Record<string, string> }
export interface FakeVolume { id: string; type: string; state: string; size: number; attachedTo?: string; tags?: Record<string, string> }
export interface FakeAddress { allocationId: string; publicIp: string; instanceId?: string; tags?: Record<string, string> }
export interface FakeNatGateway { id: string; state: string; subnetId: string; tags?: Record<string, string> }

/** What one account holds in one region. */
export interface FakeEc2Region {
  instances: FakeInstance[];
  volumes: FakeVolume[];
  addresses: FakeAddress[];
  natGateways: FakeNatGateway[];
}

const tagSet = (tags: Record<string, string> = {}) => Object.entries(tags).map(([key, value]) => ({ key, value }));

/** The EC2 fake; see the module comment. */
export class FakeEc2 implements FakeService {
  readonly signingName = 'ec2';
  readonly protocol = 'ec2' as const;
  readonly throttle = { code: 'RequestLimitExceeded', status: 503 };
  /** `account/region` → resources */
  readonly regions = new Map<string, FakeEc2Region>();
  /** Items per page, whatever MaxResults asks. */
  pageSize = 1000;

  region(account: string, region: string): FakeEc2Region {
    const key = `${account}/${region}`;
    if (!this.regions.has(key)) this.regions.set(key, { instances: [], volumes: [], addresses: [], natGateways: [] });
    return this.regions.get(key)!;
  }

  handle(request: FakeRequest): string {
    if (request.form.Version !== '2016-11-15') throw new FakeAwsError('InvalidParameterValue', `unexpected Version ${request.form.Version}`);
    const here = this.region(request.account, request.region);
    const size = Math.min(this.pageSize, Number(request.form.MaxResults ?? 1000));
    const token = request.form.NextToken;
    switch (request.operation) {
      case 'DescribeInstances': {
        const { items, next } = page(here.instances, token, size);
        return ec2Response('DescribeInstances', {
          reservationSet: items.map((i, n) => ({
            reservationId: `r-${String(n).padStart(17, '0')}`, ownerId: request.account,
            instancesSet: [{ instanceId: i.id, instanceType: i.type, instanceState: { code: i.state === 'running' ? 16 : 80, name: i.state }, tagSet: tagSet(i.tags) }],
          })),
          nextToken: next,
        });
      }
      case 'DescribeVolumes': {
        const { items, next } = page(here.volumes, token, size);
        return ec2Response('DescribeVolumes', {
          volumeSet: items.map((v) => ({
            volumeId: v.id, size: v.size, volumeType: v.type, status: v.state,
            attachmentSet: v.attachedTo ? [{ volumeId: v.id, instanceId: v.attachedTo, status: 'attached' }] : [],
            tagSet: tagSet(v.tags),
          })),
          nextToken: next,
        });
      }
      case 'DescribeAddresses':
        return ec2Response('DescribeAddresses', {
          addressesSet: here.addresses.map((a): XmlValue => ({
            publicIp: a.publicIp, allocationId: a.allocationId, domain: 'vpc', instanceId: a.instanceId,
            associationId: a.instanceId ? `eipassoc-${a.allocationId.slice(9)}` : undefined, tagSet: tagSet(a.tags),
          })),
        });
      case 'DescribeNatGateways': {
        const { items, next } = page(here.natGateways, token, size);
        return ec2Response('DescribeNatGateways', {
          natGatewaySet: items.map((g) => ({ natGatewayId: g.id, state: g.state, subnetId: g.subnetId, vpcId: 'vpc-0fake', tagSet: tagSet(g.tags) })),
          nextToken: next,
        });
      }
      default:
        throw new FakeAwsError('InvalidAction', `The action ${request.operation} is not valid for this web service.`);
    }
  }
}
