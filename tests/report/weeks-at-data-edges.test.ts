/**
 * The weekly report on weeks at the edges of the billing data, on two small FOCUS stores written
 * here: one day line of $10.00 usage a day, from 1 Sep 2026 to 31 Oct 2026 (a Saturday), and the
 * same with 29–31 Oct missing and 1–14 Nov present. A week that holds no day of the data is
 * refused; the month to date is the month of the last day the report covers; a week whose own days
 * are not all in the store is compared with no average; finance's chargeback is the last complete
 * billing period up to the week's Sunday.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { daysFrom, focusCsv } from '../helpers/focus-days.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';
import { sectionText, textTables } from './text-tables.ts';

async function storeOf(days: string[]): Promise<{ db: string; dir: string }> {
  const dir = scratchDir();
  const csv = join(dir, 'focus.csv');
  focusCsv(csv, days);
  const db = join(dir, 'store.duckdb');
  const run = await costlens(db, 'ingest', csv, '--no-progress');
  expect(run.code, run.stderr).toBe(0);
  writeFileSync(join(dir, 'costlens.config.yaml'), 'report:\n  ownerTagKey: team\n  audiences:\n    finance: [finance@example.com]\n    engineering: [eng@example.com]\n');
  return { db, dir };
}

async function textOf(path: string): Promise<string> {
  return (await simpleParser(readFileSync(path))).text!.replace(/\s+/g, ' ');
}

describe('a store of 1 Sep – 31 Oct 2026', () => {
  let store: { db: string; dir: string };
  beforeAll(async () => {
    store = await storeOf(daysFrom('2026-09-01', '2026-10-31'));
  });

  it('refuses a week that ends before the data or begins after it (exit 2), naming the store\'s days and the weeks to pick from, for every audience', async () => {
    for (const audience of ['finance', 'engineering']) {
      const before = await reportCli(store.db, {}, 'weekly', '--week', '2026-W35', '--audience', audience, '--out', scratchDir(), '--config', join(store.dir, 'costlens.config.yaml'));
      expect([before.code, before.stdout]).toEqual([2, '']);
      expect(before.stderr).toBe('costlens: --week 2026-W35 (24–30 Aug 2026) ends before the billing data begins (1 Sep 2026): the store holds 1 Sep – 31 Oct 2026\n'
        + '  hint: give a week from 2026-W36 to 2026-W44, or leave --week out for the last complete week (2026-W43)\n');
    }
    const after = await reportCli(store.db, {}, 'weekly', '--week', '2026-W45', '--audience', 'finance', '--out', scratchDir(), '--config', join(store.dir, 'costlens.config.yaml'));
    expect([after.code, after.stderr.split('\n')[0]]).toEqual([2, 'costlens: --week 2026-W45 (2–8 Nov 2026) begins after the billing data ends (31 Oct 2026, its data horizon): the store holds 1 Sep – 31 Oct 2026']);
  });

  it('2026-W44 (26 Oct – 1 Nov), whose Sunday is in November: the month section is October\'s whole month, 1–31 Oct ($310.00), never "to date", and finance gets October\'s chargeback', async () => {
    const out = scratchDir();
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W44', '--audience', 'finance', '--out', out, '--config', join(store.dir, 'costlens.config.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const text = await textOf(join(out, '2026-W44-finance.eml'));
    expect(text).toMatch(/ Whole month: 2026-10 -+ The days counted: 1–31 Oct 2026, to the last day of the month \(3 provisional days included\)\. /);
    const month = sectionText((await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')))).text!, 'Whole month: 2026-10')!;
    expect(textTables(month)[0].header).toEqual(['Cost', 'Whole month', 'Projected rest of month', 'Month-end forecast', 'Range']);
    expect(text).toContain('Forecast as of 31 Oct 2026: the whole month, every day of it counted, so nothing is projected (costlens forecast --as-of 2026-10-31)');
    expect(text).not.toMatch(/to date|so far/i);
    expect(text).toMatch(/ BilledCost \$310\.00 /);
    expect(text).toContain('Attached: the chargeback of 2026-10 (1–31 Oct 2026, the last complete billing period up to 31 Oct 2026) by cost-center');
    const mail = await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')));
    expect(mail.attachments.filter((a) => a.contentType === 'text/csv').map((a) => a.filename)).toEqual(['chargeback-cost-center-2026-10.csv']);
  });

  it('2026-W36 (31 Aug – 6 Sep), before any billing period is complete: no chargeback is attached, and the footer says why', async () => {
    const out = scratchDir();
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W36', '--audience', 'finance', '--out', out, '--config', join(store.dir, 'costlens.config.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const mail = await simpleParser(readFileSync(join(out, '2026-W36-finance.eml')));
    expect(mail.attachments.filter((a) => a.contentType === 'text/csv')).toEqual([]);
    expect(mail.text!.replace(/\s+/g, ' ')).toContain('No chargeback attached: billing period 2026-09 is not complete by the report week\'s end (1–30 Sep 2026, its days in the store; the report week ends on 6 Sep 2026, inside it: no billing period is complete up to 6 Sep 2026).');
  });
});

describe('a store of 1 Sep – 28 Oct and 1–14 Nov 2026 (29–31 Oct missing)', () => {
  it('2026-W44 holds 4 of its 7 days ($40.00): not compared with last week, nor with the 4-week average ($70.00), nor explained', async () => {
    const store = await storeOf([...daysFrom('2026-09-01', '2026-10-28'), ...daysFrom('2026-11-01', '2026-11-14')]);
    const out = scratchDir();
    const run = await reportCli(store.db, {}, 'weekly', '--week', '2026-W44', '--audience', 'finance', '--out', out, '--config', join(store.dir, 'costlens.config.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const text = (await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')))).text!;
    expect(text).toMatch(/\nUsage \(BilledCost\) +\$40\.00 +\$70\.00 +not compared +\$70\.00 +–\n/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('$40.00 of $40.00 of usage carried no cost-center tag this week; coverage 0.0%.');
    // Why it moved is not explained either, in the e-mail's words (no CLI flag).
    expect(flat).toContain('No explanation for 2026-W44: this week (26 Oct – 1 Nov 2026) is not all in the store: the store holds no billing data on 29–31 Oct 2026.');
    expect(flat).not.toContain('--to');
    // No movers, so no services chart: only the charts the e-mail shows travel with it.
    const images = (await simpleParser(readFileSync(join(out, '2026-W44-finance.eml')))).attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.filename)).toEqual(['daily.png', 'trend.png']);
  });
});
