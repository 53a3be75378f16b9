import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { loadInstanceCatalogue } from '../catalogue/ec2.ts';
import { loadConfig } from '../config.ts';
import { startReportSchedule } from '../report/serve-schedule.ts';
import { startAlertSchedule } from '../report/alerts-schedule.ts';
import { trustsProxy } from '../server/config.ts';
import { startServer } from '../server/listen.ts';
import { NAVIGATION } from '../server/navigation.ts';
import type { NavEntry } from '../server/html/index.ts';
import { MIN_TOKEN_LENGTH, isLoopbackHost } from '../server/security.ts';
import { resolveStorePath } from '../store/open.ts';
import { refuseNonStoreFile } from '../store/store-file.ts';
import { DEFAULT_PORT, MAX_PORT, integer, parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { configOption, dbOption } from './common-options.ts';

/**
 * The lines of `serve --help` that list the dashboards, one a line with its path, in navigation
 * order, from the server's own list (so that the help names every page it serves): a page served
 * but not in the navigation (the resource view) says it is reached from the others.
 */
function dashboardLines(nav: readonly NavEntry[]): string {
  const served = nav.filter((entry) => entry.page !== undefined);
  const width = Math.max(...served.map((entry) => entry.path.length));
  return served.map((entry) => `    ${entry.path.padEnd(width)}  ${entry.title}${entry.hidden ? ' (a detail view, linked from the other pages)' : ''}`).join('\n');
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the dashboards and the query API (Hono) on http://127.0.0.1:8787',
  usage: `costlens serve [--host 127.0.0.1] [--port 8787] [--db FILE] [--config FILE] [--schedule CRON]

  Serves, from the store opened read-only, the dashboards at these paths:
${dashboardLines(NAVIGATION)}
  and the charts of dashboards/ (also as SVG at /charts/NAME.svg) and the query API
  (/api/queries, JSON, CSV or Arrow). Ingests may run meanwhile: the server answers from the
  data it has and switches to the new data when an ingest finishes. Prints the URL, then serves
  until stopped.
  --host   address to bind; anything but loopback requires COSTLENS_TOKEN
  --port   port (default 8787; 0 picks a free one)
${dbOption(11, 'opened read-only')}
${configOption(11, 'server, the analyses the pages show, and report and alerts (for --schedule)')}
  --schedule CRON  also send the weekly report (every audience of report: in the config) at
           these times, UTC, e.g. "0 8 * * MON"; needs COSTLENS_MAIL_FROM and COSTLENS_SMTP_URL
           (or SES configured: report.ses / COSTLENS_MAIL_TRANSPORT=ses).
           The send ledger keeps a week from being sent twice. With alerts: configured it
           also runs \`costlens alerts check\` after every ingest (and on alerts.schedule).

  COSTLENS_TOKEN   a secret every request must carry (Authorization: Bearer, or log in once
                   at /login for a session cookie); required off loopback (at least 16
                   characters), optional on it. Ten wrong tokens a minute from one client and
                   its next attempts get 429 for a minute (logged once per burst).
  COSTLENS_TRUST_PROXY=1  (or server.trustProxy: true) trust X-Forwarded-Proto and
                   X-Forwarded-For from the TLS proxy in front: cookies get Secure when it says
                   https, and failed logins are counted per forwarded client`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('serve', args, {
      host: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      schedule: { type: 'string' },
    }, false);
    const host = values.host ?? '127.0.0.1';
    const port = integer('port', values.port, DEFAULT_PORT, 0, MAX_PORT);
    const token = ctx.env.COSTLENS_TOKEN || undefined;
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const config = loadConfig(values.config, ctx.env, ctx.cwd);
    if (token && token.length < MIN_TOKEN_LENGTH && isLoopbackHost(host)) {
      ctx.stderr.write(`costlens: warning: COSTLENS_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters; use a long random one (e.g. \`openssl rand -hex 32\`)\n`);
    }
    refuseNonStoreFile(storePath);
    if (!existsSync(storePath)) ctx.stderr.write(`costlens serve: warning: no store at ${storePath} yet; pages answer 503 until \`costlens ingest\` creates it\n`);
    const schedule = values.schedule === undefined ? undefined : startReportSchedule({
      cron: values.schedule, storePath, configs: config, catalogue: loadInstanceCatalogue(), env: ctx.env,
      log: (line) => ctx.stderr.write(`costlens serve: ${line}\n`),
    });
    let alerts: ReturnType<typeof startAlertSchedule> = null;
    try {
      if (values.schedule !== undefined) alerts = startAlertSchedule({ storePath, configs: config, env: ctx.env, log: (line) => ctx.stderr.write(`costlens serve: ${line}\n`) });
    } catch (error) {
      schedule?.stop();
      throw error;
    }
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ storePath, config, token, host, port, trustProxy: trustsProxy(config.server, ctx.env) });
    } catch (error) {
      schedule?.stop();
      alerts?.stop();
      throw error;
    }
    ctx.stdout.write(`${server.url}/\n`);
    if (schedule) ctx.stderr.write(`costlens serve: weekly report scheduled "${values.schedule}" (UTC), next at ${schedule.nextRun()?.toISOString() ?? 'never'}\n`);
    ctx.stderr.write(`costlens serve: ${relative(ctx.cwd, storePath) || storePath} read-only on ${server.url}/${token ? ' (token required)' : ''}${isLoopbackHost(host) ? '' : ' — reachable from other machines'}; Ctrl-C stops\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        schedule?.stop();
        alerts?.stop();
        void server.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
