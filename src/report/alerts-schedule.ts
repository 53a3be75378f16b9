/**
 * Alerts inside `costlens serve --schedule`: `alerts check` runs after every ingest (the store's
 * file is replaced by each new generation: its identity — inode, size, modification time — is
 * watched) and, when `alerts.schedule` is set, on that cron too (UTC). Runs never overlap; a
 * failed run is logged and the schedule goes on; the alert ledger keeps every run from sending
 * anything twice. Mail settings are checked at start, so `serve` fails now rather than at the
 * first crossing.
 */
import { statSync } from 'node:fs';
import { messageOf } from '../errors.ts';
import { checkAlerts, alertChannels, type AlertCheckResult, type AlertConfigs } from './alerts-check.ts';
import { alertMail } from './alerts-mail.ts';
import type { ReportConfig } from './config.ts';
import { resolvePublicUrl } from './public-url.ts';
import { scheduleWeeklyReport, type WeeklySchedule } from './schedule.ts';

export interface AlertScheduleOptions {
  storePath: string;
  configs: AlertConfigs & { report: ReportConfig };
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** How often the store is looked at for a new generation (default 30 s). */
  pollMs?: number;
  onRun?: (result: AlertCheckResult) => void;
}

/** A running alert schedule. */
export interface AlertSchedule {
  /** The next cron run (null without alerts.schedule). */
  nextRun(): Date | null;
  stop(): void;
}

function identity(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Starts checking alerts after each ingest (and on alerts.schedule); null when no channel is
 * configured (nothing could be sent).
 */
export function startAlertSchedule(options: AlertScheduleOptions): AlertSchedule | null {
  const { configs, env, log } = options;
  if (alertChannels(configs.alerts).length === 0) return null;
  const mail = alertMail(configs, env);
  const publicUrl = resolvePublicUrl(configs.report, env);
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const result = await checkAlerts({ storePath: options.storePath, configs, publicUrl, mail, log });
          const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
          if (count('sent') + count('failed') + count('unknown') > 0) log(`alerts: ${count('sent')} sent, ${count('failed')} failed, ${count('unknown')} UNKNOWN`);
          options.onRun?.(result);
        } catch (error) {
          log(`alerts check failed: ${messageOf(error)}`);
        }
      } while (again);
    })().finally(() => { running = null; });
    return running;
  };
  let seen = identity(options.storePath);
  const timer = setInterval(() => {
    const now = identity(options.storePath);
    if (now !== seen && now !== 'absent') {
      seen = now;
      void run();
    }
  }, options.pollMs ?? 30_000);
  timer.unref();
  const cron: WeeklySchedule | null = configs.alerts.schedule
    ? scheduleWeeklyReport(configs.alerts.schedule, run, { onError: (error) => log(`alerts check failed: ${messageOf(error)}`) })
    : null;
  if (seen !== 'absent') void run();
  return {
    nextRun: () => cron?.nextRun() ?? null,
    stop: () => {
      clearInterval(timer);
      cron?.stop();
    },
  };
}
