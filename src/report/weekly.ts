/**
 * `costlens report weekly` as a library call: build the week's reports for the audiences asked
 * for (one read-only pass over the store), compose each e-mail, write them with `outDir`, and
 * deliver them with `send` through the send ledger. The CLI and the scheduler both call this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClassifiedSpend } from '../analyze/attribution/index.ts';
import { billingDaySpan } from '../analyze/billing-calendar.ts';
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { audienceFileStem, expandAudiences, recipientsFor, type AudienceChoice, type TeamName } from './audiences.ts';
import { buildWeeklyReports, type ReportConfigs } from './build.ts';
import { chargebackCsv } from './chargeback.ts';
import { renderCharts } from './charts.ts';
import { deliverReports, type Delivery, type DeliveryResult, type SendOptions } from './deliver.ts';
import { layoutReport } from './layout.ts';
import { memoEngine } from './memo-engine.ts';
import { composeMessage, toEml, type ReportMessage } from './message.ts';
import { attachedChargeback, audienceId, type Audience, type WeeklyReport } from './model.ts';
import { resolvePublicUrl } from './public-url.ts';
import { defaultReportWeek, type IsoWeek } from './week.ts';

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

/**
 * How attribution reads the owner tag's values in the report week: the resolver build.ts names a
 * team's report by (`now.spend.owner.canonical`, from readClassifiedSpend over the same range), so
 * `team:Paymnets` is `team:payments` for its recipients, subject, file name and send ledger too.
 * Through the run's memo engine, the build reuses these queries.
 */
async function ownerTeamName(engine: Engine, configs: ReportConfigs, week: IsoWeek | undefined): Promise<TeamName> {
  const reportWeek = week ?? defaultReportWeek(await billingDaySpan(engine));
  const owner = await readClassifiedSpend(engine, configs.attribution, {
    tagKey: configs.report.ownerTagKey, range: { chargeFrom: reportWeek.start, chargeTo: reportWeek.end },
  });
  return owner.resolveValue;
}

/** The error of `--send` for one audience that has no recipients (`asked`: the audience as given). */
function noRecipients(audience: Audience, asked: Audience): CostlensError {
  const given = asked.kind === 'team' && audience.kind === 'team' && asked.team !== audience.team ? ` (as attribution reads team:${asked.team})` : '';
  return new CostlensError('usage', `no recipients for ${audienceId(audience)}${given}`, {
    hint: audience.kind === 'team' ? `add report.audiences.teams.${audience.team} to the config, or give --to ADDR` : `add report.audiences.${audience.kind} to the config, or give --to ADDR`,
  });
}

/** A team's report under the team its figures are for (report.team), so its subject, file, ledger key and recipients say the same. */
function namedByTeam(report: WeeklyReport): WeeklyReport {
  if (report.audience.kind !== 'team' || report.team === null || report.team === report.audience.team) return report;
  return { ...report, audience: { kind: 'team', team: report.team } };
}

/** Builds, writes and sends the weekly report. */
export async function runWeeklyReport(options: WeeklyRunOptions): Promise<WeeklyRunResult> {
  const { configs, send } = options;
  const rc = configs.report;
  const log = options.log ?? (() => undefined);
  const asked = options.audience === 'all' ? null : options.audience;
  const checkRecipients = send !== undefined && asked !== null;
  // No spelling can reach a configured address: refuse before opening the store.
  if (checkRecipients && recipientsFor(asked, rc, options.to).length === 0 && (asked.kind !== 'team' || Object.keys(rc.audiences.teams).length === 0)) {
    throw noRecipients(asked, asked);
  }

  const { built, chargeback, teamName } = await withEngine(options.storePath, async (engine) => {
    const memo = memoEngine(engine);
    const teams = asked ? asked.kind === 'team' : Object.keys(rc.audiences.teams).length > 0;
    const teamName = teams ? await ownerTeamName(memo, configs, options.week) : undefined;
    const audiences = expandAudiences(options.audience, rc, teamName);
    if (checkRecipients && recipientsFor(audiences[0], rc, options.to, teamName).length === 0) throw noRecipients(audiences[0], asked);
    const result = await buildWeeklyReports(memo, configs, options.catalogue, { week: options.week, audiences });
    const attached = result.reports.map(attachedChargeback).find((period) => period !== null) ?? null;
    const csv = attached ? await chargebackCsv(engine, configs.attribution, rc.costCentreTagKey, attached) : null;
    // Each team once, under the name its figures use (the resolver above names it so already).
    const reports: WeeklyReport[] = [];
    for (const r of result.reports.map(namedByTeam)) if (!reports.some((k) => audienceId(k.audience) === audienceId(r.audience))) reports.push(r);
    return { built: { ...result, reports }, chargeback: csv, teamName };
  });
  for (const w of built.warnings) log(`warning: ${w}`);

  const publicUrl = options.publicUrl !== undefined ? options.publicUrl : resolvePublicUrl(rc, {});
  const outcomes: MessageOutcome[] = [];
  for (const report of built.reports) {
    const layout = layoutReport(report, rc.subjectPrefix, publicUrl);
    const charts = await renderCharts(report, rc.charts);
    const message = composeMessage(report, layout, charts, attachedChargeback(report) ? chargeback : null);
    const recipients = recipientsFor(report.audience, rc, options.to, teamName);
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
