/** One row of the inventory CSV (`resources` table), and the helpers every inventory reader shares. */

export interface InventoryRow {
  resource_id: string;
  account_id: string;
  region: string;
  service: string;
  resource_type: string;
  instance_type: string;
  state: string;
  attached_to: string;
  tags: Record<string, string>;
  observed_at: string;
  /** Lambda functions: the configured memory (MB), architecture (x86_64, arm64), runtime and timeout (s). */
  memory_mb?: number;
  architecture?: string;
  runtime?: string;
  timeout_s?: number;
}

/** Where and when a reader looks. */
export interface InventoryScope {
  account: string;
  region: string;
  /** ISO timestamp (seconds, Z) of the pull. */
  observedAt: string;
}

/** Tags as a map, keys as the API spells them; empty values are dropped (the store's rule for tags). */
export function tagMap(pairs: [string | undefined, string | undefined][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) if (key && value) out[key] = value;
  return out;
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
