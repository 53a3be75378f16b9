/**
 * Fake Amazon SES API v2 (restJson1, signing name `ses`): SendEmail
 * (`POST /v2/email/outbound-emails`) with raw content. It keeps every message it accepts (the
 * decoded MIME bytes, the envelope and the call's options) and refuses what a test tells it to,
 * as SES does: a recipient with 400 `MessageRejected` (what the sandbox answers for an unverified
 * address), a sender with `MailFromDomainNotVerifiedException`, an unknown configuration set with
 * 404 `NotFoundException`. Errors travel as restJson1 errors do: the code in the
 * `x-amzn-ErrorType` header, `{"message": …}` as the body.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError } from './wire.ts';

/** One message SES accepted. */
export interface FakeSesMessage {
  messageId: string;
  fromEmailAddress?: string;
  fromArn?: string;
  to: string[];
  configurationSet?: string;
  region: string;
  /** The raw MIME message, decoded from `Content.Raw.Data`. */
  raw: Buffer;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  FromEmailAddressIdentityArn?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: { Raw?: { Data?: string }; Simple?: unknown; Template?: unknown };
  ConfigurationSetName?: string;
}

/** The SESv2 fake; see the module comment. */
export class FakeSes implements FakeService {
  readonly signingName = 'ses';
  readonly protocol = 'rest-json' as const;
  readonly throttle = { code: 'TooManyRequestsException', status: 429 };
  readonly sent: FakeSesMessage[] = [];
  /** Recipient → how many more of its messages to refuse with MessageRejected (Infinity: all). */
  readonly refusals = new Map<string, number>();
  /** Senders whose MAIL FROM domain is not verified: every message from them is refused. */
  readonly unverifiedSenders = new Set<string>();
  /** Configuration sets that exist; a call naming another one gets a NotFoundException. */
  readonly configurationSets = new Set<string>();

  /** Refuses the next `times` messages to `address` (default: all of them). */
  refuse(address: string, times = Infinity): void {
    this.refusals.set(address.toLowerCase(), times);
  }

  operationOf(method: string, url: URL): string {
    if (method === 'POST' && url.pathname === '/v2/email/outbound-emails') return 'SendEmail';
    return `${method} ${url.pathname} (unsupported)`;
  }

  handle(request: FakeRequest, res: ServerResponse): void {
    if (request.operation !== 'SendEmail') throw new FakeAwsError('NotFoundException', `the fake does not implement ${request.operation}`, 404);
    const body = request.params as SendEmailBody;
    const data = body.Content?.Raw?.Data;
    if (!data) throw new FakeAwsError('BadRequestException', 'the fake only accepts Content.Raw', 400);
    const to = [...body.Destination?.ToAddresses ?? [], ...body.Destination?.CcAddresses ?? [], ...body.Destination?.BccAddresses ?? []];
    if (to.length === 0) throw new FakeAwsError('BadRequestException', 'Missing final \'@domain\'', 400);
    if (body.ConfigurationSetName !== undefined && !this.configurationSets.has(body.ConfigurationSetName)) {
      throw new FakeAwsError('NotFoundException', `Configuration set <${body.ConfigurationSetName}> does not exist.`, 404);
    }
    const from = body.FromEmailAddress ?? '';
    if (this.unverifiedSenders.has(from)) {
      throw new FakeAwsError('MailFromDomainNotVerifiedException', `The MAIL FROM domain of ${from} is not verified.`, 400);
    }
    const refused = to.filter((address) => (this.refusals.get(address.toLowerCase()) ?? 0) > 0);
    if (refused.length > 0) {
      for (const address of refused) this.refusals.set(address.toLowerCase(), this.refusals.get(address.toLowerCase())! - 1);
      throw new FakeAwsError('MessageRejected', `Email address is not verified. The following identities failed the check in region ${request.region.toUpperCase()}: ${refused.join(', ')}`, 400);
    }
    const messageId = `0100019${randomBytes(5).toString('hex')}-${randomUUID()}-000000`;
    this.sent.push({
      messageId, fromEmailAddress: body.FromEmailAddress, fromArn: body.FromEmailAddressIdentityArn, to,
      configurationSet: body.ConfigurationSetName, region: request.region, raw: Buffer.from(data, 'base64'),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify({ MessageId: messageId }));
  }

  writeError(res: ServerResponse, error: FakeAwsError): void {
    res.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.code })
      .end(JSON.stringify({ message: error.message }));
  }
}
