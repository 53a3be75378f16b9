/**
 * A local fake of the AWS services costlens calls, on 127.0.0.1 and an ephemeral port. It speaks
 * each service's wire protocol as the installed SDK clients use it (routing on the SigV4 signing
 * name), records every request (service, operation, params, account, attempt) so tests can count
 * them, and injects throttling, 5xx, dropped connections and truncated bodies on demand.
 * It is bounded (a request cap) and stops by itself after its lifetime.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeAwsError, parseForm, readBody, writeError, writeJson, writeXml, type Protocol } from './wire.ts';

/** The fixed credentials tests put in the environment; they belong to DEFAULT_ACCOUNT. */
export const FAKE_ACCESS_KEY_ID = 'AKIDCOSTLENSFAKE0001';
export const FAKE_SECRET_ACCESS_KEY = 'costlens-fake-secret-key-0000000000000000';
export const DEFAULT_ACCOUNT = '111111111111';

/** One request as the fake saw it. */
export interface RecordedRequest {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  region: string;
  account: string;
  accessKeyId: string;
  /** The SDK's attempt number (`amz-sdk-request: attempt=N`), 1 for the first try. */
  attempt: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
  headers: IncomingHttpHeaders;
}

export type FaultKind = 'throttle' | 'server-error' | 'drop' | 'truncate';

/** A fault for the next `times` requests that match service (signing name) and operation. */
export interface FaultSpec {
  service?: string;
  operation?: string;
  kind: FaultKind;
  times?: number;
  /** HTTP status for server-error (default 500). */
  status?: number;
}

/** What a fake service receives. */
export interface FakeRequest {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  form: Record<string, string>;
  region: string;
  account: string;
  accessKeyId: string;
  method: string;
  url: URL;
  /** The request path exactly as sent: `url` has its `.`/`..` segments resolved, S3 keys keep them. */
  rawPath: string;
  headers: IncomingHttpHeaders;
  fault?: FaultSpec;
}

/** The protocols of wire.ts, and restJson1 (SESv2, Lambda), whose services write their own envelopes. */
export type FakeProtocol = Protocol | 'rest-json';

/** One fake service: its signing name, protocol and handler. */
export interface FakeService {
  readonly signingName: string;
  readonly protocol: FakeProtocol;
  /** awsQueryCompatible JSON services (CloudWatch) also send x-amzn-query-error. */
  readonly queryCompatible?: boolean;
  /** The throttling error this service returns. */
  readonly throttle: { code: string; status: number };
  /** REST services name the operation from the request itself. */
  operationOf?(method: string, url: URL, headers: IncomingHttpHeaders): string;
  /** Returns the JSON body (JSON protocols) or XML text (query protocols); REST services write `res` themselves. */
  handle(request: FakeRequest, res: ServerResponse): unknown;
  /** Writes an error in the service's envelope (required for rest-json; else wire.ts writes it). */
  writeError?(res: ServerResponse, error: FakeAwsError): void;
}

export interface FakeAwsOptions {
  /** The fake stops by itself after this long (default 120 s). */
  lifetimeMs?: number;
  /** Requests beyond this many are refused with a 500 (default 5,000). */
  maxRequests?: number;
}

/** A running fake AWS. */
export class FakeAws {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: (FaultSpec & { left: number })[] = [];
  private readonly keys = new Map<string, string>([[FAKE_ACCESS_KEY_ID, DEFAULT_ACCOUNT]]);
  private readonly services = new Map<string, FakeService>();
  private readonly stopTimer: NodeJS.Timeout;
  private stopped = false;

  private constructor(private readonly server: Server, readonly url: string, private readonly options: Required<FakeAwsOptions>) {
    this.stopTimer = setTimeout(() => void this.stop(), options.lifetimeMs);
    this.stopTimer.unref();
  }

  /** Starts the fake on 127.0.0.1 with an ephemeral port. */
  static async start(services: FakeService[], options: FakeAwsOptions = {}): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => void fake!.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeAws(server, `http://127.0.0.1:${port}`, { lifetimeMs: options.lifetimeMs ?? 120_000, maxRequests: options.maxRequests ?? 5_000 });
    for (const service of services) fake.services.set(service.signingName, service);
    return fake;
  }

  /** The environment the SDK needs to reach the fake: endpoint, region and the fixed fake keys. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  /** Lets requests signed with `accessKeyId` act as `account` (STS issues such keys). */
  registerKey(accessKeyId: string, account: string): void {
    this.keys.set(accessKeyId, account);
  }

  /** Injects a fault into the next matching requests. */
  inject(fault: FaultSpec): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Recorded requests, optionally of one service (signing name) and operation. */
  calls(service?: string, operation?: string): RecordedRequest[] {
    return this.requests.filter((r) => (!service || r.service === service) && (!operation || r.operation === operation));
  }

  /** Forgets recorded requests and pending faults. */
  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.stopTimer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
    if (!scope) {
      writeError(res, 'rest-xml', new FakeAwsError('MissingAuthenticationToken', 'Request is missing a SigV4 Authorization header', 403));
      return;
    }
    const [, accessKeyId, region, signingName] = scope;
    const service = this.services.get(signingName);
    if (!service) {
      writeError(res, 'rest-xml', new FakeAwsError('UnknownService', `the fake does not serve ${signingName}`, 400));
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    const form = service.protocol === 'query' || service.protocol === 'ec2' ? parseForm(body.toString('utf8')) : {};
    let params: Record<string, unknown> = {};
    let operation: string;
    if (service.protocol === 'json1.0' || service.protocol === 'json1.1') {
      operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      params = body.length ? JSON.parse(body.toString('utf8')) as Record<string, unknown> : {};
    } else if (service.protocol === 'rest-xml') {
      operation = service.operationOf!(req.method ?? 'GET', url, req.headers);
      params = Object.fromEntries(url.searchParams.entries());
    } else if (service.protocol === 'rest-json') {
      operation = service.operationOf!(req.method ?? 'GET', url, req.headers);
      params = body.length ? JSON.parse(body.toString('utf8')) as Record<string, unknown> : Object.fromEntries(url.searchParams.entries());
    } else {
      operation = form.Action ?? '';
      params = form;
    }
    const account = this.keys.get(accessKeyId);
    const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    const fault = this.takeFault(signingName, operation);
    this.requests.push({ service: signingName, operation, params, region, account: account ?? 'unknown', accessKeyId, attempt, fault: fault?.kind, headers: req.headers });
    const protocol = service.protocol;
    const fail = (error: FakeAwsError) => (service.writeError ? service.writeError(res, error) : writeError(res, protocol as Protocol, error, service.queryCompatible));
    if (this.requests.length > this.options.maxRequests) {
      fail(new FakeAwsError('FakeRequestCap', `the fake's cap of ${this.options.maxRequests} requests was reached`, 500, 'Receiver'));
      return;
    }
    if (!account) {
      fail(new FakeAwsError(protocol === 'rest-xml' ? 'InvalidAccessKeyId' : 'UnrecognizedClientException', `The security token included in the request is invalid (${accessKeyId})`, 403));
      return;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'throttle') {
      fail(new FakeAwsError(service.throttle.code, 'Rate exceeded', service.throttle.status));
      return;
    }
    if (fault?.kind === 'server-error') {
      const code = protocol === 'rest-xml' || protocol === 'ec2' ? 'InternalError' : 'InternalFailure';
      fail(new FakeAwsError(code, 'We encountered an internal error. Please try again.', fault.status ?? 500, 'Receiver'));
      return;
    }
    try {
      const result = await service.handle({ service: signingName, operation, params, form, region, account, accessKeyId, method: req.method ?? 'GET', url, rawPath: (req.url ?? '/').split('?')[0], headers: req.headers, fault }, res);
      if (protocol === 'json1.0' || protocol === 'json1.1') writeJson(res, protocol, result ?? {});
      else if (protocol === 'query' || protocol === 'ec2') writeXml(res, String(result));
    } catch (error) {
      if (!(error instanceof FakeAwsError)) throw error;
      if (req.method === 'HEAD') res.writeHead(error.status).end();
      else fail(error);
    }
  }

  private takeFault(service: string, operation: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => f.left > 0 && (!f.service || f.service === service) && (!f.operation || f.operation === operation));
    if (!fault) return undefined;
    fault.left -= 1;
    return fault;
  }
}
