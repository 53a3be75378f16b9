/**
 * What was sent is shown where people look: after `costlens alerts check` sent the demo's anomaly
 * events, the Overview's "Alerts sent" card and both organisation e-mails (finance, engineering)
 * list each alert once, with its title and the channels it went out on, exactly as the alert
 * ledger in the store records them; before any send the card says how alerts are set up and the
 * e-mails carry no such section.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';
import { demoConfigs, readTruth, settled, startSmtp, type TestSmtp } from '../report/helpers.ts';
import { textTables } from '../report/text-tables.ts';
import { appOn, page } from '../server/helpers.ts';
import { cli, startReceiver, storeWithConfig, type Receiver } from './helpers.ts';

const PUBLIC = 'https://costlens.acme.example';
const now = () => new Date();

describe('the alert log on the Overview and in the finance and engineering e-mails', () => {
  const demoDir = inject('demoDir');
  let base: { dir: string; db: string };
  let sent: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let receiver: Receiver;
  let ledger: { kind: string; key: string; title: string; channels: string }[];

  beforeAll(async () => {
    base = await demoStoreCopy(demoDir, ['cur2']);
    smtp = await startSmtp();
    receiver = await startReceiver();
    sent = storeWithConfig(base.db, { alerts: { email: ['oncall@acme.example'], webhooks: [{ name: 'receiver', url: `${receiver.url}/hook` }] } });
    const env = { COSTLENS_DB: sent.db, COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <costlens@acme.example>', COSTLENS_PUBLIC_URL: PUBLIC, COSTLENS_MAIL_TRANSPORT: 'smtp' };
    const run = await cli(env, 'alerts', 'check', '--config', sent.config);
    expect(run.code, run.stderr).toBe(0);
    // The ledger, independently: every alert with a sent row, and on how many channels.
    ledger = (await sqlRows(sent.db, `SELECT kind, kind || ':' || subject_key || ':' || threshold AS key, arg_min(title, recorded_at) AS title,
        CAST(count(DISTINCT channel) AS VARCHAR) AS channels FROM alert_sends WHERE status = 'sent'
        GROUP BY kind, subject_key, threshold ORDER BY min(recorded_at) DESC, kind, subject_key, threshold`)) as typeof ledger;
    smtp.accepted.length = 0;
    smtp.received.length = 0;
  }, 600_000);
  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    for (const dir of [base?.dir, sent?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the check sent alerts (the premise): each on both channels', () => {
    // The demo's three anomaly events (search-prod from 28 Oct and on 4 Nov, security-tooling from 1 Nov).
    expect(ledger.map((a) => a.key)).toEqual(['anomaly:account:848183482749:2026-11-04:open', 'anomaly:account:475246489870:2026-11-01:open', 'anomaly:account:848183482749:2026-10-28:open']);
    expect(ledger.every((a) => a.kind === 'anomaly' && a.channels === '2')).toBe(true);
  });

  it('the Overview lists each sent alert once with its title and channels; an empty ledger says how to set alerts up', async () => {
    const html = await (await page(appOn(sent.db, { clock: now }), '/')).text();
    const card = html.slice(html.indexOf('id="alerts-sent"'), html.indexOf('</section>', html.indexOf('id="alerts-sent"')));
    expect([...card.matchAll(/data-alert="([^"]+)"/g)].map((m) => m[1])).toEqual(ledger.map((a) => a.key));
    for (const a of ledger) expect(card).toContain(a.title.replace(/&/g, '&amp;'));
    // The span is the 30 days up to the real clock: "on 1–30 Nov 2026" within a month, "from 8 Nov to 7 Dec 2026" across two.
    expect(card).toMatch(new RegExp(`${ledger.length} alert${ledger.length === 1 ? '' : 's'} sent (on \\d{1,2}–|from \\d{1,2} [A-Z][a-z]{2} to )`));

    const empty = await (await page(appOn(base.db, { clock: now }), '/')).text();
    expect(empty).toContain('id="alerts-sent"');
    expect(empty).toMatch(/No alert was sent (on \d{1,2}–|from \d{1,2} [A-Z][a-z]{2} to )/);
    expect(empty).toContain('<code>costlens alerts check</code>');
  });

  it('the finance and engineering e-mails carry "Alerts sent" with every alert and a link to the Overview card', async () => {
    const transport = smtpTransport(smtp.url);
    try {
      await runWeeklyReport({
        storePath: sent.db,
        configs: demoConfigs(readTruth(demoDir), { publicUrl: PUBLIC, audiences: { finance: ['finance@acme.example'], engineering: ['platform@acme.example'], teams: {} } }),
        catalogue: loadInstanceCatalogue(), audience: 'all', send: { transport, from: 'finops@acme.example', force: false },
      });
    } finally {
      transport.close();
    }
    const mails = await settled(smtp, 2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['finance@acme.example', 'platform@acme.example']);
    for (const m of mails) {
      const text = m.mail.text!;
      const section = text.slice(text.indexOf('Alerts sent'));
      expect(section, m.to[0]).toMatch(new RegExp(`^Alerts sent\\n[^\\n]*\\n*${ledger.length} alerts? went out since `));
      // The alerts table, its cells read back whole where they wrap within 78 columns.
      const titles = textTables(section)[0].rows.map((row) => row[0]);
      for (const a of ledger) expect(titles).toContain(a.title);
      expect(section).toContain(`${PUBLIC}/#alerts-sent`);
    }
  }, 600_000);
});
