/**
 * The weekly e-mail's "This week" table shows measured amounts as measured, and compares only what
 * accrues day by day:
 * - each charge class is its exact sum rounded once, half away from zero (as the Overview and
 *   `costlens explain` show it), not a largest-remainder share of what the total leaves beside
 *   usage: the RI fee of 2018-W44 (147.384) reads $147.38, where it read $147.39; the demo's
 *   recurring fees of 9–14 Nov and 2–7 Nov 2026 (350.784 both) read $350.78 twice, where this week
 *   read $350.79. The cents the rows, each rounded once, leave of the total shown are a Rounding
 *   row, so the rows still add up to the total;
 * - the total is not compared with last week when it holds a fee posted once a billing period:
 *   2018-W44's Total BilledCost $1,209.77 against $896.80 read +$312.97, the RI fee posted on
 *   1 Nov read as a weekly increase beside usage's +$165.58; it now reads "not compared", and a note
 *   says why.
 * Every expected figure is SQL's exact sum on the store's line items, rounded here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { CHARGE_CLASS_OF_LINE, demoStore, reportCli, unitsOf, usd } from './helpers.ts';
import { textRow as tableRow, textTables } from './text-tables.ts';

/** Units of 1e-10 rounded once to cents, half away from zero. */
function cents(units: bigint): bigint {
  const abs = units < 0n ? -units : units;
  const c = (2n * abs + 10n ** 8n) / (2n * 10n ** 8n);
  return units < 0n ? -c : c;
}

/** The cells of the text part's first table row whose first cell is `label` (text-tables.ts). */
function textRow(text: string, label: string): string[] | undefined {
  return tableRow(text, label);
}

/** The "This week" table's rows, first cells only, in order. */
function totalsLabels(text: string): string[] {
  return textTables(text.split('\nThis week\n---------\n')[1])[0].rows.map((row) => row[0]);
}

/** Per charge class, the exact BilledCost and EffectiveCost of [from, to) (charge day), by SQL on the store. */
async function classSums(db: string, from: string, to: string): Promise<Map<string, { billed: bigint; effective: bigint }>> {
  const rows = await sqlRows(db, `SELECT ${CHARGE_CLASS_OF_LINE} AS k, CAST(sum(BilledCost) AS VARCHAR) AS b, CAST(sum(EffectiveCost) AS VARCHAR) AS e FROM line_items
    WHERE ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' GROUP BY 1`);
  return new Map(rows.map((r) => [r.k!, { billed: unitsOf(r.b), effective: unitsOf(r.e) }]));
}

/** A week's figures as the table should show them: usage, the other classes and the total each rounded once, and the rounding the rows leave. */
function shown(sums: Map<string, { billed: bigint; effective: bigint }>, measure: 'billed' | 'effective') {
  const total = [...sums.values()].reduce((s, x) => s + x[measure], 0n);
  const classes = new Map([...sums].map(([k, x]) => [k, cents(x[measure])]));
  const rounding = [...classes.values()].reduce((rest, c) => rest - c, cents(total));
  return { total: cents(total), classes, rounding };
}

async function weekly(db: string, week: string, audience: string): Promise<string> {
  const out = scratchDir();
  const run = await reportCli(db, {}, 'weekly', '--week', week, '--audience', audience, '--out', out);
  expect(run.code, run.stderr).toBe(0);
  return (await simpleParser(readFileSync(join(out, `${week}-${audience}.eml`)))).text!;
}

describe('2018-W44 on the real files (29 Oct – 4 Nov 2018, the RI fee posted on 1 Nov): measured fees rounded once, a rounding row, the total not compared', () => {
  let db: string;
  let text: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018], [REAL_NOV_2018]]));
    text = await weekly(db, '2018-W44', 'engineering');
  }, 600_000);

  it('BilledCost: usage $1,062.38 against $896.80 (+$165.58), the RI fee $147.38 (exact 147.384; it read $147.39), rounding $0.01, total $1,209.77 not compared (it read +$312.97)', async () => {
    const now = shown(await classSums(db, '2018-10-29', '2018-11-05'), 'billed');
    const before = shown(await classSums(db, '2018-10-22', '2018-10-29'), 'billed');
    expect([...now.classes.keys()].sort()).toEqual(['recurring', 'usage']);
    expect([now.classes.get('usage'), now.classes.get('recurring'), now.rounding, now.total]).toEqual([106238n, 14738n, 1n, 120977n]);
    expect([before.classes.get('usage'), before.classes.has('recurring'), before.rounding, before.total]).toEqual([89680n, false, 0n, 89680n]);
    expect(textRow(text, 'Usage (BilledCost)')!.slice(0, 4)).toEqual(['Usage (BilledCost)', usd(now.classes.get('usage')!), usd(before.classes.get('usage')!), '+$165.58 (+18.5%)']);
    expect(textRow(text, 'Recurring fees (BilledCost)')).toEqual(['Recurring fees (BilledCost)', usd(now.classes.get('recurring')!), '$0.00', 'not compared']);
    expect(textRow(text, 'Recurring fees (BilledCost)')![1]).toBe('$147.38');
    expect(textRow(text, 'Rounding (BilledCost)')).toEqual(['Rounding (BilledCost)', usd(now.rounding), usd(before.rounding)]);
    expect(textRow(text, 'Total BilledCost')).toEqual(['Total BilledCost', usd(now.total), usd(before.total), 'not compared']);
    expect(text).not.toContain('+$312.97');
    expect(text).not.toContain('$147.39');
  });

  it('EffectiveCost: usage $1,116.38, the RI fee\'s unused part $43.22 (exact 43.2164…, now listed so the block adds up), rounding −$0.01, total $1,159.59 not compared (it read +$209.39)', async () => {
    const now = shown(await classSums(db, '2018-10-29', '2018-11-05'), 'effective');
    const before = shown(await classSums(db, '2018-10-22', '2018-10-29'), 'effective');
    expect([now.classes.get('usage'), now.classes.get('recurring'), now.rounding, now.total]).toEqual([111638n, 4322n, -1n, 115959n]);
    expect(textRow(text, 'Usage (EffectiveCost)')!.slice(0, 3)).toEqual(['Usage (EffectiveCost)', usd(now.classes.get('usage')!), usd(before.classes.get('usage')!)]);
    expect(textRow(text, 'Recurring fees (EffectiveCost)')).toEqual(['Recurring fees (EffectiveCost)', '$43.22', '$0.00', 'not compared']);
    expect(textRow(text, 'Rounding (EffectiveCost)')).toEqual(['Rounding (EffectiveCost)', '−$0.01', '$0.00']);
    expect(textRow(text, 'Total EffectiveCost')).toEqual(['Total EffectiveCost', usd(now.total), usd(before.total), 'not compared']);
    expect(text).not.toContain('+$209.39');
  });

  it('one block per measure, each adding up to its total; the notes say what the rounding row is and why the totals are not compared', () => {
    expect(totalsLabels(text)).toEqual([
      'Usage (BilledCost)', 'Recurring fees (BilledCost)', 'Rounding (BilledCost)', 'Total BilledCost',
      'Usage (EffectiveCost)', 'Recurring fees (EffectiveCost)', 'Rounding (EffectiveCost)', 'Total EffectiveCost',
    ]);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Rounding is the cents the rows above it leave of the total: usage, each charge class and the total are each summed exactly and rounded once to the cent, so the rows can miss the total by a cent or two.');
    expect(flat).toContain('The totals are not compared with last week: they hold fees, tax or credits that post once a billing period, which would read as a change in spend; usage above is what is compared.');
    // The headline and the subject compare usage only.
    expect(flat).toContain('usage was $1,062.38, +$165.58 (+18.5%) against the same days of the week before');
  });
});

describe('2018-W46 on the real files (no fee posted that week or the week before): the total is all usage, so it is compared', () => {
  let db: string;
  let text: string;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018], [REAL_NOV_2018]]));
    text = await weekly(db, '2018-W46', 'finance');
  }, 600_000);

  it('Total BilledCost carries usage\'s change, and no fee or rounding row is listed', async () => {
    const now = shown(await classSums(db, '2018-11-12', '2018-11-19'), 'billed');
    const before = shown(await classSums(db, '2018-11-05', '2018-11-12'), 'billed');
    expect([[...now.classes.keys()], [...before.classes.keys()], now.rounding, before.rounding]).toEqual([['usage'], ['usage'], 0n, 0n]);
    const change = now.total - before.total;
    expect(textRow(text, 'Total BilledCost')).toEqual(['Total BilledCost', usd(now.total), usd(before.total), `${change > 0n ? '+' : ''}${usd(change)}`]);
    expect(textRow(text, 'Usage (BilledCost)')![3].startsWith(`${change > 0n ? '+' : ''}${usd(change)} (`)).toBe(true);
    expect(totalsLabels(text)).toEqual(['Usage (BilledCost)', 'Total BilledCost', 'Usage (EffectiveCost)', 'Total EffectiveCost']);
    expect(text).not.toContain('The totals are not compared');
  });
});

describe('the demo\'s 2026-W46 (9–14 Nov 2026, 6 days, against 2–7 Nov): recurring fees of exactly 350.784 in both read $350.78 in both', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };
  let text: string;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    text = await weekly(store.db, '2026-W46', 'finance');
  }, 600_000);
  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('Recurring fees $350.78 | $350.78 (it read $350.79 | $350.78), rounding $0.01 | $0.00, total $6,392.28 | $6,295.28', async () => {
    const nowSums = await classSums(store.db, '2026-11-09', '2026-11-15');
    const beforeSums = await classSums(store.db, '2026-11-02', '2026-11-08');
    expect([nowSums.get('recurring')!.billed, beforeSums.get('recurring')!.billed]).toEqual([3507840000000n, 3507840000000n]);
    const [now, before] = [shown(nowSums, 'billed'), shown(beforeSums, 'billed')];
    expect(textRow(text, 'Recurring fees (BilledCost)')).toEqual(['Recurring fees (BilledCost)', '$350.78', '$350.78', 'not compared']);
    expect(textRow(text, 'Rounding (BilledCost)')).toEqual(['Rounding (BilledCost)', usd(now.rounding), usd(before.rounding)]);
    expect([now.rounding, before.rounding]).toEqual([1n, 0n]);
    expect(textRow(text, 'Total BilledCost')).toEqual(['Total BilledCost', usd(now.total), usd(before.total), 'not compared']);
    expect([usd(now.total), usd(before.total)]).toEqual(['$6,392.28', '$6,295.28']);
    // Each block adds up to its total: usage + classes + rounding.
    for (const w of [now, before]) expect([...w.classes.values()].reduce((s, c) => s + c, w.rounding)).toBe(w.total);
  });
});
