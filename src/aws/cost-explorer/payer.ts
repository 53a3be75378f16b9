/**
 * The payer a Cost Explorer pull is for, and the months earlier pulls of it stored. The payer is
 * `aws.costExplorer.billingAccountId`, else the credentials' account (STS GetCallerIdentity). A
 * dry run makes no request at all, so without the setting it plans for the payer of the store's
 * earlier pulls when they are all of one, and says the credentials were not checked.
 */
import type { AwsClientFactory } from '../../aws-client/clients.ts';
import { awsSdk } from '../../aws-client/sdk.ts';
import { CostlensError } from '../../errors.ts';
import { storedCostExplorerMonths, storedCostExplorerPulls } from './stored-months.ts';

/** Who the pull is for: the payer (null when a dry run cannot tell), what the output says of it, and the months stored for it. */
export interface CePayer {
  billingAccountId: string | null;
  /** Said beside the payer when it was not read from the config or the credentials; null otherwise. */
  note: string | null;
  stored: Map<string, Date>;
}

/** What a dry run says of the account it did not ask for. */
const UNCHECKED_ACCOUNT = 'account from credentials, not checked in a dry run';

/** The credentials' account, from STS; errors (exit 9) name the setting that avoids the call. */
async function callerAccount(clients: AwsClientFactory): Promise<string> {
  const account = (await clients.sts().send(new (awsSdk.sts().GetCallerIdentityCommand)({}))).Account;
  if (!account) throw new CostlensError('aws', 'sts GetCallerIdentity returned no account', { hint: 'set aws.costExplorer.billingAccountId' });
  return account;
}

/** Resolves the payer of a pull (a dry run without asking AWS) and the months its earlier pulls stored. */
export async function resolveCePayer(storePath: string, configured: string | undefined, dryRun: boolean, clients: AwsClientFactory): Promise<CePayer> {
  if (configured !== undefined || !dryRun) {
    const billingAccountId = configured ?? (await callerAccount(clients));
    return { billingAccountId, note: null, stored: await storedCostExplorerMonths(storePath, billingAccountId) };
  }
  const pulls = await storedCostExplorerPulls(storePath);
  if (pulls.size === 1) {
    const [[billingAccountId, stored]] = [...pulls];
    return { billingAccountId, note: `the payer of the store's earlier pulls; ${UNCHECKED_ACCOUNT}`, stored };
  }
  const several = pulls.size > 1
    ? `; the store holds pulls of payers ${[...pulls.keys()].sort().join(', ')}, so no month counts as stored: set aws.costExplorer.billingAccountId to plan for one`
    : '';
  return { billingAccountId: null, note: `${UNCHECKED_ACCOUNT}${several}`, stored: new Map() };
}
