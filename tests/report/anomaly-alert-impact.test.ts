/**
 * An anomaly alert shows the event's impact as the weekly e-mail and the Overview show it (since
 * 2556d27): spend and expected each rounded once to the cent, the impact their difference; not the
 * exact impact rounded on its own, a cent away when the two round apart. On the demo, counting every
 * charge (`anomalies.charges: all`), the account 475246489870 dropped from 2 to 6 Nov 2026: spend
 * 98.894… ($98.89) against 153.948… ($153.95) expected, so the alert reads −$55.06 (not −$55.05,
 * the exact −55.0539… rounded alone) in its title and summary, in the e-mail and in every webhook
 * format. The event's drivers now split that same change (explain/shown-cents.ts: the total's old
 * and new cost each rounded once, its change their difference; the rest after the listed drivers
 * is what it leaves), so the event's impact in cents and the machine JSON's `drivers.total` are
 * −55.06 as well, the listed drivers and the rest add up to it, and the summary no longer names a
 * second total ("Its drivers add up to the exact impact rounded once, −$55.05" is gone). `amount`
 * and `facts` stay exact. The title names the drop's size unsigned and when the event ran, `drop of
 * $55.06 from 2 Nov (ended 6 Nov)` (it read `drop of −$55.06 since 2026-11-02`); the summary keeps
 * the signed impact, −$55.06. The terminal table of `costlens alerts check` writes a title's signed
 * money as every CLI table does, `change of -$55.06` (it printed the message's `−$55.06`).
 * Spend and expected are computed here with SQL: the account's daily BilledCost over the event's
 * days, and each day's median of its 28 trailing days.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnomalyEvent } from '../../src/analyze/anomalies/index.ts';
import { alertCheckTable } from '../../src/cli/alerts-output.ts';
import { renderTable } from '../../src/lib/table.ts';
import type { AlertCandidate } from '../../src/report/alerts-source.ts';
import { anomaliesLayoutSection } from '../../src/report/anomalies-section.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';
import { cli, startReceiver, storeWithConfig, type Receiver } from '../alerts/helpers.ts';
import { centsOf, settled, startSmtp, usd, type Received, type TestSmtp } from './helpers.ts';

const TO = 'oncall@acme.example';
const EVENT = 'account:475246489870:2026-11-02';
const ACCOUNT = '475246489870';

describe('an anomaly alert\'s impact is spend − expected as shown, as in the weekly e-mail and on the Overview', () => {
  let base: { dir: string; db: string };
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let receiver: Receiver;
  let event: AnomalyEvent;
  let mail: Received;
  const posts: Record<string, { title?: string; summary?: string; amount?: string; drivers?: { total: string; top: { change: string }[]; rest: { drivers: number; change: string } | null }; facts?: Record<string, string>; text?: string; blocks?: { text?: { text: string } }[]; attachments?: { content: { body: { text: string }[] } }[] }> = {};
  /** SQL: the event's spend and expected, each rounded once, and its exact impact rounded alone. */
  let figures: { spend: bigint; expected: bigint; exactImpact: bigint; actual: string };

  beforeAll(async () => {
    base = await demoStoreCopy(inject('demoDir'), ['cur2']);
    smtp = await startSmtp();
    receiver = await startReceiver();
    const hooks = ['json', 'slack', 'teams'].map((format) => ({ name: format, url: `${receiver.url}/${format}`, format }));
    store = storeWithConfig(base.db, { anomalies: { charges: 'all' }, alerts: { email: [TO], webhooks: hooks, topDrivers: 3 } });
    const env = { COSTLENS_DB: store.db, COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <costlens@acme.example>', COSTLENS_MAIL_TRANSPORT: 'smtp' };
    const listed = await cli(env, 'anomalies', '--config', store.config, '--format', 'json', '--top', '3');
    expect(listed.code, listed.stderr).toBe(0);
    event = (JSON.parse(listed.stdout) as { events: AnomalyEvent[] }).events.find((e) => e.id === EVENT)!;
    expect(event, `the event ${EVENT}`).toBeDefined();
    const run = await cli(env, 'alerts', 'check', '--config', store.config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const mails = await settled(smtp, (JSON.parse(run.stdout) as { alerts: unknown[] }).alerts.length);
    mail = mails.find((m) => m.mail.headers.get('x-costlens-report') === `alert:anomaly ${EVENT} open`)!;
    for (const post of receiver.posts) {
      const body = JSON.parse(post.body);
      const title = body.title ?? body.text ?? body.attachments?.[0].content.body[0].text;
      if (String(title).includes(ACCOUNT)) posts[post.path.slice(1)] = body;
    }
    const [row] = await sqlRows(store.db, `WITH daily AS (
        SELECT CAST(ChargePeriodStart AS DATE) AS d, sum(BilledCost) AS s FROM line_items WHERE SubAccountId = '${ACCOUNT}' GROUP BY 1),
      days AS (SELECT d, s, (SELECT median(t.s) FROM daily t WHERE t.d >= e.d - 28 AND t.d < e.d) AS m FROM daily e WHERE d BETWEEN DATE '2026-11-02' AND DATE '2026-11-06')
      SELECT CAST(sum(s) AS VARCHAR) AS actual, CAST(round(sum(s), 2) AS VARCHAR) AS spend, CAST(round(sum(m), 2) AS VARCHAR) AS expected,
        CAST(round(sum(s) - sum(m), 2) AS VARCHAR) AS impact FROM days`);
    figures = { spend: centsOf(row.spend), expected: centsOf(row.expected), exactImpact: centsOf(row.impact), actual: row.actual! };
  }, 600_000);

  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    for (const dir of [base?.dir, store?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the premise: the event spent $98.89 against $153.95 expected, whose difference (−$55.06) is a cent from the exact impact rounded alone (−$55.05); the event\'s impact in cents is that difference', () => {
    expect([figures.spend, figures.expected, figures.exactImpact]).toEqual([9889n, 15395n, -5505n]);
    expect([event.start, event.lastDay, event.actual, centsOf(event.parts.change)]).toEqual(['2026-11-02', '2026-11-06', figures.actual, figures.spend - figures.expected]);
    expect(event.parts.change).toBe('-55.06');
  });

  it('the e-mail\'s subject names a drop of $55.06 from 2 Nov (ended 6 Nov); its summary and drivers\' total read −$55.06, as the weekly e-mail\'s anomalies table does; no second total is named', () => {
    const shown = usd(figures.spend - figures.expected);
    expect(shown).toBe('−$55.06');
    expect(mail.mail.subject).toBe(`[costlens] Anomaly: security-tooling (${ACCOUNT}) drop of ${usd(figures.expected - figures.spend)} from 2 Nov (ended 6 Nov)`);
    const text = mail.mail.text!.replace(/\s+/g, ' ');
    expect(text).toContain(`spent ${usd(figures.spend)} against ${usd(figures.expected)} expected (5 days, `);
    expect(text).toContain(`an impact of ${shown}, above its noise floor of $25.00. Top drivers`);
    expect(text).not.toContain('Its drivers add up to');
    expect(text).not.toMatch(/[−-]\$55\.05/);
    // The drivers table's change and total, as the e-mail writes money in tables (-$55.06).
    expect(text).toContain(': change -$55.06. ');
    expect(text).toMatch(/ Total -\$55\.06 /);
    // The weekly e-mail's anomalies table, on the same event.
    const table = anomaliesLayoutSection({ events: [event], belowFloor: 0, lastJudged: '2026-11-11', noDayExamined: null, notJudged: '', judged: { days: 7, first: '2026-11-02', last: '2026-11-08' }, baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 }, starts: '' }, '2026-W45').tables[0];
    expect(table.rows[0].slice(2, 5)).toEqual([usd(figures.spend), usd(figures.expected), shown]);
  });

  it('every webhook format carries the same title and summary; the json payload keeps amount and facts exact, and drivers.total is the impact shown, which the listed drivers and the rest add up to', () => {
    const { json, slack, teams } = posts;
    expect(json.title).toContain('drop of $55.06 from 2 Nov (ended 6 Nov)');
    expect(json.summary).toContain('spent $98.89 against $153.95 expected');
    expect(json.summary).toContain('an impact of −$55.06');
    expect(slack.text).toBe(json.title);
    expect(slack.blocks![1].text!.text).toBe(json.summary);
    expect(teams.attachments![0].content.body.slice(0, 2).map((b) => b.text)).toEqual([json.title, json.summary]);
    expect([json.amount, json.facts!.actual, json.facts!.expected, json.facts!.impact]).toEqual([event.impact, figures.actual, event.expected, event.impact]);
    expect(centsOf(json.drivers!.total)).toBe(figures.spend - figures.expected);
    const { top, rest } = json.drivers!;
    expect(top.length).toBe(3);
    expect(rest).not.toBeNull();
    expect([...top.map((d) => d.change), rest!.change].reduce((s, c) => s + centsOf(c), 0n)).toBe(figures.spend - figures.expected);
  });

  it('the terminal table of alerts check writes a title\'s signed money as CLI tables do, -$55.06; the messages keep the true minus sign', () => {
    expect(figures.spend - figures.expected).toBe(-5506n);
    expect(posts.json.title).not.toContain('−');
    // A mixed event's title names a signed change; the same event, were it mixed:
    const mixed = posts.json.title!.replace('drop of $55.06', `change of ${usd(figures.spend - figures.expected)}`);
    expect(mixed).toContain('change of −$55.06 from 2 Nov (ended 6 Nov)');
    const alerts = [posts.json.title!, mixed].map((title) => ({ kind: 'anomaly', subjectKey: EVENT, threshold: 'open', title }) as AlertCandidate);
    const table = alertCheckTable({ candidates: alerts, channels: ['webhook:json'], outcomes: alerts.map((alert) => ({ alert, channel: 'webhook:json', status: 'sent', detail: null })) });
    expect(table.rows).toEqual([[posts.json.title, 'open', 'webhook:json', 'sent', null], [mixed.replace('−$55.06', '-$55.06'), 'open', 'webhook:json', 'sent', null]]);
    const text = renderTable(table, 'table');
    expect(text).toContain('drop of $55.06 from 2 Nov (ended 6 Nov)');
    expect(text).toContain('change of -$55.06 from 2 Nov (ended 6 Nov)');
    expect(text).not.toContain('−');
  });
});
