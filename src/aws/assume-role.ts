/**
 * Credentials for a member account through sts:AssumeRole (with the external id the role's trust
 * policy asks for), made by costlens's own STS client so the call is retried and logged like any
 * other. Cached until five minutes before they expire; concurrent callers share one request.
 */
import { CostlensError } from '../errors.ts';
import type { AwsClientFactory, AwsCredentials, CredentialsProvider } from '../aws-client/clients.ts';
import type { AwsAccountConfig } from '../aws-client/config.ts';
import { awsSdk } from '../aws-client/sdk.ts';

const REFRESH_BEFORE_MS = 5 * 60_000;

/** A credentials provider that assumes `account.roleArn`. */
export function assumeRoleCredentials(clients: AwsClientFactory, account: AwsAccountConfig, sessionName = 'costlens'): CredentialsProvider {
  const sts = clients.sts();
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  const assume = async (): Promise<AwsCredentials> => {
    const out = await sts.send(new (awsSdk.sts().AssumeRoleCommand)({ RoleArn: account.roleArn, RoleSessionName: sessionName, ExternalId: account.externalId, DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new CostlensError('aws', `sts AssumeRole of ${account.roleArn} returned no credentials`, { hint: 'check the role and its trust policy' });
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  return async () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return cached;
    pending ??= assume().then((credentials) => {
      cached = credentials;
      return credentials;
    }).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
