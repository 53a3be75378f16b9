/**
 * A week of $0.00 against a week of $0.00 did not change: the subject, the headline and the totals
 * table say "unchanged", where they said "new" (as if there had been nothing before and something
 * now). Team nobody holds no spend in the real 2018 CUR; "new" stays for $0.00 → more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatChangePercent } from '../../src/report/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';
import { textRow } from './text-tables.ts';

describe('formatChangePercent from $0.00', () => {
  it('$0.00 → $0.00 reads "unchanged"; $0.00 → $15.00 still reads "new"', () => {
    expect(formatChangePercent(null, 0n, 0n)).toBe('unchanged');
    expect(formatChangePercent(null, 0n, 1500n)).toBe('new');
    expect(formatChangePercent(null, 0n, -1500n)).toBe('new');
  });
});

describe('costlens report weekly for a team without spend', () => {
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  });

  it('2018-W46, team:nobody: "$0.00 billed, usage unchanged vs last week", and no "new" in the e-mail', async () => {
    const [spend] = await sqlRows(db, `SELECT count(*) AS n FROM line_items WHERE lower(Tags['team']) = 'nobody'`);
    expect(spend.n).toBe('0');
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W46', '--audience', 'team:nobody', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const subject = '[costlens] Team nobody weekly 2018-W46 (12–18 Nov 2018): $0.00 billed, usage unchanged vs last week';
    expect(run.stdout).toContain(`  team:nobody: ${subject}\n`);
    const eml = await simpleParser(readFileSync(join(out, '2018-W46-team-nobody.eml')));
    expect(eml.subject).toBe(subject);
    const text = eml.text!;
    expect(text.replace(/\s+/g, ' ')).toContain('Team nobody spent $0.00 (BilledCost) in 2018-W46; usage was $0.00, $0.00 (unchanged) against the same days of the week before, unchanged against the 4-week average (15 Oct – 11 Nov 2018) of $0.00.');
    const usageRow = textRow(text, 'Usage (BilledCost)');
    expect(usageRow).toEqual(['Usage (BilledCost)', '$0.00', '$0.00', '$0.00 (unchanged)', '$0.00', '$0.00 (unchanged)']);
    expect(text).not.toMatch(/\(new\)|\bnew against\b|usage new\b/);
  });
});
