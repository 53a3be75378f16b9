/**
 * The weekly e-mail's Budgets row for a budget with no day counted: on a FOCUS store of one $10.00
 * usage line a day, 1 Sep – 25 Oct and 2–14 Nov 2026 (26 Oct – 1 Nov missing), the report of
 * 2026-W44 (26 Oct – 1 Nov) is as of Sunday 1 Nov, the first day of November: a monthly budget's
 * period holds that one day, not in the store, so it has no actual and no share ("–", as the
 * Overview's card and `costlens budgets` give none), not $0.00 and 0.0%; the quarterly budget
 * beside it counts 1–25 Oct, whose actual DuckDB sums on the store. In the HTML and the text part.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { sqlRows } from '../helpers/cli.ts';
import { daysFrom, focusCsv } from '../helpers/focus-days.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli, usd } from './helpers.ts';

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
`;

/** The cells of the HTML row whose first cell starts with `label`, as text (without the column labels shown on a phone, beside a figure or above the row's name). */
function htmlRow(html: string, label: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(`>${label}`));
  expect(row, label).toBeDefined();
  return [...row!.matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((m) => m[1].replace(/<span class="cl-(?:lbl|kind)"[^>]*>[^<]*<\/span>/, '').replace(/<[^>]+>/g, '').trim());
}

describe('the weekly e-mail\'s Budgets row for a budget with no day counted (2026-W44, its Sunday the 1st and not in the store)', () => {
  let mail: ParsedMail;
  let quarterCents: bigint;

  beforeAll(async () => {
    // The FOCUS file's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    const db = await cachedStoreOfFolder((folder) => {
      const csv = join(folder, 'focus.csv');
      focusCsv(csv, [...daysFrom('2026-09-01', '2026-10-25'), ...daysFrom('2026-11-02', '2026-11-14')]);
      return csv;
    });
    const dir = scratchDir();
    writeFileSync(join(dir, 'costlens.config.yaml'), CONFIG);
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2026-W44', '--audience', 'finance', '--out', out, '--config', join(dir, 'costlens.config.yaml'));
    expect(run.code, run.stderr).toBe(0);
    mail = await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')));
    const [{ cents }] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost) * 100) AS BIGINT) AS cents FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-02'`);
    quarterCents = BigInt(cents!);
  }, 120_000);

  it('the text part: no actual and no share for org (0 of 30 days), the quarter\'s actual as DuckDB sums it', () => {
    expect(quarterCents).toBe(25000n);
    const text = mail.text!;
    const section = text.slice(text.indexOf('Budgets\n-------'));
    expect(section).toMatch(/\norg \(2026-11, 0 of 30 days\) +– +\$1,000\.00 +– +– +not judged\n/);
    expect(section).toMatch(new RegExp(`\\nq \\(2026-Q4, 25 of 92 days\\) +\\${usd(quarterCents)} +\\$5,000\\.00 +5\\.0% +– +not judged\\n`));
    expect(section.slice(0, section.indexOf('\n--\n'))).not.toContain('$0.00');
  });

  it('the HTML part: the same cells', () => {
    const html = String(mail.html);
    expect(htmlRow(html, 'org (2026-11, 0 of 30 days)')).toEqual(['org (2026-11, 0 of 30 days)', '–', '$1,000.00', '–', '–', 'not judged']);
    expect(htmlRow(html, 'q (2026-Q4, 25 of 92 days)')).toEqual(['q (2026-Q4, 25 of 92 days)', usd(quarterCents), '$5,000.00', '5.0%', '–', 'not judged']);
  });
});
