/**
 * The Amazon SES API v2 transport of the weekly report. Every recipient gets its own SendEmail
 * call carrying the whole MIME message as `Content.Raw` (HTML, the plain-text alternative, the
 * charts as CID images and finance's chargeback CSV, composed exactly as the SMTP transport
 * composes them), because SES refuses a call as a whole: one recipient it will not take (an
 * unverified address in the sandbox, a rejected message) must not stop the others, and is
 * reported alone with SES's reason. Each call is journalled on its own (intent before, outcome right
 * after), so a run killed between two calls leaves only the call in flight unknown. The client comes from src/aws-client/clients.ts, so region,
 * AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL, the default credential chain, bounded retries with
 * backoff on throttling and 5xx, and the `--verbose` call log are those of every costlens call.
 */
import type { SendEmailCommandOutput, SESv2Client } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { sdkErrorOf } from '../aws-client/call-log.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { mailFields, type ReportMessage } from './message.ts';
import { envelopeAddress, type HandoverHooks, type MailTransport, type SendOutcome } from './transport.ts';
import { awsSdk } from '../aws-client/sdk.ts';

/** What {@link sesTransport} sends with. */
export interface SesTransportOptions {
  /** An SESv2 client built by AwsClientFactory.sesv2 (retries, endpoint, call log). */
  client: SESv2Client;
  /** The region the client sends in, for messages; undefined when the SDK finds it in the profile. */
  region?: string;
  /** `ConfigurationSetName` of every call. */
  configurationSet?: string;
  /** `FromEmailAddressIdentityArn`: the sender identity, for sending authorization. */
  fromArn?: string;
}

/** SES errors that refuse this one message to this one recipient: the next recipient may still go. */
const RECIPIENT_REFUSALS = new Set(['MessageRejected', 'BadRequestException']);

/** SES errors that refuse the sender or the account: no other recipient would go either. */
const SENDER_REFUSALS = new Set([
  'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'SendingPausedException', 'NotFoundException',
]);

/** The SDK error behind `error`, as SES named it, and SES's own message. */
function sesReason(error: unknown): { name: string; reason: string } {
  const sdk = sdkErrorOf(error);
  const name = sdk.name ?? 'Error';
  return { name, reason: `${name}: ${(sdk.message ?? messageOf(error)).split('\n')[0]}` };
}

/** The SES v2 transport; see the module comment. */
export function sesTransport(options: SesTransportOptions): MailTransport {
  const { client } = options;
  const description = `Amazon SES${options.region ? ` (${options.region})` : ''}`;
  return {
    description,
    async send(message: ReportMessage, from: string, to: readonly string[], hooks: HandoverHooks): Promise<SendOutcome> {
      const outcome: SendOutcome & { messageIds: Record<string, string> } = { accepted: [], rejected: [], messageId: null, messageIds: {} };
      const fromAddress = envelopeAddress(from);
      for (let i = 0; i < to.length; i++) {
        const address = to[i];
        const raw = await new MailComposer(mailFields(message, from, [address])).compile().build();
        hooks.handingOver([address]);
        let answer: SendEmailCommandOutput;
        try {
          answer = await client.send(new (awsSdk.sesv2().SendEmailCommand)({
            FromEmailAddress: fromAddress,
            FromEmailAddressIdentityArn: options.fromArn,
            Destination: { ToAddresses: [address] },
            Content: { Raw: { Data: raw } },
            ConfigurationSetName: options.configurationSet,
          }));
        } catch (error) {
          const { name, reason } = sesReason(error);
          if (RECIPIENT_REFUSALS.has(name)) {
            outcome.rejected.push({ address, reason });
            continue;
          }
          if (SENDER_REFUSALS.has(name)) {
            for (const rest of to.slice(i)) outcome.rejected.push({ address: rest, reason });
            break;
          }
          // Throttling after every retry, credentials, permissions, the network, 5xx: not about this recipient.
          const failure = new CostlensError('aws', `sending through ${description} failed: ${messageOf(error)}`, {
            hint: error instanceof CostlensError ? error.hint : undefined, cause: error,
          });
          if (i === 0) throw failure;
          for (const rest of to.slice(i)) outcome.rejected.push({ address: rest, reason: failure.message });
          break;
        }
        hooks.accepted([address], answer.MessageId ?? null);
        outcome.accepted.push(address);
        if (answer.MessageId) outcome.messageIds[address] = answer.MessageId;
      }
      if (outcome.accepted.length === 1) outcome.messageId = outcome.messageIds[outcome.accepted[0]] ?? null;
      return outcome;
    },
    close() {
      client.destroy();
    },
  };
}
