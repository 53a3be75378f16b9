import { relative, resolve } from 'node:path';
import { formatCall, type AwsCallListener } from '../aws-client/call-log.ts';
import { loadInstanceCatalogue } from '../catalogue/ec2.ts';
import { loadConfig, type CostlensConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { parseAudience, parseRecipients } from '../report/audiences.ts';
import { reportConfigSchema, type ReportConfig } from '../report/config.ts';
import type { SendOptions } from '../report/deliver.ts';
import { checkMailFrom, mailSettingHint, mailTransportKind, missingMailSettings, openMailTransport } from '../report/mail-setup.ts';
import { resolvePublicUrl } from '../report/public-url.ts';
import { parseIsoWeek, weekSpan } from '../report/week.ts';
import { runWeeklyReport, type WeeklyRunResult } from '../report/weekly.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { resolveStorePath } from '../store/open.ts';
import { parseCommandArgs } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { configOption, dbOption } from './common-options.ts';
import { refusingWithoutDailyUsage } from './monthly-store-refusal.ts';
import { prepareOutFolder } from './out-folder.ts';
import { plural, pluralNoun } from '../lib/text.ts';

/** The config with its `report:` section (defaults when the config has none). */
export function loadReportConfigs(flag: string | undefined, ctx: CommandContext): CostlensConfig & { report: ReportConfig } {
  const config = loadConfig(flag, ctx.env, ctx.cwd) as CostlensConfig & { report?: ReportConfig };
  return { ...config, report: config.report ?? reportConfigSchema.parse({}) };
}

function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function summary(result: WeeklyRunResult, cwd: string): string {
  const lines = [`Weekly report ${result.week.label} (${weekSpan(result.week)}): ${plural(result.messages.length, 'message')}`];
  for (const m of result.messages) {
    lines.push(`  ${m.audience}: ${m.subject ?? '(not built)'}`);
    lines.push(`    to: ${m.recipients.length ? m.recipients.join(', ') : '(no recipients configured)'}`);
    for (const f of m.files) lines.push(`    wrote ${shortPath(cwd, f)}`);
    if (m.delivery) {
      const d = m.delivery;
      lines.push(`    sent ${d.sent.length}, already sent ${d.skipped.length}, failed ${d.failed.length}${d.unknown.length ? `, UNKNOWN ${d.unknown.length} (${d.unknown.map((u) => u.address).join(', ')})` : ''}`);
    } else if (m.note) {
      lines.push(`    not sent: ${m.note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The error of a run that left recipients in state unknown (and maybe failures): the one line names them all. */
function unknownError(result: WeeklyRunResult): CostlensError {
  const who = result.messages.flatMap((m) => (m.delivery?.unknown ?? []).map((u) => `${u.address} (${m.audience})`));
  const failed = result.failed > 0 ? `; ${plural(result.failed, 'other recipient')} could not be sent it` : '';
  return new CostlensError('input', `${plural(result.unknown, 'recipient')} of ${result.week.label}'s report ${pluralNoun(result.unknown, 'is', 'are')} in state unknown — check before resending: ${who.join(', ')}${failed}`, {
    hint: 'a run stopped (or lost the connection) after handing them the message and before the server answered; if they did not get it, rerun with --resend-unknown (with --audience and --to to pick them)',
  });
}

/** The hint of an `--out` that cannot be the folder. */
const OUT_HINT = 'give a folder, existing or not (it is created); the e-mails are written into it as <week>-<audience>.eml and .html';

/** What `report` says of flags it does not take: a dry run is what it does without --out or --send. */
const REPORT_UNKNOWN_OPTIONS = {
  'dry-run': 'report weekly has no --dry-run: without --out or --send it sends nothing and prints what it would send; --out DIR writes each e-mail as .eml and .html to preview',
};

export const reportCommand: Command = {
  name: 'report',
  summary: 'the weekly cost report by e-mail: finance, engineering and one per team',
  usage: `costlens report weekly [--week YYYY-Www] [--audience finance|engineering|team:NAME|all]
                       [--to ADDR] [--out DIR] [--send] [--force] [--resend-unknown]
                       [--db FILE] [--config FILE] [--verbose]

  One e-mail per audience about an ISO week (Monday to Sunday, UTC): BilledCost and
  EffectiveCost against last week and the 4-week average, month to date and month-end
  forecast, top movers by service, account and team, new anomalies, untagged spend and tag
  coverage, and the savings waiting with their owners. finance gets every cost centre and the
  chargeback CSV of the last complete billing period; engineering every team and the savings by owner; team:NAME only that
  team (recipients from report.audiences in the config). NAME is read as attribution reads the
  owner tag's values: team:Paymnets is team:payments, with its recipients, subject, file names
  and send ledger.
  --week      the ISO week (default: the last complete week in the store, its Sunday on or
              before the data horizon)
  --audience  who to write for (default all: finance, engineering and every configured team)
  --to        send to these addresses instead of the configured ones (repeat, or comma-separate)
  --out       write each message as <week>-<audience>.eml and .html (charts inlined) in DIR
  --send      deliver over SMTP (COSTLENS_SMTP_URL) or Amazon SES v2 (report.ses), from
              COSTLENS_MAIL_FROM; each recipient is recorded in the store's send ledger and
              never sent the same week twice
              (each send is journalled before and after it happens, so a run killed at
              any moment never sends twice: see "never sent twice" in the README)
  --force     send again to recipients the ledger says already have this week's report
  --resend-unknown
              send to recipients in state unknown: a run stopped after handing them the
              message and before the server's answer was recorded, so they may have it.
              Without this flag they are not sent again and every run reports them (exit 4);
              check the mailbox or the mail server's log first (--to picks some of them)
  --verbose   with SES: log every AWS call (operation, duration, retries) on stderr
${dbOption(14, 'its send ledger records each recipient sent to')}
${configOption(14, 'report (audiences, delivery, ses, publicUrl, ownerTagKey), attribution and the sections of the analyses the e-mail holds')}
  Without --out or --send it prints what it would send.

  COSTLENS_MAIL_TRANSPORT  smtp or ses (default report.delivery.transport; ses when report.ses
                           is configured, else smtp)
  COSTLENS_SMTP_URL   smtp://user:pass@host:587 (STARTTLS when offered; ?requireTLS=true to insist)
                      or smtps://user:pass@host:465
  COSTLENS_MAIL_FROM  the From address, e.g. "costlens <finops@example.com>"; with SES an
                      address or domain verified in the SES region
  COSTLENS_PUBLIC_URL where the dashboards (costlens serve) are reached, e.g.
                      https://costlens.example.com (overrides report.publicUrl): every
                      section of the e-mail links to its page there; with neither, no links`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('report', args, {
      week: { type: 'string' },
      audience: { type: 'string' },
      to: { type: 'string', multiple: true },
      out: { type: 'string' },
      send: { type: 'boolean' },
      force: { type: 'boolean' },
      'resend-unknown': { type: 'boolean' },
      db: { type: 'string' },
      config: { type: 'string' },
      verbose: { type: 'boolean' },
    }, true, REPORT_UNKNOWN_OPTIONS);
    if (positionals.length !== 1 || positionals[0] !== 'weekly') {
      throw new CostlensError('usage', `report: expected the report name "weekly"; got ${positionals.length ? `"${positionals.join(' ')}"` : 'none'}`, {
        hint: 'costlens report weekly [--week YYYY-Www] [--out DIR | --send]',
      });
    }
    if (values.force && !values.send) throw new CostlensError('usage', 'report: --force only applies with --send');
    if (values['resend-unknown'] && !values.send) throw new CostlensError('usage', 'report: --resend-unknown only applies with --send');
    const from = ctx.env.COSTLENS_MAIL_FROM ? checkMailFrom(ctx.env.COSTLENS_MAIL_FROM) : undefined;
    const week = values.week === undefined ? undefined : parseIsoWeek(values.week);
    const audience = parseAudience(values.audience ?? 'all');
    const to = values.to ? parseRecipients(values.to) : undefined;
    const configs = loadReportConfigs(values.config, ctx);
    const publicUrl = resolvePublicUrl(configs.report, ctx.env);
    let send: SendOptions | undefined;
    if (values.send) {
      const kind = mailTransportKind(configs.report, ctx.env);
      const [missing] = missingMailSettings(kind, ctx.env);
      if (missing) throw new CostlensError('config', `report --send needs ${missing}`, { hint: mailSettingHint(missing, kind) });
      const onCall: AwsCallListener | undefined = values.verbose ? (call) => ctx.stderr.write(`${formatCall(call)}\n`) : undefined;
      send = {
        transport: openMailTransport(kind, configs, ctx.env, onCall), from: from!, force: values.force ?? false, resendUnknown: values['resend-unknown'] ?? false,
      };
    }
    // Made once the flags and mail settings are checked and before anything is built, so a path that
    // cannot be one (an existing file, a file on the way) fails at once, not after the report is built.
    // A relative --out is read from the command's working folder, as --db is.
    const outDir = values.out === undefined ? undefined : resolve(ctx.cwd, values.out);
    if (outDir !== undefined) prepareOutFolder(outDir, { command: 'report', flag: `--out ${values.out}`, purpose: 'the e-mails', hint: OUT_HINT });
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    try {
      // A store without daily usage (a monthly CUR) has no week to report: said with what the report needs.
      const result = await refusingWithoutDailyUsage('a weekly report compares weeks of daily usage, so it needs', (read) => withEngine(storePath, read), () => runWeeklyReport({
        storePath,
        configs,
        catalogue: loadInstanceCatalogue(),
        week,
        audience,
        to,
        outDir,
        from,
        send,
        publicUrl,
        log: (line) => ctx.stderr.write(`costlens report: ${line}\n`),
      }));
      ctx.stdout.write(summary(result, ctx.cwd));
      if (result.unknown > 0) throw unknownError(result);
      if (result.failed > 0) {
        throw new CostlensError('input', `${plural(result.failed, 'recipient')} could not be sent ${result.week.label}'s report; the others were sent and recorded`, {
          hint: 'rerun the same command later: the send ledger sends only to those still missing it',
        });
      }
      return 0;
    } finally {
      send?.transport.close();
    }
  },
};
