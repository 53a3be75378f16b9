/**
 * The weekly e-mail says why each budget is not judged, on a FOCUS store of one $10.00 usage line a
 * day, 1 Sep – 25 Oct and 2–14 Nov 2026 (26 Oct – 1 Nov missing), with a monthly, a quarterly and an
 * annual budget, none of them judged. 2026-W46 (9–15 Nov) is as of the data horizon, 14 Nov, as
 * `costlens budgets` is: November lacks its 1st, the quarter the gap, the year 1 Jan – 31 Aug. One line
 * per budget after the table, in budget order, in the HTML part and the text part. 2026-W44 (26 Oct –
 * 1 Nov), every day of it in the gap, is refused: its e-mail was as of Sunday 1 Nov, a day not in the store.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { daysFrom, focusCsv } from '../helpers/focus-days.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { type BudgetsJson, budgetsCliJson, financeMail, htmlNotes, notJudgedLine, textNotes } from './budget-notes-mail.ts';
import { reportCli } from './helpers.ts';

const CONFIG = `report:
  ownerTagKey: team
  audiences:
    finance: [finance@example.com]
budgets:
  - name: org
    amount: 1000
  - name: q
    amount: 5000
    period: quarterly
  - name: y
    amount: 20000
    period: annual
`;

describe('the weekly e-mail\'s Budgets section on a store with a gap (26 Oct – 1 Nov 2026): why each budget is not judged', () => {
  let db: string;
  let config: string;

  beforeAll(async () => {
    // The FOCUS file's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    db = await cachedStoreOfFolder((folder) => {
      const csv = join(folder, 'focus.csv');
      focusCsv(csv, [...daysFrom('2026-09-01', '2026-10-25'), ...daysFrom('2026-11-02', '2026-11-14')]);
      return csv;
    });
    const dir = scratchDir();
    config = join(dir, 'costlens.config.yaml');
    writeFileSync(config, CONFIG);
  }, 120_000);

  describe('2026-W46, as of the data horizon (14 Nov): the lines of costlens budgets --format json', () => {
    let cli: BudgetsJson;
    let mail: ParsedMail;

    beforeAll(async () => {
      cli = await budgetsCliJson(db, config);
      mail = await financeMail(db, config, '2026-W46', scratchDir());
    }, 120_000);

    it('the CLI is as of the e-mail\'s day, and judges none of the three', () => {
      expect(cli.asOf).toBe('2026-11-14');
      expect(mail.text).toContain('as of 14 Nov 2026');
      expect(cli.budgets.map((b) => [b.name, b.judged])).toEqual([['org', false], ['q', false], ['y', false]]);
    });

    it('the text part: one line per budget after the table, in budget order', () => {
      expect(textNotes(mail)).toEqual(cli.budgets.map(notJudgedLine));
    });

    it('the HTML part: the same lines', () => {
      expect(htmlNotes(mail)).toEqual(cli.budgets.map(notJudgedLine));
    });
  });

  it('2026-W44 (26 Oct – 1 Nov), wholly in the gap, is refused (exit 4), naming the days either side: its e-mail was built as of Sunday 1 Nov, a day not in the store', async () => {
    const run = await reportCli(db, {}, 'weekly', '--week', '2026-W44', '--audience', 'finance', '--out', scratchDir(), '--config', config);
    expect([run.code, run.stderr]).toEqual([4, 'costlens: --week 2026-W44 (26 Oct – 1 Nov 2026) is in a gap of the store: its billing data runs to 25 Oct 2026 and resumes on 2 Nov 2026, '
      + 'none from 26 Oct to 1 Nov 2026, so the week has no day to report on\n  hint: give a week up to 2026-W43 or from 2026-W45 (costlens status lists each billing period and its days)\n']);
  });
});
