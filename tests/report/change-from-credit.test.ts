/**
 * A percentage change against an earlier amount below zero (a net credit: a row whose credits and
 * Savings Plans negations outweigh its usage) means nothing: a credit of $100.00 that became a charge
 * of $15.00 is +$115.00, and "+115.0%" or "−115.0%" would depend on a convention the reader cannot
 * see. The report writes "n/a (previous was a credit)" there, beside the change in dollars; before,
 * it wrote "new", as if there had been nothing the week before. "new" stays for an earlier $0.00.
 * The figures are written by hand.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, totalFigures } from '../../src/report/build.ts';
import { cutRows } from '../../src/report/cuts.ts';
import { layoutReport } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { changeTenths, formatChangePercent } from '../../src/report/money.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { demoConfigs, demoStore, readTruth } from './helpers.ts';
import { textRow as tableRow } from './text-tables.ts';

const CREDIT = 'n/a (previous was a credit)';

/** Cents written by hand, each its own exact amount (cents, as units × 1e-8: the ratio is the same). */
const cents = (c: bigint) => ({ billed: c, effective: c, exact: { billed: { num: c, den: 1n }, effective: { num: c, den: 1n } } });
const shown = (c: bigint) => ({ cents: c, exact: { num: c, den: 1n } });
const tenths = (current: bigint, previous: bigint) => changeTenths(previous, { current, previous });

/** The cells of the first table row of the text part after `after` whose first cell is `label` (text-tables.ts). */
function textRow(text: string, label: string, after: string): string[] {
  const row = tableRow(text, label, after);
  expect(row, `a row "${label}" after "${after}"`).toBeDefined();
  return row!;
}

describe('formatChangePercent against a credit', () => {
  it('−$100.00 → $15.00 reads "n/a (previous was a credit)"; −$100.00 → −$150.00 too; $0.00 → $15.00 reads "new"; $100.00 → $105.00 "+5.0%"', () => {
    expect(tenths(1500n, -10000n)).toBeNull();
    expect(formatChangePercent(tenths(1500n, -10000n), -10000n)).toBe(CREDIT);
    expect(formatChangePercent(tenths(-15000n, -10000n), -10000n)).toBe(CREDIT);
    expect(formatChangePercent(tenths(1500n, 0n), 0n)).toBe('new');
    expect(formatChangePercent(tenths(10500n, 10000n), 10000n)).toBe('+5.0%');
  });
});

describe('the weekly e-mail against a credit', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };
  let report: WeeklyReport;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    const built = await withEngine(store.db, (engine) => buildWeeklyReports(engine, demoConfigs(readTruth(demoDir)), loadInstanceCatalogue(), {
      week: parseIsoWeek('2026-W45'), audiences: [{ kind: 'engineering' }],
    }));
    report = built.reports[0];
  });

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('a team that was a credit of $100.00 last week and spent $15.00 this week: +$115.00, n/a, in the split and the movers', () => {
    // Two teams by hand: alpha a credit last week, beta $200.00 both weeks.
    const rows = cutRows(new Map([['alpha', cents(1500n)], ['beta', cents(20000n)]]), new Map([['alpha', cents(-10000n)], ['beta', cents(20000n)]]), 21500n);
    const text = renderText(layoutReport({ ...report, split: { dimension: 'team', rows }, movers: [{ dimension: 'team', rows: rows.filter((r) => r.change !== 0n) }] }, '[costlens]'));
    expect(textRow(text, 'alpha', 'Spend by team (team)')).toEqual(['alpha', '$15.00', '−$100.00', '+$115.00', CREDIT, '7.0%', '$15.00']);
    expect(textRow(text, 'beta', 'Spend by team (team)')).toEqual(['beta', '$200.00', '$200.00', '$0.00', '0.0%', '93.0%', '$200.00']);
    expect(textRow(text, 'alpha', 'Top movers')).toEqual(['alpha', '$15.00', '−$100.00', '+$115.00', CREDIT]);
  });

  it('usage that was a credit of $50.00 last week and is $20.00 now: the subject, the headline and the totals say n/a, not new', () => {
    const figures = () => totalFigures(shown(2000n), shown(-5000n), [shown(-5000n), shown(-5000n), shown(-5000n), shown(-5000n)]);
    const usage = { billed: figures(), effective: figures() };
    const layout = layoutReport({ ...report, usage }, '[costlens]');
    expect(layout.subject).toContain(`usage ${CREDIT} vs last week`);
    expect(layout.headline).toContain(`usage was $20.00, +$70.00 (${CREDIT}) against the same days of the week before, ${CREDIT} against the 4-week average (5 Oct – 1 Nov 2026) of −$50.00.`);
    expect(textRow(renderText(layout), 'Usage (BilledCost)', 'This week')).toEqual(['Usage (BilledCost)', '$20.00', '−$50.00', `+$70.00 (${CREDIT})`, '−$50.00', `+$70.00 (${CREDIT})`]);
  });
});
