/** `costlens report weekly` from the command line: --out, --to, --send, the ledger, and its usage errors. */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlRows } from '../helpers/cli.ts';
import { addLedgerTable, centsOf, demoStore, ledgerRows, reportCli, settled, startSmtp, usd, type TestSmtp } from './helpers.ts';

describe('costlens report weekly', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    env = { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <finops@acme.example>' };
  });

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('--out writes each audience as .eml and a self-contained .html, and sends nothing', async () => {
    const out = join(store.dir, 'out');
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W44', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2026-W44-engineering.eml', '2026-W44-engineering.html', '2026-W44-finance.eml', '2026-W44-finance.html']);
    const [week] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS e
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-26' AND ChargePeriodStart < TIMESTAMP '2026-11-02'`);
    const eml = await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')));
    expect(eml.to).toBeUndefined();
    expect(eml.subject).toMatch(new RegExp(`^\\[costlens\\] Finance weekly 2026-W44 \\(26 Oct – 1 Nov 2026\\): ${usd(centsOf(week.b)).replace('$', '\\$')} billed, `));
    expect(eml.text).toMatch(new RegExp(`\\nEffectiveCost  +${usd(centsOf(week.e)).replace('$', '\\$')}  `));
    const html = readFileSync(join(out, '2026-W44-finance.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<style|cid:|https?:\/\//i);
    expect(html.match(/<img src="data:image\/png;base64,/g)?.length).toBe(3);
    expect(run.stdout).toContain(`  finance: ${eml.subject}\n    to: (no recipients configured)\n    wrote ${join(out, '2026-W44-finance.eml')}\n`);
    expect(smtp.received.length).toBe(0);
  });

  it('labels an unfinished week and its provisional days, and still sums exactly the days it has', async () => {
    const out = join(store.dir, 'out-w46');
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W46', '--audience', 'finance', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const [week] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(max(ChargePeriodStart) AS VARCHAR) AS last
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-09' AND ChargePeriodStart < TIMESTAMP '2026-11-16'`);
    const [before] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-02' AND ChargePeriodStart < TIMESTAMP '2026-11-09'`);
    expect(week.last).toBe('2026-11-14 23:00:00');
    const [now, prev] = [centsOf(week.b), centsOf(before.b)];
    const tenths = ((prev - now) * 2000n + prev) / (2n * prev);
    expect(now < prev).toBe(true);
    const eml = await simpleParser(readFileSync(join(out, '2026-W46-finance.eml')));
    expect(eml.subject).toMatch(new RegExp(`^\\[costlens\\] Finance weekly 2026-W46 \\(9–15 Nov 2026\\): ${usd(centsOf(week.b)).replace('$', '\\$')} billed, −${tenths / 10n}\\.${tenths % 10n}% vs last week \\[incomplete week\\]$`));
    const alerts = eml.text!.split('\n\n').filter((p) => p.startsWith('! ')).map((p) => p.replace(/\n/g, ' '));
    expect(alerts).toEqual([
      '! Incomplete week: the store has billing data up to 14 Nov 2026; 15 Nov is not in it yet, so this week is compared unfinished.',
      '! Provisional: 12 Nov, 13 Nov, 14 Nov are among the last days of billing data, which AWS may still restate; their figures can change.',
    ]);
    expect(eml.text).toContain('From 1 Nov to 14 Nov 2026 (3 provisional day(s) included).');
  });

  it('--send --to delivers to the given addresses instead of the configured ones; the ledger stops a second send until --force', async () => {
    const args = ['weekly', '--audience', 'finance', '--to', 'cfo@acme.example', '--to', 'controller@acme.example', '--send', '--config', store.config];
    const sent = await reportCli(store.db, env, ...args);
    expect(sent.code, sent.stderr).toBe(0);
    await settled(smtp, 1);
    expect(smtp.received.map((m) => [m.from, m.to])).toEqual([['finops@acme.example', ['cfo@acme.example', 'controller@acme.example']]]);
    expect((smtp.received[0].mail.to as AddressObject).text).toBe('cfo@acme.example, controller@acme.example');
    expect(sent.stdout).toContain('    to: cfo@acme.example, controller@acme.example\n    sent 2, already sent 0, failed 0\n');

    const again = await reportCli(store.db, env, ...args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('    sent 0, already sent 2, failed 0\n');
    expect(again.stderr).toContain('costlens report: finance → cfo@acme.example: already sent for 2026-W45 (send ledger); --force sends it again\n');
    expect(smtp.received.length).toBe(1);

    const forced = await reportCli(store.db, env, ...args, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    await settled(smtp, 2);
    expect(smtp.received.map((m) => m.to)).toEqual([['cfo@acme.example', 'controller@acme.example'], ['cfo@acme.example', 'controller@acme.example']]);
    expect((await ledgerRows(store.db)).map((r) => [r.audience, r.recipient, r.status, r.forced])).toEqual([
      ['finance', 'cfo@acme.example', 'sent', 'false'], ['finance', 'controller@acme.example', 'sent', 'false'],
      ['finance', 'cfo@acme.example', 'sent', 'true'], ['finance', 'controller@acme.example', 'sent', 'true'],
    ]);
  });

  it('refuses what it cannot do, with one line and a hint, before touching the store or the mail server', async () => {
    const cases: [string[], Record<string, string>, number, string][] = [
      [['weekly', '--week', '2026-W54'], {}, 2, 'costlens: --week 2026-W54: 2026 has no ISO week 54'],
      [['weekly', '--week', '2026-45'], {}, 2, 'costlens: --week must be an ISO week YYYY-Www (e.g. 2026-W45); got "2026-45"'],
      [['weekly', '--audience', 'sales'], {}, 2, 'costlens: --audience must be finance, engineering, team:NAME or all; got "sales"'],
      [['weekly', '--force'], {}, 2, 'costlens: report: --force only applies with --send'],
      [['monthly'], {}, 2, 'costlens: report: expected the report name "weekly"; got "monthly"'],
      [['weekly', '--to', 'not-an-address', '--out', store.dir], {}, 2, 'costlens: --to: "not-an-address" is not an e-mail address'],
      [['weekly', '--send'], { COSTLENS_SMTP_URL: '', COSTLENS_MAIL_FROM: '' }, 3, 'costlens: report --send needs COSTLENS_SMTP_URL'],
      [['weekly', '--send'], { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: '' }, 3, 'costlens: report --send needs COSTLENS_MAIL_FROM'],
      [['weekly', '--send'], { COSTLENS_SMTP_URL: 'http://mail.example', COSTLENS_MAIL_FROM: 'a@b.example' }, 3, 'costlens: COSTLENS_SMTP_URL must start with smtp:// or smtps://; got http://'],
      [['weekly', '--send', '--audience', 'team:payments'], env, 2, 'costlens: no recipients for team:payments'],
    ];
    for (const [args, extra, code, line] of cases) {
      const run = await reportCli(store.db, extra, ...args);
      expect([run.code, run.stderr.split('\n')[0]], args.join(' ')).toEqual([code, line]);
      expect(run.stderr.split('\n')[1], args.join(' ')).toMatch(/^ {2}hint: |^$/);
    }
    expect(smtp.received.length).toBe(2);
  });
});
