/**
 * `costlens report weekly` as a library call: build the week's reports for the audiences asked
 * for (one read-only pass over the store), compose each e-mail, write them with `outDir`, and
 * deliver them with `send` through the send ledger. The CLI and the scheduler both call this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { CostlensError } from '../errors.ts';
import { audienceFileStem, expandAudiences, recipientsFor, type AudienceChoice } from './audiences.ts';
import { buildWeeklyReports, type ReportConfigs } from './build.ts';
import { chargebackCsv } from './chargeback.ts';
import { renderCharts } from './charts.ts';
import { deliverReports, type Delivery, type DeliveryResult, type SendOptions } from './deliver.ts';
import { layoutReport } from './layout.ts';
import { composeMessage, toEml, type ReportMessage } from './message.ts';
import { resolvePublicUrl } from './public-url.ts';
import type { IsoWeek } from './week.ts';

/** Options of {@link runWeeklyReport}. */
export interface WeeklyRunOptions {
  storePath: string;
  configs: ReportConfigs;
  catalogue: InstanceCatalogue;
  /** Default: the last complete ISO week in the store. */
  week?: IsoWeek;
  audience: AudienceChoice;
  /** Replaces every audience's configured recipients. */
  to?: string[];
  /** Write each message as `<week>-<audience>.eml` and `.html` here. */
  outDir?: string;
  /** The From of the written .eml files when not sending (default `costlens <costlens@localhost>`). */
  from?: string;
  /** Deliver (SMTP or SES), recording each recipient in the send ledger. */
  send?: SendOptions;
  /** Progress lines. */
  log?: (line: string) => void;
  /**
   * The dashboards' address every section links to (resolvePublicUrl: COSTLENS_PUBLIC_URL, else
   * report.publicUrl); null for no links. Default: report.publicUrl of the config.
   */
  publicUrl?: string | null;
}

/** One audience's message and what became of it. */
export interface MessageOutcome {
  audience: string;
  subject: string;
  recipients: string[];
  files: string[];
  delivery: DeliveryResult | null;
  /** Why it was not sent, when it was not. */
  note: string | null;
  message: ReportMessage;
}

/** What {@link runWeeklyReport} did. */
export interface WeeklyRunResult {
  week: IsoWeek;
  messages: MessageOutcome[];
  warnings: string[];
  /** Recipients that failed after every attempt. */
  failed: number;
  /** Recipients in state unknown: not sent again until checked (`--resend-unknown`). */
  unknown: number;
}

/** Builds, writes and sends the weekly report. */
export async function runWeeklyReport(options: WeeklyRunOptions): Promise<WeeklyRunResult> {
  const { configs, send } = options;
  const rc = configs.report;
  const log = options.log ?? (() => undefined);
  const audiences = expandAudiences(options.audience, rc);
  if (send && options.audience !== 'all') {
    const [only] = audiences;
    if (recipientsFor(only, rc, options.to).length === 0) {
      throw new CostlensError('usage', `no recipients for ${only.kind === 'team' ? `team:${only.team}` : only.kind}`, {
        hint: only.kind === 'team' ? `add report.audiences.teams.${only.team} to the config, or give --to ADDR` : `add report.audiences.${only.kind} to the config, or give --to ADDR`,
      });
    }
  }

  const { built, chargeback } = await withEngine(options.storePath, async (engine) => {
    const result = await buildWeeklyReports(engine, configs, options.catalogue, { week: options.week, audiences });
    const finance = result.reports.find((r) => r.chargebackPeriod);
    const csv = finance ? await chargebackCsv(engine, configs.attribution, rc.costCentreTagKey, finance.chargebackPeriod!) : null;
    return { built: result, chargeback: csv };
  });
  for (const w of built.warnings) log(`warning: ${w}`);

  const publicUrl = options.publicUrl !== undefined ? options.publicUrl : resolvePublicUrl(rc, {});
  const outcomes: MessageOutcome[] = [];
  for (const report of built.reports) {
    const layout = layoutReport(report, rc.subjectPrefix, publicUrl);
    const charts = await renderCharts(report, rc.charts);
    const message = composeMessage(report, layout, charts, report.chargebackPeriod ? chargeback : null);
    const recipients = recipientsFor(report.audience, rc, options.to);
    const files: string[] = [];
    if (options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      const stem = join(options.outDir, `${report.week.label}-${audienceFileStem(report.audience)}`);
      writeFileSync(`${stem}.eml`, await toEml(message, send?.from ?? options.from ?? 'costlens <costlens@localhost>', recipients));
      writeFileSync(`${stem}.html`, message.previewHtml);
      files.push(`${stem}.eml`, `${stem}.html`);
    }
    outcomes.push({ audience: message.audience, subject: message.subject, recipients, files, delivery: null, note: null, message });
  }

  let failed = 0;
  let unknown = 0;
  if (send) {
    const deliveries: (Delivery & { outcome: MessageOutcome })[] = [];
    for (const outcome of outcomes) {
      if (outcome.recipients.length > 0) deliveries.push({ message: outcome.message, recipients: outcome.recipients, outcome });
      else {
        outcome.note = 'no recipients configured';
        log(`${outcome.audience}: not sent (no recipients configured)`);
      }
    }
    const results = await deliverReports(options.storePath, deliveries, send, rc.delivery, log);
    deliveries.forEach((d, i) => { d.outcome.delivery = results[i]; });
    failed = results.reduce((n, d) => n + d.failed.length, 0);
    unknown = results.reduce((n, d) => n + d.unknown.length, 0);
  }
  return { week: built.week, messages: outcomes, warnings: built.warnings, failed, unknown };
}
