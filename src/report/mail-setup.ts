/**
 * Which transport the weekly report is sent with, and opening it: COSTLENS_MAIL_TRANSPORT (smtp or
 * ses) wins, else `report.delivery.transport`, else ses when `report.ses` is configured, else smtp.
 * SMTP needs COSTLENS_SMTP_URL; SES needs AWS credentials from the default chain and sends in
 * `report.ses.region`, else `aws.region`, else AWS_REGION. Both send from COSTLENS_MAIL_FROM.
 */
import type { AwsCallListener } from '../aws-client/call-log.ts';
import { AwsClientFactory, defaultRegion } from '../aws-client/clients.ts';
import { awsConfigFrom } from '../aws-client/config.ts';
import { CostlensError } from '../errors.ts';
import addressparser from 'nodemailer/lib/addressparser';
import { MAIL_TRANSPORTS, type MailTransportKind, type ReportConfig } from './config.ts';
import { sesTransport } from './ses-transport.ts';
import { smtpTransport, type MailTransport } from './transport.ts';

/** The transport the configuration and environment choose; a bad COSTLENS_MAIL_TRANSPORT is a config error. */
export function mailTransportKind(report: ReportConfig, env: NodeJS.ProcessEnv): MailTransportKind {
  const chosen = env.COSTLENS_MAIL_TRANSPORT?.trim().toLowerCase();
  if (chosen) {
    if (!(MAIL_TRANSPORTS as readonly string[]).includes(chosen)) {
      throw new CostlensError('config', `COSTLENS_MAIL_TRANSPORT must be ${MAIL_TRANSPORTS.join(' or ')}; got "${env.COSTLENS_MAIL_TRANSPORT}"`, {
        hint: 'smtp sends through COSTLENS_SMTP_URL, ses through Amazon SES v2 (report.ses in the config)',
      });
    }
    return chosen as MailTransportKind;
  }
  return report.delivery.transport ?? (report.ses ? 'ses' : 'smtp');
}

/** The environment variables `kind` needs that are not set, in the order to name them. */
export function missingMailSettings(kind: MailTransportKind, env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  if (kind === 'smtp' && !env.COSTLENS_SMTP_URL) missing.push('COSTLENS_SMTP_URL');
  if (!env.COSTLENS_MAIL_FROM) missing.push('COSTLENS_MAIL_FROM');
  return missing;
}

const FROM_HINT = 'COSTLENS_MAIL_FROM is one sender address on one line, optionally with a display name: e.g. COSTLENS_MAIL_FROM="costlens <finops@example.com>"';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const ADDRESS = new RegExp(`^[^\\s@<>()\\[\\]",;:\\\\]+@${LABEL}(?:\\.${LABEL})*$`, 'u');

function controlName(char: string): string {
  if (char === '\r') return 'a carriage return (CR)';
  if (char === '\n') return 'a line feed (LF)';
  return `the control character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks COSTLENS_MAIL_FROM (or the variable named) before it reaches a message or an envelope:
 * exactly one address, optionally with a display name, no line break or other control character
 * (which could add headers or change the envelope sender). Returns the value trimmed.
 */
export function checkMailFrom(value: string, variable = 'COSTLENS_MAIL_FROM'): string {
  const control = /[\u0000-\u001f\u007f]/u.exec(value);
  if (control) {
    throw new CostlensError('config', `${variable} contains ${controlName(control[0])} at character ${control.index + 1} (${JSON.stringify(value)}): it must be one address on one line`, { hint: FROM_HINT });
  }
  const parsed = addressparser(value);
  const [only] = parsed;
  if (parsed.length !== 1 || !only || 'group' in only || !ADDRESS.test(only.address ?? '')) {
    throw new CostlensError('config', `${variable} must be exactly one e-mail address; got ${JSON.stringify(value)}`, { hint: FROM_HINT });
  }
  return value.trim();
}

/** How to set one of the variables {@link missingMailSettings} names. */
export function mailSettingHint(variable: string, kind: MailTransportKind): string {
  if (variable === 'COSTLENS_SMTP_URL') return 'e.g. COSTLENS_SMTP_URL=smtp://user:pass@mail.example.com:587, or send through Amazon SES with COSTLENS_MAIL_TRANSPORT=ses';
  return `e.g. COSTLENS_MAIL_FROM="costlens <finops@example.com>"${kind === 'ses' ? ', an address or domain verified in SES' : ''}`;
}

/**
 * Opens the transport of `kind`. `config` is the loaded costlens config (its `aws` section sets the
 * SES client's profile, region and retries); `onCall` hears every AWS call (--verbose).
 */
export function openMailTransport(kind: MailTransportKind, config: { report: ReportConfig }, env: NodeJS.ProcessEnv, onCall?: AwsCallListener): MailTransport {
  if (kind === 'smtp') return smtpTransport(env.COSTLENS_SMTP_URL ?? '');
  const factory = new AwsClientFactory({ config: awsConfigFrom(config), env, onCall });
  const ses = config.report.ses ?? {};
  const region = ses.region ?? defaultRegion(factory.settings);
  return sesTransport({ client: factory.sesv2({ region }), region, configurationSet: ses.configurationSet, fromArn: ses.fromArn });
}
