/** RDS inventory of one account-region: DB instances with their class, status and tags. */
import type { RDSClient } from '@aws-sdk/client-rds';
import type { InventoryRow, InventoryScope } from './inventory-row.ts';
import { tagMap } from './inventory-row.ts';
import { awsSdk } from '../aws-client/sdk.ts';

/** Lists every DB instance (Marker pages) as inventory rows. */
export async function rdsInventory(rds: RDSClient, scope: InventoryScope): Promise<InventoryRow[]> {
  const rows: InventoryRow[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(new (awsSdk.rds().DescribeDBInstancesCommand)({ Marker: marker, MaxRecords: 100 }));
    for (const db of page.DBInstances ?? []) {
      if (!db.DBInstanceArn) continue;
      rows.push({
        resource_id: db.DBInstanceArn, account_id: scope.account, region: scope.region, service: 'AmazonRDS', resource_type: 'db-instance',
        instance_type: db.DBInstanceClass ?? '', state: db.DBInstanceStatus ?? '', attached_to: '',
        tags: tagMap((db.TagList ?? []).map((t) => [t.Key, t.Value])), observed_at: scope.observedAt,
      });
    }
    marker = page.Marker || undefined;
  } while (marker);
  return rows;
}
