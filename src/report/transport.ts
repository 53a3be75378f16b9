/**
 * Sending one message to a list of recipients, and the SMTP implementation (nodemailer) configured
 * by COSTLENS_SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when the server offers it; add
 * `?requireTLS=true` to insist on it), `smtps://…:465` (TLS from the start). Credentials in the URL
 * are percent-encoded.
 */
import { createTransport, type SMTPSentMessageInfo, type SMTPTransportOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { CostlensError, messageOf } from '../errors.ts';
import { mailFields, type ReportMessage } from './message.ts';

/** What one send achieved: accepted addresses, refused ones with the server's reason. */
export interface SendOutcome {
  accepted: string[];
  rejected: { address: string; reason: string }[];
  /**
   * Handed over, but the answer never came (the connection broke after the end of the message):
   * the server may have accepted it. Never retried automatically.
   */
  uncertain?: { address: string; reason: string }[];
  messageId: string | null;
  /** Per-recipient message ids, for transports that send each recipient its own message (SES); else `messageId` for all. */
  messageIds?: Record<string, string>;
}

/**
 * What a transport tells the send ledger, synchronously, around each hand-over. Both may throw
 * (the journal could not be written): the transport must then stop and let the error through.
 */
export interface HandoverHooks {
  /** Right before the message goes to the server for these recipients (before SMTP DATA, before the SES call). */
  handingOver(recipients: readonly string[]): void;
  /** Right after the server accepted the message for these recipients. */
  accepted(recipients: readonly string[], messageId: string | null): void;
}

/** Delivers a message; a failure that concerns every recipient (connection, auth) may throw. */
export interface MailTransport {
  /** A name for messages: `smtp://host:port`, `ses (eu-west-1)`. */
  readonly description: string;
  send(message: ReportMessage, from: string, to: readonly string[], hooks: HandoverHooks): Promise<SendOutcome>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  response?: string;
  rejected?: string[];
  rejectedErrors?: { recipient?: string; response?: string; message: string }[];
}

/** The bare address of a From such as `costlens <finops@example.com>` (the display name stays in the MIME From header). */
export function envelopeAddress(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  return first?.address || from.trim();
}

/**
 * A nodemailer logger that only listens for the line nodemailer logs when the whole message,
 * its final `.` included, has been written to the connection: from then on the server may accept
 * it, so a broken connection leaves the outcome unknown.
 */
function handoverWatcher() {
  const watcher = { handedOver: false, logger: {} as Record<string, (entry: Record<string, unknown>) => void> };
  const ignore = () => undefined;
  for (const level of ['trace', 'debug', 'warn', 'error', 'fatal']) watcher.logger[level] = ignore;
  watcher.logger.info = (entry) => {
    if (entry && entry.tnx === 'message' && typeof entry.outByteCount === 'number') watcher.handedOver = true;
  };
  return watcher;
}

/** The SMTP transport of a nodemailer connection URL. */
export function smtpTransport(url: string): MailTransport {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new CostlensError('config', 'COSTLENS_SMTP_URL is not a URL', { hint: 'e.g. smtp://user:pass@mail.example.com:587', cause: error });
  }
  if (!['smtp:', 'smtps:'].includes(parsed.protocol)) {
    throw new CostlensError('config', `COSTLENS_SMTP_URL must start with smtp:// or smtps://; got ${parsed.protocol}//`, { hint: 'e.g. smtp://user:pass@mail.example.com:587' });
  }
  const watcher = handoverWatcher();
  const options: SMTPTransportOptions = { url, logger: watcher.logger };
  const transporter = createTransport(options);
  const description = `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  return {
    description,
    async send(message, from, to, hooks) {
      const fields = { ...mailFields(message, from, to), envelope: { from: envelopeAddress(from), to: [...to] } };
      hooks.handingOver(to);
      watcher.handedOver = false;
      let info: SMTPSentMessageInfo;
      try {
        info = await transporter.sendMail(fields);
      } catch (error) {
        const e = error as SmtpError;
        if (e.code === 'EENVELOPE' && e.rejected?.length) {
          const reasons = new Map((e.rejectedErrors ?? []).map((r) => [r.recipient ?? '', reasonOf(r)]));
          return { accepted: [], rejected: e.rejected.map((address) => ({ address, reason: reasons.get(address) ?? reasonOf(e) })), messageId: null };
        }
        if (watcher.handedOver && e.code !== 'EMESSAGE') {
          const reason = `the connection to ${description} broke after the whole message was handed over and before the server answered (${reasonOf(e)})`;
          return { accepted: [], rejected: [], uncertain: to.map((address) => ({ address, reason })), messageId: null };
        }
        throw new CostlensError('input', `sending through ${description} failed: ${reasonOf(e)}`, { cause: error, hint: 'check COSTLENS_SMTP_URL (host, port, user, password, TLS)' });
      }
      const accepted = (info.accepted ?? []).map(String);
      hooks.accepted(accepted, info.messageId ?? null);
      const errors = (info.rejectedErrors ?? []) as { recipient?: string; response?: string; message: string }[];
      const rejected = (info.rejected ?? []).map(String).map((address) => {
        const error = errors.find((e) => e.recipient === address);
        return { address, reason: error ? reasonOf(error) : 'refused by the server' };
      });
      return { accepted, rejected, messageId: info.messageId ?? null };
    },
    close() {
      transporter.close();
    },
  };
}

function reasonOf(error: { response?: string; message: string }): string {
  return (error.response ?? messageOf(error)).split('\n')[0];
}
