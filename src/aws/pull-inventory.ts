/**
 * `costlens pull inventory`: the resources of every configured account (assumed roles) and
 * region (EC2, EBS, Elastic IPs, NAT gateways, ELBv2, RDS, and Lambda functions with their memory), read with at most aws.concurrency account-regions at once, written as the inventory
 * CSV and ingested (rows keyed by resource and observation time).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkDir } from '../lib/work-dirs.ts';
import { INVENTORY_FORMAT } from '../ingest/formats/telemetry.ts';
import { ingestPaths, type IngestSummary } from '../ingest/loader.ts';
import { AccountAccess } from './accounts.ts';
import type { AwsCallListener } from '../aws-client/call-log.ts';
import { AwsClientFactory } from '../aws-client/clients.ts';
import { mapWithConcurrency } from '../lib/concurrency.ts';
import type { AwsConfig } from '../aws-client/config.ts';
import { writeCsv } from './csv.ts';
import { ec2Inventory } from './inventory-ec2.ts';
import { elbInventory } from './inventory-elb.ts';
import { lambdaInventory } from './inventory-lambda.ts';
import { rdsInventory } from './inventory-rds.ts';
import type { InventoryRow } from './inventory-row.ts';

export interface InventoryPullOptions {
  storePath: string;
  config: AwsConfig;
  env: NodeJS.ProcessEnv;
  /** The observation time written on every row (default now, to the second). */
  observedAt?: Date;
  onCall?: AwsCallListener;
  onProgress?: (message: string) => void;
  waitMs?: number;
  onWait?: (message: string) => void;
}

export interface InventoryPullResult {
  scopes: { account: string; region: string; resources: number }[];
  resources: number;
  ingest?: IngestSummary;
}

/** Reads the inventory of every account-region and ingests it. */
export async function pullInventory(options: InventoryPullOptions): Promise<InventoryPullResult> {
  const clients = new AwsClientFactory({ config: options.config, env: options.env, onCall: options.onCall });
  const observedAt = (options.observedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const scopes = await new AccountAccess(clients, options.config).scopes();
  const perScope = await mapWithConcurrency(scopes, options.config.concurrency, async (scope) => {
    const target = { region: scope.region, credentials: scope.credentials };
    const where = { account: scope.account, region: scope.region, observedAt };
    const rows = [
      ...(await ec2Inventory(clients.ec2(target), where)),
      ...(await elbInventory(clients.elbv2(target), where)),
      ...(await rdsInventory(clients.rds(target), where)),
      ...(await lambdaInventory(clients.lambda(target), where)),
    ];
    options.onProgress?.(`inventory ${scope.account} ${scope.region}: ${rows.length} resources`);
    return rows;
  });
  const rows: InventoryRow[] = perScope.flat();
  const result: InventoryPullResult = {
    scopes: scopes.map((s, i) => ({ account: s.account, region: s.region, resources: perScope[i].length })),
    resources: rows.length,
  };
  if (rows.length === 0) return result;
  const folder = makeWorkDir('inventory');
  try {
    const file = join(folder, `costlens-inventory-${observedAt.replace(/[:]/g, '')}.csv`);
    writeCsv(file, [...INVENTORY_FORMAT.header, ...INVENTORY_FORMAT.extension!], rows.map((r) => [
      r.resource_id, r.account_id, r.region, r.service, r.resource_type, r.instance_type, r.state, r.attached_to, JSON.stringify(r.tags), r.observed_at,
      r.memory_mb === undefined ? '' : String(r.memory_mb), r.architecture ?? '', r.runtime ?? '', r.timeout_s === undefined ? '' : String(r.timeout_s),
    ]));
    result.ingest = await ingestPaths(options.storePath, [file], { waitMs: options.waitMs, onWait: options.onWait });
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
