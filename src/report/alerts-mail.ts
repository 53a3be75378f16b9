/**
 * E-mail for alerts, set up as the weekly report's is (mail-setup.ts): the transport the config and
 * COSTLENS_MAIL_TRANSPORT choose, COSTLENS_SMTP_URL or SES, from COSTLENS_MAIL_FROM. Null when
 * alerts.email lists nobody; a config error naming what is missing when it lists someone.
 */
import { CostlensError } from '../errors.ts';
import type { AlertMail } from './alerts-check.ts';
import type { AlertsConfig } from './alerts-config.ts';
import type { ReportConfig } from './config.ts';
import { checkMailFrom, mailSettingHint, mailTransportKind, missingMailSettings, openMailTransport } from './mail-setup.ts';

/** The mail set-up of alerts, checked now (so a scheduled check cannot fail on it later). */
export function alertMail(config: { alerts: AlertsConfig; report: ReportConfig }, env: NodeJS.ProcessEnv): AlertMail | undefined {
  if (config.alerts.email.length === 0) return undefined;
  const kind = mailTransportKind(config.report, env);
  const missing = missingMailSettings(kind, env);
  if (missing.length > 0) {
    throw new CostlensError('config', `alerts.email lists ${config.alerts.email.length} address(es): set ${missing.join(' and ')} to send them`, {
      hint: missing.map((variable) => mailSettingHint(variable, kind)).join('; '),
    });
  }
  const from = checkMailFrom(env.COSTLENS_MAIL_FROM!);
  return { from, open: () => openMailTransport(kind, config, env) };
}
