/**
 * The weekly e-mail says why a budget judged with no forecast has none. On the demo (charge days
 * 1 Sep – 14 Nov 2026), 2026-W38 (14–20 Sep) is as of Sunday 20 Sep. The AWS Support budget is
 * judged (every day of September up to the 20th is in the store) but has no forecast: its scope
 * has no usage to project, and the fees and tax still expected come from the month before, August,
 * which is not in the store — so its `forecast:100` threshold is not judged. Before, the e-mail's
 * table read "100 % forecast not judged" with no reason anywhere; now one line after the table says
 * it, in the words `costlens budgets` and the Overview's card use (budgetsNotes, as of the same
 * day), in the HTML part and the text part of the finance and engineering e-mails, in budget order
 * with the line of the budget not judged. A budget with a forecast gets no line. A budget whose
 * scope names a service the bill does not hold (a typo) gets `costlens budgets`' line saying so and
 * how names are matched (before, the e-mail left it out).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { budgetsNotes, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { htmlNotes, textNotes } from './budget-notes-mail.ts';
import { centsOf, demoStore, reportCli, usd } from './helpers.ts';
import { textRow } from './text-tables.ts';

const SUPPORT = 'AWS Support (Business)';
const BUDGETS = [
  { name: 'org', amount: 60000 },
  { name: 'support', amount: 2000, scope: { services: [SUPPORT] } },
  { name: 'y', amount: 400000, period: 'annual' },
  { name: 'typo', amount: 500, scope: { services: ['Amazon Elastic Compute Clod'] } },
];
const BEGINS = "the store's billing data begins on 1 Sep 2026";
const SUPPORT_LINE = `support: no forecast: no usage in scope in the 20 days of its fit window the store holds (1–20 Sep 2026) to project, and no recurring fees or tax expected: the month before (Aug 2026) is not in the store: ${BEGINS}; forecast:100 is not judged.`;
const TYPO_LINES = [
  `typo: no forecast: no usage in scope in the 20 days of its fit window the store holds (1–20 Sep 2026) to project, and no recurring fees or tax expected: the month before (Aug 2026) is not in the store: ${BEGINS}; forecast:100 is not judged.`,
  'typo: no line item on 1–20 Sep 2026 matches its scope (service Amazon Elastic Compute Clod); services are matched by ServiceName (e.g. "Amazon Elastic Compute Cloud") '
    + 'or product code (AmazonEC2), accounts by SubAccountId, tags as attribution reads them: costlens sql "SELECT DISTINCT ServiceName, x_ProductCode FROM line_items" lists the names the store holds.',
];
const YEAR_LINE = `y: 2026: 20 of its 365 days in the store (1–20 Sep 2026); 1 Jan – 31 Aug 2026 are not in the store: ${BEGINS}, and a day not in the store is missing data, not $0 of spend: no threshold is judged and no forecast made.`;

describe('the weekly e-mail\'s Budgets section, 2026-W38 on the demo: why a judged budget has no forecast', () => {
  let db: string;
  let mail: Record<'finance' | 'engineering', ParsedMail>;
  let notes: string[];

  beforeAll(async () => {
    const store = await demoStore(inject('demoDir'));
    db = store.db;
    const attribution = JSON.parse(readFileSync(store.config, 'utf8')).attribution;
    writeFileSync(store.config, JSON.stringify({ attribution, budgets: BUDGETS }));
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2026-W38', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const read = (audience: string) => simpleParser(readFileSync(join(out, `2026-W38-${audience}.eml`)));
    mail = { finance: await read('finance'), engineering: await read('engineering') };
    const model = await withEngine(db, (engine) => evaluateBudgets(engine, parseConfig({ budgets: BUDGETS }), { asOf: '2026-09-20' }));
    notes = budgetsNotes(model);
  }, 300_000);

  it('the Support scope has no usage in the 28 days to 20 Sep and the store begins on 1 Sep (August, the month before, is not in it)', async () => {
    const [row] = await sqlRows(db, `SELECT CAST(CAST(min(ChargePeriodStart) AS DATE) AS VARCHAR) AS first,
        count(*) FILTER (WHERE ServiceName = '${SUPPORT}' AND x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2026-08-24' AND ChargePeriodStart < TIMESTAMP '2026-09-21') AS usage_lines
      FROM line_items`);
    expect([row.first, row.usage_lines]).toEqual(['2026-09-01', '0']);
  });

  it('`costlens budgets`\' notes as of 20 Sep: the annual budget is not judged, Support has no forecast, org has one, a misspelt service matches no line item', () => {
    expect(notes).toEqual([SUPPORT_LINE, YEAR_LINE, ...TYPO_LINES]);
  });

  it('the table: Support\'s actual as DuckDB sums it, no forecast, its forecast threshold "not judged"', async () => {
    const [{ actual }] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS actual FROM line_items
      WHERE ServiceName = '${SUPPORT}' AND ChargePeriodStart >= TIMESTAMP '2026-09-01' AND ChargePeriodStart < TIMESTAMP '2026-09-21'`);
    const row = textRow(mail.finance.text!, 'support (2026-09, 20 of 30 days)')!;
    expect(row[0]).toBe('support (2026-09, 20 of 30 days)');
    expect(row[1]).toBe(usd(centsOf(actual)));
    expect([row[2], row[4]]).toEqual(['$2,000.00', '–']);
    // In the Overview card's words (it read "100 % forecast not judged").
    expect(row.at(-1)).toMatch(/(?:^|; )100% forecast not judged$/);
  });

  for (const audience of ['finance', 'engineering'] as const) {
    it(`${audience}: after the table, the text part and the HTML part give the lines costlens budgets gives, in budget order`, () => {
      expect(textNotes(mail[audience])).toEqual(notes);
      expect(htmlNotes(mail[audience])).toEqual(notes);
    });
  }
});
