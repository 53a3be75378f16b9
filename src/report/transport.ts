/**
 * Sending one message to a list of recipients, and the SMTP implementation (nodemailer) configured
 * by COSTLENS_SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when the server offers it; add
 * `?requireTLS=true` to insist on it), `smtps://…:465` (TLS from the start). Credentials in the URL
 * are percent-encoded.
 */
import { createTransport } from 'nodemailer';
import { CostlensError, messageOf } from '../errors.ts';
import { mailFields, type ReportMessage } from './message.ts';

/** What one send achieved: accepted addresses, refused ones with the server's reason. */
export interface SendOutcome {
  accepted: string[];
  rejected: { address: string; reason: string }[];
  messageId: string | null;
  /** Per-recipient message ids, for transports that send each recipient its own message (SES); else `messageId` for all. */
  messageIds?: Record<string, string>;
}

/** Delivers a message; a failure that concerns every recipient (connection, auth) may throw. */
export interface MailTransport {
  /** A name for messages: `smtp://host:port`, `ses (eu-west-1)`. */
  readonly description: string;
  send(message: ReportMessage, from: string, to: readonly string[]): Promise<SendOutcome>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  response?: string;
  rejected?: string[];
  rejectedErrors?: { recipient?: string; response?: string; message: string }[];
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
  const transporter = createTransport(url);
  const description = `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  return {
    description,
    async send(message, from, to) {
      try {
        const info = await transporter.sendMail(mailFields(message, from, to));
        const errors = (info.rejectedErrors ?? []) as { recipient?: string; response?: string; message: string }[];
        const rejected = (info.rejected ?? []).map((address) => {
          const error = errors.find((e) => e.recipient === address);
          return { address, reason: error ? reasonOf(error) : 'refused by the server' };
        });
        return { accepted: info.accepted ?? [], rejected, messageId: info.messageId ?? null };
      } catch (error) {
        const e = error as SmtpError;
        if (e.code === 'EENVELOPE' && e.rejected?.length) {
          const reasons = new Map((e.rejectedErrors ?? []).map((r) => [r.recipient ?? '', reasonOf(r)]));
          return { accepted: [], rejected: e.rejected.map((address) => ({ address, reason: reasons.get(address) ?? reasonOf(e) })), messageId: null };
        }
        throw new CostlensError('input', `sending through ${description} failed: ${reasonOf(e)}`, { cause: error, hint: 'check COSTLENS_SMTP_URL (host, port, user, password, TLS)' });
      }
    },
    close() {
      transporter.close();
    },
  };
}

function reasonOf(error: { response?: string; message: string }): string {
  return (error.response ?? messageOf(error)).split('\n')[0];
}
