/**
 * The weekly report as `costlens serve --schedule CRON` runs it: every audience of the config,
 * the default (last complete) week, delivered over SMTP from the environment, each run through
 * the send ledger so a week already sent is not sent again (a restart, or a pattern that fires
 * more than once a week, sends nothing twice).
 */
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import { CostlensError, messageOf } from '../errors.ts';
import type { ReportConfigs } from './build.ts';
import { scheduleWeeklyReport, type WeeklySchedule } from './schedule.ts';
import { smtpTransport } from './transport.ts';
import { runWeeklyReport, type WeeklyRunResult } from './weekly.ts';

/** Options of {@link startReportSchedule}. */
export interface ReportScheduleOptions {
  cron: string;
  storePath: string;
  configs: ReportConfigs;
  catalogue: InstanceCatalogue;
  /** Reads COSTLENS_SMTP_URL and COSTLENS_MAIL_FROM. */
  env: NodeJS.ProcessEnv;
  /** Progress and failures, one line each. */
  log: (line: string) => void;
  /** Told when a run finishes. */
  onRun?: (result: WeeklyRunResult) => void;
}

/** Checks the mail settings now (so `serve` fails at start, not at 08:00 on Monday) and starts the schedule. */
export function startReportSchedule(options: ReportScheduleOptions): WeeklySchedule {
  const url = options.env.COSTLENS_SMTP_URL;
  const from = options.env.COSTLENS_MAIL_FROM;
  if (!url || !from) {
    throw new CostlensError('config', `--schedule sends the weekly report by e-mail: set ${url ? '' : 'COSTLENS_SMTP_URL'}${!url && !from ? ' and ' : ''}${from ? '' : 'COSTLENS_MAIL_FROM'}`, {
      hint: 'e.g. COSTLENS_SMTP_URL=smtp://user:pass@mail.example.com:587 COSTLENS_MAIL_FROM="costlens <finops@example.com>"',
    });
  }
  smtpTransport(url).close();
  return scheduleWeeklyReport(options.cron, async () => {
    const transport = smtpTransport(url);
    try {
      const result = await runWeeklyReport({
        storePath: options.storePath, configs: options.configs, catalogue: options.catalogue, audience: 'all',
        send: { transport, from, force: false }, log: options.log,
      });
      const sent = result.messages.reduce((n, m) => n + (m.delivery?.sent.length ?? 0), 0);
      options.log(`weekly report ${result.week.label}: ${sent} sent, ${result.failed} failed`);
      options.onRun?.(result);
    } finally {
      transport.close();
    }
  }, { onError: (error) => options.log(`weekly report failed: ${messageOf(error)}`) });
}
