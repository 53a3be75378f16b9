/**
 * `report weekly --week` naming a week every day of which lies in a gap of the store is refused (exit 4),
 * as the forecast refuses a month in a gap, in one line naming the days the store holds on either side,
 * with a hint: the real 2018 CURs (to 30 Nov 2018) beside the legacy CUR of Nov 2023 (from 1 Nov 2023).
 * 2019-W10 read "$0.00 billed, not compared: this week has no billing data in the store".
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore, storeCopy } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

const FILES = [REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV];
const REFUSED = 'costlens: --week 2019-W10 (4–10 Mar 2019) is in a gap of the store: its billing data runs to 30 Nov 2018 and resumes on 1 Nov 2023, '
  + 'none from 1 Dec 2018 to 31 Oct 2023, so the week has no day to report on\n'
  + '  hint: give a week up to 2018-W48 or from 2023-W44 (costlens status lists each billing period and its days)\n';

describe('report weekly --week 2019-W10 on the store of the real 2018 CURs and the legacy CUR of Nov 2023', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([FILES]);
  }, 300_000);

  it('the days either side of the gap, by DuckDB on the files: the 2018 CUR\'s last charge day, 30 Nov 2018, and the legacy CUR\'s first, 1 Nov 2023', async () => {
    const [edges] = await duckdbRows(`SELECT (SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) FROM read_parquet($nov)) AS last_2018,
      (SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) FROM read_csv($legacy, all_varchar = true)) AS first_2023`, { nov: REAL_NOV_2018, legacy: REAL_LEGACY_CSV });
    expect(edges).toEqual({ last_2018: '2018-11-30', first_2023: '2023-11-01' });
  });

  it('is refused, exit 4, naming them, and writes nothing (it wrote an e-mail of "$0.00 billed, not compared")', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2019-W10', '--audience', 'finance', '--out', out);
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', REFUSED]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('--send is refused alike, before the send ledger is read', async () => {
    const { db: copy } = await storeCopy([FILES]);
    const run = await reportCli(copy, { COSTLENS_SMTP_URL: 'smtp://127.0.0.1:9', COSTLENS_MAIL_FROM: 'finops@example.com' }, 'weekly', '--week', '2019-W10', '--send');
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', REFUSED]);
  });

  it('a week holding days of the store on either side of the gap is reported as before: 2018-W48 (26 Nov – 2 Dec 2018)', async () => {
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W48', '--audience', 'finance', '--out', scratchDir());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('  finance: [costlens] Finance weekly 2018-W48 (26 Nov – 2 Dec 2018): ');
  });
});
