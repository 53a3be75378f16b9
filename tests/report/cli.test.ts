/**
 * `costlens report weekly` from the command line: --out, --to, --send, the ledger, and its usage errors.
 * The two --out runs (read-only on the store, no mail server) run side by side; the sends after them.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlRows } from '../helpers/cli.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import { addLedgerTable, centsOf, ledgerRows, pct, reportCli, settled, startSmtp, unitsOf, usd, type TestSmtp } from './helpers.ts';
import { textRow } from './text-tables.ts';

describe('costlens report weekly', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await recentDemoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    env = { COSTLENS_SMTP_URL: smtp.url, COSTLENS_MAIL_FROM: 'costlens <finops@acme.example>' };
  });

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it.concurrent('--out writes each audience as .eml and a self-contained .html, and sends nothing', async ({ expect }) => {
    const out = join(store.dir, 'out');
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W44', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2026-W44-engineering.eml', '2026-W44-engineering.html', '2026-W44-finance.eml', '2026-W44-finance.html']);
    const [week] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS e
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-26' AND ChargePeriodStart < TIMESTAMP '2026-11-02'`);
    const eml = await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')));
    expect(eml.to).toBeUndefined();
    expect(eml.subject).toMatch(new RegExp(`^\\[costlens\\] Finance weekly 2026-W44 \\(26 Oct – 1 Nov 2026\\): ${usd(centsOf(week.b)).replace('$', '\\$')} billed, `));
    expect(eml.text).toMatch(new RegExp(`\\nTotal EffectiveCost  +${usd(centsOf(week.e)).replace('$', '\\$')}  `));
    expect(eml.text!.replace(/\s+/g, ' ')).toMatch(/; usage was \$[\d,]+\.\d\d, [+−]\$[\d,]+\.\d\d \([+−][\d.]+%\) against the same days of the week before, /);
    const html = readFileSync(join(out, '2026-W44-finance.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|cid:|https?:\/\//i);
    expect(html.match(/<img src="data:image\/png;base64,/g)?.length).toBe(3);
    expect(run.stdout).toContain(`  finance: ${eml.subject}\n    to: (no recipients configured)\n    wrote ${join(out, '2026-W44-finance.eml')}\n`);
    expect(smtp.received.length).toBe(0);
  });

  it.concurrent('labels an unfinished week and its provisional days, and still sums exactly the days it has', async ({ expect }) => {
    const out = join(store.dir, 'out-w46');
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W46', '--audience', 'finance', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const [week] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(max(ChargePeriodStart) AS VARCHAR) AS last
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-09' AND ChargePeriodStart < TIMESTAMP '2026-11-16'`);
    // The subject compares usage (usage lines of at most a day), the week's total is every charge.
    const usage = `x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`;
    const [usageNow] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(sum(BilledCost) AS VARCHAR) AS x
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-09' AND ChargePeriodStart < TIMESTAMP '2026-11-16' AND ${usage}`);
    // The week holds Monday to Saturday: it is compared with Monday to Saturday of the week before.
    const [before] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b, CAST(sum(BilledCost) AS VARCHAR) AS x
      FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-02' AND ChargePeriodStart < TIMESTAMP '2026-11-08' AND ${usage}`);
    expect(week.last).toBe('2026-11-14 23:00:00');
    const [now, prev] = [centsOf(usageNow.b), centsOf(before.b)];
    // Change and percent as the report writes them: the change of the cents shown; the percent of the exact amounts, its sign, then
    // the tenths of a percent rounded once, half away from zero (src/lib/percent-change.ts).
    const diff = now - prev;
    const percent = pct(unitsOf(usageNow.x), unitsOf(before.x));
    const sign = diff < 0n ? '−' : '+';
    const eml = await simpleParser(readFileSync(join(out, '2026-W46-finance.eml')));
    expect(eml.subject).toMatch(new RegExp(`^\\[costlens\\] Finance weekly 2026-W46 \\(9–15 Nov 2026\\): ${usd(centsOf(week.b)).replace('$', '\\$')} billed, usage ${percent.replace('+', '\\+')} vs last week \\[incomplete week\\]$`));
    const alerts = eml.text!.split('\n\n').filter((p) => p.startsWith('! ')).map((p) => p.replace(/\n/g, ' '));
    expect(alerts).toEqual([
      "! Incomplete week: the store has billing data up to 14 Nov 2026; 15 Nov 2026 is not in it yet, so this week's days are compared with the same days of the weeks before.",
      '! Provisional: 12–14 Nov 2026, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays); their figures can change.',
    ]);
    expect(eml.text).toContain('The days counted: 1–14 Nov 2026 (3 provisional days included).');
    expect(eml.text!.replace(/\s+/g, ' ')).toContain(`; usage was ${usd(now)}, ${sign}${usd(diff < 0n ? -diff : diff)} (${percent}) against the same 6 days of the week before (2–7 Nov 2026), `);
    expect(eml.text!.replace(/\s+/g, ' ')).toContain('the days compared: 9–14 Nov 2026 against 2–7 Nov 2026');
    // The totals, the coverage paragraph and the trend's last week read the same six days (the coverage, their usage).
    expect(eml.text!.replace(/\s+/g, ' ')).toContain('Week 2026-W46: charges of 9–14 Nov 2026 (UTC day');
    expect(textRow(eml.text!, '2026-W46 (6 of 7 days)')?.[1]).toBe(usd(now));
    expect(eml.text!.replace(/\s+/g, ' ')).toMatch(new RegExp(` of \\${usd(now)} of usage carried no cost-center tag this week`));
    // The average is of the same six days of each week before wholly in the store (from 19 Oct, its first day): W43–W45.
    expect(eml.text!.replace(/\s+/g, ' ')).toContain(' against the 3-week average (Mon–Sat of each week of 19 Oct – 8 Nov 2026) of $');
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

  it('refuses a COSTLENS_MAIL_FROM with CR/LF or that is not one address, naming the variable, before any envelope is written', async () => {
    const before = smtp.received.length;
    const rcptsBefore = smtp.rcpts.length;
    const ledgerBefore = await ledgerRows(store.db);
    const cases: [string, string][] = [
      ['costlens <finops@acme.example>\r\nBcc: x@evil.example',
        'costlens: COSTLENS_MAIL_FROM contains a carriage return (CR) at character 31 ("costlens <finops@acme.example>\\r\\nBcc: x@evil.example"): it must be one address on one line'],
      ['finops@acme.example\r\n<attacker@evil.example>',
        'costlens: COSTLENS_MAIL_FROM contains a carriage return (CR) at character 20 ("finops@acme.example\\r\\n<attacker@evil.example>"): it must be one address on one line'],
      ['finops@acme.example\n', 'costlens: COSTLENS_MAIL_FROM contains a line feed (LF) at character 20 ("finops@acme.example\\n"): it must be one address on one line'],
      ['finops@acme.example\u0000', 'costlens: COSTLENS_MAIL_FROM contains the control character U+0000 at character 20 ("finops@acme.example\\u0000"): it must be one address on one line'],
      ['finops@acme.example, attacker@evil.example', 'costlens: COSTLENS_MAIL_FROM must be exactly one e-mail address; got "finops@acme.example, attacker@evil.example"'],
      ['Finance Team', 'costlens: COSTLENS_MAIL_FROM must be exactly one e-mail address; got "Finance Team"'],
      ['Team: a@acme.example, b@acme.example;', 'costlens: COSTLENS_MAIL_FROM must be exactly one e-mail address; got "Team: a@acme.example, b@acme.example;"'],
    ];
    for (const [from, line] of cases) {
      for (const mode of [['--send'], ['--out', join(store.dir, 'out-bad-from')]]) {
        const run = await reportCli(store.db, { ...env, COSTLENS_MAIL_FROM: from }, 'weekly', '--audience', 'finance', '--to', 'cfo@acme.example', ...mode, '--config', store.config);
        expect([run.code, run.stderr.split('\n')[0]], `${JSON.stringify(from)} ${mode[0]}`).toEqual([3, line]);
        expect(run.stderr.split('\n')[1]).toBe('  hint: COSTLENS_MAIL_FROM is one sender address on one line, optionally with a display name: e.g. COSTLENS_MAIL_FROM="costlens <finops@example.com>"');
      }
    }
    expect(smtp.received.length).toBe(before);
    expect(smtp.rcpts.length).toBe(rcptsBefore);
    expect(await ledgerRows(store.db)).toEqual(ledgerBefore);
    expect(existsSync(join(store.dir, 'out-bad-from'))).toBe(false);
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
    const typo = await reportCli(store.db, {}, 'weekly', '--audience', 'financ');
    expect([typo.code, ...typo.stderr.split('\n').slice(0, 2)]).toEqual([2, 'costlens: --audience must be finance, engineering, team:NAME or all; got "financ"',
      '  hint: did you mean "finance"? team:NAME takes the owner tag value as attribution names it, e.g. team:payments']);
    expect(smtp.received.length).toBe(2);
  });
});
