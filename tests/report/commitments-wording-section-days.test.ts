/**
 * The weekly e-mail's commitments section names the days its figures count, never "to date": it
 * said "Billing period 2018-11 (1–25 Nov 2018, to date: …)" of a week ending on 25 Nov, while its
 * figures count every line of the billing period in the store, and said 1–25 Nov of a store whose
 * data begins on 10 Nov (tests/helpers/derived-files.ts, realNovemberFrom10th). Now it names the
 * store's days of the period, from its first day, the days not in the store, where the data ends
 * (billing-calendar.ts, dataEndsOn) and where the report week ends inside the period. Figures: the
 * invoice table's total, the file's billed cost by DuckDB, rounded once to the cent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { duckdbRows } from '../helpers/cli.ts';
import { useNovemberEdgeStores } from '../helpers/november-edge-stores.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

const BEFORE = "1–9 Nov 2018 are not in the store (the store's billing data begins on 10 Nov 2018)";

/** The commitments section of the finance e-mail of `week`, its white space folded. */
async function financeMail(db: string, week: string): Promise<string> {
  const out = scratchDir();
  const run = await reportCli(db, {}, 'weekly', '--week', week, '--audience', 'finance', '--out', out);
  expect(run.code, run.stderr).toBe(0);
  const text = (await simpleParser(readFileSync(join(out, `${week}-finance.eml`)))).text!.replace(/\s+/g, ' ');
  return /Commitments -+ ([^]*?) Utilisation as AWS's/.exec(text)![1];
}

const billedOf = async (file: string) => (await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS c,
  CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last FROM read_parquet($file)`, { file }))[0];

describe('the commitments section names the days its figures count', () => {
  const edges = useNovemberEdgeStores();

  it('store from 10 Nov, 2018-W47 (to 25 Nov): 10–30 Nov, the days in the store its figures count, and where the week ends', async () => {
    const mail = await financeMail(edges.from10Db, '2018-W47');
    expect(await billedOf(edges.from10)).toEqual({ c: '1973.9381581288', last: '2018-11-30' });
    expect(mail).toContain(`Billing period 2018-11 (10–30 Nov 2018, its days in the store; the report week ends on 25 Nov 2018, inside it: no billing period is complete up to 25 Nov 2018; ${BEFORE}): `);
    expect(mail).toMatch(/ Total \$1,973\.94 /);
    expect(mail).not.toMatch(/to date|1–25 Nov/);
  });

  it('store from 10 Nov, 2018-W48 (to 30 Nov): the complete period from 10 Nov, 1–9 Nov named as not in the store', async () => {
    const mail = await financeMail(edges.from10Db, '2018-W48');
    expect(mail).toContain(`Billing period 2018-11 (10–30 Nov 2018, the last complete billing period up to 30 Nov 2018; ${BEFORE}): `);
    expect(mail).toMatch(/ Total \$1,973\.94 /);
    expect(mail).not.toContain('1–30 Nov 2018');
  });

  it('store to 20 Nov 12:00 (data horizon 19 Nov), 2018-W47: 1–19 Nov and where the data ends, the 20th counted too', async () => {
    const mail = await financeMail(edges.to20Db, '2018-W47');
    const file = await billedOf(edges.to20);
    expect(file.last).toBe('2018-11-20');
    expect(mail).toContain('Billing period 2018-11 (1–19 Nov 2018 (the data ends on 19 Nov 2018, the data horizon; lines dated up to 20 Nov 2018 are counted too): '
      + 'no billing period is complete up to 19 Nov 2018): ');
    const cents = BigInt(file.c!.replace('.', '').slice(0, -8)) + (Number(file.c!.split('.')[1][2]) >= 5 ? 1n : 0n);
    expect(mail).toContain(` Total $${(cents / 100n).toLocaleString('en-US')}.${String(cents % 100n).padStart(2, '0')} `);
    expect(mail).not.toMatch(/to date/);
  });
});
