/**
 * The weekly e-mail's Budgets row for a budget with no day counted: on a FOCUS store of one $10.00
 * usage line a day, 1 Sep – 25 Oct and 2–14 Nov 2026 (26 Oct – 1 Nov missing), the section as of Sunday
 * 1 Nov, the first day of November and not in the store: a monthly budget's period holds that one day,
 * so it has no actual and no share ("–", as the Overview's card and `costlens budgets` give none), not
 * $0.00 and 0.0%; the quarterly budget beside it counts 1–25 Oct, whose actual DuckDB sums on the store.
 * The report of 2026-W44 (26 Oct – 1 Nov), which was as of that day, is refused now: every day of it lies
 * in the gap (tests/report/week-in-gap.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { budgetLayoutSection, buildBudgetSection } from '../../src/report/budget-section.ts';
import type { LayoutSection } from '../../src/report/layout-parts.ts';
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

describe('the Budgets section for a budget with no day counted (as of Sunday 1 Nov 2026, not in the store)', () => {
  let db: string;
  let config: string;
  let section: LayoutSection;
  let quarterCents: bigint;

  beforeAll(async () => {
    // The FOCUS file's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    db = await cachedStoreOfFolder((folder) => {
      const csv = join(folder, 'focus.csv');
      focusCsv(csv, [...daysFrom('2026-09-01', '2026-10-25'), ...daysFrom('2026-11-02', '2026-11-14')]);
      return csv;
    });
    config = join(scratchDir(), 'costlens.config.yaml');
    writeFileSync(config, CONFIG);
    const configs = loadConfig(config, {}, process.cwd());
    section = budgetLayoutSection((await withEngine(db, (engine) => buildBudgetSection(engine, configs, '2026-11-01')))!);
    const [{ cents }] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost) * 100) AS BIGINT) AS cents FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-02'`);
    quarterCents = BigInt(cents!);
  }, 120_000);

  it('no actual and no share for org (0 of 30 days), the quarter\'s actual as DuckDB sums it', () => {
    expect(quarterCents).toBe(25000n);
    expect(section.tables[0].rows).toEqual([
      ['org (2026-11, 0 of 30 days)', '–', '$1,000.00', '–', '–', 'not judged'],
      ['q (2026-Q4, 25 of 92 days)', usd(quarterCents), '$5,000.00', '5.0%', '–', 'not judged'],
    ]);
  });

  it('the weekly report of 2026-W44, every day of it in the gap, is refused (exit 4): it was built as of 1 Nov', async () => {
    const run = await reportCli(db, {}, 'weekly', '--week', '2026-W44', '--audience', 'finance', '--out', scratchDir(), '--config', config);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([4, 'costlens: --week 2026-W44 (26 Oct – 1 Nov 2026) is in a gap of the store: its billing data runs to 25 Oct 2026 and resumes on 2 Nov 2026, '
      + 'none from 26 Oct to 1 Nov 2026, so the week has no day to report on']);
  });
});
