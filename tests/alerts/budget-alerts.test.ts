/**
 * Budget alerts end to end, on the shared demo (data through 14 Nov 2026): a budget threshold
 * crossed sends exactly one e-mail (a real SMTP server on loopback) and exactly one webhook POST
 * (a loopback HTTP receiver), each naming the top drivers of usage — checked against DuckDB on the
 * store — with the fees and tax posted in the spans listed apart, and linking to the Overview; a rerun sends nothing; a run killed between a send and its ledger
 * record sends nothing twice when the next run comes (the alert journal, as the report's).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { alertCheckHeadline } from '../../src/cli/alerts-output.ts';
import type { AlertCandidate } from '../../src/report/alerts-source.ts';
import { writeNewGeneration } from '../../src/store/generation.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { duckdbRows, sqlRows } from '../helpers/cli.ts';
import { CHARGE_CLASS_OF_LINE, USAGE_LINE, settled, startSmtp, type TestSmtp } from '../report/helpers.ts';
import { textTables } from '../report/text-tables.ts';
import { cli, cliChild, startReceiver, storeWithConfig, type Receiver } from './helpers.ts';

const PAYMENTS_PROD = '730604943011';
const TO = 'finops@acme.example';
const PUBLIC = 'https://costlens.acme.example';

describe('costlens alerts check: a budget crossing goes out once per channel, with its drivers', () => {
  let base: { dir: string; db: string };
  let smtp: TestSmtp;
  let receiver: Receiver;
  const dirs: string[] = [];
  let env: (db: string) => Record<string, string>;
  let config: () => unknown;
  let topDrivers: { label: string; change: string }[];
  let totalChange: string;
  let posted: { chargeClass: string; oldCost: string; newCost: string }[];

  beforeAll(async () => {
    base = await demoStoreCopy(inject('demoDir'), ['cur2']);
    smtp = await startSmtp();
    receiver = await startReceiver();
    env = (db) => ({ COSTLENS_DB: db, COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <costlens@acme.example>', COSTLENS_PUBLIC_URL: PUBLIC, COSTLENS_MAIL_TRANSPORT: 'smtp' });
    config = () => ({
      budgets: [{ name: 'payments-prod', amount: 3000, scope: { accounts: [PAYMENTS_PROD] }, thresholds: [{ percent: 25 }] }],
      alerts: { email: [TO], webhooks: [{ name: 'receiver', url: `${receiver.url}/hook`, format: 'json' }], topDrivers: 3, anomalyEvents: false },
    });
    // The drivers, independently: the account's usage BilledCost by service, usage type and resource,
    // 1–14 Nov against 1–14 Oct, largest change first (usage only: day spans, as costlens explain compares them).
    const spans = `SubAccountId = '${PAYMENTS_PROD}' AND ((ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-10-15')
      OR (ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'))`;
    const rows = await duckdbRows(`ATTACH '${base.db}' AS s (READ_ONLY);
      SELECT label, CAST(round(change, 2) AS VARCHAR) AS change FROM (
        SELECT svc || ' › ' || ut || ' › ' || rid AS label,
               sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2026-11-01' THEN BilledCost ELSE -BilledCost END) AS change
        FROM (SELECT coalesce(ServiceName, x_ProductCode, '(none)') AS svc, coalesce(x_UsageType, SkuMeter, '(none)') AS ut,
                     coalesce(ResourceId, '(none)') AS rid, ChargePeriodStart, BilledCost
              FROM s.line_items WHERE ${spans} AND ${USAGE_LINE})
        GROUP BY svc, ut, rid) ORDER BY abs(change) DESC, label LIMIT 3`);
    topDrivers = rows.map((r) => ({ label: r.label!, change: r.change! }));
    // The change shown: each span's usage rounded once, then their difference.
    const [total] = await duckdbRows(`ATTACH '${base.db}' AS s (READ_ONLY);
      SELECT CAST(round(sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2026-11-01' THEN BilledCost END), 2) - round(sum(CASE WHEN ChargePeriodStart < TIMESTAMP '2026-11-01' THEN BilledCost END), 2) AS VARCHAR) AS t
      FROM s.line_items WHERE ${spans} AND ${USAGE_LINE}`);
    totalChange = total.t!;
    posted = (await duckdbRows(`ATTACH '${base.db}' AS s (READ_ONLY);
      SELECT ${CHARGE_CLASS_OF_LINE} AS charge_class,
        CAST(round(coalesce(sum(CASE WHEN ChargePeriodStart < TIMESTAMP '2026-11-01' THEN BilledCost END), 0), 2) AS VARCHAR) AS old_cost,
        CAST(round(coalesce(sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2026-11-01' THEN BilledCost END), 0), 2) AS VARCHAR) AS new_cost
      FROM s.line_items WHERE ${spans} AND NOT (${USAGE_LINE}) GROUP BY 1 ORDER BY 1`)).map((r) => ({ chargeClass: r.charge_class!, oldCost: r.old_cost!, newCost: r.new_cost! }));
  });
  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    for (const dir of [base?.dir, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fresh = () => {
    const s = storeWithConfig(base.db, config());
    dirs.push(s.dir);
    smtp.accepted.length = 0;
    smtp.received.length = 0;
    receiver.posts.length = 0;
    receiver.respond = (_p, res) => res.writeHead(200).end('ok');
    return s;
  };

  /** The drivers' cents split parts by largest remainder: each is within a cent of its own rounding, the total exact. */
  const expectDrivers = (drivers: { label: string; change: string }[], total: string) => {
    expect(drivers.map((d) => d.label)).toEqual(topDrivers.map((d) => d.label));
    drivers.forEach((d, i) => expect(Math.abs(Math.round(Number(d.change) * 100) - Math.round(Number(topDrivers[i].change) * 100))).toBeLessThanOrEqual(1));
    expect(total).toBe(Number(totalChange).toFixed(2));
  };

  it('sends one e-mail and one webhook POST with the drivers and the link; a rerun sends nothing', async () => {
    const s = fresh();
    const first = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--format', 'json');
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.alerts.map((a: { subjectKey: string; threshold: string }) => [a.subjectKey, a.threshold])).toEqual([['payments-prod/2026-11', 'actual:25']]);
    expect(result.alerts[0].outcomes.map((o: { channel: string; status: string }) => [o.channel, o.status])).toEqual([[`email:${TO}`, 'sent'], ['webhook:receiver', 'sent']]);

    expect(smtp.accepted).toEqual([[TO]]);
    const [mail] = await settled(smtp, 1);
    expect(mail.mail.subject).toBe('[costlens] Budget payments-prod (2026-11): spent 25% of $3,000.00');
    expect(mail.mail.headers.get('x-costlens-report')).toBe('alert:budget payments-prod/2026-11 actual:25');
    // The drivers table of the text part, its cells read back whole where they wrap within 78 columns.
    const drivers = textTables(mail.mail.text!)[0].rows.map((row) => row[0]);
    for (const d of topDrivers) expect(drivers).toContain(d.label);
    expect(mail.mail.text).toContain(`${PUBLIC}/#budget-status`);
    expect(String(mail.mail.html)).toContain(`href="${PUBLIC}/#budget-status"`);

    expect(receiver.posts).toHaveLength(1);
    const [post] = receiver.posts;
    expect([post.path, post.headers['content-type']]).toEqual(['/hook', 'application/json; charset=utf-8']);
    const body = JSON.parse(post.body);
    expect([body.type, body.version, body.kind, body.subjectKey, body.threshold, body.link]).toEqual(['costlens.alert', 1, 'budget', 'payments-prod/2026-11', 'actual:25', `${PUBLIC}/#budget-status`]);
    expect(body.drivers.compare).toBe('1–14 Nov 2026 against 1–14 Oct 2026, usage, BilledCost');
    expectDrivers(body.drivers.top, body.drivers.total);
    // Usage rose by $56.52; the RI fees (October's and November's, each posted on the 1st for the month) and tax are listed apart, not compared.
    expect(body.drivers.total).toBe('56.52');
    expect(posted).toEqual([{ chargeClass: 'recurring', oldCost: '86.30', newCost: '83.52' }, { chargeClass: 'tax', oldCost: '250.66', newCost: '115.87' }]);
    expect(body.drivers.posted).toEqual(posted);
    expect(mail.mail.text!.replace(/\s+/g, ' ')).toContain('Posted in the spans, not compared (fees, tax and credits post once a month, not by the day): recurring $86.30 → $83.52, tax $250.66 → $115.87.');
    const [actual] = await sqlRows(s.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS s FROM line_items WHERE SubAccountId = '${PAYMENTS_PROD}' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(body.amount).toBe(actual.s);
    expect([body.facts.budgetAmount, body.facts.thresholdAmount, body.facts.actual]).toEqual(['3000.00', '750.00', actual.s]);
    // The summary in the pages' formats (it wrote "since 2026-11-04" and "data through 2026-11-14"); the facts keep ISO days.
    // When it crossed, from the store: the first day the running total stands at $750.00 or more (a line of at most a day
    // counts on its day; one posted for the month, the RI fees and tax, on as-of, 14 Nov).
    const [crossed] = await sqlRows(s.db, `WITH line AS (
        SELECT CASE WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY THEN DATE '2026-11-14' ELSE CAST(ChargePeriodStart AS DATE) END AS day, BilledCost
        FROM line_items WHERE SubAccountId = '${PAYMENTS_PROD}' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'),
      running AS (SELECT day, sum(sum(BilledCost)) OVER (ORDER BY day) AS total FROM line GROUP BY day)
      SELECT CAST(min(day) AS VARCHAR) AS since, CAST((SELECT round(sum(BilledCost), 2) FROM line) AS VARCHAR) AS spent,
        CAST((SELECT round(sum(BilledCost) / 30, 1) FROM line) AS VARCHAR) AS share FROM running WHERE total >= 750`);
    expect(crossed).toEqual({ since: '2026-11-04', spent: '3012.42', share: '100.4' });
    expect([body.facts.crossedSince, body.facts.asOf]).toEqual(['2026-11-04', '2026-11-14']);
    const summary = 'Spend to date is $3,012.42 (100.4% of $3,000.00), at or above 25% ($750.00) since 4 Nov 2026. '
      + `Monthly budget, BilledCost, scope: account ${PAYMENTS_PROD}; 14 of 30 days counted, data through 14 Nov 2026.`;
    expect(body.summary).toBe(summary);
    expect(mail.mail.text!.replace(/\s+/g, ' ')).toContain(summary);

    const again = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--format', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).alerts[0].outcomes.map((o: { status: string }) => o.status)).toEqual(['already sent', 'already sent']);
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);
    const ledger = await sqlRows(s.db, 'SELECT kind, subject_key, threshold, channel, status, attempts FROM alert_sends ORDER BY channel');
    expect(ledger).toEqual([
      { kind: 'budget', subject_key: 'payments-prod/2026-11', threshold: 'actual:25', channel: `email:${TO}`, status: 'sent', attempts: '1' },
      { kind: 'budget', subject_key: 'payments-prod/2026-11', threshold: 'actual:25', channel: 'webhook:receiver', status: 'sent', attempts: '1' },
    ]);
    // The table's line counts alerts, not sends: a rerun has none due (it said "1 alert(s) due" over rows reading "already sent");
    // each row says when it went out, to the second, in one shape (it printed 01:54:52.33 beside 01:54:51.874).
    await writeNewGeneration(s.db, {}, async (store) => {
      await store.connection.run("UPDATE alert_sends SET recorded_at = CASE WHEN channel LIKE 'email:%' THEN TIMESTAMP '2026-12-07 01:54:52.33' ELSE TIMESTAMP '2026-12-07 01:54:51.874' END");
    });
    const table = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--wide');
    expect(table.code, table.stderr).toBe(0);
    const [headline, , , ...rows] = table.stdout.trimEnd().split('\n');
    expect(headline).toBe('0 alerts due, 1 already sent');
    expect(rows.slice(0, -1).map((r) => r.split(/ {2,}/).slice(2))).toEqual([
      [`email:${TO}`, 'already sent', 'sent 2026-12-07 01:54:52 UTC'],
      ['webhook:receiver', 'already sent', 'sent 2026-12-07 01:54:51 UTC'],
    ]);
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);
  });

  it('slack and teams webhooks get their payload shapes, with the drivers and the link', async () => {
    const s = fresh();
    const hooks = [{ name: 'slack', url: `${receiver.url}/slack`, format: 'slack' }, { name: 'teams', url: `${receiver.url}/teams`, format: 'teams' }];
    const withHooks = storeWithConfig(s.db, { ...(config() as object), alerts: { webhooks: hooks, topDrivers: 3, anomalyEvents: false } });
    dirs.push(withHooks.dir);
    const run = await cli(env(withHooks.db), 'alerts', 'check', '--config', withHooks.config);
    expect(run.code, run.stderr).toBe(0);
    const slack = JSON.parse(receiver.posts.find((p) => p.path === '/slack')!.body);
    expect(slack.text).toBe('Budget payments-prod (2026-11): spent 25% of $3,000.00');
    expect(slack.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    for (const d of topDrivers) expect(slack.blocks[2].text.text).toContain(d.label);
    expect(slack.blocks[2].text.text).toContain('*Top drivers* (1–14 Nov 2026 against 1–14 Oct 2026, usage, BilledCost: change $56.52)');
    expect(slack.blocks[2].text.text).toContain('\nPosted in the spans, not compared (fees, tax and credits post once a month, not by the day): recurring $86.30 → $83.52, tax $250.66 → $115.87');
    expect(slack.blocks[3].elements[0].url).toBe(`${PUBLIC}/#budget-status`);
    const teams = JSON.parse(receiver.posts.find((p) => p.path === '/teams')!.body);
    expect([teams.type, teams.attachments[0].contentType, teams.attachments[0].content.type]).toEqual(['message', 'application/vnd.microsoft.card.adaptive', 'AdaptiveCard']);
    const text = teams.attachments[0].content.body.map((b: { text: string }) => b.text).join('\n');
    for (const d of topDrivers) expect(text).toContain(d.label);
    expect(text).toContain('recurring $86.30 → $83.52, tax $250.66 → $115.87');
    expect(teams.attachments[0].content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in costlens', url: `${PUBLIC}/#budget-status` }]);
    expect(smtp.accepted).toEqual([]);
  });

  it('a run killed after the webhook got the alert, before its answer was recorded, is not followed by a second POST or e-mail', async () => {
    const s = fresh();
    const run = cliChild(env(s.db), 'alerts', 'check', '--config', s.config);
    receiver.respond = () => run.child.kill('SIGKILL'); // the POST arrived; the run dies before any answer
    const killed = await run.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);
    receiver.respond = (_p, res) => res.writeHead(200).end('ok');

    const next = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--format', 'json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/an earlier alerts check \(.+\) stopped while sending; its journal is now in the ledger: 1 sent, 1 UNKNOWN/);
    expect(JSON.parse(next.stdout).alerts[0].outcomes.map((o: { channel: string; status: string }) => [o.channel, o.status])).toEqual([[`email:${TO}`, 'already sent'], ['webhook:receiver', 'held back']]);
    const listed = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--dry-run');
    expect(listed.stdout.split('\n')[0]).toBe('0 alerts due, 1 held back (dry run: nothing sent)');
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);

    const resent = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--resend-unknown', '--format', 'json');
    expect(resent.code, resent.stderr).toBe(0);
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 2]);
  });

  it('a run killed the moment the mail server accepted the e-mail sends it never again; the webhook it never reached goes once', async () => {
    const s = fresh();
    const run = cliChild(env(s.db), 'alerts', 'check', '--config', s.config);
    const original = smtp.accepted.push.bind(smtp.accepted);
    smtp.accepted.push = (...items) => {
      const n = original(...items);
      run.child.kill('SIGKILL');
      return n;
    };
    try {
      const killed = await run.done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    } finally {
      smtp.accepted.push = original;
    }
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 0]);
    const next = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--format', 'json');
    expect(next.code, next.stderr).toBe(0);
    const [email, hook] = JSON.parse(next.stdout).alerts[0].outcomes;
    expect(['already sent', 'held back']).toContain(email.status);
    expect(hook.status).toBe('sent');
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);
    const again = await cli(env(s.db), 'alerts', 'check', '--config', s.config);
    expect(again.code, again.stderr).toBe(0);
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([1, 1]);
  });

  it('a webhook answering 500 fails its send: exit 1, the failed sends counted in words (it said "1 alert send(s) failed")', async () => {
    const s = fresh();
    receiver.respond = (_p, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
    const run = await cli(env(s.db), 'alerts', 'check', '--config', s.config);
    expect([run.code, run.stderr.split('\n').filter((line) => line.startsWith('costlens: '))]).toEqual([1, ['costlens: 1 alert send failed: webhook:receiver: HTTP 500: down']]);
  });

  it('--dry-run lists what is due and sends and writes nothing', async () => {
    const s = fresh();
    const run = await cli(env(s.db), 'alerts', 'check', '--config', s.config, '--dry-run', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).alerts[0].outcomes.map((o: { status: string }) => o.status)).toEqual(['would send', 'would send']);
    expect([smtp.accepted.length, receiver.posts.length]).toEqual([0, 0]);
    expect(await sqlRows(s.db, 'SELECT count(*) AS n FROM alert_sends')).toEqual([{ n: '0' }]);
  });

  it('the line above the table counts alerts in words: one alert, two alerts (it said "1 alert(s) due")', () => {
    const alert = (subjectKey: string) => ({ kind: 'budget', subjectKey, threshold: 'actual:25', title: subjectKey }) as AlertCandidate;
    const [a, b, c] = [alert('a/2026-11'), alert('b/2026-11'), alert('c/2026-11')];
    const channel = `email:${TO}`;
    const outcome = (x: AlertCandidate, status: 'sent' | 'already sent' | 'held back' | 'would send') => ({ alert: x, channel, status, detail: null });
    expect(alertCheckHeadline({ candidates: [a], channels: [channel], outcomes: [outcome(a, 'sent')] }, false)).toBe('1 alert due');
    expect(alertCheckHeadline({ candidates: [a, b, c], channels: [channel], outcomes: [outcome(a, 'would send'), outcome(b, 'would send'), outcome(c, 'already sent')] }, true))
      .toBe('2 alerts due, 1 already sent (dry run: nothing sent)');
    expect(alertCheckHeadline({ candidates: [], channels: [channel], outcomes: [] }, false)).toBe('0 alerts due');
  });
});
