/**
 * The weekly e-mail says why a budget is not judged. On the demo (data 1 Sep – 14 Nov 2026), the
 * finance e-mail of 2026-W46 (9–15 Nov) is as of the data horizon, 14 Nov, as `costlens budgets`
 * is by default; of three budgets, the annual one is not judged (1 Jan – 31 Aug 2026 are not in the
 * store). After the Budgets table, in the HTML part and the text part, one line per budget not
 * judged gives its coverage and reason in the words `costlens budgets --format json` gives them
 * (`name: coverage; notJudged.`), the very line `costlens budgets` prints under its table and the
 * Overview's card under its own; a budget judged gets none.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { type BudgetsJson, budgetsCliJson, financeMail, htmlNotes, notJudgedLine, textNotes } from './budget-notes-mail.ts';
import { demoStore } from './helpers.ts';

const BUDGETS = [
  { name: 'org-2026', amount: 500000, period: 'annual' },
  { name: 'payments-prod', amount: 3000, scope: { accounts: ['730604943011'] } },
  { name: 'q', amount: 30000, period: 'quarterly' },
];

describe('the weekly e-mail\'s Budgets section on the demo, 2026-W46: why the annual budget is not judged', () => {
  let db: string;
  let config: string;
  let cli: BudgetsJson;
  let mail: ParsedMail;

  beforeAll(async () => {
    const store = await demoStore(inject('demoDir'));
    db = store.db;
    config = store.config;
    const attribution = JSON.parse(readFileSync(config, 'utf8')).attribution;
    writeFileSync(config, JSON.stringify({ attribution, budgets: BUDGETS, report: { ownerTagKey: 'team', audiences: { finance: ['finance@acme.example'] } } }));
    cli = await budgetsCliJson(db, config);
    mail = await financeMail(db, config, '2026-W46', scratchDir());
  }, 300_000);

  it('the CLI and the e-mail are as of the same day; only the annual budget is not judged', () => {
    expect(cli.asOf).toBe('2026-11-14');
    expect(mail.text).toContain('as of 14 Nov 2026');
    expect(cli.budgets.map((b) => [b.name, b.judged])).toEqual([['org-2026', false], ['payments-prod', true], ['q', true]]);
  });

  it('the text part: after the table, the annual budget\'s line, as costlens budgets prints it', async () => {
    const lines = cli.budgets.filter((b) => !b.judged).map(notJudgedLine);
    expect(textNotes(mail)).toEqual(lines);
    const table = await costlens(db, 'budgets', '--config', config);
    expect(table.code, table.stderr).toBe(0);
    for (const line of lines) expect(table.stdout.split('\n')).toContain(line);
  });

  it('the HTML part: the same line, after the table', () => {
    expect(htmlNotes(mail)).toEqual(cli.budgets.filter((b) => !b.judged).map(notJudgedLine));
  });
});
