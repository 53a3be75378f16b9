/**
 * Fake AWS Lambda (restJson1, signing name `lambda`): ListFunctions
 * (`GET /2015-03-31/functions/?Marker=…&MaxItems=…`), Marker pagination, functions per account
 * and region. Answers have the shape AWS documents for ListFunctions (FunctionConfiguration with
 * MemorySize, Architectures, Runtime, Timeout …; `NextMarker` null on the last page). Throttling
 * is what Lambda answers: 429 `TooManyRequestsException` with `Retry-After` and a `Reason`.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, page } from './wire.ts';

/** One function as a test describes it. */
export interface FakeFunction {
  name: string;
  memoryMb: number;
  runtime?: string;
  architecture?: 'x86_64' | 'arm64';
  timeoutS?: number;
  /** Container-image functions have no Runtime. */
  packageType?: 'Zip' | 'Image';
}

/** The Lambda fake; see the module comment. */
export class FakeLambda implements FakeService {
  readonly signingName = 'lambda';
  readonly protocol = 'rest-json' as const;
  readonly throttle = { code: 'TooManyRequestsException', status: 429 };
  /** `account/region` → functions */
  readonly functions = new Map<string, FakeFunction[]>();
  /** Lambda's own cap is 50 a page; tests lower it to force pagination. */
  pageSize = 50;

  add(account: string, region: string, fn: FakeFunction): void {
    this.functions.set(`${account}/${region}`, [...(this.functions.get(`${account}/${region}`) ?? []), fn]);
  }

  operationOf(method: string, url: URL): string {
    if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(url.pathname)) return 'ListFunctions';
    return `${method} ${url.pathname} (unsupported)`;
  }

  handle(request: FakeRequest, res: ServerResponse): void {
    if (request.operation !== 'ListFunctions') throw new FakeAwsError('ResourceNotFoundException', `the fake does not implement ${request.operation}`, 404);
    const here = this.functions.get(`${request.account}/${request.region}`) ?? [];
    const asked = request.url.searchParams.get('MaxItems');
    const size = Math.min(this.pageSize, asked === null ? 50 : Number(asked));
    if (!Number.isInteger(size) || size < 1) throw new FakeAwsError('InvalidParameterValueException', 'MaxItems must be between 1 and 10000');
    const { items, next } = page(here, request.url.searchParams.get('Marker') ?? undefined, size);
    const body = {
      NextMarker: next ?? null,
      Functions: items.map((f) => ({
        FunctionName: f.name,
        FunctionArn: `arn:aws:lambda:${request.region}:${request.account}:function:${f.name}`,
        ...(f.packageType === 'Image' ? {} : { Runtime: f.runtime ?? 'nodejs20.x', Handler: 'index.handler' }),
        Role: `arn:aws:iam::${request.account}:role/service-role/${f.name}-role-zgur6bf4`,
        CodeSize: 294, Description: '', Timeout: f.timeoutS ?? 3, MemorySize: f.memoryMb,
        LastModified: '2026-09-23T18:32:33.857+0000', CodeSha256: 'dBG9m8SGdmlEjw/JYXlhhvCrAv5TxvXsbL/RMr0fT/I=',
        Version: '$LATEST', TracingConfig: { Mode: 'PassThrough' }, RevisionId: randomUUID(),
        PackageType: f.packageType ?? 'Zip', Architectures: [f.architecture ?? 'x86_64'], EphemeralStorage: { Size: 512 },
        SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' }, LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
      })),
    };
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));
  }

  writeError(res: ServerResponse, error: FakeAwsError): void {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.code };
    const body: Record<string, string> = { Type: error.type === 'Sender' ? 'User' : 'Service', message: error.message };
    if (error.code === 'TooManyRequestsException') {
      headers['retry-after'] = '1';
      body.Reason = 'CallerRateLimitExceeded';
    }
    res.writeHead(error.status, headers).end(JSON.stringify(body));
  }
}
