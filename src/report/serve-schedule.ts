/**
 * The weekly report as `costlens serve --schedule CRON` runs it: every audience of the config,
 * the default (last complete) week, delivered over SMTP or Amazon SES as the config and the
 * environment choose (mail-setup.ts), each run through the send ledger so a week already sent is
 * not sent again (a restart, or a pattern that fires more than once a week, sends nothing twice).
 */
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import { CostlensError, messageOf } from '../errors.ts';
import type { ReportConfigs } from './build.ts';
import { resolvePublicUrl } from './public-url.ts';
import { scheduleWeeklyReport, type WeeklySchedule } from './schedule.ts';
import { checkMailFrom, mailSettingHint, mailTransportKind, missingMailSettings, openMailTransport } from './mail-setup.ts';
import { runWeeklyReport, type WeeklyRunResult } from './weekly.ts';

/** Options of {@link startReportSchedule}. */
export interface ReportScheduleOptions {
  cron: string;
  storePath: string;
  configs: ReportConfigs;
  catalogue: InstanceCatalogue;
  /** Reads COSTLENS_MAIL_TRANSPORT, COSTLENS_SMTP_URL and COSTLENS_MAIL_FROM (and AWS_* for SES), and COSTLENS_PUBLIC_URL. */
  env: NodeJS.ProcessEnv;
  /** Progress and failures, one line each. */
  log: (line: string) => void;
  /** Told when a run finishes. */
  onRun?: (result: WeeklyRunResult) => void;
}

/** Checks the mail settings now (so `serve` fails at start, not at 08:00 on Monday) and starts the schedule. */
export function startReportSchedule(options: ReportScheduleOptions): WeeklySchedule {
  const kind = mailTransportKind(options.configs.report, options.env);
  const missing = missingMailSettings(kind, options.env);
  if (missing.length > 0) {
    throw new CostlensError('config', `--schedule sends the weekly report by e-mail: set ${missing.join(' and ')}`, {
      hint: missing.map((variable) => mailSettingHint(variable, kind)).join('; '),
    });
  }
  const from = checkMailFrom(options.env.COSTLENS_MAIL_FROM!);
  const publicUrl = resolvePublicUrl(options.configs.report, options.env);
  const open = () => openMailTransport(kind, options.configs, options.env);
  open().close();
  return scheduleWeeklyReport(options.cron, async () => {
    const transport = open();
    try {
      const result = await runWeeklyReport({
        storePath: options.storePath, configs: options.configs, catalogue: options.catalogue, audience: 'all',
        send: { transport, from, force: false }, log: options.log, publicUrl,
      });
      const sent = result.messages.reduce((n, m) => n + (m.delivery?.sent.length ?? 0), 0);
      const unknown = result.unknown > 0 ? `, ${result.unknown} UNKNOWN (check before resending: costlens report weekly --send --resend-unknown)` : '';
      options.log(`weekly report ${result.week.label}: ${sent} sent, ${result.failed} failed${unknown}`);
      options.onRun?.(result);
    } finally {
      transport.close();
    }
  }, { onError: (error) => options.log(`weekly report failed: ${messageOf(error)}`) });
}
