import { loadConfig } from '../config.ts';
import { CostlensError } from '../errors.ts';
import { terminalSafe } from '../lib/control-chars.ts';
import { renderTable } from '../lib/table.ts';
import { checkAlerts } from '../report/alerts-check.ts';
import { alertMail } from '../report/alerts-mail.ts';
import { resolvePublicUrl } from '../report/public-url.ts';
import { resolveStorePath } from '../store/open.ts';
import { alertCheckHeadline, alertCheckJson, alertCheckTable } from './alerts-output.ts';
import type { Command } from './command.ts';
import { configOption, dbOption, formatOption, wideOption } from './common-options.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { plural } from '../lib/text.ts';

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'alerts check: send each budget threshold crossed and each anomaly event, once per channel (e-mail, webhook), with its top drivers',
  usage: `costlens alerts check [--dry-run] [--resend-unknown] [--format table|json] [--wide] [--config FILE] [--db FILE]

  Evaluates every alert source now — each budget threshold crossed in the budget's current
  period, and each anomaly event at or above the noise floor in the days costlens anomalies
  examines (alerts.anomalyEvents: false leaves them out) — and sends each alert the alert ledger
  (in the store) has not sent yet, once per channel: e-mail to alerts.email (through the weekly
  report's transport: COSTLENS_SMTP_URL or SES, from COSTLENS_MAIL_FROM) and a POST to each of
  alerts.webhooks (json, slack or teams payloads). Each alert names its top drivers (a budget:
  costlens explain on the budget's scope, this period so far against the same days of the
  previous one, or as many days just before it when that one is shorter; usage only, the fees,
  tax and credits posted in those days listed apart, not compared; an anomaly event: its
  resources against each day's trailing median) and links to the Overview (COSTLENS_PUBLIC_URL
  or report.publicUrl). An anomaly event is sent once when it opens, however long it lasts.
  A rerun sends nothing twice.
  --dry-run         evaluate and list what would be sent; send nothing, write nothing
  --resend-unknown  send again what an interrupted run handed over without a recorded answer
                    (check first that it did not arrive)
${formatOption(20, undefined, ['table', 'json'])}
${wideOption(20)}
${dbOption(20, 'its alert ledger records what was sent')}
${configOption(20, 'alerts, budgets, anomalies and report (the mail transport and publicUrl)')}`,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('alerts', args, {
      ...READER_FLAGS, 'dry-run': { type: 'boolean' }, 'resend-unknown': { type: 'boolean' }, config: { type: 'string' },
    });
    if (positionals.length !== 1 || positionals[0] !== 'check') {
      throw new CostlensError('usage', positionals.length ? `alerts: unknown subcommand "${positionals.join(' ')}"` : 'alerts: give a subcommand', {
        hint: 'costlens alerts check [--dry-run]: evaluate now and send what is due',
      });
    }
    const format = outputFormat(values.format);
    if (format === 'csv') throw new CostlensError('usage', 'alerts check prints table or json, not csv', { hint: '--format json lists every alert with its drivers and outcomes' });
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    const dryRun = values['dry-run'] ?? false;
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const result = await checkAlerts({
      storePath, configs: config, publicUrl: resolvePublicUrl(config.report, ctx.env), dryRun, resendUnknown: values['resend-unknown'],
      mail: dryRun ? undefined : alertMail(config, ctx.env), log: (line) => ctx.stderr.write(`costlens alerts: ${terminalSafe(line)}\n`),
    });
    if (format === 'json') {
      ctx.stdout.write(`${JSON.stringify(alertCheckJson(result, dryRun), null, 2)}\n`);
    } else {
      if (result.channels.length === 0) ctx.stderr.write('costlens alerts: no channel configured (alerts.email, alerts.webhooks): nothing is sent; README, "Alerts"\n');
      const table = alertCheckTable(result);
      ctx.stdout.write(`${alertCheckHeadline(result, dryRun)}\n`);
      if (table.rows.length) ctx.stdout.write(renderTable(table, 'table', { width: tableWidth(ctx, values.wide) }));
      for (const o of result.outcomes.filter((x) => x.status === 'unknown' || x.status === 'held back')) {
        ctx.stderr.write(`costlens alerts: UNKNOWN ${terminalSafe(o.alert.title)} → ${o.channel}: ${terminalSafe(o.detail ?? '')}; check whether it arrived, then --resend-unknown sends it\n`);
      }
    }
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    if (failed.length > 0) {
      ctx.stderr.write(`costlens: ${plural(failed.length, 'alert send')} failed: ${terminalSafe(failed[0].channel)}: ${terminalSafe(failed[0].detail ?? '')}\n`);
      ctx.stderr.write('  hint: the ledger keeps them due: the next costlens alerts check sends them again (check COSTLENS_SMTP_URL and the webhook URLs)\n');
      return 1;
    }
    return 0;
  },
};
