/**
 * Lambda inventory of one account-region: every function ($LATEST) with the configuration
 * Lambda memory rightsizing reads: memory size (MB), architecture, runtime and timeout (s).
 * ListFunctions does not return tags (ListTags is a call per function): the bill's tags stand.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { InventoryRow, InventoryScope } from './inventory-row.ts';
import { awsSdk } from '../aws-client/sdk.ts';
import { paginate } from '../aws-client/paginate.ts';

/** ListFunctions returns at most 50 functions a page. */
const PAGE_SIZE = 50;

/** Lists every function (Marker pages) as inventory rows of service AWSLambda, type `function`. */
export async function lambdaInventory(lambda: LambdaClient, scope: InventoryScope): Promise<InventoryRow[]> {
  const rows: InventoryRow[] = [];
  const pages = paginate('lambda ListFunctions', (marker) => lambda.send(new (awsSdk.lambda().ListFunctionsCommand)({ Marker: marker, MaxItems: PAGE_SIZE })), (page) => page.NextMarker);
  for await (const page of pages) {
    for (const fn of page.Functions ?? []) {
      if (!fn.FunctionArn) continue;
      rows.push({
        resource_id: fn.FunctionArn, account_id: scope.account, region: scope.region, service: 'AWSLambda', resource_type: 'function',
        instance_type: '', state: fn.State ?? '', attached_to: '', tags: {}, observed_at: scope.observedAt,
        memory_mb: fn.MemorySize, architecture: fn.Architectures?.[0] ?? 'x86_64', runtime: fn.Runtime ?? (fn.PackageType === 'Image' ? 'image' : ''),
        timeout_s: fn.Timeout,
      });
    }
  }
  return rows;
}
