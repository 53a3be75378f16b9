/** EC2 inventory of one account-region: instances, EBS volumes, Elastic IPs, NAT gateways. */
import type { EC2Client, Tag } from '@aws-sdk/client-ec2';
import type { InventoryRow, InventoryScope } from './inventory-row.ts';
import { partitionOf, tagMap } from './inventory-row.ts';
import { awsSdk } from '../aws-client/sdk.ts';
import { paginate } from '../aws-client/paginate.ts';

const ec2Tags = (tags: Tag[] | undefined) => tagMap((tags ?? []).map((t) => [t.Key, t.Value]));

/** Lists instances, volumes, addresses and NAT gateways (every page of each). */
export async function ec2Inventory(ec2: EC2Client, scope: InventoryScope): Promise<InventoryRow[]> {
  const rows: InventoryRow[] = [];
  const row = (r: Omit<InventoryRow, 'account_id' | 'region' | 'service' | 'observed_at'>) => rows.push({ ...r, account_id: scope.account, region: scope.region, service: 'AmazonEC2', observed_at: scope.observedAt });

  const nextToken = (page: { NextToken?: string }) => page.NextToken;
  const instances = paginate('ec2 DescribeInstances', (token) => ec2.send(new (awsSdk.ec2().DescribeInstancesCommand)({ MaxResults: 1000, NextToken: token })), nextToken);
  for await (const page of instances) {
    for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      if (!instance.InstanceId) continue;
      row({ resource_id: instance.InstanceId, resource_type: 'instance', instance_type: instance.InstanceType ?? '', state: instance.State?.Name ?? '', attached_to: '', tags: ec2Tags(instance.Tags) });
    }
  }

  const volumes = paginate('ec2 DescribeVolumes', (token) => ec2.send(new (awsSdk.ec2().DescribeVolumesCommand)({ MaxResults: 500, NextToken: token })), nextToken);
  for await (const page of volumes) {
    for (const volume of page.Volumes ?? []) {
      if (!volume.VolumeId) continue;
      row({ resource_id: volume.VolumeId, resource_type: 'volume', instance_type: volume.VolumeType ?? '', state: volume.State ?? '', attached_to: volume.Attachments?.[0]?.InstanceId ?? '', tags: ec2Tags(volume.Tags) });
    }
  }

  const addresses = await ec2.send(new (awsSdk.ec2().DescribeAddressesCommand)({}));
  for (const address of addresses.Addresses ?? []) {
    const id = address.AllocationId ?? address.PublicIp;
    if (!id) continue;
    row({ resource_id: id, resource_type: 'elastic-ip', instance_type: '', state: address.AssociationId ? 'associated' : 'unassociated', attached_to: address.InstanceId || address.NetworkInterfaceId || '', tags: ec2Tags(address.Tags) });
  }

  const natGateways = paginate('ec2 DescribeNatGateways', (token) => ec2.send(new (awsSdk.ec2().DescribeNatGatewaysCommand)({ MaxResults: 1000, NextToken: token })), nextToken);
  for await (const page of natGateways) {
    for (const nat of page.NatGateways ?? []) {
      if (!nat.NatGatewayId) continue;
      const arn = `arn:${partitionOf(scope.region)}:ec2:${scope.region}:${scope.account}:natgateway/${nat.NatGatewayId}`;
      row({ resource_id: arn, resource_type: 'natgateway', instance_type: '', state: nat.State ?? '', attached_to: '', tags: ec2Tags(nat.Tags) });
    }
  }
  return rows;
}
