/**
 * Fake AWS STS (awsQuery): GetCallerIdentity, and AssumeRole for the roles a test registers
 * (checking the external id); the temporary keys it issues act as the role's account.
 */
import { randomBytes } from 'node:crypto';
import type { FakeAws, FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, queryResponse } from './wire.ts';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The STS fake; see the module comment. */
export class FakeSts implements FakeService {
  readonly signingName = 'sts';
  readonly protocol = 'query' as const;
  readonly throttle = { code: 'Throttling', status: 400 };
  /** Role ARN → the external id its trust policy requires (undefined: none). */
  readonly roles = new Map<string, string | undefined>();
  private fake?: FakeAws;
  private issued = 0;

  /** Connects the fake so issued keys are recognised. */
  attach(fake: FakeAws): void {
    this.fake = fake;
  }

  handle(request: FakeRequest): string {
    if (request.operation === 'GetCallerIdentity') {
      return queryResponse('GetCallerIdentity', XMLNS, {
        Arn: `arn:aws:iam::${request.account}:user/costlens`, UserId: 'AIDACOSTLENSFAKE', Account: request.account,
      });
    }
    if (request.operation !== 'AssumeRole') throw new FakeAwsError('InvalidAction', `the fake does not implement ${request.operation}`);
    const roleArn = request.form.RoleArn;
    if (!this.roles.has(roleArn)) throw new FakeAwsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    const required = this.roles.get(roleArn);
    if (required !== undefined && request.form.ExternalId !== required) {
      throw new FakeAwsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (external id)`, 403);
    }
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)![1];
    const accessKeyId = `ASIAFAKE${account}${String(++this.issued).padStart(4, '0')}`;
    this.fake?.registerKey(accessKeyId, account);
    return queryResponse('AssumeRole', XMLNS, {
      Credentials: {
        AccessKeyId: accessKeyId, SecretAccessKey: randomBytes(20).toString('hex'), SessionToken: randomBytes(32).toString('base64'),
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: `AROAFAKE:${request.form.RoleSessionName}`, Arn: `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').pop()}/${request.form.RoleSessionName}` },
    });
  }
}
