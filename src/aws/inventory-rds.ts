/** RDS inventory of one account-region: DB instances with their class, status and tags. */
import type { RDSClient } from '@aws-sdk/client-rds';
import type { InventoryRow, InventoryScope } from './inventory-row.ts';
import { tagMap } from './inventory-row.ts';
import { awsSdk } from '../aws-client/sdk.ts';
import { paginate } from '../aws-client/paginate.ts';

/** Lists every DB instance (Marker pages) as inventory rows. */
export async function rdsInventory(rds: RDSClient, scope: InventoryScope): Promise<InventoryRow[]> {
  const rows: InventoryRow[] = [];
  const pages = paginate('rds DescribeDBInstances', (marker) => rds.send(new (awsSdk.rds().DescribeDBInstancesCommand)({ Marker: marker, MaxRecords: 100 })), (page) => page.Marker);
  for await (const page of pages) {
    for (const db of page.DBInstances ?? []) {
      if (!db.DBInstanceArn) continue;
      rows.push({
        resource_id: db.DBInstanceArn, account_id: scope.account, region: scope.region, service: 'AmazonRDS', resource_type: 'db-instance',
        instance_type: db.DBInstanceClass ?? '', state: db.DBInstanceStatus ?? '', attached_to: '',
        tags: tagMap((db.TagList ?? []).map((t) => [t.Key, t.Value])), observed_at: scope.observedAt,
      });
    }
  }
  return rows;
}
