/**
 * Who costlens reads as, per account: configured member accounts through their assumed roles,
 * the caller's own account through the default credential chain. An account that is neither
 * cannot be read, and callers report it rather than query the wrong account.
 */
import { CostlensError } from '../errors.ts';
import { assumeRoleCredentials } from './assume-role.ts';
import { defaultRegion, type AwsClientFactory, type CredentialsProvider } from '../aws-client/clients.ts';
import type { AwsConfig } from '../aws-client/config.ts';
import { awsSdk } from '../aws-client/sdk.ts';

/** One account and region to read, with the credentials to read it. */
export interface AwsScope {
  account: string;
  region: string;
  /** Undefined: the default credential chain. */
  credentials?: CredentialsProvider;
}

/** Resolves, per account, the credentials costlens reads it with (see the module comment). */
export class AccountAccess {
  private caller?: Promise<string>;
  private readonly assumed = new Map<string, CredentialsProvider>();

  constructor(private readonly clients: AwsClientFactory, private readonly config: AwsConfig) {}

  /** The account of the default credentials (sts:GetCallerIdentity, which needs no permission). */
  callerAccount(): Promise<string> {
    this.caller ??= this.clients.sts().send(new (awsSdk.sts().GetCallerIdentityCommand)({})).then((out) => {
      if (!out.Account) throw new CostlensError('aws', 'sts GetCallerIdentity returned no account');
      return out.Account;
    });
    return this.caller;
  }

  /** How to read `account`: `{ credentials }` (undefined = default chain), or undefined when costlens has no way in. */
  async access(account: string): Promise<{ credentials?: CredentialsProvider } | undefined> {
    const configured = this.config.accounts.find((a) => a.id === account);
    if (configured) {
      if (!this.assumed.has(account)) this.assumed.set(account, assumeRoleCredentials(this.clients, configured));
      return { credentials: this.assumed.get(account) };
    }
    return account === (await this.callerAccount()) ? {} : undefined;
  }

  /** Every configured account (else the caller's) × its regions (else aws.regions, else the default region). */
  async scopes(): Promise<AwsScope[]> {
    const fallback = this.config.regions.length ? this.config.regions : [defaultRegion(this.clients.settings) ?? 'us-east-1'];
    if (this.config.accounts.length === 0) {
      const account = await this.callerAccount();
      return fallback.map((region) => ({ account, region }));
    }
    const scopes: AwsScope[] = [];
    for (const a of this.config.accounts) {
      const { credentials } = (await this.access(a.id))!;
      for (const region of a.regions ?? fallback) scopes.push({ account: a.id, region, credentials });
    }
    return scopes;
  }
}
