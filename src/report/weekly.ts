/**
 * `costlens report weekly` as a library call: build the week's reports for the audiences asked
 * for (one read-only pass over the store), compose each e-mail, write them with `outDir`, and
 * deliver them with `send` through the send ledger. Sending without `outDir`, the ledger is read
 * first and only the audiences someone is still to be sent to are built (send-plan.ts). The CLI
 * and the scheduler both call this.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { makeFolder } from '../lib/make-folder.ts';
import { audienceFileStem, expandAudiences, recipientsFor, type AudienceChoice, type TeamName } from './audiences.ts';
import { buildWeeklyReports, type ReportConfigs } from './build.ts';
import { chargebackCsv, type CsvAttachment } from './chargeback.ts';
import { renderCharts } from './charts.ts';
import { deliverPlanned, deliverReports, type Delivery, type DeliveryResult, type SendOptions, type UnbuiltDelivery } from './deliver.ts';
import { layoutReport } from './layout.ts';
import { sharingReads } from '../engine/shared-reads.ts';
import { composeMessage, toEml, type ReportMessage } from './message.ts';
import { attachedChargeback, audienceId, type Audience, type WeeklyReport } from './model.ts';
import { resolvePublicUrl } from './public-url.ts';
import { planSends, type SendPlan } from './send-plan.ts';
import { ownerTeamName } from './team-names.ts';
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

/**
 * One audience's message and what became of it. Sending without `outDir`, a message nobody is to
 * be sent is not built (send-plan.ts): `message` is null, and `subject` is the one the ledger
 * recorded (null for an audience without recipients). Otherwise every audience has its message.
 */
export interface MessageOutcome {
  audience: string;
  subject: string | null;
  recipients: string[];
  files: string[];
  delivery: DeliveryResult | null;
  /** Why it was not sent, when it was not. */
  note: string | null;
  message: ReportMessage | null;
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

/** What the store gave: the week's reports by the audience asked for (null: a team already built under its name), the chargeback CSV, warnings. */
interface Built {
  week: IsoWeek;
  reports: Map<string, WeeklyReport | null>;
  chargeback: CsvAttachment | null;
  warnings: string[];
}

/** Builds the reports of `audiences` in one pass over the store, each team once, under the name its figures use. */
async function buildReports(engine: Engine, memo: Engine, options: WeeklyRunOptions, week: IsoWeek | undefined, audiences: Audience[]): Promise<Built> {
  const { configs } = options;
  const result = await buildWeeklyReports(memo, configs, options.catalogue, { week, audiences });
  const attached = result.reports.map(attachedChargeback).find((period) => period !== null) ?? null;
  const chargeback = attached ? await chargebackCsv(engine, configs.attribution, configs.report.costCentreTagKey, attached) : null;
  const reports = new Map<string, WeeklyReport | null>();
  const names = new Set<string>();
  result.reports.map(namedByTeam).forEach((report, i) => {
    const name = audienceId(report.audience);
    reports.set(audienceId(audiences[i]), names.has(name) ? null : report);
    names.add(name);
  });
  return { week: result.week, reports, chargeback, warnings: result.warnings };
}

/** Composes one report's e-mail and writes it with `outDir`. */
async function composeOutcome(report: WeeklyReport, built: Built, options: WeeklyRunOptions, teamName: TeamName | undefined): Promise<MessageOutcome> {
  const rc = options.configs.report;
  const publicUrl = options.publicUrl !== undefined ? options.publicUrl : resolvePublicUrl(rc, {});
  const layout = layoutReport(report, rc.subjectPrefix, publicUrl);
  const charts = await renderCharts(report, rc.charts);
  const message = composeMessage(report, layout, charts, attachedChargeback(report) ? built.chargeback : null);
  const recipients = recipientsFor(report.audience, rc, options.to, teamName);
  const files: string[] = [];
  if (options.outDir) {
    makeFolder(options.outDir);
    const stem = join(options.outDir, `${report.week.label}-${audienceFileStem(report.audience)}`);
    writeFileSync(`${stem}.eml`, await toEml(message, options.send?.from ?? options.from ?? 'costlens <costlens@localhost>', recipients));
    writeFileSync(`${stem}.html`, message.previewHtml);
    files.push(`${stem}.eml`, `${stem}.html`);
  }
  return { audience: message.audience, subject: message.subject, recipients, files, delivery: null, note: null, message };
}

/** One audience's outcome with the audience as it was asked for (as the late pass builds it again). */
type Outcome = MessageOutcome & { asked: Audience };

/** What the read-only pass over the store settled: the audiences, the send plan (sending without `outDir`), the reports built, the owner tag's team names. */
interface Planned {
  audiences: Audience[];
  plan: SendPlan | null;
  built: Built | null;
  teamName: TeamName | undefined;
}

/**
 * The one read-only pass over the store: the owner tag's team names, the audiences, the send plan
 * (sending without `outDir`, the ledger is read first: only the audiences someone is still to be
 * sent to are built) and the reports to build.
 */
async function planAndBuild(options: WeeklyRunOptions, asked: Audience | null): Promise<Planned> {
  const { configs, send } = options;
  const rc = configs.report;
  return withEngine(options.storePath, async (engine) => {
    const memo = sharingReads(engine);
    const teams = asked ? asked.kind === 'team' : Object.keys(rc.audiences.teams).length > 0;
    const spellings = [...Object.keys(rc.audiences.teams), ...(asked?.kind === 'team' ? [asked.team] : [])];
    const teamName = teams ? await ownerTeamName(memo, configs, options.week, spellings) : undefined;
    const audiences = expandAudiences(options.audience, rc, teamName);
    if (send && asked && recipientsFor(audiences[0], rc, options.to, teamName).length === 0) throw noRecipients(audiences[0], asked);
    const recipients = (audience: Audience) => recipientsFor(audience, rc, options.to, teamName);
    const plan = send && !options.outDir ? await planSends(memo, options.storePath, { week: options.week, audiences, recipients, send }) : null;
    const toBuild = plan ? plan.build : audiences;
    const built = toBuild.length > 0 ? await buildReports(engine, memo, options, plan?.week ?? options.week, toBuild) : null;
    return { audiences, plan, built, teamName };
  });
}

/** Each audience's outcome, in order: its composed (and written) message, or, not built, what the ledger says it was sent. A team built under another audience's name is left out. */
async function composeOutcomes(planned: Planned, options: WeeklyRunOptions): Promise<Outcome[]> {
  const { audiences, plan, built, teamName } = planned;
  const outcomes: Outcome[] = [];
  for (const audience of audiences) {
    const id = audienceId(audience);
    const report = built?.reports.get(id);
    if (report === null) continue;
    if (report) outcomes.push({ ...await composeOutcome(report, built!, options, teamName), asked: audience });
    else {
      // Not built: every recipient has it (the subject they got), or it has no recipients.
      const subject = plan!.served.get(id);
      const recipients = subject === undefined ? [] : recipientsFor(audience, options.configs.report, options.to, teamName);
      outcomes.push({ audience: id, subject: subject ?? null, recipients, files: [], delivery: null, note: null, message: null, asked: audience });
    }
  }
  return outcomes;
}

/** What sending needs besides the outcomes: the run's options and its week, how to send, the owner tag's team names, the progress log. */
interface Sending {
  options: WeeklyRunOptions;
  week: IsoWeek;
  send: SendOptions;
  teamName: TeamName | undefined;
  log: (line: string) => void;
}

/**
 * Delivers the outcomes that have recipients through the send ledger (the others get their note),
 * then the late ones; sets each one's delivery and returns the recipients failed and unknown.
 */
async function sendOutcomes(outcomes: Outcome[], sending: Sending): Promise<{ failed: number; unknown: number }> {
  const { options, week, send, log } = sending;
  const toSend = outcomes.filter((outcome) => {
    if (outcome.recipients.length > 0) return true;
    outcome.note = 'no recipients configured';
    log(`${outcome.audience}: not sent (no recipients configured)`);
    return false;
  });
  const delivery = (o: MessageOutcome): Delivery | UnbuiltDelivery => (o.message ? { message: o.message, recipients: o.recipients } : { week: week.label, audience: o.audience, recipients: o.recipients });
  const results = await deliverPlanned(options.storePath, toSend.map(delivery), send, options.configs.report.delivery, log);
  toSend.forEach((o, i) => { o.delivery = results[i]; });
  const late = toSend.filter((o) => o.delivery === null);
  if (late.length > 0) await sendLate(late, sending);
  return {
    failed: toSend.reduce((n, o) => n + o.delivery!.failed.length, 0),
    unknown: toSend.reduce((n, o) => n + o.delivery!.unknown.length, 0),
  };
}

/**
 * The late pass: the ledger changed after it was read (another run failed a recipient meanwhile),
 * so these outcomes, planned as not to be built, are built and composed now and sent.
 */
async function sendLate(late: Outcome[], sending: Sending): Promise<void> {
  const { options, week, send, teamName, log } = sending;
  const rebuilt = await withEngine(options.storePath, (engine) => buildReports(engine, sharingReads(engine), options, week, late.map((o) => o.asked)));
  for (const o of late) {
    const report = rebuilt.reports.get(audienceId(o.asked));
    if (!report) throw new CostlensError('internal', `the weekly report of ${o.audience} was not built for its late send`);
    const composed = await composeOutcome(report, rebuilt, options, teamName);
    Object.assign(o, { subject: composed.subject, message: composed.message });
  }
  const results = await deliverReports(options.storePath, late.map((o) => ({ message: o.message!, recipients: o.recipients })), send, options.configs.report.delivery, log);
  late.forEach((o, i) => { o.delivery = results[i]; });
}

/** Builds, writes and sends the weekly report. */
export async function runWeeklyReport(options: WeeklyRunOptions): Promise<WeeklyRunResult> {
  const rc = options.configs.report;
  const log = options.log ?? (() => undefined);
  const asked = options.audience === 'all' ? null : options.audience;
  // No spelling can reach a configured address: refuse before opening the store.
  if (options.send && asked && recipientsFor(asked, rc, options.to).length === 0 && (asked.kind !== 'team' || Object.keys(rc.audiences.teams).length === 0)) {
    throw noRecipients(asked, asked);
  }
  const planned = await planAndBuild(options, asked);
  const warnings = planned.built?.warnings ?? [];
  for (const w of warnings) log(`warning: ${w}`);
  const week = planned.built?.week ?? planned.plan!.week;
  const outcomes = await composeOutcomes(planned, options);
  const { send } = options;
  const { failed, unknown } = send ? await sendOutcomes(outcomes, { options, week, send, teamName: planned.teamName, log }) : { failed: 0, unknown: 0 };
  return { week, messages: outcomes.map(({ asked: _, ...outcome }) => outcome), warnings, failed, unknown };
}
