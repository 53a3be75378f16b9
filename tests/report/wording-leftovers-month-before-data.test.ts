/**
 * The weekly e-mail's month section on a store that begins inside the month: the real November 2018
 * CUR from 10 Nov on (tests/trends/forecast-edges-before-data.test.ts). `costlens forecast` leaves
 * 1–9 Nov out and says so; the e-mail said "From 1 Nov to 25 Nov 2018." with the forecast's
 * figures over 10–30 Nov, and of the month over "Whole month: 2018-11 … the whole month, every day
 * of it counted", of 21 days. Now it says the month to date and the forecast cover the days from
 * 10 Nov and names 1–9 Nov as not in the store, in the CLI's words. Figures: the month to date by
 * DuckDB on the file, the forecast as `costlens forecast` prints it, each rounded once to the cent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { realNovemberFrom10th } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

const BEFORE = "1–9 Nov 2018 are not in the store (the store's billing data begins on 10 Nov 2018)";


/** `$1,234.57`: a decimal string rounded half away from zero to the cent. */
function usd(decimal: string): string {
  const [whole, fraction = ''] = decimal.split('.');
  const cents = BigInt(whole + fraction.padEnd(10, '0').slice(0, 2)) + (Number(fraction[2] ?? '0') >= 5 ? 1n : 0n);
  return `$${(cents / 100n).toLocaleString('en-US')}.${String(cents % 100n).padStart(2, '0')}`;
}

describe('the weekly e-mail\'s month section when the store begins on 10 Nov 2018', () => {
  let file: string;
  let db: string;
  const text = new Map<string, string>();

  beforeAll(async () => {
    file = await realNovemberFrom10th();
    db = await cachedStore([[file]]);
    for (const week of ['2018-W47', '2018-W48']) {
      const out = scratchDir();
      const run = await reportCli(db, {}, 'weekly', '--week', week, '--audience', 'engineering', '--out', out);
      expect(run.code, run.stderr).toBe(0);
      text.set(week, (await simpleParser(readFileSync(join(out, `${week}-engineering.eml`)))).text!.replace(/\s+/g, ' '));
    }
  }, 600_000);

  const billed = async (through: string) => (await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS c
    FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) <= CAST($through AS DATE)`, { file, through }))[0].c!;
  const forecast = async (asOf: string) => {
    const run = await costlens(db, 'forecast', '--as-of', asOf, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { forecast: string }[])[0].forecast;
  };

  it('2018-W47 (to 25 Nov): the month to date and the forecast cover 10–25 Nov and 10–30 Nov; 1–9 Nov named as not in the store', async () => {
    const mail = text.get('2018-W47')!;
    expect(await billed('2018-11-25')).toBe('1925.8363302325');
    expect(mail).toContain(`Month to date: 2018-11 ---------------------- The days counted: 10–25 Nov 2018. ${BEFORE}: `
      + 'the month to date and the forecast cover the days from 10 Nov, never counting those as $0.00 nor projecting them; ingest their billing files for the whole month.');
    expect(mail).toMatch(new RegExp(` BilledCost ${usd(await billed('2018-11-25')).replace(/[$.]/g, '\\$&')} \\$[\\d,.]+ ${usd(await forecast('2018-11-25')).replace(/[$.]/g, '\\$&')} `));
    expect(mail).not.toContain('The days counted: 1–');
  });

  it('2018-W48 (to 30 Nov): "Month from 10 Nov", the store\'s $1,973.94 of it, nothing projected, never "the whole month"', async () => {
    const mail = text.get('2018-W48')!;
    expect(await billed('2018-11-30')).toBe('1973.9381581288');
    expect(await forecast('2018-11-30')).toBe('1973.938158');
    expect(mail).toContain(`Month from 10 Nov: 2018-11 -------------------------- The days counted: 10–30 Nov 2018, to the last day of the month (3 provisional days included). ${BEFORE}: `
      + 'the month\'s figure and the forecast cover the days from 10 Nov, never counting those as $0.00 nor projecting them; ingest their billing files for the whole month.');
    expect(mail).toContain(' BilledCost $1,973.94 $0.00 $1,973.94 $1,973.94 – $1,973.94 ');
    expect(mail).toContain('Forecast as of 30 Nov 2018: the days from 10 Nov, every day of them counted, so nothing is projected (costlens forecast --as-of 2018-11-30); the range is its low/high band.');
    expect(mail).not.toMatch(/Whole month|the whole month, every day/);
  });
});
